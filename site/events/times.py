"""An event's time rules: the zones editors pick from, and reading a wall-clock time
in a zone. The event page stores instants in UTC; its editing form reads the times
editors type in the event's zone. Both take these rules from here."""

import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Europe/Stockholm"
# Each zone by the name people use for it ("svensk tid"), in the reader's language.
TIME_ZONES = [
    ("Europe/Stockholm", _("Swedish time")),
    ("Europe/Oslo", _("Norwegian time")),
    ("Europe/Copenhagen", _("Danish time")),
    ("Europe/Helsinki", _("Finnish time")),
    ("Atlantic/Reykjavik", _("Icelandic time")),
    ("UTC", _("UTC")),
]


def wall_time_to_utc(wall, zone_name):
    """The UTC instant of `wall` (a naive date and time) read on clocks in `zone_name`.

    Raises ValueError for a time the clocks skip when summer time begins (02:30 on the
    last Sunday of March in Stockholm). A time that occurs twice in autumn is read as
    the first, summer-time occurrence.
    """
    zone = ZoneInfo(zone_name)
    aware = wall.replace(tzinfo=zone)
    utc = aware.astimezone(datetime.UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != wall:
        raise ValueError(f"{wall} does not exist in {zone_name}")
    return utc

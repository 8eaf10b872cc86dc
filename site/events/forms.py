"""The event editing form (times in the event's own zone) and the events list filter."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminDateTimeInput

from taxonomy.models import Country, Municipality

from .times import DEFAULT_TIME_ZONE, wall_time_to_utc

WALL_TIME_FIELDS = ("starts_at", "ends_at", "registration_deadline")


class WallTimeField(forms.DateTimeField):
    """A date and time as the clocks show it, without a zone.

    Django reads a typed time in the editor's own zone; an event's times belong to the
    event's zone instead, which the form only knows once `timezone` is cleaned. This
    field keeps the wall time naive and the form attaches the zone.
    """

    def to_python(self, value):
        with timezone.override(datetime.UTC):
            result = super().to_python(value)
        if result is None:
            return None
        return timezone.make_naive(result, datetime.UTC)


class EventPageForm(WagtailAdminPageForm):
    """Editors type local times in the event's zone; the page stores them in UTC."""

    starts_at = WallTimeField(label=_("starts"), widget=AdminDateTimeInput)
    ends_at = WallTimeField(label=_("ends"), widget=AdminDateTimeInput)
    registration_deadline = WallTimeField(
        label=_("last day to register"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=_("In the event's time zone. Empty: until the event starts."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Show stored UTC instants as the wall time in the event's zone.
        zone = self.instance.zone
        for name in WALL_TIME_FIELDS:
            value = getattr(self.instance, name, None)
            if name in self.fields and value is not None and timezone.is_aware(value):
                self.initial[name] = timezone.make_naive(value, zone)

    def clean(self):
        cleaned_data = super().clean()
        zone_name = cleaned_data.get("timezone") or DEFAULT_TIME_ZONE
        for name in WALL_TIME_FIELDS:
            wall = cleaned_data.get(name)
            if wall is None or timezone.is_aware(wall):
                continue
            try:
                cleaned_data[name] = wall_time_to_utc(wall, zone_name)
            except ValueError:
                self.add_error(
                    name,
                    _(
                        "This time does not exist in %(zone)s: the clocks are put "
                        "forward that night. Choose another time."
                    )
                    % {"zone": zone_name},
                )
        return cleaned_data


class EventFilterForm(forms.Form):
    """The filters of the events list, as query parameters a visitor can bookmark."""

    ONLINE = "online"
    ON_SITE = "on-site"

    kind = forms.ChoiceField(label=_("Kind of event"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    municipality = forms.ChoiceField(label=_("Organiser"), required=False)
    attendance = forms.ChoiceField(
        label=_("Online or on site"),
        required=False,
        choices=[
            ("", _("Online and on site")),
            (ONLINE, _("Online")),
            (ON_SITE, _("On site")),
        ],
    )

    def __init__(self, data, *, kinds, municipalities, countries):
        super().__init__(data)
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]
        self.fields["country"].choices = [
            ("", _("All countries")),
            *((country.code, country.name) for country in countries),
        ]
        self.fields["municipality"].choices = [
            ("", _("All organisers")),
            *((place.slug, place.name) for place in municipalities),
        ]

    @classmethod
    def for_events(cls, data, events):
        """The form with the kinds of event (the page model's own choices) and the
        countries and municipalities that organise these events (two queries,
        whatever the number of events)."""
        organisers = events.exclude(organiser=None).values("organiser")
        municipalities = Municipality.objects.filter(pk__in=organisers).order_by("name")
        countries = Country.objects.filter(municipalities__pk__in=organisers).distinct()
        kinds = events.model._meta.get_field("kind").choices
        return cls(
            data, kinds=kinds, municipalities=municipalities, countries=countries
        )

    def apply(self, events):
        """The events matching the valid filters; invalid ones are left out."""
        if not self.is_bound:
            return events
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name not in self.errors
        }
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("country"):
            events = events.filter(organiser__country__code=data["country"])
        if data.get("municipality"):
            events = events.filter(organiser__slug=data["municipality"])
        if data.get("attendance") == self.ONLINE:
            events = events.exclude(online_url="")
        elif data.get("attendance") == self.ON_SITE:
            events = events.exclude(place="")
        return events

    def query_string(self):
        """The valid filters as a query string, for pagination and feed links."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return urlencode([(name, v) for name, v in self.cleaned_data.items() if v])

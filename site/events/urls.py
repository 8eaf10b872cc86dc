"""The calendar file addresses: <event>/event.ics and <events index>/feed.ics.

Wagtail serves only paths of slug/ segments, so these addresses are handed to Wagtail's
page serving as the pages' own routes (ics/ and feed/): publication, privacy and site
rules apply as to the pages themselves. The same pattern as catalogue/urls.py.
"""

from django.urls import re_path
from wagtail.views import serve

urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)event\.ics$",
        lambda request, page_path: serve(request, f"{page_path}ics/"),
        name="event_ics",
    ),
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)feed\.ics$",
        lambda request, page_path: serve(request, f"{page_path}feed/"),
        name="events_feed",
    ),
]

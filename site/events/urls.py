"""The calendar files: <event>/event.ics and <events index>/feed.ics, served as the
pages' own routes ics/ and feed/."""

from dela.page_files import page_file

urlpatterns = [
    page_file(r"event\.ics", "ics/", "event_ics"),
    page_file(r"feed\.ics", "feed/", "events_feed"),
]

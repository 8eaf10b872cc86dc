"""Addresses that end in a file name (`/catalogue/export.csv`, `/events/feed.ics`).

Wagtail serves only paths made of slug/ segments, so such an address is handed to
Wagtail's page serving as one of the page's own routes (RoutablePageMixin): the page's
publication, privacy and site rules apply as to the page itself.
"""

from django.urls import re_path
from wagtail.views import serve


def page_file(filename_pattern, route, name):
    """A URL pattern serving `<page path><filename>` as the page's route `route`.

    `filename_pattern` is a regular expression that may capture named groups;
    `route` is formatted with them, e.g. page_file(r"export\\.(?P<fmt>csv|json)",
    "export/{fmt}/", "catalogue_export").
    """

    def view(request, page_path, **groups):
        return serve(request, page_path + route.format(**groups))

    return re_path(
        rf"^(?P<page_path>(?:[\w\-]+/)+){filename_pattern}$", view, name=name
    )

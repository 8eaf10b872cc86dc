"""The export addresses of DESIGN.md, /catalogue/export.csv and /catalogue/export.json.

Wagtail serves only paths of slug/ segments, so these addresses are handed to Wagtail's
page serving as the catalogue index page's own route, export/<format>/: publication,
privacy and site rules apply as to the page itself.
"""

from django.urls import re_path
from wagtail.views import serve

urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)export\.(?P<fmt>csv|json)$",
        lambda request, page_path, fmt: serve(request, f"{page_path}export/{fmt}/"),
        name="catalogue_export",
    ),
]

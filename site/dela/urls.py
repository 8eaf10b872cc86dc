from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import admin_login

from .api import api_router
from .health import healthz
from .launch_files import favicon, robots_txt, security_txt, sitemap_xml, web_manifest

urlpatterns = [
    # Wagtail's own login pages: the one login is allauth's (settings: one login).
    path("admin/login/", admin_login, name="dela_admin_login"),
    path(
        "_util/login/",
        RedirectView.as_view(url="/accounts/login/", query_string=True),
        name="front_end_login",
    ),
    path("healthz", healthz, name="healthz"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("manifest.webmanifest", web_manifest, name="web_manifest"),
    path("favicon.ico", favicon, name="favicon"),
    # Wagtail's sitemap: live pages anyone may read, on BASE_URL's host, with their
    # translations as hreflang alternates.
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # /search/, its autocomplete and /api/search/.
    path("", include("search.urls")),
    path("api/v2/", api_router.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Uploads (MEDIA_URL) are served by media.urls with range requests, so videos
    # seek; Django's static() serve sends whole files only.

urlpatterns += [
    # /catalogue/export.csv and .json: file names Wagtail's page URLs cannot carry.
    path("", include("catalogue.urls")),
    # <event>/event.ics and /events/feed.ics, the same way.
    path("", include("events.urls")),
    # The video library's files (range requests) and upload views.
    path("", include("media.urls")),
    # /competence/: the DigComp self-assessment and overview.
    path("", include("competence.urls")),
    # /network/, /ambassadors/ and the rest of the forum.
    path("", include("network.urls")),
    path("", include(wagtail_urls)),
]

handler500 = "dela.errors.server_error"

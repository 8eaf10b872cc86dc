"""The files a launch checklist asks for, written from the settings so they name the
installation's own address (BASE_URL): `/robots.txt`, `/manifest.webmanifest` and
`/.well-known/security.txt` (RFC 9116: where to report a vulnerability; its contact is
the platform owner's SECURITY_CONTACT, and without one the file is not there rather
than pointing at nobody), and `/favicon.ico`, which browsers, feed readers and
crawlers ask for without reading a page's <link rel="icon">. `/sitemap.xml` is
Wagtail's, with hreflang alternates (PagesSitemap)."""

import json
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from home.branding import MANIFEST_ICON_SPECS

# RFC 9116 asks for an expiry under a year; the file is written fresh on each request.
VALID_FOR = timedelta(days=180)


@require_safe
def security_txt(request):
    contact = settings.SECURITY_CONTACT
    if not contact:
        raise Http404
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    expires = (timezone.now() + VALID_FOR).replace(microsecond=0)
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: sv, nb, da, en",
        f"Canonical: {base}/.well-known/security.txt",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


# Addresses that are nobody's search result: the admin, accounts, one's own pages,
# the network's actions, search result pages and the APIs.
NOT_FOR_CRAWLERS = [
    "/admin/",
    "/accounts/",
    "/network/me/",
    "/network/notifications/",
    "/network/moderation/",
    "/search/",
    "/api/",
    "/_util/",
]


@require_safe
def robots_txt(request):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in NOT_FOR_CRAWLERS]
    lines += ["", f"Sitemap: {base}/sitemap.xml"]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


@require_safe
def web_manifest(request):
    """What a phone needs to put the site on its home screen, in the installation's
    name, colour and icons (home.BrandingSettings)."""
    from wagtail.models import Site

    from home.branding import brand_for

    brand = brand_for(Site.find_for_request(request))
    icons = [
        {"src": icon["url"], "type": "image/png", "sizes": name}
        for name, icon in brand["icons"].items()
        if name in MANIFEST_ICON_SPECS
    ] or [{"src": static("img/favicon.svg"), "type": "image/svg+xml", "sizes": "any"}]
    manifest = {
        "name": brand["site_name"],
        "short_name": brand["site_name"][:12],
        "start_url": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": brand["primary_colour"],
        "icons": icons,
    }
    if brand["description"]:
        manifest["description"] = brand["description"]
    return HttpResponse(
        json.dumps(manifest), content_type="application/manifest+json; charset=utf-8"
    )


@require_safe
def favicon(request):
    """The installation's icon (home.BrandingSettings' favicon), else Dela's own:
    a redirect, so the icon is served as the pages link it; one that may change
    with the settings, so not a permanent one."""
    from wagtail.models import Site

    from home.branding import brand_for

    icon = brand_for(Site.find_for_request(request))["icons"].get("favicon")
    return HttpResponseRedirect(icon["url"] if icon else static("img/favicon.svg"))


class PagesSitemap(Sitemap):
    """Wagtail's sitemap (live pages anyone may read: never a draft, a private page
    or anything under one), with each page's translations as hreflang alternates
    (<xhtml:link rel="alternate">) where the site has them. The translations of a
    whole sitemap page are read in one query."""

    def _urls(self, page, protocol, domain):
        from wagtail.models import Page

        items = list(self.paginator.page(page).object_list)
        translations = {}
        keys = {item.translation_key for item in items}
        if keys:
            for other in (
                Page.objects.filter(translation_key__in=keys)
                .live()
                .public()
                .select_related("locale")
                .order_by("locale__language_code")
            ):
                translations.setdefault(other.translation_key, []).append(other)
        urls = []
        last_mods = set()
        for item in items:
            group = translations.get(item.translation_key, [])
            alternates = [
                {"lang_code": other.locale.language_code, "location": location}
                for other in group
                # a translation outside every site has no address to offer
                if (location := other.get_full_url(self.request))
            ]
            for url_info in item.get_sitemap_urls(self.request):
                if len(alternates) > 1:
                    url_info = {**url_info, "alternates": alternates}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


@require_safe
def sitemap_xml(request):
    return wagtail_sitemap(request, sitemaps={"pages": PagesSitemap(request)})

"""One public address: BASE_URL (settings.WAGTAILADMIN_BASE_URL) is where Dela is,
for every absolute link it writes (e-mails, .ics files, feeds, exports, the APIs, the
print footer). Wagtail builds page URLs from its default Site record, so the record
is kept in step with BASE_URL after every migrate and by load_demo."""

from urllib.parse import urlsplit

from django.conf import settings


def base_url():
    """BASE_URL without a trailing slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(path):
    """``path`` ("/network/t/1/") on the public address."""
    return base_url() + path


def sync_default_site(**kwargs):
    """Point the default Wagtail Site at BASE_URL's host and port. Returns whether it
    changed."""
    from django.db import connection
    from wagtail.models import Site

    if Site._meta.db_table not in connection.introspection.table_names():
        return False  # a partial migrate: the next full one sets it
    address = urlsplit(base_url())
    if not address.hostname:
        return False
    port = address.port or (443 if address.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (address.hostname, port):
        return False
    site.hostname, site.port = address.hostname, port
    site.save(update_fields=["hostname", "port"])
    Site.clear_site_root_paths_cache()
    return True

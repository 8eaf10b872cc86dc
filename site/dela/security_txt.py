"""`/.well-known/security.txt` (RFC 9116): where to report a vulnerability in this
installation. Its contact is the platform owner's (SECURITY_CONTACT); without one the
file is not there (a 404), rather than pointing at nobody."""

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

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

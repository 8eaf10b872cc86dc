"""Files people uploaded, as Dela sends them: whatever a file holds, the browser must
not sniff or run it, and a file Dela has checked the reader for may be sent by the web
server from an internal location (DELA_ACCEL_REDIRECT, e.g. "/protected/"). The video
library (media/serving.py) and the network's private files both answer through here."""

from django.conf import settings
from django.http import HttpResponse

FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


def with_file_headers(response):
    for name, value in FILE_HEADERS.items():
        response[name] = value
    return response


def accel_redirect(name, content_type=None):
    """A response that has the web server send the stored file ``name``, or None
    when no internal location is configured (Django then sends it)."""
    location = settings.DELA_ACCEL_REDIRECT
    if not location:
        return None
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = location.rstrip("/") + "/" + name
    return response

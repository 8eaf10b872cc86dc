"""The answer when something fails: a database that does not answer (stopped,
restarting, out of connections) is a 503 that says to try again shortly, with
Retry-After; storage that refuses a file (full, over quota, read-only) a 503 that
says nothing was saved (dela/storage.py removes the part written); anything else
Django's 500 page. The pages are static: they render without the database."""

import errno
import sys

from django import db
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

RETRY_AFTER_SECONDS = 30
STORAGE_REFUSED = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, (db.OperationalError, db.InterfaceError)):
        return unavailable("503.html")
    if isinstance(error, OSError) and error.errno in STORAGE_REFUSED:
        return unavailable("503-storage.html")
    return defaults.server_error(request)


def unavailable(template_name):
    response = HttpResponse(render_to_string(template_name), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

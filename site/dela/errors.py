"""The answer when something fails: a database that does not answer (stopped,
restarting, out of connections) is a 503 that says to try again shortly, with
Retry-After; anything else Django's 500 page. Both pages are static: they render
without the database."""

import sys

from django import db
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, (db.OperationalError, db.InterfaceError)):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)

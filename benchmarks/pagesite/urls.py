"""Dela's URLs and, in front of them, the floor: a view that does nothing."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    """What any Django view costs here: the middleware, routing and a response."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("dela.urls")),
]

handler500 = "dela.errors.server_error"

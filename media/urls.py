"""The video library's own addresses (the pages live under /videos/ in Wagtail).

Uploaded files under MEDIA_URL are served with range requests (seeking in videos)
by `serving.serve`; in production the web server or object storage answers MEDIA_URL
before a request reaches Django (README, "Video library in production").
"""

import re

from django.conf import settings
from django.urls import path, re_path

from dela.page_files import page_file

from . import serving, views

app_name = "media"

urlpatterns = [
    # <video page>/transcript.txt, served as the page's route transcript/.
    page_file(r"transcript\.txt", "transcript/", "video_transcript"),
    path(
        "videos-status/<int:video_id>/",
        views.status_fragment,
        name="status_fragment",
    ),
]

if settings.MEDIA_URL.startswith("/") and "://" not in settings.MEDIA_URL:
    _prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.append(
        re_path(rf"^{_prefix}(?P<path>.+)$", serving.serve, name="serve")
    )

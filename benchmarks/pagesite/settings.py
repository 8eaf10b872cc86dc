"""dela.settings.production, plus the floor view's URL and the query-count header."""

from dela.settings.production import *  # noqa: F403
from dela.settings.production import MIDDLEWARE

ROOT_URLCONF = "pagesite.urls"
# Outermost, so that the count includes every other middleware's queries (the
# session and the messages saved on the way out).
MIDDLEWARE = ["pagesite.middleware.count_queries", *MIDDLEWARE]

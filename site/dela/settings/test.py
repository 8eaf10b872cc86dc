"""Test settings: fast hashing, immediate tasks, captured e-mail, temporary uploads."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-only-for-the-test-suite-0123456789abcdef"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The page cache is off for the suite, whose tests read a page, change rows and read
# it again; tests/dela/test_page_cache.py turns it on.
DELA_PAGE_CACHE_SECONDS = 0
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = Path(
    os.environ.get("MEDIA_ROOT") or tempfile.mkdtemp(prefix="dela-test-media-")
)
if not os.environ.get("DATABASE_URL"):
    # An in-file SQLite test database, so pytest --reuse-db keeps it between runs.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"

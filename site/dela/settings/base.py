"""Settings shared by every mode of Dela.

Everything that differs between machines comes from the environment (see the README's
"Configuration" table); the mode modules (dev, test, production) only change defaults.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

SITE_DIR = Path(__file__).resolve().parent.parent.parent  # .../site
BASE_DIR = SITE_DIR.parent  # the repository root
VAR_DIR = Path(os.environ.get("DELA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_int(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}"
        ) from exc


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Dela's own apps (site/ and the top-level apps), in dependency order: load_demo
    # loads each app's demo module in this order. `dela` is the project's ground
    # floor (the database lookups every app relies on).
    "dela",
    "taxonomy",
    "accounts",
    "home",
    "stories",
    "catalogue",
    "events",
    "media",
    "network",
    "competence",
    "search",
    # Wagtail.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "rest_framework",
    # Accounts and single sign-on.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # Background work and the rest.
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "dbbackup",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags and 304s (after the page cache's own ETag on kept pages).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.RotateSessionOnRoleChange",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dela.csp.DelaCSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so the session, language, CSRF, message and header middleware above run
    # on kept pages too.
    "dela.page_cache.AnonymousPageCacheMiddleware",
]

ROOT_URLCONF = "dela.urls"
WSGI_APPLICATION = "dela.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "accounts.context_processors.roles",
                "dela.page_cache.context",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL (postgres://... or sqlite:///...); unset means the embedded SQLite file.


def database_from_url(url):
    config = dj_database_url.parse(
        url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # A served SQLite database needs WAL (readers don't block the writer) and
        # IMMEDIATE transactions (no "database is locked" on lock upgrades). Options
        # given in the URL (`?timeout=20`) are kept.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            **config.get("OPTIONS", {}),
        }
    return config


DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'dela.sqlite3'}"
DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Django's Redis cache, falling back to each process's memory while Redis does not
    # answer (dela/cache.py): a stopped Redis costs speed, not pages, and the limits
    # kept in the cache count per process until it is back (logged).
    CACHES = {
        "default": {
            "BACKEND": "dela.cache.RedisWithFallbackCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "dela",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages kept for anonymous readers (dela/page_cache.py): how long a kept page
# lives at most (0 turns the page cache off), how long browsers may reuse one, and
# the views whose pages are kept. On only with Redis: the web processes and the task
# worker must share the cache for a change made in one to forget pages in all.
DELA_PAGE_CACHE_SECONDS = env_int("DELA_PAGE_CACHE_SECONDS", 300 if REDIS_URL else 0)
DELA_PAGE_CACHE_ALIAS = "default"
DELA_PAGE_CACHE_MAX_AGE = 60
DELA_PAGE_CACHE_VIEWS = {
    "wagtail_serve",  # home, stories, catalogue, videos, events and their pages
    "network:index",
    "network:category",
    "network:group",
    "network:tag",
    "network:thread",
    "network:directory",
}

# --- Background tasks -----------------------------------------------------------------
# The database queue works with any DATABASE_URL; run `manage.py db_worker` beside the
# web server. Tests run tasks immediately.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task may run this long at most (the longest is a transcode, stopped after
# DELA_MEDIA_TRANSCODE_MAX_TIMEOUT, an hour by default); one "running" for longer was
# left by a worker that was stopped by force.
DELA_TASK_ABANDONED_AFTER = timedelta(hours=2)

# --- Search ---------------------------------------------------------------------------
# SEARCH_ENGINE_URL selects the engine backend (Elasticsearch 9 or OpenSearch 2.x/3.x,
# SEARCH_ENGINE_KIND says which or "auto" asks the server); unset means the database
# backend. ELASTICSEARCH_URL is the older name of SEARCH_ENGINE_URL.
SEARCH_ENGINE_URL = os.environ.get("SEARCH_ENGINE_URL") or os.environ.get(
    "ELASTICSEARCH_URL", ""
)
SEARCH_ENGINE_KIND = os.environ.get("SEARCH_ENGINE_KIND", "auto").strip().lower()
if SEARCH_ENGINE_KIND not in ("auto", "elasticsearch", "opensearch"):
    raise ImproperlyConfigured(
        f"SEARCH_ENGINE_KIND is {SEARCH_ENGINE_KIND!r}: use auto, elasticsearch or "
        "opensearch."
    )
SEARCH_ENGINE_INDEX = os.environ.get("SEARCH_ENGINE_INDEX", "dela-search")
# How long the editors' query log keeps a query nobody asks again (it counts queries,
# never who asked them); a task deletes older ones once a day.
SEARCH_QUERY_RETENTION_DAYS = env_int("SEARCH_QUERY_RETENTION_DAYS", 180)
# The database backend ranks this many of a search's matches precisely (the best by a
# cheap score); deeper pages follow the cheap order. Totals and facets stay exact.
SEARCH_RANK_CANDIDATES = env_int("SEARCH_RANK_CANDIDATES", 1000)
# The query log's counts are written in batches of this many searches per process.
SEARCH_QUERY_LOG_BATCH = 25
# A search backend by dotted path, and its keyword arguments, instead of the choice
# SEARCH_ENGINE_URL makes (search.backends.get_backend).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "")
SEARCH_BACKEND_OPTIONS = {}
# Wagtail's own admin search stays on the database unless the engine is declared to be
# Elasticsearch (Wagtail has no OpenSearch backend).
if SEARCH_ENGINE_URL and SEARCH_ENGINE_KIND == "elasticsearch":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [SEARCH_ENGINE_URL],
            "INDEX": os.environ.get("ELASTICSEARCH_INDEX", "dela"),
            "TIMEOUT": 5,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database"}
    }

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
        )
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Dela] "
# Login attempts are limited per IP and per address (allauth keeps the counts in the
# cache; a shared cache such as Redis makes the limit hold across processes).
# How many proxies (nginx, a load balancer) stand in front of Dela: the client's address
# is then read from X-Forwarded-For, for allauth's limits and the network's alike.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DELA_TRUSTED_PROXIES", 0)
# After five failed logins for one account, its login waits this long (the lock
# message says so); ten a minute from one client address (behind the proxies,
# DELA_TRUSTED_PROXIES) also pause that address.
DELA_LOGIN_LOCK_MINUTES = 5
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"10/m/ip,5/{DELA_LOGIN_LOCK_MINUTES}m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False


def oidc_providers_from_env(raw):
    """Municipal single sign-on: OIDC_PROVIDERS is a JSON list of
    {"id", "name", "client_id", "secret", "server_url"} objects, each saying which
    e-mail addresses it vouches for: "municipality" (a slug: its registered domains)
    and/or "domains" (a list; [] for none). See the README."""
    if not raw:
        return []
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS is not valid JSON: {exc}") from exc
    if not isinstance(entries, list):
        raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON list of objects.")
    apps = []
    required = ("id", "name", "client_id", "server_url")
    for position, entry in enumerate(entries, start=1):
        missing = [
            key for key in required if not (isinstance(entry, dict) and entry.get(key))
        ]
        if missing:
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS entry {position} lacks {', '.join(missing)}."
            )
        domains = entry.get("domains", [])
        if "municipality" not in entry and "domains" not in entry:
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS entry {position} says neither which municipality it "
                'logs in for ("municipality": its slug) nor which e-mail domains it '
                'vouches for ("domains": a list, [] for none).'
            )
        if not isinstance(domains, list) or not all(
            isinstance(domain, str) and "." in domain for domain in domains
        ):
            raise ImproperlyConfigured(
                f'OIDC_PROVIDERS entry {position}: "domains" must be a list of e-mail '
                'domains such as ["halmstad.se"].'
            )
        apps.append(
            {
                "provider_id": entry["id"],
                "name": entry["name"],
                "client_id": entry["client_id"],
                "secret": entry.get("secret", ""),
                "settings": {
                    "server_url": entry["server_url"],
                    "dela_municipality": entry.get("municipality", ""),
                    "dela_domains": domains,
                },
            }
        )
    return apps


SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": oidc_providers_from_env(os.environ.get("OIDC_PROVIDERS", "")),
    }
}

# --- Languages ------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [
    ("sv", "Svenska"),
    ("nb", "Norsk bokmål"),
    ("da", "Dansk"),
    ("en", "English"),
]
# Languages content may be written in: the interface languages plus Nynorsk.
DELA_CONTENT_LANGUAGES = [
    ("sv", _("Swedish")),
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("da", _("Danish")),
    ("en", _("English")),
]
LOCALE_PATHS = [SITE_DIR / "locale", SITE_DIR / "locale_vendor"]
LANGUAGE_COOKIE_NAME = "dela_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static files and uploads ---------------------------------------------------------
STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "uploads")
# Uploads never land in a source folder (where `git add` or a deploy would sweep them up
# or wipe them); `media/` is the video library's code, not its files.
_source_dirs = [SITE_DIR, *(BASE_DIR / name for name in ("media", "network", "search"))]
if any(MEDIA_ROOT.resolve().is_relative_to(folder) for folder in _source_dirs):
    raise ImproperlyConfigured(
        f"MEDIA_ROOT ({MEDIA_ROOT}) lies in a source folder; use e.g. var/uploads."
    )
MEDIA_URL = "/media/"
# Uploads under MEDIA_ROOT/private/ (images in private groups' threads) are never
# served from MEDIA_URL, by Django or by the web server: their app serves them through
# a view that checks who asks.
DELA_PRIVATE_MEDIA_PREFIX = "private/"
# Set to an internal location of the web server (e.g. "/protected/") to have it send
# checked library files (X-Accel-Redirect) once Dela has said who may have them.
DELA_ACCEL_REDIRECT = os.environ.get("DELA_ACCEL_REDIRECT", "")
STORAGES = {
    "default": {"BACKEND": "dela.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Backups (`manage.py dbbackup` / `mediabackup`, django-dbbackup): pg_dump's custom
# format for PostgreSQL, SQLite's online backup for the default; see the README.
STORAGES["dbbackup"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": os.environ.get("DELA_BACKUP_DIR") or str(VAR_DIR / "backups")
    },
}
FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Dela <noreply@dela.localhost>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Security headers (the production module tightens the rest) -----------------------
# Browsers that know CSP frame-ancestors ignore X-Frame-Options, which lets Wagtail's
# same-origin preview iframe work while old browsers still get DENY.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Wagtail's admin sets inline style attributes.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Wagtail --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Dela"
# Where to report a vulnerability (/.well-known/security.txt): a mailto: or https: URI.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "")
if SECURITY_CONTACT and not SECURITY_CONTACT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured(
        "SECURITY_CONTACT must be a mailto: or https:// address (RFC 9116)."
    )
# One login for everyone (allauth: confirmed addresses, failed-login limits): private
# pages and documents, and the admin, send visitors to it; Wagtail's own login, reset
# and address/password forms are not used (dela/urls.py, dela/wagtail_hooks.py).
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# Dela's own search API (/api/search/) is the one that understands Nordic queries and
# hostile input; Wagtail's ?search= on /api/v2/ answers 400 "search is disabled".
WAGTAILAPI_SEARCH_ENABLED = False
# No Gravatar: the admin would send a hash of every editor's e-mail address to a third
# party (and the CSP blocks the images anyway); Wagtail shows its default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The video library (media/) is wagtailmedia with Dela's own media model and form.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "dela_media.Video",
    "MEDIA_FORM_BASE": "media.forms.BaseVideoForm",
    "AUDIO_EXTENSIONS": ["aac", "flac", "m4a", "mp3", "oga", "ogg", "opus", "wav"],
    "VIDEO_EXTENSIONS": ["m4v", "mkv", "mov", "mp4", "webm"],
}
# Largest video or audio upload, in bytes (default 2 GB).
DELA_MEDIA_MAX_UPLOAD_SIZE = env_int("DELA_MEDIA_MAX_UPLOAD_SIZE", 2 * 1024**3)
# ffmpeg and ffprobe (paths; empty: found on PATH), the seconds each step may take
# (transcoding 10x the video's length, between the two bounds) and x264's preset.
DELA_MEDIA_FFMPEG = os.environ.get("DELA_MEDIA_FFMPEG", "")
DELA_MEDIA_FFPROBE = os.environ.get("DELA_MEDIA_FFPROBE", "")
DELA_MEDIA_PROBE_TIMEOUT = 30
DELA_MEDIA_POSTER_TIMEOUT = 60
DELA_MEDIA_TRANSCODE_MIN_TIMEOUT = 300
DELA_MEDIA_TRANSCODE_MAX_TIMEOUT = 3600
DELA_MEDIA_X264_PRESET = "veryfast"

# --- The network ----------------------------------------------------------------------
# Posting limits over the defaults of network.limits.Limits (names as its fields), and
# the largest image a post or profile may attach.
NETWORK_LIMITS = {}
NETWORK_IMAGE_MAX_BYTES = 5 * 1024 * 1024
REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # The search engine clients log every request at INFO: warnings only.
        **{
            name: {"level": "WARNING"}
            for name in ("elasticsearch", "elastic_transport", "opensearch")
        },
    },
}

"""Settings per mode, read the way a server reads them: in a fresh process, from the
environment. Each case runs Python in a subprocess so no setting leaks between them."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from dela.settings.base import env_bool, env_int, env_list, oidc_providers_from_env

ROOT = Path(__file__).resolve().parents[2]
# What the machine's environment might set and these tests decide themselves.
CONTROLLED = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "DELA_VAR_DIR",
    "OIDC_PROVIDERS",
    "ELASTICSEARCH_URL",
    "SEARCH_ENGINE_URL",
    "SEARCH_ENGINE_KIND",
    "SEARCH_ENGINE_INDEX",
    "DEBUG",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
}


@pytest.fixture
def var_dir(tmp_path):
    return tmp_path / "var"


@pytest.fixture
def production_env(var_dir):
    return {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "dela.example.org",
        "DELA_VAR_DIR": str(var_dir),
    }


def run(args, mode, env=None, timeout=120):
    """Run Python with `args` under dela.settings.<mode> with only the given env."""
    environment = {
        key: value for key, value in os.environ.items() if key not in CONTROLLED
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=f"dela.settings.{mode}",
        PYTHONPATH=os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
        **(env or {}),
    )
    return subprocess.run(
        [sys.executable, *args],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def read_settings(mode, names, env=None, setup=False):
    """The named settings of a mode as JSON-able values (after django.setup() too, when
    `setup`: the whole site loads, not only the settings module)."""
    code = (
        "import django, json; from django.conf import settings; "
        + ("django.setup(); " if setup else "")
        + f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, "
        "default=str))"
    )
    result = run(["-c", code], mode, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(args, mode, env=None):
    return run([str(ROOT / "manage.py"), *args], mode, env)


# --- Each mode starts -----------------------------------------------------------------


@pytest.mark.parametrize("mode", ["dev", "test"])
def test_dev_and_test_start_without_any_environment(mode, var_dir):
    values = read_settings(
        mode, ["SECRET_KEY", "DEBUG"], {"DELA_VAR_DIR": str(var_dir)}
    )
    assert len(values["SECRET_KEY"]) >= 50
    assert values["DEBUG"] is (mode == "dev")


def test_production_starts_with_its_secrets(production_env):
    values = read_settings(
        "production", ["DEBUG", "ALLOWED_HOSTS"], production_env, setup=True
    )
    assert values == {"DEBUG": False, "ALLOWED_HOSTS": ["dela.example.org"]}


def test_production_refuses_to_start_without_a_secret_key(production_env):
    del production_env["SECRET_KEY"]
    result = run(["-c", "import django; django.setup()"], "production", production_env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "too-short",
        "ab" * 40,  # long but not random
        "django-insecure-" + secrets.token_urlsafe(64),
    ],
)
def test_production_refuses_a_weak_secret_key(production_env, key):
    production_env["SECRET_KEY"] = key
    result = run(["-c", "import django; django.setup()"], "production", production_env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(production_env):
    """Without it the site would answer 400 Bad Request to its own name."""
    del production_env["ALLOWED_HOSTS"]
    result = run(["-c", "import django; django.setup()"], "production", production_env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_passes_the_deployment_checks(production_env):
    result = manage(
        ["check", "--deploy", "--fail-level", "WARNING"], "production", production_env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_serves_healthz_over_http_and_redirects_the_rest(production_env):
    """A load balancer probes plain HTTP; people are sent to HTTPS."""
    code = (
        "import django; django.setup(); from django.test import Client; "
        "c = Client(HTTP_HOST='dela.example.org'); "
        "print(c.get('/healthz').status_code, c.get('/').status_code, "
        "c.get('/').get('Location'))"
    )
    result = run(["-c", code], "production", production_env)
    assert result.returncode == 0, result.stderr
    health, home, location = result.stdout.split()[-3:]
    assert health in ("200", "503")
    assert home == "301"
    assert location == "https://dela.example.org/"


def test_no_model_change_lacks_a_migration(var_dir):
    result = manage(
        ["makemigrations", "--check", "--dry-run"],
        "dev",
        {"DELA_VAR_DIR": str(var_dir)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


# --- Database -------------------------------------------------------------------------


def test_sqlite_from_database_url_gets_wal_and_immediate_transactions(tmp_path):
    database = tmp_path / "served.sqlite3"
    code = (
        "import django, json; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('PRAGMA journal_mode'); "
        "mode = cursor.fetchone()[0]; "
        "print(json.dumps([mode, connection.settings_dict['OPTIONS']]))"
    )
    result = run(["-c", code], "dev", {"DATABASE_URL": f"sqlite:///{database}"})
    assert result.returncode == 0, result.stderr
    journal_mode, options = json.loads(result.stdout.strip().splitlines()[-1])
    assert journal_mode == "wal"
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "busy_timeout" in options["init_command"]


def test_the_embedded_default_is_sqlite_in_the_var_folder(var_dir):
    values = read_settings("dev", ["DATABASES"], {"DELA_VAR_DIR": str(var_dir)})
    default = values["DATABASES"]["default"]
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(default["NAME"]) == var_dir / "dela.sqlite3"
    assert default["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_from_database_url_gets_no_sqlite_options(var_dir):
    url = "postgres://dela:secret@db.internal:5432/dela"
    values = read_settings(
        "dev", ["DATABASES"], {"DATABASE_URL": url, "DELA_VAR_DIR": str(var_dir)}
    )
    default = values["DATABASES"]["default"]
    assert default["ENGINE"] == "django.db.backends.postgresql"
    assert (default["HOST"], default["NAME"]) == ("db.internal", "dela")
    assert "transaction_mode" not in default.get("OPTIONS", {})


def test_sqlite_options_in_the_url_are_kept():
    from dela.settings.base import database_from_url

    config = database_from_url("sqlite:////tmp/x.sqlite3?timeout=20")
    assert config["OPTIONS"]["timeout"] == 20
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


# --- Cache ----------------------------------------------------------------------------


def test_redis_url_selects_the_redis_cache(production_env):
    production_env["REDIS_URL"] = "redis://cache.internal:6379/0"
    cache = read_settings("production", ["CACHES"], production_env)["CACHES"]["default"]
    assert cache["BACKEND"] == "dela.cache.RedisWithFallbackCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/0"


def test_search_engine_settings_choose_the_engine_backend(production_env):
    production_env.update(
        SEARCH_ENGINE_URL="http://search.internal:9200",
        SEARCH_ENGINE_KIND="OpenSearch",
        SEARCH_ENGINE_INDEX="dela-prod",
    )
    names = ["SEARCH_ENGINE_URL", "SEARCH_ENGINE_KIND", "SEARCH_ENGINE_INDEX"]
    assert read_settings("production", names, production_env) == {
        "SEARCH_ENGINE_URL": "http://search.internal:9200",
        "SEARCH_ENGINE_KIND": "opensearch",
        "SEARCH_ENGINE_INDEX": "dela-prod",
    }
    code = "import django; django.setup(); from search.backends import get_backend; "
    code += "from django.conf import settings as s; b = get_backend(); "
    code += "print(type(b).__name__, b.url, b.alias, "
    code += "s.WAGTAILSEARCH_BACKENDS['default']['BACKEND'])"
    result = run(["-c", code], "production", production_env)
    assert result.returncode == 0, result.stderr
    # Wagtail has no OpenSearch backend: its admin search stays on the database.
    assert result.stdout.split() == [
        "EngineBackend",
        "http://search.internal:9200",
        "dela-prod",
        "wagtail.search.backends.database",
    ]


def test_elasticsearch_url_is_the_older_name_of_search_engine_url(production_env):
    production_env.update(
        ELASTICSEARCH_URL="http://es.internal:9200", SEARCH_ENGINE_KIND="elasticsearch"
    )
    values = read_settings(
        "production", ["SEARCH_ENGINE_URL", "WAGTAILSEARCH_BACKENDS"], production_env
    )
    assert values["SEARCH_ENGINE_URL"] == "http://es.internal:9200"
    wagtail = values["WAGTAILSEARCH_BACKENDS"]["default"]
    assert wagtail["BACKEND"] == "wagtail.search.backends.elasticsearch9"


def test_an_unknown_search_engine_kind_stops_a_server_from_starting(production_env):
    production_env.update(SEARCH_ENGINE_URL="http://x:9200", SEARCH_ENGINE_KIND="solr")
    result = manage(["check"], "production", production_env)
    assert result.returncode != 0
    assert "SEARCH_ENGINE_KIND is 'solr': use auto, elasticsearch or opensearch" in (
        result.stderr
    )


@pytest.mark.parametrize("mode", ["dev", "production"])
def test_without_redis_the_cache_is_local_memory(mode, production_env):
    cache = read_settings(mode, ["CACHES"], production_env)["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


# --- Uploads --------------------------------------------------------------------------


def test_uploads_default_to_var_uploads_outside_the_source(production_env):
    del production_env["DELA_VAR_DIR"]
    media_root = Path(
        read_settings("production", ["MEDIA_ROOT"], production_env)["MEDIA_ROOT"]
    )
    assert media_root == ROOT / "var" / "uploads"
    for source in ("site", "media", "network", "search", "tests"):
        assert not media_root.is_relative_to(ROOT / source)


def test_uploads_follow_the_var_folder(production_env, var_dir):
    values = read_settings("production", ["MEDIA_ROOT"], production_env)
    assert Path(values["MEDIA_ROOT"]) == var_dir / "uploads"


@pytest.mark.parametrize("folder", ["site/uploads", "media/files", "search"])
def test_uploads_inside_a_source_folder_are_refused(production_env, folder):
    production_env["MEDIA_ROOT"] = str(ROOT / folder)
    result = run(["-c", "import django; django.setup()"], "production", production_env)
    assert result.returncode != 0
    assert "MEDIA_ROOT" in result.stderr


def test_the_test_suite_writes_uploads_to_a_temporary_folder(settings, tmp_path):
    assert Path(settings.MEDIA_ROOT).is_relative_to(tmp_path)


# --- Reading the environment ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("True", True),
        ("yes", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("NO", False),
        ("off", False),
        ("", "default"),
    ],
)
def test_env_bool_reads_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("DELA_TEST_FLAG", raw)
    assert env_bool("DELA_TEST_FLAG", "default") == expected


def test_env_bool_unset_gives_the_default(monkeypatch):
    monkeypatch.delenv("DELA_TEST_FLAG", raising=False)
    assert env_bool("DELA_TEST_FLAG", True) is True
    assert env_bool("DELA_TEST_FLAG") is False


@pytest.mark.parametrize("raw", ["maybe", "2", "ja", "tru"])
def test_env_bool_rejects_garbage_with_a_clear_message(monkeypatch, raw):
    monkeypatch.setenv("DELA_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("DELA_TEST_FLAG")
    assert "DELA_TEST_FLAG" in str(error.value)
    assert raw in str(error.value)
    assert "true or false" in str(error.value)


def test_a_garbage_flag_stops_a_server_from_starting(production_env):
    production_env["EMAIL_USE_TLS"] = "sometimes"
    result = run(["-c", "import django; django.setup()"], "production", production_env)
    assert result.returncode != 0
    assert "EMAIL_USE_TLS must be true or false" in result.stderr


def test_env_int_and_env_list(monkeypatch):
    monkeypatch.setenv("DELA_TEST_NUMBER", "587")
    assert env_int("DELA_TEST_NUMBER", 25) == 587
    monkeypatch.setenv("DELA_TEST_NUMBER", "five")
    with pytest.raises(ImproperlyConfigured, match="DELA_TEST_NUMBER must be a whole"):
        env_int("DELA_TEST_NUMBER", 25)
    monkeypatch.setenv("DELA_TEST_LIST", " a.example , b.example,,")
    assert env_list("DELA_TEST_LIST") == ["a.example", "b.example"]


# --- Municipal single sign-on ---------------------------------------------------------


def test_oidc_providers_become_allauth_apps():
    raw = json.dumps(
        [
            {
                "id": "halmstad",
                "name": "Halmstads kommun",
                "client_id": "dela",
                "secret": "s3cret",
                "server_url": "https://login.halmstad.example/realms/staff",
                "municipality": "halmstad",
            },
            {
                "id": "bergen",
                "name": "Bergen kommune",
                "client_id": "dela-bergen",
                "server_url": "https://id.bergen.example",
                "domains": ["bergen.kommune.no"],
            },
        ]
    )
    assert oidc_providers_from_env(raw) == [
        {
            "provider_id": "halmstad",
            "name": "Halmstads kommun",
            "client_id": "dela",
            "secret": "s3cret",
            "settings": {
                "server_url": "https://login.halmstad.example/realms/staff",
                "dela_municipality": "halmstad",
                "dela_domains": [],
            },
        },
        {
            "provider_id": "bergen",
            "name": "Bergen kommune",
            "client_id": "dela-bergen",
            "secret": "",
            "settings": {
                "server_url": "https://id.bergen.example",
                "dela_municipality": "",
                "dela_domains": ["bergen.kommune.no"],
            },
        },
    ]


@pytest.mark.parametrize("raw", ["", None])
def test_no_oidc_providers(raw):
    assert oidc_providers_from_env(raw) == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("[{", "OIDC_PROVIDERS is not valid JSON"),
        ('{"id": "x"}', "OIDC_PROVIDERS must be a JSON list"),
        ('["halmstad"]', "entry 1 lacks id, name, client_id, server_url"),
        (
            '[{"id": "a", "name": "A", "client_id": "c", "server_url": "https://a",'
            ' "domains": []}, {"id": "b", "name": "B"}]',
            "entry 2 lacks client_id, server_url",
        ),
        (
            '[{"id": "a", "name": "A", "client_id": "c", "server_url": "https://a"}]',
            "entry 1 says neither which municipality",
        ),
        (
            '[{"id": "a", "name": "A", "client_id": "c", "server_url": "https://a",'
            ' "domains": "a.se"}]',
            '"domains" must be a list of e-mail domains',
        ),
    ],
)
def test_bad_oidc_providers_are_refused_with_a_clear_message(raw, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        oidc_providers_from_env(raw)


def test_oidc_providers_from_the_environment_reach_allauth(production_env):
    production_env["OIDC_PROVIDERS"] = json.dumps(
        [
            {
                "id": "kalmar",
                "name": "Kalmar kommun",
                "client_id": "dela",
                "server_url": "https://login.kalmar.example",
                "municipality": "kalmar",
                "domains": ["skola.kalmar.se"],
            }
        ]
    )
    values = read_settings("production", ["SOCIALACCOUNT_PROVIDERS"], production_env)
    apps = values["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["APPS"]
    assert [app["provider_id"] for app in apps] == ["kalmar"]
    assert apps[0]["settings"]["dela_municipality"] == "kalmar"
    assert apps[0]["settings"]["dela_domains"] == ["skola.kalmar.se"]


def test_bad_oidc_providers_stop_a_server_from_starting(production_env):
    production_env["OIDC_PROVIDERS"] = "not json"
    result = run(["-c", "import django; django.setup()"], "production", production_env)
    assert result.returncode != 0
    assert "OIDC_PROVIDERS is not valid JSON" in result.stderr


@pytest.mark.django_db
def test_the_admin_sends_no_address_hashes_to_gravatar(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"gravatar.com" not in response.content


def test_the_admin_may_run_inline_scripts_and_the_public_site_may_not(client, editor):
    """Wagtail's choosers and inline panels start from inline scripts: allowed under
    /admin/ only (dela/csp.py); the public pages keep scripts from the site itself."""

    def script_src(response):
        policy = response["Content-Security-Policy"]
        (directive,) = [d for d in policy.split(";") if "script-src" in d]
        return directive.split()[1:]

    public = client.get("/")
    assert script_src(public) == ["'self'"]
    client.force_login(editor)
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert script_src(admin) == ["'self'", "'unsafe-inline'"]
    # The rest of the policy is the same.
    assert "frame-ancestors 'self'" in admin["Content-Security-Policy"]
    assert "object-src 'none'" in admin["Content-Security-Policy"]


def test_a_security_contact_that_is_no_uri_stops_the_server(production_env):
    production_env["SECURITY_CONTACT"] = "security@example.org"
    result = run(["-c", "import django; django.setup()"], "production", production_env)
    assert result.returncode != 0
    assert "SECURITY_CONTACT must be a mailto: or https://" in result.stderr

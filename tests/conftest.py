"""Shared fixtures: users in each role, made through the services the site uses."""

import os
import uuid
from collections import Counter
from contextlib import contextmanager

import pytest
import redis
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role, grant_role
from tests.factories import MunicipalityFactory, UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def clear_cache():
    """allauth keeps rate-limit counters (sign-ups, logins, resets) in the cache: every
    test starts with an empty one, so tests cannot lock each other out."""
    from django.core.cache import cache

    cache.clear()
    return cache


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language: a request activates its reader's
    language for the thread and Django leaves it active after the response, so a
    test that asks for Danish pages would otherwise make the next test's messages
    Danish."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def test_database(django_db_setup, django_db_blocker):
    """The test database, for fixtures that work outside a test's transaction (data
    that other threads or processes must see, or the demo loaded once per run).

    pytest-django sets up only the databases that the collected tests mark for use:
    a module run alone whose tests all work outside a transaction would otherwise
    reach the development database. Here the test database is set up in that case.
    """
    from django.db import connection
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX
    from django.test.utils import setup_databases

    def is_test_database():
        name = str(connection.settings_dict["NAME"])
        test_name = connection.settings_dict.get("TEST", {}).get("NAME")
        return name == test_name if test_name else name.startswith(TEST_DATABASE_PREFIX)

    if not is_test_database():
        with django_db_blocker.unblock():
            setup_databases(
                verbosity=0, interactive=False, aliases={"default"}, keepdb=True
            )
    assert is_test_database(), connection.settings_dict["NAME"]


@pytest.fixture
def halmstad(db):
    """Halmstad, whose staff write from halmstad.se."""
    return MunicipalityFactory(
        name="Halmstad", official_code="1380", country__code="SE", domain="halmstad.se"
    )


@pytest.fixture
def visitor():
    return AnonymousUser()


@pytest.fixture
def member(db):
    user = UserFactory(email="member@example.org", display_name="Maja Medlem")
    grant_role(user, Role.MEMBER)
    return user


@pytest.fixture
def ambassador(db, halmstad):
    user = UserFactory(email="ambassador@example.org", municipality=halmstad)
    grant_role(user, Role.MEMBER)
    grant_role(user, Role.AMBASSADOR)
    return user


@pytest.fixture
def moderator(db, halmstad):
    user = UserFactory(email="moderator@example.org", municipality=halmstad)
    for role in (Role.MEMBER, Role.AMBASSADOR, Role.MODERATOR):
        grant_role(user, role)
    return user


@pytest.fixture
def editor(db):
    user = UserFactory(email="editor@example.org")
    grant_role(user, Role.MEMBER)
    grant_role(user, Role.EDITOR)
    return user


@pytest.fixture
def admin(db):
    """The platform owner: the administrator role is Django's superuser flag."""
    user = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    grant_role(user, Role.MEMBER)
    return user


ROLE_FIXTURES = ["visitor", "member", "ambassador", "moderator", "editor", "admin"]


@pytest.fixture(params=ROLE_FIXTURES)
def any_role(request):
    """(fixture name, user) for every role, visitor included."""
    return request.param, request.getfixturevalue(request.param)


@pytest.fixture
def english(settings):
    """Pages and messages in English, the source language, for tests that assert the
    wording itself (tests/test_i18n.py checks that every string is translated, and
    browser tests meet the site in Swedish)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def pytest_terminal_summary(terminalreporter):
    """One line on the live search engine the run used (tests marked ``engine``)."""
    outcomes = {}
    for key in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(key, []):
            if "engine" in getattr(report, "keywords", {}):
                # A test's worst outcome over its setup, call and teardown.
                if outcomes.get(report.nodeid) in (None, "passed"):
                    outcomes[report.nodeid] = key
    if not outcomes:
        return
    counts = Counter(outcomes.values())
    detail = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
    url = os.environ.get("DELA_TEST_SEARCH_ENGINE_URL", "")
    if url:
        from search.backends.connection import read_info

        try:
            engine = read_info(url).label
        except Exception as exc:
            engine = f"no answer ({exc})"
        where = f"{engine} at {url}"
    else:
        where = "none (DELA_TEST_SEARCH_ENGINE_URL is not set)"
    terminalreporter.write_line(
        f"search engine: {where}, {len(outcomes)} engine tests ({detail})"
    )


# --- Invariant: the search index never drifts from the content ------------------------


def run_search_indexing():
    """Run the indexing queued for after the commit now, as a commit would (module
    fixtures load content in a transaction that is rolled back, never committed)."""
    for _ in range(5):  # indexing may queue more
        pending = _pending_search_callbacks()
        if not pending:
            return
        for callback in pending:
            callback()


@contextmanager
def loaded_demo(django_db_blocker):
    """load_demo with its index built, all rolled back after. Yields what load_demo
    printed. For the session's `demo` fixture; a test that needs a demo of its own
    (a test of load_demo itself) runs load_demo again inside its test transaction."""
    from io import StringIO

    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction

    # What an earlier test left in the cache (the editors' synonym version, counted
    # inside that test's rolled-back transaction) must not be what the demo is
    # analysed with: each test then starts from an empty cache (clear_cache), and the
    # index would look stale against the demo's own content.
    cache.clear()
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=out)
        run_search_indexing()
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def demo(test_database, django_db_blocker):
    """The whole demo (`manage.py load_demo`, its search index built), loaded once per
    run in a transaction rolled back at the end of the session. Returns what
    load_demo printed. Tests that use it run after all the others
    (pytest_collection_modifyitems below), so no other test ever sees demo data."""
    with loaded_demo(django_db_blocker) as output:
        yield output


@contextmanager
def demo_in_language(django_db_blocker, language_code):
    """The shared demo read in another site language: search documents carry labels
    in the site's language, so the database index is rebuilt in that language, in a
    savepoint rolled back after (for a module whose tests set LANGUAGE_CODE)."""
    from django.db import transaction
    from django.test import override_settings

    from search import indexing
    from search.backends import get_fallback_backend

    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(LANGUAGE_CODE=language_code),
    ):
        indexing.rebuild(backends=[get_fallback_backend()])
        yield
        transaction.set_rollback(True)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Tests that use the shared demo run after all the others and before the browser
    tests, each group in its own order. trylast: pytest-django sorts the tests by how
    they use the database first (tests outside a transaction after the rest), and the
    demo's open transaction must not be there when those tests write from other
    threads or processes; the browser tests (marked by their conftest) stay last, as
    Playwright's event loop must not run while other tests use the ORM."""
    browser = [item for item in items if item.get_closest_marker("browser")]
    in_browser = {id(item) for item in browser}
    demo = [
        item
        for item in items
        if id(item) not in in_browser and "demo" in getattr(item, "fixturenames", ())
    ]
    last = in_browser | {id(item) for item in demo}
    items[:] = [item for item in items if id(item) not in last] + demo + browser


def _pending_search_callbacks():
    from django.db import connections

    from search.tasks import index_objects_task

    pending = []
    for connection in connections.all(initialized_only=True):
        for _sids, callback, _robust in connection.run_on_commit:
            if (
                getattr(callback, "task", None) is index_objects_task
                and not callback.done
            ):
                pending.append(callback)
    return pending


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After every test that uses the database, the database backend's index holds
    exactly the documents the content gives (none missing, stale or extra): every
    change of visibility reached search. Checked at the end of the test itself, inside
    its transaction; indexing queued for after the commit (which a rolled-back test
    transaction never reaches) runs first, as the commit would. A test that makes
    drift on purpose says so with ``@pytest.mark.search_drift(reason)``."""
    result = yield
    if item.get_closest_marker("search_drift"):
        return result
    names = set(getattr(item, "fixturenames", ()))
    uses_db = names & {"db", "transactional_db", "django_db_reset_sequences"}
    if not uses_db and not item.get_closest_marker("django_db"):
        return result
    from search import indexing
    from search.backends import get_fallback_backend

    run_search_indexing()
    missing, stale, extra = indexing.drift(get_fallback_backend())
    assert (missing, stale, extra) == ([], [], []), (
        "The search index drifted from the content: "
        f"missing {missing}, stale {stale}, extra {extra}"
    )
    return result


REDIS_ENV = "DELA_TEST_REDIS_URL"


@pytest.fixture
def redis_url():
    url = os.environ.get(REDIS_ENV, "")
    if not url:
        message = f"{REDIS_ENV} is not set: no Redis server (`make test` starts one)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def redis_cache(settings, redis_url):
    """The site's cache on Redis, under a key prefix of this test's own."""
    from django.core.cache import caches

    prefix = f"dela-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "dela.cache.RedisWithFallbackCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    server = redis.Redis.from_url(redis_url)
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)
    caches["default"].close()

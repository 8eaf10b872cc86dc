"""Browser tests: Debian's chromium, driven by Playwright, against a real Dela server.

A session fixture builds a separate database (SQLite file, or `<name>_browser`
database on the PostgreSQL server when DATABASE_URL points at one), migrates it,
loads the demo content exactly as `make run` does, and starts `manage.py runserver`
on a free port. The tests talk to that server only through the browser.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.browser.journeys import log_in

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    """Mark browser tests and run them last: Playwright's event loop must not be running
    while other tests use the ORM in the same thread."""
    here = Path(__file__).parent
    browser_items = [item for item in items if here in Path(item.fspath).parents]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    items[:] = [item for item in items if item not in browser_items] + browser_items


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _browser_database_url(tmp_dir):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_dir / 'browser.sqlite3'}"
    import psycopg

    parts = urlsplit(url)
    # Named after the suite's database, so that suites on other databases of the
    # same server (parallel checkouts) never share or drop each other's.
    name = f"{parts.path.strip('/') or 'dela'}_browser"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def dela_server(tmp_path_factory):
    """A running Dela with the demo content: `.url`, and `.mail_dir` for its e-mail."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: `make test` installs it with apt-get.")
        pytest.skip("chromium is not installed (make test installs it)")
    tmp_dir = tmp_path_factory.mktemp("browser")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dela.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": _browser_database_url(tmp_dir),
        "MEDIA_ROOT": str(tmp_dir / "uploads"),
        "DELA_VAR_DIR": str(tmp_dir),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_dir / "mail"),
        "BASE_URL": f"http://127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["load_demo"],
        ["rebuild_search"],
    ):
        subprocess.run(
            manage + command, env=env, cwd=ROOT, check=True, capture_output=True
        )
    log = open(tmp_dir / "server.log", "w")  # noqa: SIM115 (closed at teardown)
    server = subprocess.Popen(
        manage + ["runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    # The task worker, as in production: e-mails, search indexing, notifications.
    worker_log = open(tmp_dir / "worker.log", "w")  # noqa: SIM115 (closed at teardown)
    worker = subprocess.Popen(
        manage + ["db_worker", "--interval", "0.2", "--no-reload"],
        env=env,
        cwd=ROOT,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                raise RuntimeError(
                    "Dela did not start:\n" + (tmp_dir / "server.log").read_text()
                ) from None
            time.sleep(0.3)
    yield SimpleNamespace(url=base_url, mail_dir=tmp_dir / "mail")
    for process in (server, worker):
        process.terminate()
        process.wait(timeout=10)
    log.close()
    worker_log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, dela_server):
    """A fresh browser tab (own cookies) that fails the test on any JavaScript error."""
    context = browser.new_context(base_url=dela_server.url, locale="sv-SE")
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))

    def on_console(message):
        # A test may open a missing page on purpose: the browser then logs the
        # document's own 404. A missing stylesheet or script still counts as an error.
        own_document = message.location.get("url") == tab.url
        if message.type == "error" and not (
            own_document and message.text.startswith("Failed to load resource")
        ):
            errors.append(message.text)

    tab.on("console", on_console)
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def people(browser, dela_server):
    """`people()` opens a tab for a new person; `people(email)` one for a demo login,
    signed in. Every tab fails the test on a JavaScript error or console error, except
    one the editor never sees: Wagtail's autosave, still queued when she presses
    "Publish", is sent after the publication and refused as out of date (HTTP 400
    "invalid_revision"; the browser logs the refused request)."""
    contexts, errors = [], []

    def open_as(email=None):
        context = browser.new_context(base_url=dela_server.url, locale="sv-SE")
        contexts.append(context)
        tab = context.new_page()
        refused_autosaves = []

        def on_response(response):
            request = response.request
            if (
                response.status == 400
                and request.method == "POST"
                and request.headers.get("accept") == "application/json"
                and re.search(r"/admin/pages/\d+/edit/$", response.url)
            ):
                try:
                    refused = response.json().get("error_code") == "invalid_revision"
                except Exception:  # the tab has left the page: the body is gone
                    refused = True
                if refused:
                    refused_autosaves.append(response.url)

        def on_console(message):
            if message.type != "error":
                return
            if refused_autosaves and message.text.startswith(
                "Failed to load resource: the server responded with a status of 400"
            ):
                refused_autosaves.pop()
                return
            errors.append(message.text)

        tab.on("response", on_response)
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", on_console)
        if email:
            log_in(tab, email)
        return tab

    yield open_as
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"

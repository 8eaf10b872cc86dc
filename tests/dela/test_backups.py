"""Backups restore (issue 13): `manage.py dbbackup` and `mediabackup` (django-dbbackup)
taken of a site with a published story and an upload, restored with `dbrestore` and
`mediarestore` into a fresh database and an empty media folder, and the restored site
serves the story and the file. On the database this run uses: PostgreSQL (pg_dump's
custom format into a new database) or the SQLite default (SQLite's online backup)."""

import json
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.dela.test_settings import run

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Säkerhetskopian i Halmstad"

MAKE_CONTENT = f"""
import django; django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from home.models import HomePage
from stories.models import CaseStoryPage, StoryIndexPage
home = HomePage.objects.first()
index = home.add_child(instance=StoryIndexPage(title="Berättelser", slug="stories"))
index.save_revision().publish()
story = index.add_child(instance=CaseStoryPage(title={TITLE!r}, summary="Så gick det.",
    language="sv", year=2024))
story.save_revision().publish()
default_storage.save("documents/plan.txt", ContentFile(b"Planen for hemtjansten"))
print(story.url)
"""

SERVE = """
import django, json, sys; django.setup()
from django.core.files.storage import default_storage
from django.test import Client
response = Client().get(sys.argv[1])
print(json.dumps({
    "status": response.status_code,
    "body": response.content.decode(),
    "file": default_storage.open("documents/plan.txt").read().decode(),
}))
"""


def _run(args, env):
    """Python under the test settings with only ``env`` (dela/test_settings.py)."""
    result = run(args, "test", env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _manage(args, env):
    return _run([str(ROOT / "manage.py"), *args], env)


@pytest.fixture
def databases(tmp_path):
    """(source, target) database URLs of the kind this run tests, both new."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield (
            f"sqlite:///{tmp_path / 'site.sqlite3'}",
            f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        )
        return
    import psycopg

    parts = urlsplit(url)
    server = urlunsplit(parts._replace(path="/postgres"))
    names = [f"dela_backup_{secrets.token_hex(4)}_{n}" for n in ("site", "restored")]
    with psycopg.connect(server, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield tuple(urlunsplit(parts._replace(path=f"/{name}")) for name in names)
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_fresh_database_and_the_site_serves_it(
    tmp_path, databases
):
    source, target = databases
    backups = tmp_path / "backups"
    site = {
        "DATABASE_URL": source,
        "MEDIA_ROOT": str(tmp_path / "uploads"),
        "DELA_BACKUP_DIR": str(backups),
        "DELA_VAR_DIR": str(tmp_path),
    }
    _manage(["migrate", "--noinput", "-v0"], site)
    story_url = _run(["-c", MAKE_CONTENT], site).strip().splitlines()[-1]
    _manage(["dbbackup", "--noinput"], site)
    _manage(["mediabackup", "--noinput"], site)
    files = [path.name for path in backups.iterdir() if path.suffix != ".metadata"]
    assert len(files) == 2 and sum(name.endswith(".tar") for name in files) == 1

    restored = {**site, "DATABASE_URL": target, "MEDIA_ROOT": str(tmp_path / "new")}
    _manage(["dbrestore", "--noinput"], restored)
    _manage(["mediarestore", "--noinput"], restored)
    served = json.loads(_run(["-c", SERVE, story_url], restored).splitlines()[-1])
    assert served["status"] == 200
    assert TITLE in served["body"]
    assert served["file"] == "Planen for hemtjansten"

"""Every setting Dela's apps (and their migrations) read is declared, with its
default, in ``dela/settings/base.py``, and Dela's own settings follow one naming
convention:

- ``SEARCH_`` for the search app and ``NETWORK_`` for the network, the two apps that
  stand on their own;
- ``DELA_`` for everything else of Dela's (``DELA_MEDIA_`` for the video library,
  whose app label is ``dela_media``);
- the installation's environment keeps the names deployments know: its folders,
  ``DATABASE_URL``, ``REDIS_URL`` and ``SECURITY_CONTACT``.

Everything else in base.py is Django's, Wagtail's, allauth's or another library's.
"""

import ast
import re
from pathlib import Path

from django.conf import global_settings

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = [ROOT / "site", ROOT / "network", ROOT / "media", ROOT / "search"]
BASE = ROOT / "site" / "dela" / "settings" / "base.py"
OWN_PREFIXES = ("DELA_", "SEARCH_", "NETWORK_")
INSTALLATION = {
    "SITE_DIR",
    "BASE_DIR",
    "VAR_DIR",
    "DATABASE_URL",
    "REDIS_URL",
    "SECURITY_CONTACT",
}
LIBRARY_PREFIXES = (
    "WAGTAIL",
    "ACCOUNT_",
    "SOCIALACCOUNT_",
    "ALLAUTH_",
    "REST_FRAMEWORK",
    "TASKS",
    "CONTENT_SECURITY_POLICY",
)
READ = re.compile(r"\bsettings\.([A-Z][A-Z0-9_]*)\b")
WITH_A_DEFAULT = re.compile(r"getattr\(\s*(?:django_)?settings\s*,")


def _app_sources():
    for directory in APP_DIRS:
        for path in directory.rglob("*.py"):
            if "settings" in path.parts:
                continue
            yield path, path.read_text(encoding="utf-8")


def declared_in_base():
    names = set()
    for node in ast.parse(BASE.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        names |= {t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()}
    return names


def test_every_setting_an_app_reads_is_declared_in_base():
    known = declared_in_base() | {n for n in dir(global_settings) if n.isupper()}
    unknown = {
        f"{path.relative_to(ROOT)}: {name}"
        for path, text in _app_sources()
        for name in READ.findall(text)
        if name not in known and not name.startswith(LIBRARY_PREFIXES)
    }
    assert unknown == set()


def test_no_app_keeps_a_default_of_its_own():
    # getattr(settings, "X", default) would hide a second default beside base.py's.
    found = [
        str(path.relative_to(ROOT))
        for path, text in _app_sources()
        if WITH_A_DEFAULT.search(text)
    ]
    assert found == []


def test_dela_settings_follow_one_naming_convention():
    # ROOT_URLCONF is Django's though it has no default there.
    django = {n for n in dir(global_settings) if n.isupper()} | {"ROOT_URLCONF"}
    own = {
        name
        for name in declared_in_base() - django - INSTALLATION
        if not name.startswith(LIBRARY_PREFIXES)
    }
    assert len(own) > 20  # base.py was read
    assert [name for name in own if not name.startswith(OWN_PREFIXES)] == []

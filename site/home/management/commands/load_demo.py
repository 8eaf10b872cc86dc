"""`manage.py load_demo`: the demo content `make run` serves, and the demo logins.

Each Dela app brings its own demo content in a `demo` module with a
`load(stdout, style)` function, and optionally `logins()` returning (role, e-mail,
password) rows and `load_after_all_apps(stdout, style)`, run once every app's
content is there. This command finds those modules instead of naming them, so apps that
arrive later (network, media, stories…) join the demo without touching it, and it runs
them in INSTALLED_APPS order, which lists the apps by dependency.
"""

import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


def demo_modules():
    """(app config, demo module) for every installed app that has one, in app order."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:  # the app is a plain module, not a package
            spec = None
        if spec is None:
            continue
        module = importlib.import_module(name)
        if callable(getattr(module, "load", None)):
            found.append((config, module))
    return found


class Command(BaseCommand):
    help = (
        "Load Dela's demo content (places, people, pages) and print the demo logins. "
        "Idempotent: run it as often as you like."
    )

    def handle(self, *args, **options):
        logins = []
        # All or nothing: a failing app leaves no half-loaded demo behind.
        with transaction.atomic():
            for config, module in demo_modules():
                self.stdout.write(
                    self.style.MIGRATE_HEADING(f"Demo content: {config.label}")
                )
                module.load(self.stdout, self.style)
                if callable(getattr(module, "logins", None)):
                    logins.extend(module.logins())
            # What needs every app's content first (the home page's featured video).
            for _config, module in demo_modules():
                if callable(getattr(module, "load_after_all_apps", None)):
                    module.load_after_all_apps(self.stdout, self.style)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self._print_logins(logins)

    def _print_logins(self, logins):
        if not logins:
            return
        rows = [("role", "e-mail", "password"), *logins]
        widths = [max(len(str(row[i])) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins"))
        for position, row in enumerate(rows):
            line = "  ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            )
            self.stdout.write("  " + line.rstrip())
            if position == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))

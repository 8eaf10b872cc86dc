#!/usr/bin/env python
"""Django's command-line utility for Dela."""

import os
import sys
from pathlib import Path

# site/ is a plain folder on sys.path, never a package: the name `site` is Python's own.
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dela.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Known vulnerabilities of the pinned requirements, as part of `make test`.

Runs pip-audit (PyPI's advisory data) on requirements.txt and requirements-test.txt
and prints one line: how many pinned packages it could audit and what it found. A
known vulnerability fails (exit 1). A package the advisory service could not be asked
about is counted and named, not failed: where pypi.org's JSON API does not answer (as
on the build machines), pip-audit skips every package, and the line says so plainly.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ("requirements.txt", "requirements-test.txt")


def main():
    command = [
        str(ROOT / ".venv" / "bin" / "pip-audit"),
        "--disable-pip",
        "--no-deps",
        "--format",
        "json",
        "--progress-spinner",
        "off",
    ]
    for name in REQUIREMENTS:
        command += ["-r", str(ROOT / name)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit did not report (exit {done.returncode}):", file=sys.stderr)
        print(done.stderr.strip(), file=sys.stderr)
        return 1
    packages = report.get("dependencies", [])
    skipped = [p for p in packages if p.get("skip_reason")]
    audited = [p for p in packages if not p.get("skip_reason")]
    vulnerable = [p for p in audited if p.get("vulns")]
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(
                f"pip-audit: {package['name']} {package['version']}: {vuln['id']} "
                f"(fixed in {fixed})"
            )
    line = (
        f"pip-audit: {len(audited)} of {len(packages)} pinned packages audited, "
        f"{sum(len(p['vulns']) for p in vulnerable)} known vulnerabilities"
    )
    if skipped:
        line += (
            f"; the advisory service could not be asked about {len(skipped)} "
            f"(e.g. {skipped[0]['skip_reason']})"
        )
    print(line)
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())

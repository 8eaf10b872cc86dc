"""`make run`'s task worker runs without Django's code reloader: under DEBUG the
worker turns it on by default, and its polling of every source file cost 8% of a core
while idle (0.6% without it; benchmarks/bench_pages.py measures the idle worker)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_make_run_starts_the_worker_without_the_reloader():
    recipe = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    workers = [line for line in recipe.splitlines() if "db_worker" in line]
    assert workers, recipe
    assert all("--no-reload" in line for line in workers), workers

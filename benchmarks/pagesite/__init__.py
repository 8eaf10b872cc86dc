"""Dela as benchmarks/bench_pages.py serves it: the production settings plus two
bench-only additions that production never loads (this package is only on the path
of the benchmark's own gunicorn): a minimal view, the framework's floor, and a
header with the number of SQL queries of each request."""

"""Page speed as production serves it, at 1% and 100% of a Nordic network's size.

For each database (PostgreSQL, then SQLite) and scale, Dela runs as `make soak` runs
it (scripts/soak/stack.py: gunicorn with sync workers, `dela.settings.production`,
Redis as the cache, one `manage.py db_worker`), with benchmarks/pagesite's two
bench-only additions (a minimal view, the framework's floor, and an X-Bench-Queries
header). Its data: `load_demo`, then `generate_scale_data --scale N`, made once per
database and scale and kept (var/bench/pages-<db>-<scale>/; PostgreSQL databases
dela_bench_pages_<scale>); --fresh makes them again.

Each page is driven by wrk on 127.0.0.1 (default 2 threads, 8 connections) after a
warm-up, and measured: requests/s, p50/p95/p99 latency, CPU ms per request of the
gunicorn workers (utime+stime from /proc, so PostgreSQL's and Redis' own CPU is not
in it), SQL queries per request (the header of a warm request), bytes of the body,
and the ratio of its CPU per request to the floor's. At the end: the workers' RSS
and the idle task worker's CPU. Output: a table on the terminal, var/bench/pages.json
(each database and scale keeps its latest run) and var/bench/pages.png.

Usage (var/services/env sourced; `make bench` does it):
    .venv/bin/python benchmarks/bench_pages.py [--scales 0.01,1]
        [--databases postgres,sqlite] [--seconds 15] [--warmup 5] [--fresh]
BENCH_PAGES_SCALES and BENCH_PAGES_DATABASES set the defaults of the first two.
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "scripts"))

from soak import stack  # noqa: E402 - the soak's server helpers, shared
from soak.client import Browser, find_form  # noqa: E402
from soak.records import TASKS, Records  # noqa: E402

OUT = ROOT / "var" / "bench"
REDIS_DBS = {"postgres": 11, "sqlite": 12}  # of their own (suite 0, soak 13/14)
WORKERS = 2
TICKS = os.sysconf("SC_CLK_TCK")
REPLY_KEY = "SUBMISSIONKEY"

# (key, label, who): "anon", "member" (a plain member) or "moderator" (posting:
# moderators are exempt from the posting limits, which would refuse most replies).
# Pages the page cache keeps for anonymous readers (their wrk figures are its).
KEPT_PAGES = {
    "home",
    "story",
    "catalogue",
    "catalogue_facets",
    "video",
    "events",
    "category",
    "thread",
    "directory",
}
PAGES = [
    ("floor", "floor: minimal Django view", "anon"),
    ("home", "home", "anon"),
    ("story", "story", "anon"),
    ("catalogue", "catalogue front", "anon"),
    ("catalogue_facets", "catalogue, 3 facets", "anon"),
    ("video", "video", "anon"),
    ("events", "events", "anon"),
    ("category", "forum category", "anon"),
    ("thread", "thread, 50+ posts", "anon"),
    ("directory", "directory, filter", "anon"),
    ("search_api", "search API, facets", "anon"),
    ("notifications", "notifications (in)", "member"),
    ("thread_member", "thread (in)", "member"),
    ("reply", "post a reply (in)", "moderator"),
]


def say(message):
    print(f"bench_pages: {message}", flush=True)


def scale_label(scale):
    return f"{scale * 100:g}pct".replace(".", "_")


def paths(targets):
    """The request path of each page key."""
    facets = targets["facets"]
    return {
        "floor": "/bench/floor/",
        "home": "/",
        "story": targets["story"],
        "catalogue": "/catalogue/",
        "catalogue_facets": "/catalogue/?" + urllib.parse.urlencode(facets),
        "video": targets["video"],
        "events": "/events/",
        "category": targets["category"],
        "thread": targets["long_thread"],
        "directory": "/ambassadors/?country=SE",
        "search_api": "/api/search/?"
        + urllib.parse.urlencode({"q": "hemtjänsten", "language": "sv"}),
        "notifications": "/network/notifications/",
        "thread_member": targets["long_thread"],
        "reply": targets["reply_url"],
    }


# --- the site ---


class BenchSite:
    """One Dela (database, scale) with its data, served by gunicorn."""

    def __init__(self, database, scale, args, cleanup):
        self.database, self.scale = database, scale
        self.name = f"pages-{database}-{scale_label(scale)}"
        self.folder = OUT / self.name
        self.args = args
        env = {
            "SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_SETTINGS_MODULE": "pagesite.settings",
            "PYTHONPATH": str(HERE),
        }
        redis = stack.Redis(os.environ["DELA_TEST_REDIS_URL"])
        self.redis, self.redis_db = redis, REDIS_DBS[database]
        env["REDIS_URL"] = redis.url_for_db(self.redis_db)
        if database == "postgres":
            self.postgres = stack.Postgres(os.environ["TEST_DATABASE_URL"])
            self.db_name = f"dela_bench_{self.name.replace('-', '_')}"
            env["DATABASE_URL"] = self.postgres.url_for(self.db_name)
        else:
            env["DATABASE_URL"] = f"sqlite:///{self.folder / 'dela.sqlite3'}"
        self.ready_file = self.folder / "ready"
        if args.fresh and self.folder.exists():
            self._remove_data()
        self.dela = stack.Dela(self.name, self.folder, env, cleanup)
        self.setup_seconds = None

    def _remove_data(self):
        for child in self.folder.iterdir():
            if child.name != "logs":
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()

    def prepare(self):
        """Migrated, static files collected, demo and scale data loaded (once)."""
        dela = self.dela
        ready = self.ready_file.exists() and self.ready_file.read_text().strip() == (
            str(self.scale)
        )
        if ready and self.database == "postgres":
            ready = self._pg_exists()
        if not ready:  # from an empty database, whatever an interrupted run left
            self._remove_data()
            if self.database == "postgres":
                self.postgres.create_database(self.db_name)
            started = time.monotonic()
            for step in (
                ("migrate", "--no-input"),
                ("collectstatic", "--no-input"),
                ("load_demo",),
            ):
                self._manage(*step)
            dela.drain_queue()  # load_demo's queued tasks, not during the load
            generated = time.monotonic()
            self._manage(
                "generate_scale_data",
                "--scale",
                str(self.scale),
                "--reset",
                timeout=7200,
            )
            self.generate_seconds = time.monotonic() - generated
            self.setup_seconds = time.monotonic() - started
            self.ready_file.write_text(str(self.scale))
            (self.folder / "generate_seconds").write_text(
                f"{self.generate_seconds:.0f}"
            )
        else:
            self._manage("migrate", "--no-input")
            if not (self.folder / "static").exists():
                self._manage("collectstatic", "--no-input")
            say(f"{self.name}: data made earlier, kept (--fresh makes it again)")
        seconds_file = self.folder / "generate_seconds"
        self.generate_seconds = (
            float(seconds_file.read_text()) if seconds_file.exists() else None
        )
        self.redis.flush(self.redis_db)

    def _pg_exists(self):
        with self.postgres.connect() as connection:
            return bool(
                connection.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [self.db_name]
                ).fetchone()
            )

    def _manage(self, *args, timeout=1800):
        started = time.monotonic()
        self.dela.manage(*args, timeout=timeout)
        say(f"{self.name}: manage.py {args[0]} ({time.monotonic() - started:.0f} s)")

    def serve(self):
        self.dela.start_worker()
        self.dela.start_web(workers=WORKERS)
        self.port = self.dela.port
        result = subprocess.run(
            [stack.PYTHON, HERE / "pagesite" / "targets.py"],
            env=self.dela.env,
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if result.returncode:
            raise RuntimeError(f"pagesite/targets.py failed:\n{result.stderr[-3000:]}")
        self.targets = json.loads(result.stdout.strip().splitlines()[-1])
        self.browsers = {"anon": None}
        for who in ("member", "moderator"):
            email, password = self.targets["logins"][who]
            browser = Browser("127.0.0.1", self.port, user_agent="dela-bench/1")
            answer = browser.login(email, password)
            if browser.email != email:
                raise RuntimeError(f"{who} login failed: {answer.status}")
            self.browsers[who] = browser

    def workers(self):
        """The gunicorn worker processes (children of the master)."""
        master = self.dela.web.pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [int(pid) for pid in children]

    def stop(self):
        self.dela.stop_web()
        self.dela.stop_worker()


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- one page ---

LUA = r"""
wrk.method = "%(method)s"
wrk.headers["Cookie"] = "%(cookie)s"
wrk.headers["Accept-Language"] = "sv"
wrk.headers["User-Agent"] = "dela-bench/1"
%(post)s
done = function(summary, latency, requests)
  io.write(string.format(
    'BENCH {"requests": %%d, "duration_us": %%d, "bytes": %%d, ' ..
    '"status_errors": %%d, "connect_errors": %%d, "read_errors": %%d, ' ..
    '"write_errors": %%d, "timeouts": %%d, ' ..
    '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d}\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.status,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)))
end
"""

# Each reply its own submission_key (the same key twice is one reply, by design)
# and text (the same text twice in a thread is refused).
LUA_POST = r"""
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Referer"] = "%(referer)s"
local template = "%(body)s"
local n = 0
tid = tid or "0"
setup_count = 0
function setup(thread)
  setup_count = setup_count + 1
  thread:set("tid", tostring(setup_count))
end
request = function()
  n = n + 1
  local key = string.format("b%%s-%%d-%%d", tid, n, os.time())
  local body = template:gsub("%(placeholder)s", key)
  return wrk.format(nil, nil, nil, body)
end
"""


def lua_script(method, cookie, post_body=None, referer=""):
    post = ""
    if post_body is not None:
        post = LUA_POST % {
            "referer": referer,
            "body": post_body,
            "placeholder": REPLY_KEY,
        }
    return LUA % {"method": method, "cookie": cookie, "post": post}


def probe(site, key, path):
    """One request as a browser: (status, body bytes, SQL queries), and for the
    reply its form body with a placeholder key for wrk."""
    who = dict((k, w) for k, _label, w in PAGES)[key]
    browser = site.browsers[who] or Browser(
        "127.0.0.1", site.port, user_agent="dela-bench/1"
    )
    if key == "reply":
        thread = site.targets["reply_thread"]
        page = browser.get(thread)
        form = find_form(page.text, "submission_key", thread)
        if form is None:
            raise RuntimeError(f"no reply form on {thread}")
        # Each reply its own text too: the same text twice in a thread is refused.
        text = "Benchmark reply {}: how did the tablets reach the home care staff?"
        answer = browser.submit(
            form, {"body": text.format(secrets.token_hex(4))}, referer=thread
        )
        values = form.values(
            {"body": text.format(REPLY_KEY), "submission_key": REPLY_KEY}
        )
        body = urllib.parse.urlencode(values)
        return answer, body, form.action
    return browser.get(path), None, path


def _queries(answer):
    """The SQL queries the served request made (the bench-only header)."""
    return int(answer.headers.get("x-bench-queries", "-1"))


def measure(site, key, label, args):
    path = paths(site.targets)[key]
    who = dict((k, w) for k, _label, w in PAGES)[key]
    # Warm probes: the first renders the page with every cache empty (prepare
    # emptied them): its queries are what a first visit after a change costs, which
    # the page cache hides from wrk; the last one's figures are the page's.
    first = None
    for _ in range(3):
        started = time.monotonic()
        answer, post_body, path = probe(site, key, path)
        if first is None:
            first = (answer, (time.monotonic() - started) * 1000)
    rendered = first
    if key in KEPT_PAGES:
        # The page rendered again with the other caches warm (menu, footer,
        # branding): a query parameter nobody reads misses the page cache. Each of
        # the gunicorn workers keeps per-process caches too (Django's content
        # types, Wagtail's site root), which a worker that has not served this
        # page yet fills at its first render: of three renders the fewest queries
        # are the page's own.
        for _ in range(3):
            joiner = "&" if "?" in path else "?"
            mark = f"{joiner}bench-render={secrets.token_hex(4)}"
            started = time.monotonic()
            again, _body, _path = probe(site, key, path + mark)
            elapsed = (time.monotonic() - started) * 1000
            if again.status == 200 and (
                rendered is first or _queries(again) < _queries(rendered[0])
            ):
                rendered = (again, elapsed)
    expected = 302 if key == "reply" else 200
    if answer.status != expected:
        raise RuntimeError(f"{label}: {path} answered {answer.status}, not {expected}")
    browser = site.browsers[who]
    cookie = (
        "; ".join(f"{k}={v}" for k, v in browser.cookies.items()) if browser else ""
    )
    script = lua_script(
        "POST" if key == "reply" else "GET",
        cookie,
        post_body,
        referer=f"http://127.0.0.1:{site.port}{site.targets['reply_thread']}",
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    url = f"http://127.0.0.1:{site.port}{path}"
    wrk = ["wrk", f"-t{args.threads}", f"-c{args.connections}", "-s", lua.name]
    try:
        if args.warmup:
            subprocess.run(
                [*wrk, f"-d{args.warmup}s", url], capture_output=True, check=True
            )
        workers = site.workers()
        before = cpu_ticks(workers)
        result = subprocess.run(
            [*wrk, f"-d{args.seconds}s", "--timeout", "10s", url],
            capture_output=True,
            text=True,
            check=True,
        )
        after = cpu_ticks(workers)
    finally:
        os.unlink(lua.name)
    line = next(
        (row for row in result.stdout.splitlines() if row.startswith("BENCH ")), None
    )
    if line is None:
        raise RuntimeError(f"wrk gave no figures for {label}:\n{result.stdout}")
    figures = json.loads(line[len("BENCH ") :])
    seconds = figures["duration_us"] / 1e6
    requests = figures["requests"]
    errors = sum(
        figures[name]
        for name in (
            "status_errors",
            "connect_errors",
            "read_errors",
            "write_errors",
            "timeouts",
        )
    )
    if workers != site.workers():
        say(f"note: a gunicorn worker was replaced during {label}")
    return {
        "key": key,
        "label": label,
        "path": path,
        "who": who,
        "requests": requests,
        "errors": errors,
        "rps": requests / seconds if seconds else 0.0,
        "p50_ms": figures["p50_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
        "cpu_ms": (after - before) * 1000 / TICKS / requests if requests else 0.0,
        "queries": _queries(answer),
        "queries_first": _queries(first[0]),
        "first_visit_ms": first[1],
        "queries_rendered": _queries(rendered[0]),
        "rendered_ms": rendered[1],
        "bytes": len(answer.body),
    }


def idle_worker(site, args):
    """(tasks waiting after the load, seconds the worker took to run them, its CPU
    in % of a core once idle; None when it never got idle within --drain s)."""
    records = Records(site.dela.env["DATABASE_URL"])

    def waiting():
        return records.query(
            f"SELECT COUNT(*) FROM {TASKS} WHERE status IN ('READY', 'RUNNING')"
        )[0][0]

    backlog = waiting()
    drained = stack.wait_until(lambda: waiting() == 0, args.drain, step=1)
    if drained is None:
        say(f"{site.name}: {waiting()} tasks still waiting after {args.drain} s")
        return backlog, None, None
    log = site.dela.logs / "worker.log"
    time.sleep(2)
    size, before = log.stat().st_size, cpu_ticks([site.dela.worker.pid])
    time.sleep(args.idle)
    used = (cpu_ticks([site.dela.worker.pid]) - before) / TICKS
    if log.stat().st_size != size:
        say(f"{site.name}: the task worker ran a task while measured idle")
    return backlog, drained, 100 * used / args.idle


def run_site(database, scale, args, cleanup):
    site = BenchSite(database, scale, args, cleanup)
    say(f"{site.name}: preparing ({site.dela.env['DATABASE_URL'].split('@')[-1]})")
    site.prepare()
    site.serve()
    say(f"{site.name}: serving on 127.0.0.1:{site.port}, {WORKERS} sync workers")
    rows = []
    try:
        for key, label, _who in PAGES:
            if args.only and key not in args.only:
                continue
            row = measure(site, key, label, args)
            rows.append(row)
            say(
                f"{site.name}: {label}: {row['rps']:.1f}/s, p95 {row['p95_ms']:.0f} "
                f"ms, {row['cpu_ms']:.1f} CPU ms, {row['queries']} queries"
            )
        floor = next((row for row in rows if row["key"] == "floor"), None)
        for row in rows:
            row["x_floor"] = (
                row["cpu_ms"] / floor["cpu_ms"] if floor and floor["cpu_ms"] else None
            )
        workers = site.workers()
        rss = [rss_mb(pid) for pid in workers]
        backlog, drain_seconds, idle = idle_worker(site, args)
    finally:
        site.stop()
    return {
        "database": database,
        "scale": scale,
        "taken": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "generate_seconds": site.generate_seconds,
        "wrk": f"-t{args.threads} -c{args.connections}, {args.warmup} s warm-up "
        f"+ {args.seconds} s",
        "gunicorn_workers": WORKERS,
        "drain": args.drain,
        "pages": rows,
        "worker_rss_mb": rss,
        "task_backlog_after_load": backlog,
        "task_backlog_seconds": drain_seconds,
        "idle_task_worker_cpu_percent": idle,
    }


# --- output ---


def print_table(run):
    print()
    print(
        f"=== {run['database']}, scale {run['scale']:g} ({run['taken']}; "
        f"wrk {run['wrk']}; {run['gunicorn_workers']} gunicorn workers) ==="
    )
    header = (
        f"{'page':<28}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'CPU ms':>8}"
        f"{'SQL':>5}{'SQL 1st':>8}{'1st ms':>8}{'SQL r':>6}{'r ms':>6}{'KB':>7}"
        f"{'x floor':>8}{'err':>5}"
    )
    print(header)
    print("-" * len(header))
    for row in run["pages"]:
        ratio = f"{row['x_floor']:.1f}" if row.get("x_floor") else "-"
        print(
            f"{row['label']:<28}{row['rps']:>8.1f}{row['p50_ms']:>8.1f}"
            f"{row['p95_ms']:>8.1f}{row['p99_ms']:>8.1f}{row['cpu_ms']:>8.1f}"
            f"{row['queries']:>5}{row.get('queries_first', -1):>8}"
            f"{row.get('first_visit_ms', 0):>8.0f}{row.get('queries_rendered', -1):>6}"
            f"{row.get('rendered_ms', 0):>6.0f}{row['bytes'] / 1024:>7.1f}{ratio:>8}"
            f"{row['errors']:>5}"
        )
    rss = ", ".join(f"{mb:.0f}" for mb in run["worker_rss_mb"])
    idle = run["idle_task_worker_cpu_percent"]
    drain = run["task_backlog_seconds"]
    print(
        f"gunicorn worker RSS at the end: {rss} MB; tasks queued after the load: "
        f"{run['task_backlog_after_load']}, run in "
        + (f"{drain:.0f} s" if drain is not None else f"more than {run['drain']} s")
        + "; idle task worker: "
        + (f"{idle:.1f}% of a core" if idle is not None else "not measured")
    )
    if run.get("generate_seconds"):
        print(f"generate_scale_data took {run['generate_seconds']:.0f} s")


def print_scaling(runs):
    """p50 at the largest scale over p50 at the smallest, per database and page."""
    by_db = {}
    for run in runs.values():
        by_db.setdefault(run["database"], []).append(run)
    for database, measured in by_db.items():
        if len(measured) < 2:
            continue
        measured.sort(key=lambda run: run["scale"])
        small, large = measured[0], measured[-1]
        p50 = {row["key"]: row["p50_ms"] for row in small["pages"]}
        print()
        print(
            f"=== {database}: p50 at scale {large['scale']:g} / p50 at scale "
            f"{small['scale']:g} (target <= 1.5) ==="
        )
        for row in large["pages"]:
            if row["key"] in p50 and p50[row["key"]]:
                ratio = row["p50_ms"] / p50[row["key"]]
                print(f"{row['label']:<24}{ratio:>6.2f}")


def sql_cell(row):
    """The queries of a measured request, and of the page rendered (the page cache
    missed, the other caches warm) when it made others: "0 (17)" for a page the page
    cache answers."""
    rendered = row.get("queries_rendered")
    if rendered is None or rendered == row["queries"]:
        return str(row["queries"])
    return f"{row['queries']} ({rendered})"


def print_markdown(runs):
    """The figures as Markdown tables, for the README."""
    series = sorted(runs.values(), key=lambda run: (run["database"], run["scale"]))
    names = [f"{run['database']} {run['scale'] * 100:g}%" for run in series]
    print("| page | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(series))
    print(
        "| (req/s · p50 · p95 ms · CPU ms · SQL (rendered) · KB) |" + " |" * len(series)
    )
    for key, label, _who in PAGES:
        cells = []
        for run in series:
            row = next((r for r in run["pages"] if r["key"] == key), None)
            cells.append(
                "-"
                if row is None
                else f"{row['rps']:.1f} · {row['p50_ms']:.0f} · {row['p95_ms']:.0f} · "
                f"{row['cpu_ms']:.1f} · {sql_cell(row)} · {row['bytes'] / 1024:.0f}"
            )
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()
    for name, run in zip(names, series, strict=True):
        idle = run.get("idle_task_worker_cpu_percent")
        print(
            f"- {name} ({run['taken']}, wrk {run['wrk']}): worker RSS "
            + ", ".join(f"{mb:.0f}" for mb in run["worker_rss_mb"])
            + " MB; idle task worker "
            + (f"{idle:.1f}% of a core" if idle is not None else "not measured")
            + (
                f"; generate_scale_data {run['generate_seconds']:.0f} s"
                if run.get("generate_seconds")
                else ""
            )
            + f"; {run.get('machine', '')}"
        )


def chart(runs, path):
    """CPU ms per request and p95 per page, a bar per database and scale."""
    from PIL import Image, ImageDraw

    series = sorted(runs.values(), key=lambda run: (run["database"], run["scale"]))
    labels = [label for key, label, _who in PAGES]
    colours = ["#1f5fa8", "#7fb0e6", "#b8561a", "#f0a36e", "#3d8b3d", "#9fd39f"]
    bar, gap, left, top = 7, 10, 190, 40
    panel_width = 330
    height = top + len(labels) * (len(series) * bar + gap) + 60
    image = Image.new("RGB", (left + 2 * panel_width + 40, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 8), "Dela pages: CPU ms/request (left), p95 ms (right)", "black")
    for panel, (field, limit) in enumerate((("cpu_ms", 5), ("p95_ms", 50))):
        values = [
            row[field] for run in series for row in run["pages"] if row.get(field)
        ]
        top_value = max(values + [limit]) or 1
        x0 = left + panel * (panel_width + 20)
        scale = (panel_width - 40) / top_value
        draw.line((x0 + limit * scale, top - 5, x0 + limit * scale, height - 50), "red")
        target = f"target {limit}" + (" (anonymous)" if panel else "")
        draw.text((x0 + limit * scale + 2, top - 16), target, "red")
        for index, label in enumerate(labels):
            y = top + index * (len(series) * bar + gap)
            if panel == 0:
                draw.text((10, y), label, "black")
            for number, run in enumerate(series):
                row = next((r for r in run["pages"] if r["label"] == label), None)
                if row is None:
                    continue
                y1 = y + number * bar
                width = row[field] * scale
                draw.rectangle(
                    (x0, y1, x0 + width, y1 + bar - 2),
                    fill=colours[number % len(colours)],
                )
                draw.text((x0 + width + 3, y1 - 3), f"{row[field]:.0f}", "black")
    for number, run in enumerate(series):
        y = height - 45 + (number // 3) * 14
        x = 10 + (number % 3) * 250
        draw.rectangle((x, y, x + 10, y + 10), fill=colours[number % len(colours)])
        draw.text((x + 14, y), f"{run['database']}, scale {run['scale']:g}", "black")
    image.save(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scales", default=os.environ.get("BENCH_PAGES_SCALES", "0.01,1")
    )
    parser.add_argument(
        "--databases",
        default=os.environ.get("BENCH_PAGES_DATABASES", "postgres,sqlite"),
    )
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--idle", type=float, default=10.0, help="idle worker, s")
    parser.add_argument(
        "--drain", type=float, default=300.0, help="wait for the task queue, s"
    )
    parser.add_argument("--only", type=lambda s: set(s.split(",")), default=None)
    parser.add_argument("--fresh", action="store_true", help="make the data again")
    parser.add_argument(
        "--prepare-only", action="store_true", help="make the data, measure nothing"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print var/bench/pages.json as tables"
    )
    args = parser.parse_args()
    if args.markdown:
        print_markdown(json.loads((OUT / "pages.json").read_text()))
        return
    missing = [
        name
        for name in ("TEST_DATABASE_URL", "DELA_TEST_REDIS_URL")
        if not os.environ.get(name)
    ]
    if missing:
        sys.exit(f"bench_pages: {', '.join(missing)} not set: run `make bench`")
    if not shutil.which("wrk"):
        sys.exit("bench_pages: wrk is not installed (Debian package wrk)")
    OUT.mkdir(parents=True, exist_ok=True)
    results_path = OUT / "pages.json"
    runs = json.loads(results_path.read_text()) if results_path.exists() else {}
    machine = machine_description()
    cleanup = stack.Cleanup()
    try:
        for database in args.databases.split(","):
            for scale in [float(s) for s in args.scales.split(",")]:
                if args.prepare_only:
                    BenchSite(database, scale, args, cleanup).prepare()
                    continue
                run = run_site(database, scale, args, cleanup)
                run["machine"] = machine
                runs[f"{database}@{scale:g}"] = run
                print_table(run)
                results_path.write_text(json.dumps(runs, indent=1))
    finally:
        cleanup.run_all()
    if args.prepare_only or not runs:
        return
    print_scaling(runs)
    chart(runs, OUT / "pages.png")
    print(f"\nFigures: {results_path}; chart: {OUT / 'pages.png'}")


def machine_description():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    load = Path("/proc/loadavg").read_text().split()[:3]
    return (
        f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024} MB RAM; load "
        f"average at the end {' '.join(load)}"
    )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""`make soak`: Dela under a steady load, with what it depends on broken mid-load.

It runs Dela as in production (gunicorn with 4 workers, one `manage.py db_worker`,
`dela.settings.production`) on 127.0.0.1, against a new PostgreSQL database
`dela_soak` on the cluster of scripts/services.sh, its Redis (a database number of
its own) and its OpenSearch node (an index `dela-soak`), with the demo content, and
puts 64 connections of load on it: anonymous pages, logged-in pages with the demo
logins, and replies posted through the reply form. Then, one scenario at a time:

  1a  load on PostgreSQL for 60 s            no 5xx, no connection errors
  2   PostgreSQL stopped ~10 s, started      503 with Retry-After (never 500) while
                                             down, good answers again within 10 s,
                                             every accepted reply stored exactly once
                                             with its one notification task, the
                                             task worker still running
  3   Redis stopped ~10 s, started           no 5xx, logging in still works
  4   the search node stopped, restarted     /search/ and /api/search/ answer 200,
                                             the indexes catch up afterwards
  5   the task worker stopped, restarted     tasks queued meanwhile run, each once
  6   uploads onto a full disk (2 MB tmpfs)  a 4xx/form error or 503, never a 500, and
                                             no file left behind
  1b  load on SQLite for 60 s                no 5xx, no "database is locked"

How to read the report: each scenario prints its requests (how many, how many a
second), the answers by status class (2xx pages, 3xx redirects such as an accepted
reply, 4xx refusals, 5xx server errors, broken down by code), connection errors (no
HTTP answer at all: refused, reset or timed out) on their own line, latency p50/p95
of the answered requests, and for a fault: how long the server was down, when
failures (5xx or no answer) began and ended, and the recovery ("recovery" in the
table): from the first failure to the first good answer once the server was back;
"first good answer N s after the restart" is that last part alone (requests queued
behind the 64 connections make it a few seconds even when the site is instantly
well). "replies" follows each reply form sent by its submission_key: accepted means
an answer redirected to the new post (after as many resubmissions of the same form
as a 5xx or no answer called for); "checked" counts the records looked up in the
database afterwards (replies by key, tasks by id). Each expectation is a PASS or
FAIL line; "note" lines are facts worth knowing that no expectation covers. The
summary table at the end repeats the figures; the exit status is 1 when any
expectation failed.

Everything it starts is stopped again, and the servers it stops are started again as
they were, also on Ctrl-C: gunicorn and the worker, the database `dela_soak`, the
Redis database, the `dela-soak` index, the tmpfs mount, var/soak/'s data (its logs
stay in var/soak/<site>/logs/).

It takes 7 to 9 minutes on 2 cores: setup 1.5 minutes, the scenarios 6, cleanup
seconds. Usage: make soak [SOAK_ARGS="--only 2,3 --seconds 30"], or with
var/services/env sourced: .venv/bin/python scripts/soak.py [--seconds 60]
[--visitors 64] [--only 1a,2,3,4,5,6,1b]
"""

import argparse
import atexit
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from soak import load as loadgen  # noqa: E402 - scripts/soak/, the helpers
from soak import stack  # noqa: E402
from soak.client import Browser, Response, find_form  # noqa: E402
from soak.records import Records  # noqa: E402
from soak.report import (  # noqa: E402
    Outcome,
    figures,
    phases,
    print_outcome,
    print_summary,
    recovery,
)
from soak.stack import ROOT, say, wait_until  # noqa: E402

WORK = ROOT / "var" / "soak"
DATABASE = "dela_soak"
SEARCH_INDEX = "dela-soak"
REDIS_DBS = {"pg": 13, "sqlite": 14}  # Redis databases of their own (the suite uses 0)
MEMBER, MODERATOR = "member@dela.example", "moderator@dela.example"
LOGIN, NOTIFICATIONS = "/accounts/login/", "/network/notifications/"
RECOVERY_LIMIT = 10.0  # seconds after a server is back within which pages must be good
SCENARIOS = ("1a", "2", "3", "4", "5", "6", "1b")


class Soak:
    """What the scenarios share: settings, the servers, the cleanup."""

    def __init__(self, args):
        self.seconds = args.seconds
        self.visitors = args.visitors
        self.only = set(args.only.split(",")) if args.only else set(SCENARIOS)
        self.before, self.outage, self.after = 8.0, 10.0, 15.0
        self.cleanup = stack.Cleanup()
        self.outcomes = []
        self.notes = []  # findings outside the scenarios, printed with the summary
        self.secret = secrets.token_urlsafe(64)
        self.site_env = dict(item.split("=", 1) for item in args.env)
        env = os.environ
        missing = [
            name
            for name in ("TEST_DATABASE_URL", "DELA_TEST_REDIS_URL")
            if not env.get(name)
        ]
        if missing:
            sys.exit(
                f"soak: {', '.join(missing)} not set: run `make soak` (it starts the "
                "servers and sources var/services/env)"
            )
        self.postgres = stack.Postgres(env["TEST_DATABASE_URL"])
        self.redis = stack.Redis(env["DELA_TEST_REDIS_URL"])
        engine = env.get("DELA_TEST_SEARCH_ENGINE_URL", "")
        self.node = stack.SearchNode(engine) if engine else None
        # As they were: each server that answers now must answer when we are done.
        self.was_up = {
            "postgres": self.postgres.answers(),
            "redis": self.redis.answers(),
            "search": bool(self.node and self.node.answers()),
        }
        if not self.was_up["postgres"] or not self.was_up["redis"]:
            sys.exit("soak: PostgreSQL or Redis does not answer: run `make services`")
        self.redis.remember_config()
        self.node_port = self.node.url.rsplit(":", 1)[1] if self.node else None
        self.cleanup.add("restore the servers", self.restore_servers)

    def finish(self):
        """Undo everything (once; again on exit is harmless)."""
        stack.end_commands()
        self.cleanup.run_all()

    def wants(self, key):
        return key in self.only

    # --- the servers, as they were ---

    def ensure_postgres(self):
        if self.was_up["postgres"] and not self.postgres.answers():
            say("starting PostgreSQL again")
            self.postgres.start()

    def ensure_redis(self):
        if self.was_up["redis"] and not self.redis.answers():
            say("starting Redis again")
            self.redis.start()

    def ensure_search(self):
        if self.was_up["search"] and not self.node.answers():
            say("starting the search node again")
            self.node.restart(WORK / "opensearch.log")

    def restore_servers(self):
        for ensure in (self.ensure_postgres, self.ensure_redis, self.ensure_search):
            try:
                ensure()
            except Exception as error:
                print(f"soak: could not restore a server: {error}", file=sys.stderr)

    # --- the sites ---

    def install(self, name, database_url, redis_db, search, drain, static=None):
        """A Dela under production settings, migrated, with the demo content. `drain`:
        run the demo's queued tasks now (on SQLite they run during the load instead:
        more contention). `static`: another site's collected static files."""
        folder = WORK / name
        if folder.exists():
            shutil.rmtree(folder)
        self.cleanup.add(f"{name}: remove its data", lambda: remove_data(folder))
        self.redis.flush(redis_db)
        self.cleanup.add(
            f"{name}: empty Redis database {redis_db}",
            lambda: (self.ensure_redis(), self.redis.flush(redis_db)),
        )
        env = {
            "SECRET_KEY": self.secret,
            "DATABASE_URL": database_url,
            "REDIS_URL": self.redis.url_for_db(redis_db),
            **self.site_env,
        }
        if static:
            env["STATIC_ROOT"] = str(static)
        if search:
            self.node.delete_indices(SEARCH_INDEX)
            env["SEARCH_ENGINE_URL"] = self.node.url
            env["SEARCH_ENGINE_INDEX"] = SEARCH_INDEX
            self.cleanup.add(
                "delete the soak's search index",
                lambda: (self.ensure_search(), self.node.delete_indices(SEARCH_INDEX)),
            )
        site = stack.Dela(name, folder, env, self.cleanup)
        site.records = Records(database_url)
        say(f"{name}: installing Dela ({database_url.split('@')[-1]})")
        site.install(search=search, collect=not static)
        if drain:
            site.drain_queue()
        site.failed_at_setup = site.records.task_totals()[2]
        if drain and site.failed_at_setup:
            self.notes.append(
                f"{name}: with two task workers running load_demo's queue at once, "
                f"tasks failed: {site.failed_at_setup} (see {site.logs / 'drain.log'})"
            )
        return site

    def serve(self, site):
        """Start the site's task worker and web server, log its visitors in."""
        site.start_worker()
        site.start_web(workers=4)
        site.targets = site.load_targets()
        site.sessions, failures = loadgen.log_in_sessions(site.port, site.targets)
        if failures:
            raise RuntimeError(f"demo logins failed: {failures}")
        say(
            f"{site.name}: {len(site.sessions)} visitors logged in, "
            f"{self.visitors - len(site.sessions)} anonymous"
        )
        return site


def remove_data(folder):
    """The site's data; its logs stay for reading."""
    if not folder.exists():
        return
    for child in folder.iterdir():
        if child.name != "logs":
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


# --- running load ---


class Running:
    """`with Running(soak, site) as run:` the load runs inside the block."""

    def __init__(self, soak, site):
        self.site = site
        self.load = loadgen.Load(site.port, site.targets, site.sessions, soak.visitors)
        self.log_offset = site.web_log_offset()

    def __enter__(self):
        self.start = time.monotonic()
        self.load.start()
        return self

    def __exit__(self, *exc):
        self.end = time.monotonic()
        stuck = self.load.finish()
        if stuck:
            say(f"{stuck} visitors did not stop in time")
        return False

    def results(self):
        return list(self.load.recorder.results)

    def posts(self):
        return list(self.load.ledger.posts.values())

    def missing_forms(self):
        return self.load.ledger.no_form

    def figures(self):
        return figures(self.results(), self.end - self.start)

    def log(self):
        return self.site.web_log_since(self.log_offset)


EXCEPTION = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Full|Locked)\w*): ?(.*)$")
CHAINED = ("During handling of the above exception", "The above exception was")


def log_exceptions(text, width=90):
    """The exceptions the log's tracebacks end with ("class: message"), in order,
    leaving out those another exception was raised from."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        match = EXCEPTION.match(line)
        if not match:
            continue
        following = [x for x in lines[number + 1 : number + 4] if x.strip()]
        if following and following[0].startswith(CHAINED):
            continue
        found.append(f"{match.group(1)}: {match.group(2)[:width]}")
    return found


def add_log_lines(outcome, text, label="gunicorn log"):
    found = Counter(log_exceptions(text))
    served = Counter(
        re.findall(r"^(Internal Server Error|Service Unavailable): (\S+)", text, re.M)
    )
    if served:
        top = ", ".join(
            f"{kind} {path} ×{n}" for (kind, path), n in served.most_common(4)
        )
        outcome.lines.append(f"{label}: {top}")
    for line, n in found.most_common(4):
        outcome.lines.append(f"{label}: {n} × {line}")


def check_replies(outcome, site, run):
    """The ledger against the database: accepted replies stored once each."""
    posts = run.posts()
    states = Counter(p.outcome for p in posts)
    refused = Counter(
        a for p in posts if p.outcome == "refused" for a in p.answers[-1:]
    )
    resent = sum(1 for p in posts if len(p.answers) > 1)
    outcome.lines.append(
        f"replies: {len(posts)} sent, {states['accepted']} accepted (302 to the post), "
        f"{states['refused']} refused{dict(refused) if refused else ''}, "
        f"{states['abandoned']} given up, {resent} resent at least once"
    )
    if not posts:
        outcome.expect(False, "replies were posted during the load")
        return
    report = site.records.check_posts(posts)
    outcome.checked += len(posts)
    outcome.expect(
        not (report["missing"] or report["duplicated"] or report["wrong_id"]),
        f"each accepted submission_key stored exactly once: {len(report['accepted'])} "
        f"of {states['accepted']} (missing {len(report['missing'])}, duplicated "
        f"{len(report['duplicated'])}, under another id {len(report['wrong_id'])})",
    )
    for key in report["missing"][:5]:
        outcome.lines.append(f"  missing: {key}")
    for key, ids in report["duplicated"][:5]:
        outcome.lines.append(f"  duplicated: {key} as posts {ids}")
    if report["ghosts"]:
        outcome.note(
            f"{len(report['ghosts'])} replies are stored although the client never got "
            f"an accepting answer: {report['ghosts'][:3]}"
        )
    outcome.expect(
        states["refused"] == 0
        and states["abandoned"] == 0
        and states["elsewhere"] == 0,
        "every reply was accepted in the end (none refused, redirected elsewhere "
        "or given up)",
    )
    outcome.expect(
        run.missing_forms() == 0,
        f"every thread page opened to reply had its reply form ({run.missing_forms()} "
        "had none)",
    )
    return report


def check_notify_tasks(outcome, site, posts):
    """Each accepted reply queued exactly one notify_new_post task."""
    ids = [p.post_id for p in posts if p.outcome == "accepted"]
    tasks = site.records.notify_tasks(ids)
    outcome.checked += len(ids)
    lost = [i for i in ids if not tasks.get(i)]
    twice = [i for i in ids if len(tasks.get(i, [])) > 1]
    outcome.expect(
        not lost and not twice,
        f"each accepted reply queued one notification task ({len(ids)} replies: "
        f"{len(lost)} without, {len(twice)} with more than one)",
    )
    by_id = {p.post_id: p for p in posts if p.outcome == "accepted"}
    for post_id in lost[:5]:
        attempt = by_id[post_id]
        outcome.lines.append(
            f"  reply {post_id} (submission_key {attempt.key}) has no notification "
            f"task; the client's answers to its form: {attempt.answers}"
        )
    return tasks


def expect_no_server_errors(outcome, f, what="no 5xx and no connection errors"):
    outcome.expect(
        f.server_errors == 0 and f.connection_errors == 0,
        f"{what} ({f.server_errors} 5xx, {f.connection_errors} connection errors)",
    )


# --- the scenarios ---


def scenario_load(soak, site, key, title):
    outcome = Outcome(key, title)
    with Running(soak, site) as run:
        time.sleep(soak.seconds)
    outcome.figures = f = run.figures()
    log = run.log()
    labels = ", ".join(f"{label} {n}" for label, n in f.by_label.most_common())
    outcome.lines.append(f"mix: {labels}")
    expect_no_server_errors(outcome, f)
    locked = log.count("database is locked")
    outcome.expect(locked == 0, f'no "database is locked" in the server log ({locked})')
    add_log_lines(outcome, log)
    check_replies(outcome, site, run)
    return outcome


def scenario_postgres(soak, site):
    outcome = Outcome("2", "PostgreSQL stopped ~10 s mid-load, started again")
    if soak.postgres.cluster is None:
        outcome.skipped = "TEST_DATABASE_URL is not a local Debian cluster"
        return outcome
    health = {}
    with Running(soak, site) as run:
        time.sleep(soak.before)
        others = soak.postgres.other_clients(DATABASE)
        fault_start = time.monotonic()
        say("stopping PostgreSQL")
        soak.postgres.stop()
        stopped = time.monotonic()
        try:
            health["down"] = in_background(site.healthz)
            time.sleep(soak.outage)
        finally:
            say("starting PostgreSQL")
            starting = time.monotonic()
            soak.postgres.start()
        fault_end = time.monotonic()
        health["down"].join(30)
        health["down"] = health["down"].result
        time.sleep(soak.after)
        health["after"] = site.healthz()
    results = run.results()
    outcome.figures = f = run.figures()
    if others:
        outcome.note(
            f"{others} connections of others were open when PostgreSQL stopped"
        )
    rec = recovery(results, fault_start, fault_end)
    outcome.recover = f"{rec.total:.1f} s" if rec.total is not None else "none"
    outcome.lines.append(
        f"stopping took {stopped - fault_start:.1f} s, stopped for "
        f"{starting - stopped:.1f} s, starting took {fault_end - starting:.1f} s"
    )
    outcome.lines.append(
        f"down for {fault_end - fault_start:.1f} s (stop to answering again); first "
        f"failure {fmt(rec.first_failure)} after the stop; first good answer "
        f"{fmt(rec.first_success)} after the restart (to a request sent after it: "
        f"{fmt(rec.first_sent_after)}); last failure {fmt(rec.last_failure)} after "
        "the restart (negative: before it)"
    )
    outcome.lines.append(phases(results, fault_start, fault_end))
    outcome.lines.append(
        f"/healthz while down: {health['down']}; after: {health['after']}"
    )
    log = run.log()
    add_log_lines(outcome, log)
    unqueued = log.count("could not enqueue indexing")
    if unqueued:
        outcome.note(
            f"{unqueued} committed changes had their search indexing task lost: the "
            'on-commit enqueue failed ("Search: could not enqueue indexing of …" in '
            "the log); the index stays stale until the same object changes again"
        )
    not_503 = {code: n for code, n in f.codes.items() if code != 503}
    outcome.expect(f.codes[503] > 0, f"the outage was felt: {f.codes[503]} answers 503")
    outcome.expect(
        not not_503, f"no 5xx other than 503 (500 and others: {not_503 or 0})"
    )
    outcome.expect(
        f.retry_after == f.codes[503],
        f"every 503 carries Retry-After ({f.retry_after} of {f.codes[503]})",
    )
    outcome.expect(
        f.connection_errors == 0,
        f"no connection errors ({dict(f.errors) or 0})",
    )
    late = [r for r in results if r.failed and r.t1 > fault_end + RECOVERY_LIMIT]
    early = [r for r in results if r.failed and r.t1 < fault_start]
    outcome.expect(
        rec.first_success is not None
        and rec.first_success <= RECOVERY_LIMIT
        and not late,
        f"good answers again by itself within {RECOVERY_LIMIT:.0f} s of the restart "
        f"(first after {fmt(rec.first_success)}; failures later: {len(late)})",
    )
    outcome.expect(not early, f"no failures before the stop ({len(early)})")
    posts = run.posts()
    check_replies(outcome, site, run)
    check_notify_tasks(outcome, site, posts)
    if site.worker_alive():
        outcome.note("the task worker survived the outage")
    else:
        dead = site.worker_id
        stuck = site.records.running_by(dead)
        outcome.expect(
            not stuck,
            f"no task is left RUNNING by the worker that died ({dead}); left so, and "
            f"never run again by any worker: {len(stuck)} "
            f"{[(str(i), path) for i, path, _ in stuck][:5]}",
        )
        code = site.worker.returncode
        tail = site.logs / "worker.log"
        last = log_exceptions(tail.read_text(errors="replace"), 160)[-1:]
        outcome.expect(
            False,
            f"the task worker (manage.py db_worker) survives a database restart: it "
            f"exited with status {code} ({last[0] if last else 'see worker.log'}); "
            "restarted by the soak as a process supervisor would",
        )
        site.start_worker()
    return outcome


def scenario_redis(soak, site):
    outcome = Outcome("3", "Redis stopped ~10 s mid-load, started again")
    if not soak.redis.is_local():
        outcome.skipped = "Redis is not a local redis-server"
        return outcome
    emails = ("member@dela.example", "ambassador@dela.example", "editor@dela.example")
    with Running(soak, site) as run:
        # Fresh visitors open the login page before the stop and send it after.
        logins = [FreshLogin(site, email, run.load.recorder) for email in emails]
        opened = [in_background(login.open) for login in logins]
        time.sleep(soak.before)
        for job in opened:
            job.join(30)
        others = soak.redis.other_clients(REDIS_DBS.values())
        fault_start = time.monotonic()
        say("stopping Redis")
        soak.redis.stop()
        stopped = time.monotonic()
        try:
            health = in_background(site.healthz)
            sent = [in_background(login.send) for login in logins]
            time.sleep(soak.outage)
            for job in [health, *sent]:  # the logins must be answered while it is down
                job.join(max(0.0, 30 - (time.monotonic() - fault_start)))
        finally:
            say("starting Redis")
            starting = time.monotonic()
            soak.redis.start()
        fault_end = time.monotonic()
        back = wait_until(lambda: site.healthz()[1].get("cache") == "ok", 30, step=1)
        time.sleep(max(0.0, soak.after - (time.monotonic() - fault_end)))
    outcome.figures = f = run.figures()
    if others > 0:
        outcome.note(f"{others} connections of others were open when Redis stopped")
    down = health.result
    outcome.lines.append(
        f"stopping took {stopped - fault_start:.1f} s, stopped for "
        f"{starting - stopped:.1f} s, starting took {fault_end - starting:.1f} s"
    )
    outcome.lines.append(phases(run.results(), fault_start, fault_end))
    outcome.lines.append(f"/healthz while down: {down}")
    add_log_lines(outcome, run.log())
    expect_no_server_errors(outcome, f)
    good = [x for x in logins if x.ok and x.logged_in_at and x.logged_in_at < fault_end]
    outcome.expect(
        len(good) == len(logins),
        f"logging in works while Redis is down ({len(good)} of {len(logins)}: "
        + "; ".join(
            f"{x.email} {x.detail}, logged in "
            f"{fmt(x.logged_in_at - fault_start if x.logged_in_at else None)} "
            "after the stop"
            for x in logins
        )
        + ")",
    )
    outcome.expect(
        down and down[1].get("cache") == "degraded",
        f"/healthz says cache: degraded while Redis is down ({down and down[1]})",
    )
    outcome.expect(
        back is not None,
        f"/healthz says cache: ok again after the restart (after {fmt(back)})",
    )
    check_replies(outcome, site, run)
    outcome.checked += len(logins)
    return outcome


class FreshLogin:
    """A new visitor logging in: open() the login page, send() it, then open a
    members' page. .ok, .detail and .logged_in_at (when the POST was answered)."""

    def __init__(self, site, email, recorder):
        self.site, self.email, self.recorder = site, email, recorder
        self.browser = Browser("127.0.0.1", site.port)
        self.form = None
        self.ok, self.detail, self.logged_in_at = False, "not sent", None

    def _timed(self, label, call):
        return loadgen.time_call(self.recorder, label, call)

    def open(self):
        self.detail = "login page did not open"
        page = self._timed("login-page", lambda: self.browser.get(LOGIN))
        if page is not None and page.status == 200:
            self.form = find_form(page.text, "password", LOGIN)

    def send(self):
        if self.form is None:
            return
        password = self.site.targets["logins"][self.email]["password"]
        answer = self._timed(
            "login", lambda: self.browser.send_login(self.form, self.email, password)
        )
        if answer is None:
            self.detail = "no answer to the login"
            return
        self.logged_in_at = time.monotonic()
        if self.browser.email != self.email:
            self.detail = f"login answered {answer.status} {answer.location}"
            self.logged_in_at = None
            return
        page = self._timed("notifications", lambda: self.browser.get(NOTIFICATIONS))
        status = page.status if page else "no answer"
        self.ok = page is not None and page.status == 200
        self.detail = f"302, then {NOTIFICATIONS} {status}"


class in_background(threading.Thread):  # lower case: reads as a call
    """Run function(*args) in a thread: .result once joined (None if it failed),
    or .outcome() to wait and get the result or the exception raised."""

    def __init__(self, function, *args):
        super().__init__(daemon=True)
        self.function, self.args = function, args
        self.result = self.error = None
        self.start()

    def run(self):
        try:
            self.result = self.function(*self.args)
        except BaseException as error:  # handed to whoever asks for the outcome
            self.error = error

    def outcome(self):
        self.join()
        if self.error is not None:
            raise self.error
        return self.result


def scenario_search(soak, site):
    outcome = Outcome("4", "search node stopped mid-load, restarted")
    if not soak.was_up["search"]:
        outcome.skipped = "no search node (DELA_TEST_SEARCH_ENGINE_URL) answers"
        return outcome
    health = {"before": site.healthz()}
    drift = {"before": index_drift(site)}
    with Running(soak, site) as run:
        time.sleep(soak.before)
        fault_start = time.monotonic()
        say("stopping the search node")
        soak.node.stop(WORK / "opensearch.log")
        try:
            down = in_background(site.healthz)
            time.sleep(soak.outage)
        finally:
            say("restarting the search node (node.sh restart keeps its data)")
            soak.node.restart(WORK / "opensearch.log")
        fault_end = time.monotonic()
        down.join(30)
        health["down"] = down.result
        time.sleep(soak.after)
        health["after"] = site.healthz()
    drift["after"] = index_drift(site)
    results = run.results()
    outcome.figures = f = run.figures()
    searches = [r for r in results if r.label in ("search", "api-search")]
    during = [r for r in searches if fault_start <= r.t0 < fault_end]
    bad = Counter(r.status or r.error for r in searches if r.status != 200)
    before = figures([r for r in searches if r.t0 < fault_start], 1)
    while_down = figures(during, 1)
    outcome.lines.append(
        f"node down for {fault_end - fault_start:.1f} s (stop to healthy again); "
        f"searches: {len(searches)}, {len(during)} while down"
    )
    outcome.lines.append(
        f"search latency p50/p95 before {fmt_ms(before.p50)}/{fmt_ms(before.p95)}, "
        f"while down {fmt_ms(while_down.p50)}/{fmt_ms(while_down.p95)}"
    )
    outcome.lines.append(
        "/healthz search: before {}, while down {}, after {}".format(
            *(
                (health[k] or (None, {}))[1].get("search")
                for k in ("before", "down", "after")
            )
        )
    )
    if health["after"][1].get("search") != "ok":
        outcome.note(
            f"/healthz still says search: degraded {soak.after:.0f} s after the node "
            "answers again: search/services.py keeps the mark for DEGRADED_SECONDS "
            "(120 s) after the last fallback"
        )
    add_log_lines(outcome, run.log())
    outcome.expect(
        not bad and during,
        f"/search/ and /api/search/ answer 200 throughout ({len(searches)} searches, "
        f"{len(during)} while the node was down; other answers: {dict(bad) or 0})",
    )
    expect_no_server_errors(outcome, f)
    outcome.lines.append(f"check_search_index before the load: {drift['before'][1]}")
    outcome.lines.append(f"check_search_index after it: {drift['after'][1]}")
    outcome.checked += 2
    outcome.expect(
        drift["after"][0] == 0 or drift["before"][0] != 0,
        "the indexes caught up with what changed while the node was down (manage.py "
        f"check_search_index, once the task queue was empty: {drift['after'][1]})",
    )
    port_now = soak.node.url.rsplit(":", 1)[1]
    outcome.expect(
        soak.node.answers() and port_now == soak.node_port,
        f"the node answers again on its port {soak.node_port}",
    )
    check_replies(outcome, site, run)
    outcome.checked += len(searches)
    return outcome


def index_drift(site):
    """(exit status, summary) of manage.py check_search_index, run once the task
    queue is empty (waits up to 60 s for the worker)."""
    waited = wait_until(site.queue_empty, 60, step=0.5)
    status, output = site.check("check_search_index", "--limit", "3")
    counts = [line.strip() for line in output.splitlines() if line.strip()]
    summary = "; ".join(counts[:14])
    if waited is None:
        summary += " (the task queue was not empty after 60 s)"
    return status, f"exit {status}: {summary}"


def scenario_worker(soak, site):
    outcome = Outcome("5", "task worker stopped, replies posted, worker restarted")
    records = site.records
    with Running(soak, site) as run:
        time.sleep(soak.before)
        say("stopping the task worker")
        site.stop_worker()
        stopped, db_stopped = time.monotonic(), records.now()
        time.sleep(15)
        restarted, db_restarted = time.monotonic(), records.now()
        queued = records.tasks_between(db_stopped, db_restarted)
        say(f"starting the task worker ({len(queued)} tasks queued meanwhile)")
        site.start_worker()

        def drained():
            rows = records.tasks_between(db_stopped, db_restarted)
            return all(
                status in ("SUCCESSFUL", "FAILED") for _, _, status, _, _ in rows
            )

        drain = wait_until(drained, 120, step=0.5)
        time.sleep(5)
    outcome.figures = f = run.figures()
    rows = records.tasks_between(db_stopped, db_restarted)
    states = Counter(status for _, _, status, _, _ in rows)
    twice = [(i, path, runs) for i, path, _, runs, _ in rows if (runs or 0) > 1]
    failed = Counter(
        f"{path} {error}" for _, path, status, _, error in rows if status == "FAILED"
    )
    outcome.checked += len(rows)
    outcome.lines.append(
        f"worker stopped for {restarted - stopped:.1f} s; tasks queued meanwhile: "
        f"{len(queued)} ({dict(Counter(s for _, _, s, _, _ in queued))} at the restart)"
    )
    outcome.lines.append(
        f"after the restart: {dict(states)}, all finished after {fmt(drain)}"
    )
    expect_no_server_errors(outcome, f)
    outcome.expect(
        len(queued) > 0 and all(s == "READY" for _, _, s, _, _ in queued),
        f"tasks waited in the queue while no worker ran ({len(queued)} queued)",
    )
    outcome.expect(
        drain is not None, f"all of them finished after the restart ({fmt(drain)})"
    )
    outcome.expect(not twice, f"none ran twice ({len(twice)} claimed more than once)")
    outcome.expect(not failed, f"none failed ({dict(failed) or 0})")
    while_stopped = [p for p in run.posts() if stopped <= p.sent_at < restarted]
    outcome.lines.append(
        f"replies sent while the worker was stopped: {len(while_stopped)}"
    )
    check_replies(outcome, site, run)
    tasks = check_notify_tasks(outcome, site, while_stopped)
    not_done = {
        post_id: entries
        for post_id, entries in tasks.items()
        if any(status != "SUCCESSFUL" or runs != 1 for status, runs in entries)
    }
    outcome.expect(
        not not_done,
        f"their notification tasks ran once each, successfully ({len(not_done)} not)",
    )
    totals, twice_ever, failed_ever = records.task_totals()
    outcome.lines.append(f"the whole task table now: {totals}")
    outcome.expect(
        not twice_ever, f"no task in the table was claimed twice ({len(twice_ever)})"
    )
    earlier = {(path, error): n for path, error, n in site.failed_at_setup}
    since = [
        (path, error, n - earlier.get((path, error), 0))
        for path, error, n in failed_ever
        if n > earlier.get((path, error), 0)
    ]
    if since:
        outcome.note(f"tasks failed since the setup (all scenarios so far): {since}")
    return outcome


def noise_jpeg(size, quality=95):
    """A JPEG of random pixels: does not compress, so its size is predictable."""
    import io

    from PIL import Image

    image = Image.frombytes("RGB", (size, size), os.urandom(size * size * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def files_under(folder):
    return {
        str(path.relative_to(folder)): path.stat().st_size
        for path in Path(folder).rglob("*")
        if path.is_file()
    }


def new_files(before, after):
    return [
        f"{name} ({after[name]} bytes)" for name in sorted(set(after) - set(before))
    ]


def scenario_disk(soak, site):
    """A short gunicorn whose MEDIA_ROOT is a 2 MB tmpfs, filled up before uploads."""
    outcome = Outcome("6", "uploads onto a full disk (MEDIA_ROOT on a 2 MB tmpfs)")
    if os.geteuid() != 0 or not shutil.which("mount"):
        outcome.skipped = "needs root to mount a tmpfs"
        return outcome
    mount = WORK / "full-disk"
    mount.mkdir(parents=True, exist_ok=True)
    try:
        stack.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount])
    except RuntimeError as error:
        outcome.skipped = f"cannot mount a tmpfs: {error}"
        return outcome
    unmount = soak.cleanup.add("unmount the full disk", lambda: unmount_tmpfs(mount))
    shutil.rmtree(WORK / "pg-disk", ignore_errors=True)  # an earlier run's logs
    disk = stack.Dela(
        "pg-disk",
        WORK / "pg-disk",
        {**site.env, "MEDIA_ROOT": str(mount)},
        soak.cleanup,
    )
    disk.start_web(workers=2)
    offset = disk.web_log_offset()
    recorder, began = loadgen.Recorder(), time.monotonic()

    def ask(label, call):
        """call() -> Response, recorded; no answer at all becomes a status 0."""
        answer = loadgen.time_call(recorder, label, call)
        return answer or Response(0, {}, b"", 0.0)

    try:
        logins = site.targets["logins"]
        member = Browser("127.0.0.1", disk.port)
        member.login(MEMBER, logins[MEMBER]["password"])
        moderator = Browser("127.0.0.1", disk.port)
        moderator.login(MODERATOR, logins[MODERATOR]["password"])
        if not member.email or not moderator.email:
            raise RuntimeError("could not log in on the full-disk server")
        thread = logins[MODERATOR]["reply"][0]

        # Control: with room on the disk, a photo is saved.
        control = ask("photo", lambda: upload_photo(member, noise_jpeg(64)))
        outcome.lines.append(
            f"control: a small photo with room on the disk: {control.status}"
        )
        outcome.expect(
            control.status == 302, f"with room, a photo is saved ({control.status})"
        )

        # Fill the disk, leaving 48 KB.
        stats = os.statvfs(mount)
        free = stats.f_bavail * stats.f_frsize
        filler = mount / "filler"
        with open(filler, "wb") as out:
            out.write(b"\0" * max(0, free - 48 * 1024))
        room = os.statvfs(mount).f_bavail * stats.f_frsize
        before = files_under(mount)
        photo_before = site.records.profile_photo(MEMBER)
        outcome.lines.append(f"disk filled: {room // 1024} KB left")

        photo = noise_jpeg(1000)
        answer = ask("photo", lambda: upload_photo(member, photo))
        after_photo = files_under(mount)
        photo_after = site.records.profile_photo(MEMBER)
        new = new_files(before, after_photo)
        outcome.lines.append(
            f"profile photo of {len(photo) // 1024} KB onto the full disk: "
            f"{answer.status} {error_text(answer)}; new files: {new or 'none'}"
        )
        judge_upload(outcome, "profile photo", answer, new)
        outcome.expect(
            photo_after == photo_before,
            f"the profile still names its earlier photo ({photo_after})",
        )

        # A reply with an image onto the full disk, then the same form with room.
        page = ask("thread", lambda: moderator.get(thread))
        form = find_form(page.text, "submission_key", thread)
        if form is None:
            raise RuntimeError(f"no reply form on {thread} ({page.status})")
        key = form.get("submission_key")
        values = {"body": f"Soak reply with an image {key}", "alt_1": "Brus"}
        files = {"image_1": ("brus.jpg", noise_jpeg(1000), "image/jpeg")}
        answer = ask("post", lambda: moderator.submit(form, values, files, thread))
        after_reply = files_under(mount)
        new = new_files(after_photo, after_reply)
        stored = site.records.posts_by_key([key]).get(key, [])
        outcome.lines.append(
            f"reply with a {len(files['image_1'][1]) // 1024} KB image onto the full "
            f"disk: {answer.status} {error_text(answer)}; new files: {new or 'none'}; "
            f"posts with its key: {stored}"
        )
        judge_upload(outcome, "reply with an image", answer, new)
        if answer.status != 302:
            outcome.expect(not stored, f"the refused reply left no post ({stored})")
        filler.unlink()
        again = ask("post", lambda: moderator.submit(form, values, files, thread))
        stored = site.records.posts_by_key([key]).get(key, [])
        outcome.expect(
            again.status == 302 and len(stored) == 1,
            f"with room again, the same form resent is posted once ({again.status}, "
            f"posts {stored})",
        )
        outcome.checked += 4
        outcome.figures = figures(recorder.results, time.monotonic() - began)
        add_log_lines(outcome, disk.web_log_since(offset))
    finally:
        disk.stop_web()
        soak.cleanup.run_now(unmount)
    return outcome


def upload_photo(browser, payload):
    page = browser.get("/network/me/profile/")
    form = find_form(page.text, "photo", "/network/me/profile/")
    if form is None:
        raise RuntimeError(f"no profile form ({page.status})")
    return browser.submit(
        form,
        files={"photo": ("foto.jpg", payload, "image/jpeg")},
        referer="/network/me/profile/",
    )


def error_text(answer):
    """The first form error of a page, or its <title>."""
    text = answer.text
    match = re.search(r'class="form-errors".*?<li>(.*?)</li>', text, re.S)
    if match:
        return "(" + re.sub(r"<[^>]+>", "", match.group(1)).strip()[:120] + ")"
    match = re.search(r"<title>(.*?)</title>", text, re.S)
    return f"({match.group(1).strip()[:80]})" if match else ""


def judge_upload(outcome, what, answer, new_files):
    outcome.expect(
        400 <= answer.status < 500 or answer.status == 503,
        f"{what} onto a full disk: a 4xx/form error or 503, never a 500 "
        f"(answered {answer.status})",
    )
    outcome.expect(
        not new_files, f"{what}: no file left behind ({new_files or 'none'})"
    )


def unmount_tmpfs(mount):
    if os.path.ismount(mount):
        subprocess.run(["umount", str(mount)], check=False)
        if os.path.ismount(mount):
            subprocess.run(["umount", "-l", str(mount)], check=False)
    if Path(mount).is_dir() and not os.path.ismount(mount):
        shutil.rmtree(mount, ignore_errors=True)


def fmt(seconds):
    return "-" if seconds is None else f"{seconds:.1f} s"


def fmt_ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


# --- the run ---


def run_all(soak):
    WORK.mkdir(parents=True, exist_ok=True)
    unmount_tmpfs(WORK / "full-disk")  # a mount left by a killed run
    started = time.monotonic()
    pg_part = [k for k in ("1a", "2", "3", "4", "5", "6") if soak.wants(k)]
    sqlite = None
    if soak.wants("1b"):
        # Installed meanwhile (nothing is measured during the setup); it borrows
        # the PostgreSQL site's static files when there is one.
        sqlite = in_background(
            soak.install,
            "sqlite",
            f"sqlite:///{WORK / 'sqlite' / 'dela.sqlite3'}",
            REDIS_DBS["sqlite"],
            False,
            False,
            (WORK / "pg" / "static") if pg_part else None,
        )
    if pg_part:
        soak.postgres.create_database(DATABASE)
        soak.cleanup.add(
            f"drop the database {DATABASE}",
            lambda: (soak.ensure_postgres(), soak.postgres.drop_database(DATABASE)),
        )
        site = soak.install(
            "pg",
            soak.postgres.url_for(DATABASE),
            REDIS_DBS["pg"],
            search=soak.was_up["search"],
            drain=True,
        )
        soak.serve(site)
        steps = {
            "1a": lambda: scenario_load(
                soak, site, "1a", f"load on PostgreSQL, {soak.seconds} s"
            ),
            "2": lambda: scenario_postgres(soak, site),
            "3": lambda: scenario_redis(soak, site),
            "4": lambda: scenario_search(soak, site),
            "5": lambda: scenario_worker(soak, site),
            "6": lambda: scenario_disk(soak, site),
        }
        for key in pg_part:
            if key == "6":
                site.stop_web()  # the full-disk server runs on its own
            say(f"scenario {key} ({time.monotonic() - started:.0f} s into the soak)")
            outcome = steps[key]()
            soak.outcomes.append(outcome)
            print_outcome(outcome)
        site.stop_web()
        site.stop_worker()
    if sqlite is not None:
        site = soak.serve(sqlite.outcome())
        say(f"scenario 1b ({time.monotonic() - started:.0f} s into the soak)")
        outcome = scenario_load(soak, site, "1b", f"load on SQLite, {soak.seconds} s")
        worker_log = (site.logs / "worker.log").read_text(errors="replace")
        outcome.lines.append(
            f'worker log: "database is locked" {worker_log.count("is locked")} times'
        )
        soak.outcomes.append(outcome)
        print_outcome(outcome)
        site.stop_web()
        site.stop_worker()
    say(f"done in {time.monotonic() - started:.0f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds",
        type=int,
        default=int(os.environ.get("SOAK_SECONDS", 60)),
        help="length of the plain load runs (default 60)",
    )
    parser.add_argument(
        "--visitors", type=int, default=64, help="concurrent connections (default 64)"
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an extra setting for the soak's sites (e.g. DATABASE_CONN_MAX_AGE=60)",
    )
    parser.add_argument(
        "--only",
        default=os.environ.get("SOAK_ONLY", ""),
        help=f"comma-separated scenarios of {','.join(SCENARIOS)}",
    )
    soak = Soak(parser.parse_args())

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with &
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    atexit.register(soak.finish)
    status = 0
    try:
        run_all(soak)
    except KeyboardInterrupt:
        print("\nsoak: interrupted, cleaning up", file=sys.stderr)
        status = 130
    except Exception as error:
        print(f"\nsoak: stopped by an error: {error}", file=sys.stderr)
        import traceback

        traceback.print_exc()
        status = 2
    finally:
        say("cleaning up")
        soak.finish()
    if soak.outcomes:
        print_summary(soak.outcomes)
    for note in soak.notes:
        print(f"note: {note}")
    if status == 0 and any(o.failed for o in soak.outcomes):
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

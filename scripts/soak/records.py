"""Reading the soak site's database directly (psycopg or sqlite3, not Django), to
check what the load's answers claimed: each accepted reply stored once, each task
queued once and run once."""

import sqlite3
import urllib.parse
from collections import defaultdict

TASKS = "django_tasks_database_dbtaskresult"
NOTIFY_TASK = "network.tasks.notify_new_post"


class Records:
    def __init__(self, database_url):
        parts = urllib.parse.urlsplit(database_url)
        self.sqlite = parts.scheme.startswith("sqlite")
        if self.sqlite:
            self.path = urllib.parse.unquote(database_url.split(":///", 1)[1])
        else:
            self.url = database_url

    def query(self, sql, params=()):
        if self.sqlite:
            connection = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, timeout=30
            )
            try:
                return connection.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                connection.close()
        import psycopg

        with psycopg.connect(self.url, connect_timeout=5) as connection:
            return connection.execute(sql, params).fetchall()

    def _in(self, values):
        return ", ".join(["%s"] * len(values))

    def now(self):
        if self.sqlite:
            return self.query("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")[0][0]
        return self.query("SELECT now()")[0][0]

    # --- posts ---

    def posts_by_key(self, keys):
        """{submission_key: [post id, ...]} for the given keys (chunks of 500)."""
        found = defaultdict(list)
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            rows = self.query(
                f"SELECT submission_key, id FROM network_post "
                f"WHERE submission_key IN ({self._in(chunk)})",
                chunk,
            )
            for key, post_id in rows:
                found[key].append(post_id)
        return found

    def check_posts(self, attempts):
        """Compare the ledger with the database. Returns a dict of lists:
        accepted (ok), missing (accepted, not stored), duplicated (stored twice),
        wrong_id (stored under another id than the answer named), ghosts (stored,
        though every answer the client got was an error)."""
        keys = [a.key for a in attempts]
        stored = self.posts_by_key(keys)
        report = {
            k: [] for k in ("accepted", "missing", "duplicated", "wrong_id", "ghosts")
        }
        for attempt in attempts:
            ids = stored.get(attempt.key, [])
            if len(ids) > 1:
                report["duplicated"].append((attempt.key, ids))
            if attempt.outcome == "accepted":
                if not ids:
                    report["missing"].append(attempt.key)
                elif attempt.post_id not in ids:
                    report["wrong_id"].append((attempt.key, attempt.post_id, ids))
                else:
                    report["accepted"].append(attempt.key)
            elif ids:
                report["ghosts"].append((attempt.key, attempt.outcome, attempt.answers))
        return report

    # --- tasks ---

    def _task_arg(self):
        if self.sqlite:
            return "json_extract(args_kwargs, '$.args[0]')"
        return "(args_kwargs->'args'->>0)"

    def _runs(self):
        if self.sqlite:
            return "json_array_length(worker_ids)"
        return "jsonb_array_length(worker_ids)"

    def notify_tasks(self, post_ids):
        """{post id: [(status, times claimed by a worker)]} of notify_new_post."""
        found = defaultdict(list)
        ids = [str(i) for i in post_ids]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.query(
                f"SELECT {self._task_arg()}, status, {self._runs()} FROM {TASKS} "
                f"WHERE task_path = %s AND CAST({self._task_arg()} AS TEXT) "
                f"IN ({self._in(chunk)})",
                [NOTIFY_TASK, *chunk],
            )
            for post_id, status, runs in rows:
                found[int(post_id)].append((status, runs))
        return found

    def tasks_between(self, start, end):
        """[(id, task path, status, runs, exception)] enqueued in [start, end]."""
        return self.query(
            f"SELECT id, task_path, status, {self._runs()}, exception_class_path "
            f"FROM {TASKS} WHERE enqueued_at >= %s AND enqueued_at <= %s",
            [start, end],
        )

    def _claimed_by(self):
        column = "worker_ids" if self.sqlite else "worker_ids::text"
        return f"{column} LIKE %s"

    def tasks_due(self, worker_id):
        """Tasks the worker `worker_id` should be running now: those it runs, and
        the ready ones that are due (not scheduled for later; "no time" is stored
        as the year 9999). Tasks left RUNNING by a worker that died are not."""
        now = (
            "CURRENT_TIMESTAMP" if not self.sqlite else "strftime('%Y-%m-%d %H:%M:%f')"
        )
        return self.query(
            f"SELECT COUNT(*) FROM {TASKS} WHERE (status = 'RUNNING' AND "
            f"{self._claimed_by()}) OR (status = 'READY' AND (run_after <= {now} "
            "OR run_after >= %s))",
            [f'%"{worker_id}"%', "9999-01-01"],
        )[0][0]

    def running_by(self, worker_id):
        """[(id, task path, started at)] left RUNNING by `worker_id`."""
        return self.query(
            f"SELECT id, task_path, started_at FROM {TASKS} WHERE status = 'RUNNING' "
            f"AND {self._claimed_by()}",
            [f'%"{worker_id}"%'],
        )

    def task_totals(self):
        """{status: count}, and the tasks claimed more than once (whole table)."""
        totals = dict(
            self.query(f"SELECT status, COUNT(*) FROM {TASKS} GROUP BY status")
        )
        twice = self.query(
            f"SELECT id, task_path, worker_ids FROM {TASKS} WHERE {self._runs()} > 1"
        )
        failed = self.query(
            f"SELECT task_path, exception_class_path, COUNT(*) FROM {TASKS} "
            f"WHERE status = 'FAILED' GROUP BY task_path, exception_class_path"
        )
        return totals, twice, failed

    # --- profiles ---

    def profile_photo(self, email):
        rows = self.query(
            "SELECT p.photo, p.photo_thumbnail FROM network_profile p "
            "JOIN accounts_user u ON u.id = p.user_id WHERE lower(u.email) = lower(%s)",
            [email],
        )
        return rows[0] if rows else None

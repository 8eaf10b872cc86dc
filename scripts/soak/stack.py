"""What the soak starts, stops and breaks: the shared servers of scripts/services.sh
(PostgreSQL, Redis, the OpenSearch node) and its own Dela (gunicorn, db_worker).

Every start registers its undo with a Cleanup, which runs them newest first, once,
on a normal end, on an exception, on Ctrl-C or SIGTERM (see soak.py)."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
NODE_SH = ROOT / "scripts" / "opensearch" / "node.sh"


def say(message):
    print(f"soak: {message}", flush=True)


class Cleanup:
    """Undo steps, run newest first; each at most once, failures printed, never
    raised (one failing step must not keep the others from running)."""

    def __init__(self):
        self._steps = []

    def add(self, label, function):
        step = [label, function, False]
        self._steps.append(step)
        return step

    def run_now(self, step):
        label, function, done = step
        if done:
            return
        step[2] = True
        try:
            function()
        except BaseException as error:  # noqa: BLE001 - report and go on
            print(f"soak: cleanup step {label!r} failed: {error!r}", file=sys.stderr)

    def run_all(self):
        for step in reversed(self._steps):
            self.run_now(step)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# manage.py commands running now (interruptible: see end_commands).
_commands = set()


def run(command, env=None, log=None, timeout=600, cwd=ROOT, interruptible=False):
    """Run a command to its end, output to `log` (appended); raise with the log's
    tail when it fails. New session: Ctrl-C reaches only the soak, which cleans up
    (and ends the `interruptible` ones still running, see end_commands)."""
    with open(log or os.devnull, "ab") as out:
        process = subprocess.Popen(
            [str(part) for part in command],
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if interruptible:
            _commands.add(process)
        try:
            returncode = process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            returncode = f"killed after {timeout} s"
        finally:
            _commands.discard(process)
    if returncode != 0:
        tail = ""
        if log:
            tail = "\n".join(Path(log).read_text(errors="replace").splitlines()[-25:])
        raise RuntimeError(
            f"{' '.join(map(str, command))} failed ({returncode}):\n{tail}"
        )


def end_commands():
    """End the interruptible commands still running (an interrupted setup)."""
    for process in list(_commands):
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)


def wait_until(predicate, timeout, step=0.2):
    """Seconds it took for predicate() to hold, or None after `timeout` seconds."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(step)
    return None


# --- PostgreSQL ---


class Postgres:
    """The machine's Debian cluster behind TEST_DATABASE_URL, stopped and started
    with pg_ctlcluster as scripts/services.sh does."""

    def __init__(self, url):
        self.url = url
        parts = urllib.parse.urlsplit(url)
        self.user = urllib.parse.unquote(parts.username or "")
        self.password = urllib.parse.unquote(parts.password or "")
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 5432
        self.maintenance_db = parts.path.lstrip("/") or "postgres"
        self.cluster = self._find_cluster()

    def _find_cluster(self):
        """(version, name) of the local cluster on our port, or None (a remote server
        given by hand: the outage scenario is then skipped)."""
        if self.host not in ("127.0.0.1", "localhost") or not shutil.which(
            "pg_lsclusters"
        ):
            return None
        listing = subprocess.run(
            ["pg_lsclusters", "-h"], capture_output=True, text=True, check=False
        ).stdout
        for line in listing.splitlines():
            fields = line.split()
            if len(fields) >= 4 and fields[2] == str(self.port):
                return fields[0], fields[1]
        return None

    def url_for(self, database):
        return (
            f"postgres://{urllib.parse.quote(self.user)}:{urllib.parse.quote(self.password)}"
            f"@{self.host}:{self.port}/{database}"
        )

    def connect(self, database=None, timeout=2):
        import psycopg

        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=database or self.maintenance_db,
            connect_timeout=timeout,
            autocommit=True,
        )

    def answers(self):
        try:
            with self.connect(timeout=1) as connection:
                connection.execute("SELECT 1")
            return True
        except Exception:
            return False

    def create_database(self, name):
        with self.connect() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')

    def drop_database(self, name):
        with self.connect() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def other_clients(self, ours):
        """Connections to databases other than `ours` (someone else's work)."""
        with self.connect() as connection:
            return connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname IS NOT NULL "
                "AND datname <> %s AND pid <> pg_backend_pid()",
                [ours],
            ).fetchone()[0]

    def _ctl(self, action):
        version, cluster = self.cluster
        run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, action],
            timeout=120,
        )

    def stop(self):
        self._ctl("stop")

    def start(self):
        self._ctl("start")
        wait_until(self.answers, 60)


# --- Redis ---


class Redis:
    """scripts/services.sh's Redis: its own redis-server, nothing on disk. Stopped
    with SHUTDOWN NOSAVE and relaunched with the configuration it ran with (read
    from CONFIG GET before stopping it), so it is the same server again."""

    SETTINGS = (
        "bind",
        "port",
        "requirepass",
        "save",
        "appendonly",
        "pidfile",
        "logfile",
        "dir",
        "protected-mode",
    )

    def __init__(self, url):
        self.url = url
        parts = urllib.parse.urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 6379
        self.password = urllib.parse.unquote(parts.password or "") or None
        self.config = None

    def client(self, db=0):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        return redis.Redis(
            host=self.host,
            port=self.port,
            password=self.password,
            db=db,
            socket_connect_timeout=1,
            socket_timeout=2,
            retry=Retry(NoBackoff(), 0),  # the default retries for 4-5 s
        )

    def url_for_db(self, db):
        parts = urllib.parse.urlsplit(self.url)
        return urllib.parse.urlunsplit(parts._replace(path=f"/{db}"))

    def answers(self):
        try:
            return bool(self.client().ping())
        except Exception:
            return False

    def is_local(self):
        return self.host in ("127.0.0.1", "localhost") and bool(
            shutil.which("redis-server")
        )

    def remember_config(self):
        client = self.client()
        self.config = {
            name: client.config_get(name).get(name, "") for name in self.SETTINGS
        }
        self.config = {
            k: (v.decode() if isinstance(v, bytes) else v)
            for k, v in self.config.items()
        }

    def other_clients(self, ours):
        """Connections on other databases than `ours` (someone else's work)."""
        clients = self.client().client_list()
        return sum(1 for c in clients if int(c.get("db", 0)) not in ours) - 1

    def flush(self, db):
        self.client(db).flushdb()

    def stop(self):
        if self.config is None:
            self.remember_config()
        try:
            self.client().shutdown(nosave=True)
        except Exception:  # the connection drops as the server goes: expected
            pass
        wait_until(lambda: not self.answers(), 10)

    def start(self):
        config = self.config
        command = ["redis-server", "--daemonize", "yes"]
        for name in self.SETTINGS:
            command += [f"--{name}", config[name]]
        run(command, cwd=config["dir"] or ROOT, timeout=30)
        if wait_until(self.answers, 20) is None:
            raise RuntimeError(f"Redis did not answer again (see {config['logfile']})")


# --- OpenSearch ---


class SearchNode:
    """The node of scripts/opensearch/node.sh: `stop`, then `restart` (which keeps
    its data, so the suite's indexes come back as they were)."""

    def __init__(self, url):
        self.url = url.rstrip("/")

    def _get(self, path, method="GET", timeout=3):
        request = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            return json.loads(answer.read() or b"null")

    def answers(self):
        try:
            health = self._get("/_cluster/health")
        except Exception:
            return False
        return health.get("status") in ("green", "yellow")

    def indices(self, prefix):
        try:
            rows = self._get(f"/_cat/indices/{prefix}*?format=json")
        except urllib.error.HTTPError:
            return []
        return [row["index"] for row in rows]

    def delete_indices(self, prefix):
        for index in self.indices(prefix):
            self._get(f"/{index}", method="DELETE")

    def stop(self, log):
        run(["bash", NODE_SH, "stop"], log=log, timeout=60)

    def restart(self, log):
        run(["bash", NODE_SH, "restart"], log=log, timeout=180)


# --- Dela ---


class Dela:
    """One Dela installation for the soak: its database, folders, gunicorn and task
    worker, under production settings. `env` holds the variables that differ."""

    INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER", "TZ")

    def __init__(self, name, folder, env, cleanup):
        self.name = name
        self.folder = Path(folder)
        self.logs = self.folder / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.cleanup = cleanup
        # Only what a process needs from ours: no stray Dela setting leaks in.
        self.env = {
            **{k: v for k, v in os.environ.items() if k in self.INHERITED},
            "DJANGO_SETTINGS_MODULE": "dela.settings.production",
            "PYTHONUNBUFFERED": "1",
            "DELA_VAR_DIR": str(self.folder),
            "STATIC_ROOT": str(self.folder / "static"),
            "MEDIA_ROOT": str(self.folder / "uploads"),
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            **env,
        }
        self.port = None
        self.web = None
        self.worker = None
        self._worker_starts = 0
        self.worker_id = None

    @property
    def log(self):
        return self.logs / "setup.log"

    def manage(self, *args, timeout=600):
        run(
            [PYTHON, ROOT / "manage.py", *args],
            env=self.env,
            log=self.log,
            timeout=timeout,
            interruptible=True,
        )

    def check(self, *args, timeout=120):
        """Run a manage.py command for its verdict: (exit status, its output)."""
        result = subprocess.run(
            [str(PYTHON), str(ROOT / "manage.py"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return result.returncode, (result.stdout + result.stderr).strip()

    def queue_empty(self):
        """No task waiting or running (the worker has caught up)."""
        return self.records.tasks_due(self.worker_id) == 0

    def install(self, search=False, collect=True):
        """Migrate, load the demo and collect static files (unless another site's
        are used); build the engine's index when a search engine is configured."""
        steps = [("migrate", "--no-input"), ("load_demo",)]
        if collect:
            steps.append(("collectstatic", "--no-input"))
        if search:
            steps.append(("rebuild_search",))
        for step in steps:
            started = time.monotonic()
            self.manage(*step)
            say(
                f"{self.name}: manage.py {step[0]} ({time.monotonic() - started:.0f} s)"
            )

    def drain_queue(self, workers=2, timeout=300):
        """Run the tasks load_demo queued (indexing, e-mails: a thousand or so) with
        `workers` batch workers, so that the scenarios start with an empty queue."""
        started = time.monotonic()
        command = [PYTHON, ROOT / "manage.py", "db_worker", "--batch"]
        command += ["--no-startup-delay", "--interval", "0.1"]
        batch = [self._spawn(command, "drain.log") for _ in range(workers)]
        try:
            for process in batch:
                process.wait(max(1, timeout - (time.monotonic() - started)))
        finally:
            for process in batch:
                self._end(process)
        say(f"{self.name}: ran the queued tasks ({time.monotonic() - started:.0f} s)")

    def load_targets(self):
        result = subprocess.run(
            [PYTHON, ROOT / "scripts" / "soak" / "targets.py"],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    def _spawn(self, command, log_name):
        out = open(self.logs / log_name, "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [str(part) for part in command],
            env=self.env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log_file = out
        return process

    @staticmethod
    def _end(process, grace=15):
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own group, made at start
            process.wait(5)
        process.log_file.close()

    # The web server ---

    def start_web(self, workers=4, port=None):
        self.port = port or free_port()
        self.env["BASE_URL"] = f"http://127.0.0.1:{self.port}"
        self.web = self._spawn(
            [
                GUNICORN,
                "--chdir",
                "site",
                "dela.wsgi",
                "--workers",
                workers,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "30",
            ],
            "gunicorn.log",
        )
        web = self.web
        self.cleanup.add(f"{self.name}: stop gunicorn", lambda: self._end(web))
        if wait_until(self._web_answers, 60) is None:
            raise RuntimeError(
                f"gunicorn did not answer (see {self.logs / 'gunicorn.log'})"
            )
        say(
            f"{self.name}: gunicorn, {workers} workers, on http://127.0.0.1:{self.port}/"
        )

    def _web_answers(self):
        if self.web.poll() is not None:
            raise RuntimeError(f"gunicorn exited (see {self.logs / 'gunicorn.log'})")
        try:
            with urllib.request.urlopen(  # noqa: S310 - loopback
                f"http://127.0.0.1:{self.port}/healthz", timeout=5
            ) as answer:
                return answer.status == 200
        except urllib.error.HTTPError:
            return True  # answering, if not healthy
        except OSError:
            return False

    def healthz(self):
        try:
            with urllib.request.urlopen(  # noqa: S310 - loopback
                f"http://127.0.0.1:{self.port}/healthz", timeout=10
            ) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            try:
                return error.code, json.loads(error.read())
            except ValueError:
                return error.code, {}
        except OSError as error:
            return None, {"error": str(error)}

    def stop_web(self):
        self._end(self.web)

    def web_log_offset(self):
        path = self.logs / "gunicorn.log"
        return path.stat().st_size if path.exists() else 0

    def web_log_since(self, offset):
        path = self.logs / "gunicorn.log"
        with open(path, "rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")

    # The task worker ---

    def start_worker(self):
        """One `manage.py db_worker`, with a worker id of our own (soak-<site>-<n>):
        the tasks it claims say which start of the worker claimed them."""
        self._worker_starts += 1
        self.worker_id = f"soak-{self.name}-{self._worker_starts}"
        self.worker = self._spawn(
            [
                PYTHON,
                ROOT / "manage.py",
                "db_worker",
                "--interval",
                "1",
                "--worker-id",
                self.worker_id,
            ],
            "worker.log",
        )
        worker = self.worker
        self.cleanup.add(f"{self.name}: stop db_worker", lambda: self._end(worker))

    def stop_worker(self):
        self._end(self.worker)

    def worker_alive(self):
        return self.worker is not None and self.worker.poll() is None

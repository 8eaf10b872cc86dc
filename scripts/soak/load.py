"""The steady load: a fixed number of virtual visitors, each a thread with its own
cookies and one request in flight, asking for pages without pause (a closed loop:
N connections always busy). Some are logged in with the demo logins; those that may
moderate (no posting limits) also post replies the way the browser's reply form does.

Every request is recorded (Result); every reply sent is followed in the PostLedger
by its submission_key, through all its attempts: a reply that gets a 5xx or no
answer is sent again, unchanged (same key, same CSRF token), as a browser's
resubmission would, and is "accepted" once an answer redirects to the new post."""

import random
import threading
import time
from dataclasses import dataclass, field

from .client import Browser, ConnectionFailure, find_form

SEARCHES = [
    "välfärdsteknik",
    "velferdsteknologi",
    "skärmbesök",
    "digital kompetens",
    "äldreomsorg",
    "hemtjänst",
    "KS Læring",
    "bibliotek",
    "digitaliseringsombud",
    "DigComp",
    "surfplatta",
    "nattpersonal",
]
PAUSE_AFTER_FAILURE = 0.25  # a browser does not hammer a failing site
POST_RETRY_SECONDS = 1.0
POST_ATTEMPTS = 30
TYPING_SECONDS = (0.5, 3.0)  # between getting a reply form and sending it


@dataclass
class Result:
    t0: float  # time.monotonic() when sent
    t1: float  # when answered or given up
    label: str  # what was asked: "home", "search", "post", "login"…
    status: int | None  # None: no answer at all (see error)
    error: str = ""  # the connection failure's kind
    retry_after: bool = False
    path: str = ""

    @property
    def ok(self):
        return self.status is not None and self.status < 400

    @property
    def failed(self):
        return self.status is None or self.status >= 500

    @property
    def seconds(self):
        return self.t1 - self.t0


class Recorder:
    def __init__(self):
        self._lock = threading.Lock()
        self.results = []

    def add(self, result):
        with self._lock:
            self.results.append(result)

    def between(self, start, end):
        with self._lock:
            return [r for r in self.results if start <= r.t0 < end]


@dataclass
class PostAttempt:
    key: str
    author: str
    thread: str
    sent_at: float
    answers: list = field(default_factory=list)  # status codes, or error kinds
    outcome: str = "pending"  # accepted, refused, abandoned, elsewhere
    post_id: int | None = None


class PostLedger:
    def __init__(self):
        self._lock = threading.Lock()
        self.posts = {}
        self.no_form = 0

    def open(self, attempt):
        with self._lock:
            self.posts[attempt.key] = attempt

    def between(self, start, end):
        with self._lock:
            return [p for p in self.posts.values() if start <= p.sent_at < end]


def time_call(recorder, label, call, path=""):
    """Run call() -> Response, record it; returns the Response or None."""
    started = time.monotonic()
    try:
        response = call()
    except ConnectionFailure as failure:
        recorder.add(
            Result(started, time.monotonic(), label, None, failure.kind, path=path)
        )
        return None
    recorder.add(
        Result(
            started,
            time.monotonic(),
            label,
            response.status,
            retry_after="retry-after" in response.headers,
            path=path,
        )
    )
    return response


class Visitor(threading.Thread):
    """One connection's worth of visitor: anonymous, or a logged-in Browser."""

    def __init__(self, load, browser, account=None, seed=0):
        super().__init__(daemon=True)
        self.load = load
        self.browser = browser
        self.account = account  # the targets' entry for this login, or None
        self.random = random.Random(seed)
        self.actions = self._actions()

    def _actions(self):
        t = self.load.targets
        anonymous = [
            (10, "home", lambda: "/"),
            (8, "stories", lambda: "/stories/"),
            (8, "catalogue", lambda: "/catalogue/"),
            (10, "search", lambda: "/search/?q=" + self._query()),
            (4, "api-search", lambda: "/api/search/?q=" + self._query()),
            (10, "story", lambda: self.random.choice(t["stories"])),
            (4, "catalogue-entry", lambda: self.random.choice(t["catalogue"])),
            (8, "network", lambda: "/network/"),
            (10, "thread", lambda: self.random.choice(t["threads"])),
            (6, "ambassadors", lambda: "/ambassadors/"),
            (3, "events", lambda: "/events/"),
        ]
        if self.account is None:
            return anonymous
        mine = self.account
        signed_in = [
            (10, "network", lambda: "/network/"),
            (14, "thread", lambda: self.random.choice(mine["read"])),
            (8, "notifications", lambda: "/network/notifications/"),
            (4, "home", lambda: "/"),
            (4, "search", lambda: "/search/?q=" + self._query()),
            (3, "ambassadors", lambda: "/ambassadors/"),
        ]
        if mine["moderator"] and mine["reply"] and self.load.posting:
            signed_in.append((20, "post", None))
        return signed_in

    def _query(self):
        from urllib.parse import quote

        return quote(self.random.choice(SEARCHES))

    def run(self):
        weights = [w for w, _, _ in self.actions]
        while not self.load.stop.is_set():
            _, label, path = self.random.choices(self.actions, weights)[0]
            if label == "post":
                self.post_reply()
                continue
            target = path()
            response = time_call(
                self.load.recorder, label, lambda t=target: self.browser.get(t), target
            )
            if response is None or response.status >= 500:
                time.sleep(PAUSE_AFTER_FAILURE)

    def post_reply(self):
        """GET a thread, fill its reply form, POST it; resend the same form while
        the answer is a 5xx or nothing, up to POST_ATTEMPTS times."""
        thread = self.random.choice(self.account["reply"])
        recorder = self.load.recorder
        page = time_call(recorder, "thread", lambda: self.browser.get(thread), thread)
        if page is None or page.status != 200:
            time.sleep(PAUSE_AFTER_FAILURE)
            return
        form = find_form(page.text, "submission_key", thread)
        if form is None or not form.get("submission_key"):
            self.load.ledger.no_form += 1  # a thread page without its reply form
            return
        key = form.get("submission_key")
        body = (
            f"Soak reply {key} from {self.browser.email} at {time.time():.3f}: "
            "hur gick det med de digitala nycklarna i nattens hemtjänst?"
        )
        time.sleep(self.random.uniform(*TYPING_SECONDS))  # writing the reply
        attempt = PostAttempt(key, self.browser.email, thread, time.monotonic())
        self.load.ledger.open(attempt)
        for _ in range(POST_ATTEMPTS):
            answer = time_call(
                recorder,
                "post",
                lambda: self.browser.submit(form, {"body": body}, referer=thread),
                form.action,
            )
            if answer is None:
                attempt.answers.append("no answer")
            else:
                attempt.answers.append(answer.status)
                if answer.status == 302 and "#post-" in answer.location:
                    attempt.outcome = "accepted"
                    attempt.post_id = int(answer.location.rsplit("#post-", 1)[1])
                    return
                if answer.status < 500:
                    attempt.outcome = "refused" if answer.status >= 400 else "elsewhere"
                    return
            time.sleep(POST_RETRY_SECONDS)
        attempt.outcome = "abandoned"


class Load:
    """Start `visitors` Visitors (the logged-in ones from `sessions`, the rest
    anonymous) and stop them again."""

    def __init__(
        self,
        port,
        targets,
        sessions,
        visitors=64,
        posting=True,
        recorder=None,
        ledger=None,
    ):
        self.port = port
        self.targets = targets
        self.posting = posting
        self.recorder = recorder or Recorder()
        self.ledger = ledger or PostLedger()
        self.stop = threading.Event()
        self.threads = []
        for number in range(visitors):
            if number < len(sessions):
                browser, account = sessions[number]
            else:
                browser, account = Browser("127.0.0.1", port), None
            self.threads.append(Visitor(self, browser, account, seed=number))

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self, timeout=60):
        self.stop.set()
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0.1, deadline - time.monotonic()))
        return sum(thread.is_alive() for thread in self.threads)


def log_in_sessions(port, targets, per_login=4, pause=0.15):
    """Browsers logged in with each demo login, `per_login` each (kept for the whole
    soak: allauth allows 30 logins a minute from one address)."""
    sessions = []
    failures = []
    for email, account in targets["logins"].items():
        for _ in range(per_login):
            browser = Browser("127.0.0.1", port)
            try:
                answer = browser.login(email, account["password"])
                if browser.email != email:
                    failures.append(f"{email}: {answer.status} {answer.location}")
                    continue
            except ConnectionFailure as failure:
                failures.append(f"{email}: {failure}")
                continue
            sessions.append((browser, account))
            time.sleep(pause)
    return sessions, failures

"""Figures from the recorded requests, and the printed report."""

from collections import Counter
from dataclasses import dataclass, field

PASS, FAIL, NOTE = "PASS", "FAIL", "note"


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Figures:
    seconds: float
    requests: int = 0
    classes: Counter = field(default_factory=Counter)  # "2xx": n …
    codes: Counter = field(default_factory=Counter)  # 5xx codes: {503: n}
    errors: Counter = field(default_factory=Counter)  # connection failures by kind
    retry_after: int = 0  # 503s carrying Retry-After
    p50: float | None = None
    p95: float | None = None
    by_label: Counter = field(default_factory=Counter)

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def server_errors(self):
        return self.classes["5xx"]

    @property
    def connection_errors(self):
        return sum(self.errors.values())


def figures(results, seconds):
    out = Figures(seconds=seconds, requests=len(results))
    latencies = []
    for r in results:
        out.by_label[r.label] += 1
        if r.status is None:
            out.errors[r.error] += 1
            continue
        out.classes[f"{r.status // 100}xx"] += 1
        if r.status >= 500:
            out.codes[r.status] += 1
            if r.status == 503 and r.retry_after:
                out.retry_after += 1
        latencies.append(r.seconds)
    out.p50 = percentile(latencies, 0.50)
    out.p95 = percentile(latencies, 0.95)
    return out


@dataclass
class Recovery:
    first_failure: float | None  # seconds after the fault began
    last_failure: float | None  # seconds after the service was back
    first_success: float | None  # seconds after the service was back
    first_sent_after: float | None  # the same, of a request sent after it was back
    total: float | None  # first failure -> first success after the fault ended


def recovery(results, fault_start, fault_end):
    """When failures (5xx, no answer) began and ended, and when the first good
    answer came once the service was back (at fault_end), all by answer time."""
    failures = [r.t1 for r in results if r.failed and r.t1 >= fault_start]
    successes = [r.t1 for r in results if r.ok and r.t1 >= fault_end]
    sent_after = [r.t1 for r in results if r.ok and r.t0 >= fault_end]
    first_failure = min(failures) if failures else None
    first_success = min(successes) if successes else None

    def since(moment, origin):
        return None if moment is None else moment - origin

    return Recovery(
        first_failure=since(first_failure, fault_start),
        last_failure=since(max(failures) if failures else None, fault_end),
        first_success=since(first_success, fault_end),
        first_sent_after=since(min(sent_after) if sent_after else None, fault_end),
        total=since(first_success, first_failure) if first_failure else None,
    )


def phases(results, fault_start, fault_end):
    """Latency p50/p95/max of the answers sent before, during and after a fault."""
    parts = []
    for name, keep in (
        ("before", lambda r: r.t0 < fault_start),
        ("while down", lambda r: fault_start <= r.t0 < fault_end),
        ("after", lambda r: r.t0 >= fault_end),
    ):
        times = [r.seconds for r in results if r.status is not None and keep(r)]
        worst = max(times) if times else None
        parts.append(
            f"{name} {ms(percentile(times, 0.5))}/{ms(percentile(times, 0.95))}/"
            f"{ms(worst)}"
        )
    return "latency p50/p95/max " + ", ".join(parts)


@dataclass
class Outcome:
    """One scenario's result: its figures, what was checked, and the verdicts."""

    key: str
    title: str
    figures: Figures | None = None
    recover: str = "-"
    checked: int = 0
    lines: list = field(default_factory=list)  # details, printed under the title
    verdicts: list = field(default_factory=list)  # (PASS/FAIL/note, sentence)
    skipped: str = ""

    def expect(self, condition, sentence):
        self.verdicts.append((PASS if condition else FAIL, sentence))
        return condition

    def note(self, sentence):
        self.verdicts.append((NOTE, sentence))

    @property
    def failed(self):
        return any(v == FAIL for v, _ in self.verdicts)

    @property
    def result(self):
        if self.skipped:
            return "SKIP"
        return FAIL if self.failed else PASS


def ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def figures_lines(f):
    classes = "  ".join(f"{c} {f.classes[c]}" for c in ("2xx", "3xx", "4xx", "5xx"))
    lines = [
        f"requests {f.requests} in {f.seconds:.0f} s ({f.rate:.1f}/s)   {classes}",
        f"latency p50 {ms(f.p50)}, p95 {ms(f.p95)}",
    ]
    if f.codes:
        codes = ", ".join(f"{code}: {n}" for code, n in sorted(f.codes.items()))
        lines.append(f"5xx by code: {codes}; 503 with Retry-After: {f.retry_after}")
    errors = ", ".join(f"{k} {n}" for k, n in f.errors.items()) or "none"
    lines.append(f"connection errors: {errors}")
    return lines


def print_outcome(o):
    print()
    print(f"=== {o.key}. {o.title} ===")
    if o.skipped:
        print(f"  skipped: {o.skipped}")
        return
    if o.figures:
        for line in figures_lines(o.figures):
            print(f"  {line}")
    for line in o.lines:
        print(f"  {line}")
    for verdict, sentence in o.verdicts:
        print(f"  {verdict:4}  {sentence}")
    print(flush=True)


def print_summary(outcomes):
    header = (
        "",
        "scenario",
        "requests",
        "req/s",
        "p50",
        "p95",
        "2xx",
        "3xx",
        "4xx",
        "5xx",
        "conn err",
        "recovery",
        "checked",
        "result",
    )
    rows = [header]
    for o in outcomes:
        f = o.figures
        if f is None:
            rows.append(
                (o.key, o.title[:42], *["-"] * 9, o.recover, str(o.checked), o.result)
            )
            continue
        rows.append(
            (
                o.key,
                o.title[:42],
                str(f.requests),
                f"{f.rate:.1f}",
                ms(f.p50),
                ms(f.p95),
                str(f.classes["2xx"]),
                str(f.classes["3xx"]),
                str(f.classes["4xx"]),
                str(f.classes["5xx"]),
                str(f.connection_errors),
                o.recover,
                str(o.checked),
                o.result,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    print()
    print("=== Summary ===")
    for number, row in enumerate(rows):
        cells = [
            cell.ljust(width) if i in (0, 1) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  " + "  ".join(cells).rstrip())
        if number == 0:
            print("  " + "  ".join("-" * w for w in widths))
    failures = [(o, s) for o in outcomes for v, s in o.verdicts if v == FAIL]
    if failures:
        print()
        print("Expectations that failed:")
        for o, sentence in failures:
            print(f"  {o.key}. {sentence}")
    print(flush=True)

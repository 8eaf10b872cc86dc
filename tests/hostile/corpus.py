"""The hostile-input corpus: what an attacker, a broken client or a careless paste
sends. Each vector is sent in every field and parameter the tests reach; Dela must
answer with a 4xx or a form error, never a 500, and never echo markup unescaped."""

MARKER = "dela7x"  # in every executable vector: its raw echo is the failure

XSS = [
    f"<script>alert('{MARKER}')</script>",
    f'"><img src=x onerror=alert("{MARKER}")>',
    f"'><svg/onload=alert('{MARKER}')>",
    f"javascript:alert('{MARKER}')",
    f'<a href="jAvAsCrIpT:alert(`{MARKER}`)">x</a>',
    f"<iframe srcdoc='<script>{MARKER}</script>'>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={MARKER}>",
    f"[x](javascript:{MARKER})",
]
# The raw strings whose presence in a response means markup was echoed unescaped.
ECHOES = [
    f"<script>alert('{MARKER}')",
    f'<img src=x onerror=alert("{MARKER}")',
    f"<svg/onload=alert('{MARKER}')",
    f"<iframe srcdoc='<script>{MARKER}",
    f"<img src=x onerror={MARKER}>",
    f'href="javascript:{MARKER}',
    f'href="jAvAsCrIpT:alert(`{MARKER}`)"',
]
SYNTAX = [
    "' OR 1=1 --",
    '"; DROP TABLE network_post; --',
    'NEAR(a b) * ^ "unclosed',
    "a AND (b OR",
    "%",
    "_",
    "\\",
    "{{ 7*7 }}{% debug %}",
    "${jndi:ldap://x}",
]
PATHS = ["../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "..\\..\\windows", "/%00/"]
CONTROL = [
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202eevil\u202c",
    "\ufeff",
    "\ud800",  # a lone surrogate: Django's decoding replaces it in a real request
    "\r\nBcc: victim@example.org",
    "e\u0301\u0301\u0301" * 50,
]
NUMBERS = ["-1", "0", "9" * 30, "18446744073709551617", "1e309", "NaN", "0x10", "1.5"]
LONG = ["x" * 100_000, "å" * 20_000, "[" * 5000, "> " * 5000, "*" * 10_000]

CORPUS = XSS + SYNTAX + PATHS + CONTROL + NUMBERS + LONG
# What can travel in a request (UTF-8 cannot carry a lone surrogate; the malformed
# bytes that would are sent as raw query strings instead).
HTTP_VECTORS = [vector for vector in CORPUS if "\ud800" not in vector]


def vector_id(vector):
    """A short readable id for a vector in a failure message."""
    shown = vector.encode("unicode_escape").decode("ascii")
    return shown if len(shown) < 40 else f"{shown[:30]}…({len(vector)} chars)"

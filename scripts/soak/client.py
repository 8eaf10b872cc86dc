"""A small browser for the soak: one cookie jar, plain HTTP/1.1 on loopback, forms
sent the way a browser sends them.

Why not `requests`: production settings mark the session and CSRF cookies Secure, and
a standard cookie jar never sends a Secure cookie over plain http://127.0.0.1. This
client keeps every cookie it is given and sends it back, as a browser would behind
the TLS-terminating proxy the site normally sits behind."""

import http.client
import secrets
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie


class ConnectionFailure(Exception):
    """No HTTP answer at all: refused, reset, or timed out. `kind` says which."""

    def __init__(self, kind, detail):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


@dataclass
class Response:
    status: int
    headers: dict  # lower-case names; the last value of a repeated header
    body: bytes
    seconds: float

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def location(self):
        return self.headers.get("location", "")


class Browser:
    """One visitor: its own cookies, a new connection per request (gunicorn's sync
    workers close every connection after one answer anyway)."""

    def __init__(self, host, port, timeout=30.0, user_agent="dela-soak/1"):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.cookies = {}
        self.user_agent = user_agent
        self.email = None  # set once logged in

    # --- plain requests ---

    def request(self, method, path, body=None, headers=None):
        all_headers = {
            "Host": f"{self.host}:{self.port}",
            "User-Agent": self.user_agent,
            "Accept": "text/html,application/json;q=0.9,*/*;q=0.8",
            "Accept-Language": "sv",
            **(headers or {}),
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(
                f"{k}={v}" for k, v in self.cookies.items()
            )
        started = time.monotonic()
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=self.timeout
        )
        try:
            connection.request(method, path, body=body, headers=all_headers)
            answer = connection.getresponse()
            payload = answer.read()
        except TimeoutError as error:
            raise ConnectionFailure("timeout", error) from error
        except ConnectionRefusedError as error:
            raise ConnectionFailure("refused", error) from error
        except (ConnectionError, http.client.HTTPException, OSError) as error:
            raise ConnectionFailure(type(error).__name__, error) from error
        finally:
            connection.close()
        headers_out = {}
        for name, value in answer.getheaders():
            if name.lower() == "set-cookie":
                self._take_cookie(value)
            headers_out[name.lower()] = value
        return Response(answer.status, headers_out, payload, time.monotonic() - started)

    def _take_cookie(self, header):
        jar = SimpleCookie()
        try:
            jar.load(header)
        except Exception:  # a cookie this parser cannot read: ignore it, as browsers do
            return
        for name, morsel in jar.items():
            if morsel["max-age"] in ("0", 0) or morsel.value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def get(self, path):
        return self.request("GET", path)

    def submit(self, form, values=None, files=None, referer=None):
        """Send `form` (from parse_forms) with its own fields, `values` replacing or
        adding some, and `files` {name: (filename, bytes, content type)}."""
        fields = form.values(values)
        headers = {"Referer": referer} if referer else {}
        if form.enctype == "multipart/form-data" or files:
            body, content_type = multipart(fields, files or {})
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        headers["Content-Type"] = content_type
        return self.request(
            form.method.upper(), form.action, body=body, headers=headers
        )

    # --- logging in ---

    def login(self, email, password):
        """allauth's login form: GET for the CSRF token, POST the address and
        password. Returns the POST's response (a 302 to the profile when it worked),
        or the login page's when it had no form."""
        page = self.get("/accounts/login/")
        form = find_form(page.text, "password") if page.status == 200 else None
        if form is None:
            return page
        return self.send_login(form, email, password)

    def send_login(self, form, email, password):
        answer = self.submit(
            form, {"login": email, "password": password}, referer="/accounts/login/"
        )
        if answer.status == 302 and "/accounts/login" not in answer.location:
            self.email = email
        return answer


# --- forms ---


@dataclass
class Form:
    action: str
    method: str = "get"
    enctype: str = "application/x-www-form-urlencoded"
    fields: list = field(default_factory=list)  # [(name, value)] as a browser sends
    names: set = field(default_factory=set)  # every named control, files included

    def get(self, name, default=None):
        for key, value in self.fields:
            if key == name:
                return value
        return default

    def values(self, replace=None):
        replace = dict(replace or {})
        out = []
        for key, value in self.fields:
            if key in replace:
                if replace[key] is not None:
                    out.append((key, replace.pop(key)))
                else:
                    replace.pop(key)
                continue
            out.append((key, value))
        out.extend((k, v) for k, v in replace.items() if v is not None)
        return out


class _FormParser(HTMLParser):
    def __init__(self, page_path):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None  # [name, first value, chosen values]
        self._option = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            action = a.get("action") or self.page_path
            self._form = Form(
                action=urllib.parse.urljoin(self.page_path, action),
                method=(a.get("method") or "get").lower(),
                enctype=(
                    a.get("enctype") or "application/x-www-form-urlencoded"
                ).lower(),
            )
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            self._form.names.add(a["name"])
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form.fields.append((a["name"], a.get("value", default)))
        elif tag == "textarea" and a.get("name"):
            self._form.names.add(a["name"])
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._form.names.add(a["name"])
            self._select = [a["name"], None, [], "multiple" in a]
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            self._option = [value, "", "selected" in a]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea[1]
            if text.startswith("\n"):
                text = text[1:]  # as browsers drop the newline after <textarea>
            self._form.fields.append((self._textarea[0], text))
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, label, chosen = self._option
            value = label.strip() if value is None else value
            if self._select[1] is None:
                self._select[1] = value
            if chosen:
                self._select[2].append(value)
            self._option = None
        elif tag == "select" and self._select is not None:
            name, first, chosen, multiple = self._select
            if chosen:
                self._form.fields.extend((name, v) for v in chosen)
            elif not multiple and first is not None:
                self._form.fields.append((name, first))
            self._select = None


def parse_forms(html, page_path="/"):
    parser = _FormParser(page_path)
    parser.feed(html)
    return parser.forms


def find_form(html, has_field, page_path="/"):
    """The first form with a control named `has_field`, or None."""
    for form in parse_forms(html, page_path):
        if has_field in form.names:
            return form
    return None


def multipart(fields, files):
    boundary = "----dela-soak-" + secrets.token_hex(12)
    chunks = []
    for name, value in fields:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        chunks.append(head.encode() + str(value).encode() + b"\r\n")
    for name, (filename, payload, content_type) in files.items():
        chunks.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + payload
            + b"\r\n"
        )
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"

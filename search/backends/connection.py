"""The wire to a search engine: Elasticsearch 9 through its official client, OpenSearch
2.x/3.x through ``opensearch-py``.

The engine backend builds every mapping and request body with ``elasticsearch.dsl`` and
hands them to an ``EngineConnection``, the one place that knows which client speaks to
the server. The two differ on the wire, not in the bodies: the Elasticsearch 9 client
sends ``compatible-with=9`` headers and checks the product on every answer (OpenSearch
refuses both), and takes body fields as keyword arguments where ``opensearch-py`` takes
a ``body``. The kind is configured (``SEARCH_ENGINE_KIND``) or read from the server's
root endpoint, which both products answer with their name and version.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import sys
import sysconfig
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from .base import SearchUnavailable

logger = logging.getLogger(__name__)

ELASTICSEARCH = "elasticsearch"
OPENSEARCH = "opensearch"
AUTO = "auto"
KINDS = (AUTO, ELASTICSEARCH, OPENSEARCH)


def opensearchpy():
    """``opensearch-py``, imported with the module it knows as ``events`` (the PyPI
    package Events, its metrics hooks) rather than Dela's events app, which holds that
    name on sys.path (site/events). The client binds the class at import time, so the
    name is lent for the import only and Dela's app gets it back."""
    if "opensearchpy" in sys.modules:
        return sys.modules["opensearchpy"]
    installed = sysconfig.get_paths()["purelib"]
    spec = importlib.machinery.PathFinder.find_spec("events", [installed])
    if spec is None:  # pragma: no cover - Events is a dependency of opensearch-py
        return importlib.import_module("opensearchpy")
    dela_events = sys.modules.get("events")
    package = importlib.util.module_from_spec(spec)
    sys.modules["events"] = package
    try:
        spec.loader.exec_module(package)
        return importlib.import_module("opensearchpy")
    finally:
        if dela_events is not None:
            sys.modules["events"] = dela_events
        else:
            del sys.modules["events"]


@dataclass(frozen=True)
class EngineInfo:
    kind: str
    version: str

    @property
    def label(self):
        product = "OpenSearch" if self.kind == OPENSEARCH else "Elasticsearch"
        return f"{product} {self.version}"


def read_info(url, timeout=5):
    """What the server at ``url`` says it is (its root endpoint), with plain HTTP so
    that neither client's product check stands in the way."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise SearchUnavailable(f"{url} is not an http(s) address")
    try:
        # The scheme is http(s), checked above; the URL is the operator's setting.
        with urllib.request.urlopen(url.rstrip("/") + "/", timeout=timeout) as answer:  # nosec B310
            root = json.load(answer)
    except (OSError, urllib.error.URLError, ValueError) as exc:
        raise SearchUnavailable(f"{url} does not answer: {exc}") from exc
    version = root.get("version") or {}
    distribution = str(version.get("distribution", "")).lower()
    tagline = str(root.get("tagline", ""))
    kind = (
        OPENSEARCH
        if distribution == OPENSEARCH or "OpenSearch" in tagline
        else ELASTICSEARCH
    )
    return EngineInfo(kind, str(version.get("number", "")))


class EngineConnection:
    """One server, either kind, behind the calls the engine backend makes."""

    def __init__(self, url, kind=AUTO, timeout=10):
        if kind not in KINDS:
            raise ValueError(
                f"Unknown search engine kind {kind!r}: use one of {', '.join(KINDS)}."
            )
        self.url = url
        self.configured_kind = kind
        self.timeout = timeout
        self._kind = None if kind == AUTO else kind
        self._client = None

    # --- Which client --------------------------------------------------------------

    @property
    def kind(self):
        """The server's kind; asks the server once when it was not configured."""
        if self._kind is None:
            self._kind = read_info(self.url, timeout=self.timeout).kind
        return self._kind

    @property
    def known_kind(self):
        """The kind if known without asking the server, else ""."""
        return self._kind or ""

    @property
    def client(self):
        if self._client is None:
            if self.kind == OPENSEARCH:
                self._client = opensearchpy().OpenSearch(
                    hosts=[self.url],
                    timeout=self.timeout,
                    max_retries=0,
                    retry_on_timeout=False,
                )
            else:
                from elasticsearch import Elasticsearch

                self._client = Elasticsearch(
                    self.url, request_timeout=self.timeout, max_retries=0
                )
        return self._client

    @property
    def helpers(self):
        if self.kind == OPENSEARCH:
            return opensearchpy().helpers
        from elasticsearch import helpers

        return helpers

    def _unavailable(self, exc):
        """Whether ``exc`` means the server cannot serve now (the caller falls back),
        rather than a mistake in what was asked. A missing index counts: the engine
        was never built (rebuild_search builds it), the database still answers."""
        if "index_not_found_exception" in str(exc):
            return True
        if self.kind == OPENSEARCH:
            exceptions = opensearchpy().exceptions
            ConnectionError, TransportError = (  # noqa: N806
                exceptions.ConnectionError,
                exceptions.TransportError,
            )
            if isinstance(exc, ConnectionError):
                return True
            status = getattr(exc, "status_code", None)
            return isinstance(exc, TransportError) and (
                not isinstance(status, int) or status >= 500 or status == 429
            )
        import elastic_transport
        from elasticsearch import ApiError, UnsupportedProductError

        if isinstance(
            exc,
            elastic_transport.ConnectionError
            | elastic_transport.ConnectionTimeout
            | UnsupportedProductError,
        ):
            return True
        if isinstance(exc, ApiError) and exc.meta.status == 406:
            # OpenSearch (or an older Elasticsearch) refuses the client's
            # compatible-with=9 headers: not a server this client can talk to.
            logger.error(
                "Search: %s refuses the Elasticsearch 9 client (%s); is it OpenSearch? "
                "Set SEARCH_ENGINE_KIND=opensearch or auto.",
                self.url,
                exc,
            )
            return True
        return isinstance(exc, ApiError) and (
            exc.meta.status >= 500 or exc.meta.status == 429
        )

    def call(self, function, *args, **kwargs):
        """Run one request; a server that is down, overloaded or not the product the
        client expects raises SearchUnavailable."""
        try:
            return function(*args, **kwargs)
        except SearchUnavailable:
            raise
        except Exception as exc:
            if self._unavailable(exc):
                raise SearchUnavailable(f"{self.url}: {exc}") from exc
            raise

    # --- Requests ------------------------------------------------------------------

    def info(self):
        return read_info(self.url, timeout=self.timeout)

    def ping(self):
        try:
            return bool(self.call(self.client.ping))
        except Exception:
            return False

    def search(self, index, body):
        if self.kind == OPENSEARCH:
            return self.call(self.client.search, index=index, body=body)
        return self.call(self.client.search, index=index, **body)

    def create_index(self, name, body):
        if self.kind == OPENSEARCH:
            return self.call(self.client.indices.create, index=name, body=body)
        return self.call(self.client.indices.create, index=name, **body)

    def delete_index(self, name):
        return self.call(self.client.indices.delete, index=name)

    def refresh(self, index):
        return self.call(self.client.indices.refresh, index=index)

    def alias_targets(self, alias):
        """The indices ``alias`` points to (none when it does not exist)."""
        if not self.call(self.client.indices.exists_alias, name=alias):
            return []
        return sorted(self.call(self.client.indices.get_alias, name=alias))

    def indices(self, pattern):
        """Names of the indices matching ``pattern``."""
        found = self.call(
            self.client.indices.get, index=pattern, ignore_unavailable=True
        )
        return sorted(found)

    def update_aliases(self, actions):
        if self.kind == OPENSEARCH:
            return self.call(
                self.client.indices.update_aliases, body={"actions": actions}
            )
        return self.call(self.client.indices.update_aliases, actions=actions)

    def bulk(self, actions, **options):
        return self.call(self.helpers.bulk, self.client, actions, **options)

    def streaming_bulk(self, actions, **options):
        """Yields (ok, item) per action; connection failures raise SearchUnavailable
        at the point they happen."""
        stream = self.helpers.streaming_bulk(self.client, actions, **options)
        while True:
            try:
                yield self.call(next, stream)
            except StopIteration:
                return

    def scan(self, index, **options):
        stream = self.helpers.scan(self.client, index=index, **options)
        while True:
            try:
                yield self.call(next, stream)
            except StopIteration:
                return

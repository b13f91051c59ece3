"""Talk to a remote triplestore: push graphs over the SPARQL 1.1 Graph Store
Protocol, and run SELECT queries over the SPARQL 1.1 Protocol.

Standard library only (urllib). Credentials come only from the environment:
``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD`` (HTTP basic) or
``KG_ENDPOINT_TOKEN`` (bearer); they are never part of a message. Every failure
is an :class:`EndpointError` whose message is one line naming the endpoint and
the graph. Connection refused and 5xx answers are retried a bounded number of
times with exponential backoff; 4xx answers and timeouts are not.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef

from kg.errors import InputError
from kg.export import GraphSet, _canonical, _sorted_names, graph_set, merged, nt_term

USER_AGENT = "safeguarding-kg"
ENV_USER, ENV_PASSWORD, ENV_TOKEN = "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD", "KG_ENDPOINT_TOKEN"


class EndpointError(InputError):
    """The endpoint refused, failed, timed out or could not be reached (exit code 1).

    ``kind`` is one of: rejected (4xx), server (5xx), refused, timeout, unreachable,
    bad-answer.
    """

    exit_code = 1

    def __init__(self, message: str, kind: str = "unreachable"):
        self.kind = kind
        super().__init__(redact(message))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is reported, never followed (urllib would turn a POST into a GET)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


# --------------------------------------------------------------------------- HTTP


def _secrets() -> list[str]:
    return [v for v in (os.environ.get(ENV_PASSWORD), os.environ.get(ENV_TOKEN)) if v]


def redact(text: str) -> str:
    """The text with any credential from the environment blanked out."""
    for secret in _secrets():
        text = text.replace(secret, "***")
    return text


def _auth_header() -> str | None:
    token = os.environ.get(ENV_TOKEN)
    if token:
        return f"Bearer {token}"
    user = os.environ.get(ENV_USER)
    if user is not None:
        raw = f"{user}:{os.environ.get(ENV_PASSWORD, '')}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")
    return None


def check_url(url: str) -> str:
    """An http(s) URL without credentials in it (they belong in the environment)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"not an http(s) endpoint URL: {url.split('@')[-1][:120]!r}")
    if parts.username is not None or parts.password is not None:
        raise InputError(
            "the endpoint URL must not contain credentials; set "
            f"{ENV_USER}/{ENV_PASSWORD} or {ENV_TOKEN} in the environment"
        )
    return url


def _with_param(url: str, param: str) -> str:
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + param


def _one_line(text: str, limit: int = 160) -> str:
    return " ".join(text.split())[:limit]


@dataclass
class Response:
    status: int
    body: bytes


def request(
    method: str,
    url: str,
    body: bytes | None,
    headers: dict[str, str],
    *,
    what: str,
    timeout: float = 30,
    retries: int = 3,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> Response:
    """One HTTP request with retries on refused connections and 5xx answers.

    ``what`` names the target in messages (endpoint and graph). Raises
    EndpointError with one line on any failure.
    """
    headers = {"User-Agent": USER_AGENT, **headers}
    auth = _auth_header()
    if auth:
        headers["Authorization"] = auth
    attempts = max(0, retries) + 1
    problem = ""
    for attempt in range(1, attempts + 1):
        req = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with _OPENER.open(req, timeout=timeout) as resp:
                return Response(resp.status, resp.read())
        except urllib.error.HTTPError as exc:
            try:
                detail = _one_line(exc.read().decode("utf-8", "replace"))
            except OSError:
                detail = ""
            if 300 <= exc.code < 400:
                detail = f"redirected to {exc.headers.get('Location', '?')}; use that URL"
            problem = f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
            if exc.code < 500:
                raise EndpointError(f"{what}: rejected, {problem}", "rejected") from None
            kind = "server"
        except TimeoutError:
            raise EndpointError(
                f"{what}: no answer within {timeout:g} s (timeout)", "timeout"
            ) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise EndpointError(
                    f"{what}: no answer within {timeout:g} s (timeout)", "timeout"
                ) from None
            if not isinstance(reason, ConnectionRefusedError):
                raise EndpointError(f"{what}: cannot connect ({reason})", "unreachable") from None
            problem, kind = "connection refused", "refused"
        except (ConnectionResetError, ConnectionAbortedError, BrokenPipeError) as exc:
            problem, kind = f"connection dropped ({type(exc).__name__})", "refused"
        except OSError as exc:
            raise EndpointError(f"{what}: {_one_line(str(exc))}", "unreachable") from None
        if attempt < attempts:
            sleep(backoff * 2 ** (attempt - 1))
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    raise EndpointError(f"{what}: {problem}{tries}", kind)


# --------------------------------------------------------------------------- push


@dataclass
class PushResult:
    endpoint: str
    accepted: list[tuple[str, int]] = field(default_factory=list)  # (graph label, triples)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (graph label, one line)
    skipped: list[str] = field(default_factory=list)  # not attempted after a connection failure

    @property
    def ok(self) -> bool:
        return not self.failed and not self.skipped

    @property
    def triples(self) -> int:
        return sum(n for _, n in self.accepted)


def graph_label(name: URIRef | None) -> str:
    return "default graph" if name is None else f"graph <{name}>"


def ntriples(triples) -> bytes:
    """Sorted N-Triples (canonical blank-node labels)."""
    lines = sorted(
        " ".join(nt_term(t) for t in triple) + " ."
        for triple in _canonical(None, triples, sort=False)
    )
    return "".join(line + "\n" for line in lines).encode("utf-8")


def plan(gs: GraphSet, per_report: bool = False, graph: str | None = None) -> list[tuple]:
    """What to send: a list of (target graph name or None, triples).

    Default: everything merged into the default graph; ``graph``: everything merged
    into that named graph; ``per_report``: each named graph on its own.
    """
    if per_report and graph:
        raise InputError("use either --per-report or --graph, not both")
    if graph is not None:
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", graph):
            raise InputError(f"--graph needs an absolute IRI, not {graph[:80]!r}")
        nt_term(URIRef(graph))  # rejects characters an IRI may not hold
        return [(URIRef(graph), merged(gs))]
    if per_report:
        return [(name, gs[name]) for name in _sorted_names(gs) if gs[name]]
    return [(None, merged(gs))]


def push(
    url: str,
    dataset,
    *,
    per_report: bool = False,
    graph: str | None = None,
    replace: bool = False,
    timeout: float = 30,
    retries: int = 3,
    backoff: float = 0.5,
) -> PushResult:
    """Send graphs to a Graph Store Protocol endpoint: PUT (``replace``) or POST.

    Every graph is tried; after a connection failure (refused, timeout,
    unreachable) the remaining graphs are skipped, since they would fail the same
    way. The result lists what was accepted, what failed (one line each) and what
    was not attempted.
    """
    check_url(url)
    targets = plan(graph_set(dataset), per_report=per_report, graph=graph)
    result = PushResult(endpoint=url)
    method = "PUT" if replace else "POST"
    for i, (name, triples) in enumerate(targets):
        label = graph_label(name)
        target = _with_param(
            url, "default" if name is None else "graph=" + urllib.parse.quote(str(name), safe="")
        )
        try:
            request(
                method,
                target,
                ntriples(triples),
                {"Content-Type": "application/n-triples; charset=utf-8"},
                what=f"{url} ({label})",
                timeout=timeout,
                retries=retries,
                backoff=backoff,
            )
        except EndpointError as exc:
            result.failed.append((label, str(exc)))
            if exc.kind != "rejected":  # the rest would fail the same way
                result.skipped = [graph_label(n) for n, _ in targets[i + 1 :]]
                break
            continue
        result.accepted.append((label, len(triples)))
    return result


# --------------------------------------------------------------------------- query

_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def check_bindings(bindings: dict | None) -> dict:
    """Bindings keyed by variable name (without ``?``); values must be IRIs or literals."""
    out = {}
    for name, value in (bindings or {}).items():
        var = name[1:] if name[:1] in "?$" else name
        if not _VAR.match(var):
            raise InputError(f"not a SPARQL variable name: {name!r}")
        if isinstance(value, BNode):
            raise InputError(f"?{var}: a blank node cannot be a query parameter")
        if not isinstance(value, (URIRef, Literal)):
            raise TypeError(f"?{var}: bind an rdflib URIRef or Literal, not {type(value).__name__}")
        out[var] = value
    return out


_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


def _where_brace(query: str) -> int:
    """Index of the ``{`` opening the query's outermost group (skips comments, strings, IRIs)."""
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch == "#":
            nl = query.find("\n", i)
            i = n if nl < 0 else nl + 1
        elif ch in "\"'":
            quote = ch * 3 if query.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            i = j + len(quote)
        elif ch == "<":
            m = _IRI.match(query, i)
            i = m.end() if m else i + 1
        elif ch == "{":
            return i
        else:
            i += 1
    raise InputError("query has no WHERE group ({ ... })")


def with_values(query: str, bindings: dict | None) -> str:
    """The query with a VALUES block for the bindings at the top of its WHERE group.

    Each value is written as an escaped N-Triples term (IRIs checked, literals
    escaped), so a value can only ever be a term, never query text.
    """
    bound = check_bindings(bindings)
    if not bound:
        return query
    names = sorted(bound)
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(nt_term(bound[n]) for n in names)
    i = _where_brace(query) + 1
    return f"{query[:i]}\n  VALUES ({head}) {{ ({row}) }}\n{query[i:]}"


def _term(cell: dict):
    kind = cell.get("type")
    value = cell.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = cell.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        datatype = cell.get("datatype")
        if datatype and datatype not in (
            "http://www.w3.org/2001/XMLSchema#string",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
        ):
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise EndpointError(f"unexpected term type in the results: {kind!r}", "bad-answer")


def select(
    url: str, query: str, bindings: dict | None = None, timeout: float = 30, retries: int = 2
) -> tuple[list[str], list[tuple]]:
    """Run a SPARQL SELECT on a remote SPARQL 1.1 query endpoint.

    Named queries are written over the union of graphs: point at an endpoint
    that queries the union (Oxigraph: ``.../query?union-default-graph`` or
    ``oxigraph serve --union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph``;
    GraphDB: the default graph is already the union). Returns (variable names,
    rows of rdflib terms or None).
    """
    check_url(url)
    text = with_values(query, bindings)
    response = request(
        "POST",
        url,
        text.encode("utf-8"),
        {
            "Content-Type": "application/sparql-query; charset=utf-8",
            "Accept": "application/sparql-results+json",
        },
        what=f"{url} (query)",
        timeout=timeout,
        retries=retries,
    )
    try:
        doc = json.loads(response.body.decode("utf-8"))
        names = list(doc["head"].get("vars", []))
        rows = [
            tuple(_term(b[n]) if n in b else None for n in names)
            for b in doc["results"]["bindings"]
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise EndpointError(
            f"{url} (query): the answer is not SPARQL JSON results", "bad-answer"
        ) from None
    return names, rows

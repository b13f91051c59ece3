"""The named queries in ``queries/*.rq`` and their comment headers.

A query file opens with::

    # Question: which sub-groups report to a given board?
    # Parameters: ?board (IRI or label of a sg:Board)
    # Returns: ?subgroup ?subgroupLabel

``Parameters`` lists ``?name (description)`` groups, or ``none``. In the
description, prefixed class names (``sg:Board``) are the types a label may
resolve to; the word ``literal`` makes the value a literal (typed by any
``xsd:`` name given); the word ``optional`` lets the parameter be left out.
An optional ``# Walk: ?start -> ?to`` line marks a step relation that kg
follows upward from ``?start``, adding a depth (see kg.query.walk).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from kg.errors import InputError
from kg.namespaces import PREFIXES
from kg.resources import QUERIES_DIR

_PARAM = re.compile(r"\?(\w+)\s*\(([^)]*)\)")
_CURIE = re.compile(r"\b([a-z][\w-]*):([A-Za-z][\w-]*)")
_WALK = re.compile(r"\?(\w+)\s*->\s*\?(\w+)")


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    types: tuple[URIRef, ...] = ()  # classes a label may resolve to (empty: any)
    literal: bool = False
    datatype: URIRef | None = None
    optional: bool = False


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    question: str
    parameters: tuple[Parameter, ...]
    returns: tuple[str, ...]
    text: str
    walk: tuple[str, str] | None = None  # (start variable, next variable)

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def _expand(prefix: str, local: str) -> URIRef | None:
    ns = PREFIXES.get(prefix)
    return URIRef(str(ns) + local) if ns is not None else None


def _parameter(name: str, description: str) -> Parameter:
    words = set(re.findall(r"[a-z]+", description.lower()))
    curies = [_expand(p, local) for p, local in _CURIE.findall(description)]
    curies = [c for c in curies if c is not None]
    xsd = str(PREFIXES["xsd"])
    datatypes = [c for c in curies if str(c).startswith(xsd)]
    literal = "literal" in words
    return Parameter(
        name=name,
        description=description.strip(),
        types=() if literal else tuple(c for c in curies if not str(c).startswith(xsd)),
        literal=literal,
        datatype=datatypes[0] if datatypes else None,
        optional="optional" in words,
    )


def parse_query(path: str | Path) -> NamedQuery:
    """Read a query file and its header; a file without ``# Question:`` is an error."""
    p = Path(path)
    if not p.is_file():
        raise InputError("no such query file", str(path))
    text = p.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line[1:].strip()
        m = re.match(r"(Question|Parameters|Returns|Walk):\s*(.*)", body)
        if m:
            key = m.group(1)
            header[key] = m.group(2)
        elif key and body:
            header[key] += " " + body  # continuation line
    if "Question" not in header:
        raise InputError("query file has no '# Question:' header", str(path))
    params = tuple(_parameter(n, d) for n, d in _PARAM.findall(header.get("Parameters", "")))
    walk = _WALK.search(header.get("Walk", ""))
    return NamedQuery(
        name=p.stem,
        path=p,
        question=header["Question"].strip(),
        parameters=params,
        returns=tuple(re.findall(r"\?(\w+)", header.get("Returns", ""))),
        text=text,
        walk=(walk.group(1), walk.group(2)) if walk else None,
    )


def list_queries(directory: str | Path = QUERIES_DIR) -> list[NamedQuery]:
    """Every named query of the library, sorted by name (QC checks in qc/ excluded)."""
    return [parse_query(p) for p in sorted(Path(directory).glob("*.rq"))]


def find_query(name_or_path: str, directory: str | Path = QUERIES_DIR) -> NamedQuery:
    """A query by library name (``board-structure``) or by path to any ``.rq`` file."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".rq" or candidate.is_file():
        return parse_query(candidate)
    path = Path(directory) / f"{name_or_path}.rq"
    if path.is_file():
        return parse_query(path)
    names = [q.stem for q in sorted(Path(directory).glob("*.rq"))]
    import difflib

    near = difflib.get_close_matches(name_or_path, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(near)}?" if near else "; run 'kg queries' for the list"
    raise InputError(f"no query named '{name_or_path}'{hint}")

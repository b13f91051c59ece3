"""Read graphs in any RDF format and write them in any RDF format.

The unit passed around is a *graph set*: a dict from graph name to the set of
triples in that graph, where the name is a report IRI (one named graph per
report, see docs/rdf-model.md), the ontology graph IRI, or ``None`` for the
default graph. TriG, N-Quads and JSON-LD keep the named graphs; Turtle and
N-Triples merge them. Output is deterministic: triples are sorted, blank nodes
get canonical labels, and the same graphs give byte-identical files.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Optional

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ConjunctiveGraph
from rdflib.namespace import OWL, RDF

from kg.atomic import write_bytes
from kg.errors import InputError
from kg.namespaces import ONTOLOGY_GRAPH, PREFIXES, SG, bind_prefixes, stable_digest
from kg.resources import ontology_files

GraphName = Optional[URIRef]  # noqa: UP045 - None is the default graph
Triple = tuple  # (subject, predicate, object) of rdflib terms
GraphSet = dict  # GraphName -> set[Triple]

# export format -> (rdflib format, keeps named graphs)
FORMATS: dict[str, tuple[str, bool]] = {
    "ttl": ("turtle", False),
    "nt": ("nt", False),
    "nq": ("nquads", True),
    "trig": ("trig", True),
    "jsonld": ("json-ld", True),
}

# input extension -> (rdflib parser, may hold named graphs)
INPUT_FORMATS: dict[str, tuple[str, bool]] = {
    ".ttl": ("turtle", False),
    ".nt": ("nt", False),
    ".rdf": ("xml", False),
    ".owl": ("xml", False),
    ".nq": ("nquads", True),
    ".trig": ("trig", True),
    ".jsonld": ("json-ld", True),
    ".json": ("json-ld", True),
}


# --------------------------------------------------------------------------- reading


def report_graph_name(triples: Iterable[Triple]) -> GraphName:
    """The named graph a single-graph file belongs to.

    The IRI of its one ``sg:InspectionReport``; the ontology graph for a file that
    declares an ``owl:Ontology`` and no report; otherwise ``None`` (the default
    graph: a merged file of several reports cannot be split back into reports).
    """
    reports = set()
    ontology = False
    for s, p, o in triples:
        if p == RDF.type and isinstance(s, URIRef):
            if o == SG.InspectionReport:
                reports.add(s)
            elif o == OWL.Ontology:
                ontology = True
    if len(reports) == 1:
        return next(iter(reports))
    if not reports and ontology:
        return ONTOLOGY_GRAPH
    return None


def _contexts(obj: Graph) -> list[tuple[GraphName, Graph]]:
    if isinstance(obj, Dataset):
        pairs = [(g.identifier, g) for g in obj.graphs()]
    elif isinstance(obj, ConjunctiveGraph):
        default = obj.default_context.identifier
        pairs = [(g.identifier, g) for g in obj.contexts()]
        pairs = [(None if name == default else name, g) for name, g in pairs]
    else:
        return [(None, obj)]
    return [(None if name == DATASET_DEFAULT_GRAPH_ID else name, g) for name, g in pairs]


def graph_set(obj: Graph | Dataset | Mapping) -> GraphSet:
    """A graph set from an rdflib Graph, ConjunctiveGraph or Dataset (or a graph set).

    A plain Graph (one report) goes into the named graph of its report
    (:func:`report_graph_name`); a dataset keeps its graphs. A dataset whose only
    content is in the default graph is treated like a plain Graph.
    """
    if isinstance(obj, Mapping):
        return {name: set(triples) for name, triples in obj.items() if triples}
    out: GraphSet = {}
    for name, g in _contexts(obj):
        if name is not None and not isinstance(name, URIRef):
            name = URIRef(str(name))  # a blank-node graph name: keep it addressable
        triples = set(g.triples((None, None, None)))
        if triples:
            out.setdefault(name, set()).update(triples)
    if set(out) == {None}:
        triples = out.pop(None)
        out[report_graph_name(triples)] = triples
    return out


def merge_into(target: GraphSet, other: GraphSet) -> GraphSet:
    for name, triples in other.items():
        target.setdefault(name, set()).update(triples)
    return target


def read_file(path: str) -> GraphSet:
    """Parse one RDF file into a graph set (the extension picks the parser)."""
    p = Path(path)
    fmt = INPUT_FORMATS.get(p.suffix.lower())
    if fmt is None:
        known = " ".join(sorted(INPUT_FORMATS))
        raise InputError(f"unknown RDF file extension {p.suffix!r} (known: {known})", path)
    if not p.is_file():
        raise InputError("no such file", path)
    if p.stat().st_size == 0:
        raise InputError("empty file", path)
    parser, quads = fmt
    container: Graph = Dataset() if quads else Graph()
    try:
        container.parse(str(p), format=parser)
    except Exception as exc:  # noqa: BLE001 - rdflib raises many types for bad syntax
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise InputError(f"not valid {parser}: {first[:200]}", path) from None
    return graph_set(container)


def read_files(paths: Iterable[str]) -> GraphSet:
    """Read and merge several RDF files; graphs with the same name are merged."""
    out: GraphSet = {}
    for path in paths:
        merge_into(out, read_file(path))
    return out


def ontology_graph_set() -> GraphSet:
    """The ontology files (ontology/*.ttl) in the ontology graph."""
    files = ontology_files()
    if not files:
        raise InputError("no ontology found (ontology/*.ttl); use --without-ontology")
    g = Graph()
    for f in files:
        g.parse(str(f), format="turtle")
    return {ONTOLOGY_GRAPH: set(g)}


def merged(gs: GraphSet) -> set:
    """All triples of all graphs (the union default graph)."""
    out: set = set()
    for triples in gs.values():
        out |= triples
    return out


def triple_count(gs: GraphSet) -> int:
    return sum(len(t) for t in gs.values())


# --------------------------------------------------------------------------- terms


_BAD_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def _check_iri(value: str) -> str:
    if not value or _BAD_IRI.search(value):
        raise InputError(f"not a valid IRI: {value[:80]!r}")
    return value


@functools.lru_cache(maxsize=1 << 16)
def _iri_term(value: str) -> str:
    return f"<{_check_iri(value)}>"


_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f\ud800-\udfff]')


def _escape(value: str) -> str:
    if not _NEEDS_ESCAPE.search(value):  # the common case: nothing to escape
        return value
    out = []
    for ch in value:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    return "".join(out)


def nt_term(term) -> str:
    """The N-Triples form of an rdflib term, escaped so it can never break out.

    IRIs with characters N-Triples forbids are rejected (InputError), never passed.
    """
    if isinstance(term, URIRef):
        return _iri_term(str(term))
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            lang = term.language
            if not all(part.isalnum() and part.isascii() for part in lang.split("-")):
                raise InputError(f"not a valid language tag: {lang[:40]!r}")
            return f"{text}@{lang}"
        if term.datatype:
            return f"{text}^^<{_check_iri(str(term.datatype))}>"
        return text
    if isinstance(term, BNode):
        label = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "_-") else "_" for ch in term)
        return f"_:{label or 'b'}"
    raise TypeError(f"not an RDF term: {term!r}")


def _sort_key(term) -> tuple:
    kind = 0 if isinstance(term, URIRef) else 1 if isinstance(term, BNode) else 2
    return (kind, nt_term(term))


def _canonical(name: GraphName, triples: set, sort: bool = True) -> list[Triple]:
    """Triples (sorted unless ``sort`` is false), blank nodes relabelled canonically
    (stable across runs)."""
    if any(isinstance(t, BNode) for triple in triples for t in triple):
        g = Graph()
        for triple in triples:
            g.add(triple)
        prefix = "b" + stable_digest(name or "", length=8)
        triples = {
            tuple(BNode(prefix + str(t)) if isinstance(t, BNode) else t for t in triple)
            for triple in to_canonical_graph(g)
        }
    if not sort:
        return list(triples)
    return sorted(triples, key=lambda t: tuple(_sort_key(x) for x in t))


def _sorted_names(gs: GraphSet) -> list[GraphName]:
    return sorted(gs, key=lambda n: "" if n is None else "\x01" + str(n))


# --------------------------------------------------------------------------- writing


def serialise(gs: GraphSet, fmt: str) -> bytes:
    """The graph set in one export format, deterministically (sorted, canonical bnodes)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    keeps_graphs = FORMATS[fmt][1]
    if not keeps_graphs:
        gs = {None: merged(gs)}
    line_based = fmt in ("nt", "nq")  # these are sorted line by line below
    graphs = {
        name: _canonical(name, gs[name], sort=not line_based)
        for name in _sorted_names(gs)
        if gs[name]
    }
    if line_based:
        lines = []
        for name, triples in graphs.items():
            suffix = f" {nt_term(name)} ." if (fmt == "nq" and name is not None) else " ."
            lines.extend(" ".join(nt_term(t) for t in triple) + suffix for triple in triples)
        lines.sort()
        return "".join(line + "\n" for line in lines).encode("utf-8")
    if fmt == "ttl":
        return _turtle(graphs.get(None, [])).encode("utf-8")
    if fmt == "trig":
        return _trig(graphs)
    ds = Dataset()
    for name, triples in graphs.items():
        target = ds.default_graph if name is None else ds.graph(name)
        for triple in triples:
            target.add(triple)
    doc = json.loads(ds.serialize(format="json-ld", encoding="utf-8"))
    return (
        json.dumps(_sorted_json(doc), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    ).encode("utf-8")


def _turtle(triples: list[Triple], extra_prefixes: dict | None = None) -> str:
    g = Graph()
    bind_prefixes(g)
    for prefix, ns in (extra_prefixes or {}).items():
        g.bind(prefix, ns, override=True)
    for triple in triples:
        g.add(triple)
    return g.serialize(format="turtle")


def _predicate_prefixes(graphs: dict) -> dict[str, str]:
    """Prefixes for predicate namespaces outside PREFIXES (the Turtle writer needs
    a prefix for every predicate it can split), named ns1, ns2, ... in sorted order."""
    known = {str(ns) for ns in PREFIXES.values()}
    g = Graph(bind_namespaces="none")
    found: dict[str, str] = {}
    predicates = sorted({p for triples in graphs.values() for _, p, _ in triples}, key=str)
    for p in predicates:
        try:
            _, ns, _ = g.namespace_manager.compute_qname(str(p), generate=True)
        except ValueError:
            continue
        ns = str(ns)
        if ns not in known and ns not in found.values():
            found[f"ns{len(found) + 1}"] = ns
    return found


def _trig(graphs: dict) -> bytes:
    """TriG: the prefixes once, then each graph in name order as a Turtle block.

    (rdflib's own TriG writer orders graphs by a hash, so its output varies.)
    """
    extra = _predicate_prefixes(graphs)
    prefixes = {**{p: str(ns) for p, ns in PREFIXES.items()}, **extra}
    parts = ["".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items()))]
    for name, triples in graphs.items():
        lines = _turtle(triples, extra).splitlines()
        stray = [
            line
            for line in lines
            if line.startswith("@prefix") and line.split()[1][:-1] not in prefixes
        ]
        if stray:  # a prefix the writer made up: never silently emit an unbound one
            raise RuntimeError(f"TriG writer invented a prefix: {stray[0]}")
        body = "".join(line + "\n" for line in lines if not line.startswith("@prefix")).strip("\n")
        opener = "{" if name is None else f"{nt_term(name)} {{"
        parts.append(f"{opener}\n{body}\n}}\n")
    return "\n".join(parts).encode("utf-8")


def _sorted_json(node, key: str = ""):
    """Sort JSON-LD arrays (unordered sets in JSON-LD) except @list contents."""
    if isinstance(node, dict):
        return {k: _sorted_json(v, k) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_json(v) for v in node]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def parse_bytes(data: bytes, fmt: str) -> GraphSet:
    """Parse serialised data in an export format back into a graph set (for round trips)."""
    parser, keeps_graphs = FORMATS[fmt]
    container: Graph = Dataset() if keeps_graphs else Graph()
    container.parse(data=data, format=parser)
    out: GraphSet = {}
    for name, g in _contexts(container):
        triples = set(g.triples((None, None, None)))
        if triples:
            out.setdefault(name, set()).update(triples)
    return out


def isomorphic_sets(a: GraphSet, b: GraphSet) -> bool:
    """Same graph names, and each named graph isomorphic (blank nodes up to renaming)."""
    a = {k: v for k, v in a.items() if v}
    b = {k: v for k, v in b.items() if v}
    if set(a) != set(b):
        return False
    for name in a:
        ga, gb = Graph(), Graph()
        for t in a[name]:
            ga.add(t)
        for t in b[name]:
            gb.add(t)
        if not isomorphic(ga, gb):
            return False
    return True


def with_ontology_default(fmt: str) -> bool:
    """Formats that keep named graphs carry the ontology graph unless told not to."""
    return fmt in ("trig", "nq")


def export(
    paths: Iterable[str], fmt: str, output: str | None, with_ontology: bool | None = None
) -> tuple[bytes, dict]:
    """Read the graph files, write them in ``fmt`` to ``output`` (atomically).

    Returns the bytes written and a summary ``{"graphs": n, "triples": n}``. With
    ``output`` None nothing is written (the caller prints the bytes).
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    gs = read_files(paths)
    if with_ontology is None:
        # on by default for TriG/N-Quads, when the ontology is there to add
        with_ontology = with_ontology_default(fmt) and bool(ontology_files())
    if with_ontology:
        merge_into(gs, ontology_graph_set())
    data = serialise(gs, fmt)
    if output:
        write_bytes(output, data)
    graphs = len(gs) if FORMATS[fmt][1] else 1
    triples = triple_count(gs) if FORMATS[fmt][1] else len(merged(gs))
    return data, {"graphs": graphs, "triples": triples}

"""An embedded on-disk triplestore (pyoxigraph) for graphs too big to re-parse.

``load`` puts a graph (one named graph per report) into a store directory;
``select`` runs a SPARQL SELECT over the union of its graphs and returns rows
of rdflib terms, the same shape as the in-memory rdflib path, so the named
queries give the same answers from either.

Layout of a store: each report's triples in the named graph of the report (the
ontology in the ontology graph; triples that came without a graph in
:data:`UNNAMED_GRAPH`), and the *default graph holding the RDF merge of all
named graphs*, rebuilt on every load. Queries run on that default graph. (Oxigraph's
own union-default-graph mode is a multiset: a triple present in two reports'
graphs, like a council's name, would come back twice, and rdflib would not.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.endpoint import check_bindings, with_values
from kg.errors import InputError
from kg.export import GraphSet, graph_set, ontology_graph_set
from kg.namespaces import BASE, ONTOLOGY_GRAPH
from kg.resources import ontology_files

UNNAMED_GRAPH = URIRef(BASE + "graph/unnamed")  # where triples without a graph name go
_REBUILD_UNION = "CLEAR DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_OPEN: dict[str, ox.Store] = {}  # one handle per store directory in this process


def open_store(store_dir: str, create: bool = True) -> ox.Store:
    """The store in ``store_dir`` (created when ``create``), opened once per process."""
    key = os.path.realpath(store_dir)
    if key in _OPEN:
        return _OPEN[key]
    path = Path(store_dir)
    if not create and not path.is_dir():
        raise InputError("no store here (build one with: kg build ... --store DIR)", store_dir)
    if path.exists() and not path.is_dir():
        raise InputError("not a directory", store_dir)
    try:
        store = ox.Store(str(path))
    except OSError as exc:
        raise InputError(
            f"cannot open the store: {str(exc).splitlines()[0][:200]}", store_dir
        ) from None
    _OPEN[key] = store
    return store


def close(store_dir: str) -> None:
    """Flush and forget the open handle (the store stays on disk)."""
    store = _OPEN.pop(os.path.realpath(store_dir), None)
    if store is not None:
        store.flush()


# --------------------------------------------------------------------------- terms


def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(_bnode_id(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _bnode_id(term: BNode) -> str:
    label = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in str(term))
    return label if label[:1].isalpha() else "b" + label


def from_ox(term):
    """A pyoxigraph term as an rdflib term (plain strings without a datatype, as rdflib)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (str(XSD.string), str(RDF.langString)):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term from the store: {term!r}")


def _quads(gs: GraphSet):
    for name, triples in gs.items():
        graph = to_ox(UNNAMED_GRAPH if name is None else name)
        for s, p, o in triples:
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)


# --------------------------------------------------------------------------- API


def load(store_dir: str, dataset, replace_graphs: bool = True, with_ontology: bool = True) -> int:
    """Load a graph or dataset into the store in ``store_dir``; returns the quads loaded.

    Named graphs are kept (a plain Graph of one report goes into its report's graph,
    see kg.export.graph_set). With ``replace_graphs`` each graph being loaded is
    cleared first, so loading a rebuilt report replaces it instead of adding to it.
    With ``with_ontology`` the ontology graph is (re)loaded too, as the in-memory
    query path adds it, so the queries' class and property paths work. The default
    graph is then rebuilt as the merge of all named graphs.
    """
    gs = graph_set(dataset)
    if with_ontology and ontology_files():
        gs[ONTOLOGY_GRAPH] = gs.get(ONTOLOGY_GRAPH, set()) | ontology_graph_set()[ONTOLOGY_GRAPH]
    store = open_store(store_dir, create=True)
    quads = list(_quads(gs))
    removed = False
    if replace_graphs:
        for name in gs:
            node = to_ox(UNNAMED_GRAPH if name is None else name)
            if store.contains_named_graph(node):
                store.remove_graph(node)
                removed = True
    _add(store, quads, rebuild=removed)
    return len(quads)


def _add(store: ox.Store, quads: list, rebuild: bool) -> None:
    """Add quads to their named graphs and keep the default graph their merge:
    rebuilt in full after a graph was replaced, else just added to."""
    store.extend(quads)
    if rebuild:
        store.update(_REBUILD_UNION)
    else:
        store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)


def load_turtle_reports(store_dir: str, reports, with_ontology: bool = True) -> int:
    """Load built reports given as (graph IRI, Turtle text[, syntax]) tuples; returns the
    quads loaded.

    The fast path for ``kg build --store``: pyoxigraph parses the text itself (no
    rdflib graph in between). ``syntax`` "nt" says the text is N-Triples (one triple a
    line, as ``kg.batch`` sends them): they are all checked first, then bulk-loaded
    natively, a few megabytes at a time, as N-Quads (their named graphs) and N-Triples
    (the default graph). Each report replaces its named graph; a report without a
    graph IRI goes into :data:`UNNAMED_GRAPH`. The ontology graph is (re)loaded and the
    default graph rebuilt, as in :func:`load`. A bad report leaves the store as it was.
    """
    items = []
    for report in reports:
        iri, text = report[0], report[1]
        syntax = report[2] if len(report) > 2 else "turtle"
        items.append((UNNAMED_GRAPH if iri is None else URIRef(str(iri)), text, syntax))
    if with_ontology and ontology_files():
        items += [(ONTOLOGY_GRAPH, f.read_bytes(), "turtle") for f in ontology_files()]
    quads, nt = [], []
    for iri, text, syntax in items:  # parse the Turtle first: a bad one changes nothing
        if syntax == "nt":
            if isinstance(text, bytes):
                text = text.decode("utf-8")
            if text and not text.endswith("\n"):
                text += "\n"
            nt.append((iri, text))
            continue
        graph = ox.NamedNode(str(iri))
        try:
            for t in ox.parse(text, format=ox.RdfFormat.TURTLE, rename_blank_nodes=True):
                quads.append(ox.Quad(t.subject, t.predicate, t.object, graph))
        except SyntaxError as exc:
            raise InputError(
                f"not valid Turtle: {str(exc).splitlines()[0][:200]}", str(iri)
            ) from None
    for iri, text in nt:  # check the N-Triples (and graph names) before the store is touched
        _check_ntriples(text, iri)
    chunks = _chunks(nt)
    store = open_store(store_dir, create=True)
    names = [ox.NamedNode(iri) for iri in sorted({str(iri) for iri, _, _ in items})]
    existing = [n for n in names if store.contains_named_graph(n)]
    for node in existing:
        store.remove_graph(node)
    count = 0
    for chunk in chunks:  # bulk loading: several times faster than a transaction
        # "s p o .\n" -> "s p o <g> .\n" (a newline inside a literal is escaped as \n)
        nq_text = "".join(text.replace(" .\n", f" <{iri}> .\n") for iri, text in chunk)
        store.bulk_load(nq_text, format=ox.RdfFormat.N_QUADS)
        count += nq_text.count("\n")
        del nq_text
        if not existing:  # the default graph is the merge of the named graphs
            store.bulk_load("".join(text for _, text in chunk), format=ox.RdfFormat.N_TRIPLES)
    _add(store, quads, rebuild=bool(existing))
    return len(quads) + count


_CHUNK_CHARS = 16_000_000  # N-Triples per bulk load: bounds the loader's memory


def _chunks(reports: list) -> list[list]:
    """(graph IRI, N-Triples) pairs in runs of about ``_CHUNK_CHARS`` characters."""
    chunks, current, size = [], [], 0
    for iri, text in reports:
        current.append((iri, text))
        size += len(text)
        if size >= _CHUNK_CHARS:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


def _check_ntriples(text: str, iri) -> None:
    """InputError unless ``text`` is N-Triples and the graph name ``iri`` an IRI."""
    try:
        ox.NamedNode(str(iri))
        for _ in ox.parse(text, format=ox.RdfFormat.N_TRIPLES):
            pass
    except ValueError as exc:
        raise InputError(f"not a valid graph IRI: {exc}", str(iri)) from None
    except SyntaxError as exc:
        raise InputError(
            f"not valid N-Triples: {str(exc).splitlines()[0][:200]}", str(iri)
        ) from None


def _quad_total(store: ox.Store) -> int:
    (solution,) = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    return int(solution["n"].value)


def count(store_dir: str) -> int:
    """The number of distinct triples in the store (the merge of its graphs)."""
    store = open_store(store_dir, create=False)
    (solution,) = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    return int(solution["n"].value)


def graph_names(store_dir: str) -> list[str]:
    """The named graphs in the store, sorted."""
    return sorted(n.value for n in open_store(store_dir, create=False).named_graphs())


def select(
    store_dir: str, query: str, bindings: dict | None = None
) -> tuple[list[str], list[tuple]]:
    """Run a SPARQL SELECT over the merge of the store's graphs (its default graph).

    ``bindings`` pre-bind variables: pyoxigraph's native substitution when they are
    all projected, else a VALUES block of escaped terms; a value is always a term,
    never query text. Returns (variable names, rows of rdflib terms
    or None).
    """
    store = open_store(store_dir, create=False)
    bound = check_bindings(bindings)
    subs = {ox.Variable(k): to_ox(v) for k, v in bound.items()}
    try:
        try:
            result = store.query(query, substitutions=subs or None)
        except RuntimeError as exc:
            # pyoxigraph substitutes only variables of the SELECT projection;
            # for the others, a VALUES block of escaped terms (kg.endpoint.with_values)
            if "projection" not in str(exc):
                raise InputError(f"query failed: {str(exc).splitlines()[0][:200]}") from None
            result = store.query(with_values(query, bound))
    except SyntaxError as exc:
        raise InputError(f"SPARQL syntax error: {str(exc).splitlines()[0][:200]}") from None
    if not isinstance(result, ox.QuerySolutions):
        raise InputError("only SELECT queries are supported here")
    names = [v.value for v in result.variables]
    rows = [tuple(from_ox(solution[i]) for i in range(len(names))) for solution in result]
    return names, rows


def rdflib_graph(store_dir: str) -> Graph:
    """The merge of the store's graphs as an in-memory rdflib Graph (for small stores)."""
    g = Graph()
    store = open_store(store_dir, create=False)
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        g.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return g

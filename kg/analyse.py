"""Graph analysis of each council's governance lines (networkx).

The lines are the steps of ``queries/accountability-chain.rq`` (sub-organisation,
reports-to, the body's chair, holds-to-account), read once for the whole graph
through any query backend. Per council:

- ``chain-depth``: for each body, the longest line from it up to a top post;
- ``orphan``: bodies and posts with no line to any top post (a top post is a
  post that others answer to and that answers to nobody);
- ``cycle``: cycles in reports-to or in holds-to-account;
- ``central``: the posts and bodies with the highest betweenness.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.query.backend import Result, Select
from kg.query.catalogue import find_query
from kg.query.walk import longest_depths

COLUMNS = ["council", "councilLabel", "finding", "node", "nodeLabel", "detail"]
TOP_CENTRAL = 5

NODES_QUERY = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sg: <https://w3id.org/safeguarding-kg/ontology#>
SELECT DISTINCT ?node ?label ?kind ?council ?councilLabel WHERE {
  ?node sg:council ?council ;
    rdf:type/rdfs:subClassOf* ?kind .
  VALUES ?kind { sg:Board sg:SubGroup sg:Panel sg:Post }
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { ?council rdfs:label ?councilLabel }
}"""


@dataclass(frozen=True)
class Step:
    source: URIRef
    relation: str
    target: URIRef


def read_lines(backend: Select):
    """(steps, nodes): every governance step, and node -> (label, is_post, council)."""
    query = find_query("accountability-chain")
    start, nxt = query.walk
    variables, rows = backend(query.text, {})
    col = {v: i for i, v in enumerate(variables)}
    steps = sorted(
        {
            Step(r[col[start]], str(r[col["relation"]]), r[col[nxt]])
            for r in rows
            if isinstance(r[col[start]], URIRef) and isinstance(r[col[nxt]], URIRef)
        },
        key=lambda s: (str(s.source), s.relation, str(s.target)),
    )
    nodes: dict[URIRef, dict] = {}
    councils: dict[URIRef, str] = {}
    _, rows = backend(NODES_QUERY, {})
    for node, label, kind, council, council_label in rows:
        info = nodes.setdefault(node, {"label": None, "post": False, "council": council})
        if label is not None and (info["label"] is None or str(label) < info["label"]):
            info["label"] = str(label)
        info["post"] |= str(kind).endswith("#Post")
        if council_label is not None:
            councils[council] = str(council_label)
    return steps, nodes, councils


def _canonical_cycle(cycle: list) -> tuple:
    i = min(range(len(cycle)), key=lambda k: str(cycle[k]))
    return tuple(cycle[i:] + cycle[:i])


def analyse(backend: Select, council: URIRef | None = None) -> Result:
    """Findings per council as rows of ``COLUMNS``, sorted by council then finding."""
    steps, nodes, councils = read_lines(backend)
    by_council: dict[URIRef, list[URIRef]] = defaultdict(list)
    for node, info in nodes.items():
        by_council[info["council"]].append(node)
    rows = []
    for c in sorted(by_council, key=lambda c: (councils.get(c, ""), str(c))):
        if council is not None and c != council:
            continue
        rows += _council_findings(c, councils.get(c), set(by_council[c]), steps, nodes)
    return list(COLUMNS), rows


def _council_findings(council, council_label, members, steps, nodes):
    import networkx as nx  # imported here: keeps every other kg command quick to start

    def label(n):
        info = nodes.get(n)
        return Literal(info["label"]) if info and info["label"] else None

    def row(finding, node, detail):
        return (
            council,
            Literal(council_label) if council_label else None,
            Literal(finding),
            node,
            label(node) if node is not None else None,
            Literal(detail),
        )

    local = [s for s in steps if s.source in members and s.target in members]
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(members, key=str))
    edges: dict = defaultdict(list)
    for s in local:
        graph.add_edge(s.source, s.target)
        edges[s.source].append((s.target, s.relation))
    tops = {
        n
        for n in members
        if nodes[n]["post"] and graph.out_degree(n) == 0 and graph.in_degree(n) > 0
    }
    out = []
    for node in sorted(members, key=lambda n: (str(label(n) or "").lower(), str(n))):
        if node in tops:
            continue
        depths = longest_depths(edges, node)
        reached = [(d, str(label(t) or t), t) for t, (d, _, _) in depths.items() if t in tops]
        if not reached:
            if len(depths) == 1:
                detail = "no governance line in the graph"
            else:
                end = max(depths.items(), key=lambda kv: (kv[1][0], str(label(kv[0]) or "")))[0]
                detail = f"line ends at {label(end) or end}, not at a top post"
            out.append(row("orphan", node, detail))
        elif not nodes[node]["post"]:
            depth, _, top = max(reached, key=lambda r: (r[0], r[1]))
            out.append(row("chain-depth", node, f"{depth} (to {label(top) or top})"))
    for relation in ("reports to", "accountable to"):
        sub = nx.DiGraph([(s.source, s.target) for s in local if s.relation == relation])
        cycles = sorted(
            {_canonical_cycle(c) for c in nx.simple_cycles(sub)}, key=lambda c: [str(n) for n in c]
        )
        name = "reports-to" if relation == "reports to" else "holds-to-account"
        for cycle in cycles:
            names = [str(label(n) or n) for n in cycle]
            out.append(row("cycle", cycle[0], f"{name}: " + " -> ".join(names + names[:1])))
    if graph.number_of_edges():
        centrality = nx.betweenness_centrality(graph, normalized=True)
        ranked = sorted(
            ((v, n) for n, v in centrality.items() if v > 0),
            key=lambda x: (-x[0], str(label(x[1]) or "").lower(), str(x[1])),
        )
        for value, node in ranked[:TOP_CENTRAL]:
            out.append(row("central", node, f"betweenness {value:.3f}"))
    order = {"chain-depth": 0, "orphan": 1, "cycle": 2, "central": 3}
    return sorted(out, key=lambda r: order[str(r[2])]) if out else out

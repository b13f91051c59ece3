"""Follow a step relation upward and give every node reached its depth.

A walk query (``# Walk: ?start -> ?to``) answers one step: from ``?start``
to each ``?to`` (with ``?relation`` and ``?toLabel``). :func:`walk` runs it
again from every node reached, so the query file stays the single source of
the step relation on every backend. A node's depth is the length of the
longest path to it from the start, cycles aside, so a shortcut (a sub-group
that both reports to the executive group and belongs to the board) does not
hide the full chain.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kg.query.backend import Result, Select
from kg.query.catalogue import NamedQuery

WALK_COLUMNS = ["depth", "node", "nodeLabel", "relation", "from", "fromLabel"]
MAX_NODES = 10_000

LABEL_OF = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?node rdfs:label ?label }"""

Edges = Mapping[Hashable, Iterable[tuple[Hashable, str]]]


def longest_depths(edges: Edges, start: Hashable) -> dict[Hashable, tuple[int, Hashable, str]]:
    """node -> (depth, predecessor, relation) over the nodes reachable from ``start``.

    Edges closing a cycle (back edges of a depth-first search taken in sorted
    order) are ignored; the rest form a DAG whose longest paths give the depths.
    The start has depth 0 and predecessor None.
    """

    def out(node):
        return sorted(set(edges.get(node, ())), key=lambda e: (str(e[0]), e[1]))

    state: dict[Hashable, int] = {start: 1}  # 1 on the stack, 2 done
    postorder: list[Hashable] = []
    kept: dict[Hashable, list[tuple[Hashable, str]]] = {}
    stack = [(start, iter(out(start)))]
    kept[start] = []
    while stack:
        node, children = stack[-1]
        for child, relation in children:
            if state.get(child) == 1:
                continue  # back edge: would close a cycle
            kept[node].append((child, relation))
            if child not in state:
                state[child] = 1
                kept[child] = []
                stack.append((child, iter(out(child))))
                break
        else:
            stack.pop()
            state[node] = 2
            postorder.append(node)
    best: dict[Hashable, tuple[int, Hashable, str]] = {start: (0, None, "")}
    for node in reversed(postorder):  # topological order of the kept edges
        depth = best[node][0]
        for child, relation in kept[node]:
            if child not in best or depth + 1 > best[child][0]:
                best[child] = (depth + 1, node, relation)
    return best


def collect_steps(query: NamedQuery, backend: Select, start: URIRef):
    """Every step reachable from ``start``: (edges, labels)."""
    start_var, next_var = query.walk
    edges: dict[URIRef, list[tuple[URIRef, str]]] = {}
    labels: dict[URIRef, str] = {}
    frontier = [start]
    while frontier and len(edges) < MAX_NODES:
        node = frontier.pop()
        if node in edges:
            continue
        variables, rows = backend(query.text, {start_var: node})
        col = {v: i for i, v in enumerate(variables)}
        edges[node] = []
        for row in rows:
            nxt = row[col[next_var]]
            if not isinstance(nxt, URIRef):
                continue
            relation = row[col["relation"]] if "relation" in col else None
            edges[node].append((nxt, str(relation) if relation is not None else ""))
            label = row[col[f"{next_var}Label"]] if f"{next_var}Label" in col else None
            if label is not None:
                labels[nxt] = min(labels.get(nxt, str(label)), str(label))
            if nxt not in edges:
                frontier.append(nxt)
    return edges, labels


def walk(query: NamedQuery, backend: Select, start: URIRef) -> Result:
    """Rows ``depth node nodeLabel relation from fromLabel``, start first, by depth."""
    edges, labels = collect_steps(query, backend, start)
    if start not in labels:
        _, rows = backend(LABEL_OF, {"node": start})
        if rows:
            labels[start] = min(str(r[0]) for r in rows)
    depths = longest_depths(edges, start)

    def label(node) -> Identifier | None:
        return Literal(labels[node]) if node in labels else None

    out = []
    for node, (depth, pred, relation) in depths.items():
        out.append(
            (
                Literal(depth),
                node,
                label(node),
                Literal(relation) if pred is not None else None,
                pred,
                label(pred) if pred is not None else None,
            )
        )
    out.sort(key=lambda r: (int(r[0]), str(r[2] or ""), str(r[1])))
    return list(WALK_COLUMNS), out

"""Which graph nodes stand for which gold entities (rules 3, 4 and 6).

``entity_nodes`` picks the nodes that entity scores count: nodes of the core
entity classes, less LocalAuthority nodes other than the report's council
(``council_test``). ``match_nodes`` finds, per node, the gold entities it
matches on a shared normalised label and the gold type (``node_matches``)
and any ``must_not`` entry it hits. ``max_matching`` pairs required gold
entities with nodes one to one, so a node that could stand for two entities
never hides one of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from kg.evaluate.gold import Gold, GoldEntity
from kg.evaluate.reader import CORE_CLASSES, Reader, local_name
from kg.namespaces import SG, normalise_label

NOT_ENTITY_CLASSES = ("Priority", "Inspection", "Judgement", "Recommendation")
ENTITY_CLASSES = tuple(c for c in CORE_CLASSES if c not in NOT_ENTITY_CLASSES)
LENIENT_PARENTS = ("Board", "Service")

# (node, its normalised labels) -> is it the report's council?
IsCouncil = Callable[[URIRef, set[str]], bool]


class EntityNode(NamedTuple):
    labels: set[str]  # normalised
    types: set[str]  # core class local names
    display: str  # the label to show in result lists


def council_test(graph, gold: Gold) -> IsCouncil:
    """Tell the report's council from other LocalAuthority nodes.

    A node with a GSS code is the council when the gold's code is among its
    codes; otherwise its IRI ending in the code, or a label shared with the
    gold's LocalAuthority entities or report council, makes it the council.
    """
    gss = gold.report.get("gss_code")
    la_gold = [e for e in gold.entities if e.type == "LocalAuthority"]
    council_labels = {normalise_label(x) for e in la_gold for x in e.labels}
    if gold.report.get("local_authority"):
        council_labels.add(normalise_label(gold.report["local_authority"]))

    def is_council(node, labels: set[str]) -> bool:
        codes = {str(o) for o in graph.objects(node, SG.gssCode)}
        if gss and codes:
            return gss in codes
        if gss and str(node).endswith("/" + gss):
            return True
        return bool(labels & council_labels)

    return is_council


def entity_nodes(reader: Reader, is_council: IsCouncil) -> dict[str, EntityNode]:
    """Rule 4: the nodes entity scores count, by IRI in IRI order."""
    graph = reader.graph
    nodes: dict[str, EntityNode] = {}
    subjects = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    for node in sorted(subjects, key=str):
        types = reader.types(node)
        if not types & set(ENTITY_CLASSES):
            continue
        raw = reader.labels(node)
        labels = {normalise_label(x) for x in raw}
        if "LocalAuthority" in types and not is_council(node, labels):
            continue  # other councils (statistical neighbours) are context
        main_labels = sorted(str(o) for o in graph.objects(node, RDFS.label))
        display = (main_labels or sorted(raw) or [local_name(node)])[0]
        nodes[str(node)] = EntityNode(labels, types, display)
    return nodes


def match_nodes(
    reader: Reader, nodes: dict[str, EntityNode], gold: Gold
) -> tuple[dict[str, list[str]], dict[str, GoldEntity]]:
    """Per node: the gold entity ids it matches, and the first ``must_not`` entry it hits."""
    matches: dict[str, list[str]] = {}  # node -> gold ids it matches
    must_not_of: dict[str, GoldEntity] = {}
    for iri, (labels, types, _d) in nodes.items():
        for bad in gold.must_not:
            if node_matches(reader, labels, types, bad):
                must_not_of[iri] = bad
                break
        matches[iri] = [e.id for e in gold.entities if node_matches(reader, labels, types, e)]
    return matches, must_not_of


def node_matches(reader: Reader, labels: set[str], types: set[str], gold: GoldEntity) -> bool:
    """Rule 3: a shared normalised label and the gold type (or the coarse parent)."""
    if not labels & _normalised(gold.labels):
        return False
    if gold.type in types:
        return True
    # the node's own type is only the parent: no core type of it lies below the parent
    return any(
        parent in types
        and reader.core_subclass_of(gold.type, parent)
        and not any(reader.core_subclass_of(t, parent) for t in types)
        for parent in LENIENT_PARENTS
    )


@functools.lru_cache(maxsize=4096)
def _normalised(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise_label(x) for x in labels)


def max_matching(edges: dict[str, list[str]]) -> dict[str, str]:
    """Maximum bipartite matching node -> gold id (Kuhn's algorithm, deterministic order)."""
    owner: dict[str, str] = {}

    def attempt(node: str, seen: set[str]) -> bool:
        for gid in edges[node]:
            if gid in seen:
                continue
            seen.add(gid)
            if gid not in owner or attempt(owner[gid], seen):
                owner[gid] = node
                return True
        return False

    for node in sorted(edges):
        attempt(node, set())
    return {node: gid for gid, node in owner.items()}

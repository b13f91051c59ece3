"""Score a built graph against a gold annotation (spec/evaluation.md).

``evaluate(graph, gold)`` returns an ``Evaluation``: precision, recall and F1
for entities, relations, judgements and recommendations, the report facts,
and the misses and false positives by name. ``render_text`` formats it for a
developer; ``Evaluation.to_dict`` gives plain data for JSON.

Example::

    from kg.evaluate import evaluate_files, render_text
    print(render_text(evaluate_files("redbridge.ttl", "redbridge-2016.yaml")))

Matching follows the spec's rules, numbered as there:

1. labels are compared after ``kg.namespaces.normalise_label``;
2. a node's labels are its rdfs:label, skos:prefLabel and skos:altLabel; its
   types are its rdf:type classes closed under rdfs:subClassOf (graph plus
   ontology);
3. a node matches a gold entity on a shared label and the gold type, or on
   the parent type alone (Board, Service) for gold types below those;
4. entity scores count nodes of the core classes (not Priority, Inspection,
   Judgement, Recommendation); LocalAuthority nodes other than the report's
   council are ignored; duplicates are false positives; nodes matching only
   optional entities count for nothing;
5. relations are read through owl:inverseOf and rdfs:subPropertyOf;
6. ``must_not`` hits are reported apart and count as false positives;
7. judgements are exact {area, grade} pairs; recommendations are counted
   with their addressed_to split;
8. report facts: the Inspection's dates and the council's GSS code.

Where the spec leaves a choice this package decides as follows. Required gold
entities are paired with nodes by a maximum bipartite matching (so a node
that could stand for two entities never hides one of them); a node left
unpaired is a duplicate (false positive) unless it also matches an optional
entity. Graph relations are counted once per distinct (subject node,
predicate, object node) after reading through inverses and subproperties.

Modules: ``gold`` (the gold file), ``reader`` (the graph, rules 2 and 5),
``match`` (nodes to gold entities, rules 3, 4 and 6), ``score``
(``evaluate`` part by part), ``results`` (what it returns) and ``render``
(the text report).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.evaluate.gold import Gold, GoldEntity, GoldRelation, load_gold, parse_gold
from kg.evaluate.match import ENTITY_CLASSES, LENIENT_PARENTS, NOT_ENTITY_CLASSES
from kg.evaluate.reader import (
    CORE_CLASSES,
    CORE_RELATIONS,
    LABEL_PROPERTIES,
    load_graph,
    load_ontology,
)
from kg.evaluate.render import render_text
from kg.evaluate.results import Evaluation, Item, RelationItem, Score
from kg.evaluate.score import evaluate

__all__ = [
    "CORE_CLASSES",
    "CORE_RELATIONS",
    "ENTITY_CLASSES",
    "LABEL_PROPERTIES",
    "LENIENT_PARENTS",
    "NOT_ENTITY_CLASSES",
    "Evaluation",
    "Gold",
    "GoldEntity",
    "GoldRelation",
    "Item",
    "RelationItem",
    "Score",
    "evaluate",
    "evaluate_files",
    "load_gold",
    "load_graph",
    "load_ontology",
    "parse_gold",
    "render_text",
]


def evaluate_files(
    graph_path: str | Path, gold_path: str | Path, ontology: Graph | None = None
) -> Evaluation:
    """Load a graph file and a gold file and score one against the other."""
    gold = load_gold(gold_path)
    return evaluate(load_graph(graph_path), gold, ontology)

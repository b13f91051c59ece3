"""Chain the stages: load -> normalise -> segment -> facts -> recognise -> relate -> assemble.

Each stage is a plain function from ``kg/<stage>.py``; this module only wires
them together, so a newcomer can read the whole pipeline here.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph

from kg.assemble import assemble
from kg.components import components as load_components
from kg.facts import extract_facts
from kg.load import load
from kg.model import Extraction
from kg.normalise import normalise
from kg.recognise import recognise
from kg.relate import relate
from kg.segment import sections as find_sections
from kg.segment import segment

STAGES = ("load", "normalise", "segment", "facts", "recognise", "relate", "assemble")


def extract(path: str, component_names: Sequence[str] | None = None) -> Extraction:
    """Run every stage up to (not including) RDF assembly on one report."""
    document = normalise(load(path))
    parts = find_sections(document)
    sentences = segment(document, parts)
    facts = extract_facts(document, parts, sentences)
    chosen = load_components(component_names)
    entities = recognise(document, parts, sentences, components=chosen)
    relations = relate(document, parts, sentences, entities, components=chosen)
    return Extraction(
        document=document,
        sections=tuple(parts),
        sentences=tuple(sentences),
        facts=facts,
        entities=tuple(entities),
        relations=tuple(relations),
    )


def build_graph(path: str, component_names: Sequence[str] | None = None) -> Graph:
    """One report (.txt or .pdf) to its RDF graph (docs/rdf-model.md)."""
    return assemble(extract(path, component_names))

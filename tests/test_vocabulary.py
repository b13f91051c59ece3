"""kg.vocabulary lists the core names as data; the ontology must declare each one."""

from __future__ import annotations

from rdflib.namespace import OWL, RDF, RDFS

from kg.namespaces import SG
from kg.rdfio import ontology
from kg.vocabulary import BOARD_TYPES, CORE_CLASSES, CORE_RELATIONS


def test_vocabulary_classes_are_declared_in_the_ontology():
    g = ontology()
    assert [c for c in CORE_CLASSES if (SG[c], RDF.type, OWL.Class) not in g] == []


def test_vocabulary_relations_are_object_properties_in_the_ontology():
    g = ontology()
    assert [p for p in CORE_RELATIONS if (SG[p], RDF.type, OWL.ObjectProperty) not in g] == []


def test_vocabulary_board_types_are_the_board_class_and_its_subclasses():
    g = ontology()
    subclasses = {
        str(s).rsplit("#", 1)[1] for s in g.transitive_subjects(RDFS.subClassOf, SG.Board)
    }
    assert set(BOARD_TYPES) == subclasses


def test_vocabulary_area_section_kinds_are_judgement_areas_of_the_scheme():
    from rdflib.namespace import SKOS

    from kg.namespaces import AREA
    from kg.vocabulary import AREA_SECTION_KINDS

    g = ontology()
    assert [
        a for a in sorted(AREA_SECTION_KINDS) if (AREA[a], RDF.type, SKOS.Concept) not in g
    ] == []

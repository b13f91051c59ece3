"""The ontology holds every vocabulary term, documented, aligned and OWL-RL closable."""

from __future__ import annotations

import re
from pathlib import Path

import owlrl
import pytest
from conftest import SHARED, needs_shared
from owlrl.Namespaces import ERRNS
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS

from kg import resources
from kg.namespaces import AREA, GRADE, PRIORITY, REPORT_TYPE, SCHEME, SG
from kg.vocabulary import CORE_CLASSES

CLASSES = [
    *CORE_CLASSES,
    # supporting terms of docs/rdf-model.md
    "InspectionReport",
    "Section",
    "Sentence",
]
PROPERTIES = [
    "subOrganizationOf",
    "reportsTo",
    "chairs",
    "chairedBy",
    "leads",
    "ledBy",
    "holdsToAccount",
    "accountableTo",
    "commissions",
    "commissionedBy",
    "providedBy",
    "provides",
    "embeddedIn",
    "memberOf",
    "partyTo",
    "publishes",
    "addressesPriority",
    "hasJudgement",
    "area",
    "grade",
    "addressedTo",
    "inspected",
    "startDate",
    "endDate",
    "published",
    "reportType",
    "hasRecommendation",
    "gssCode",
    "dfeCode",
    "ofstedUrn",
    "region",
    "statisticalNeighbour",
    # supporting terms of docs/rdf-model.md
    "council",
    "subject",
    "sectionKind",
    "startOffset",
    "endOffset",
    "inSection",
    "sha256",
    "extractedBy",
    "transitiveSubOrganizationOf",
    "safeguardingPartner",
]
SUBCLASS = {
    "LocalAuthority": ORG.FormalOrganization,
    "Board": ORG.FormalOrganization,
    "SafeguardingChildrenBoard": SG.Board,
    "SafeguardingPartnership": SG.Board,
    "AdultSafeguardingBoard": SG.Board,
    "HealthAndWellbeingBoard": SG.Board,
    "CommunitySafetyPartnership": SG.Board,
    "CorporateParentingBoard": SG.Board,
    "SubGroup": ORG.OrganizationalUnit,
    "ExecutiveGroup": SG.SubGroup,
    "Panel": ORG.OrganizationalUnit,
    "Service": ORG.OrganizationalUnit,
    "Team": SG.Service,
    "MultiAgencySafeguardingHub": SG.Service,
    "Provider": ORG.Organization,
    "PartnerAgency": ORG.Organization,
    "ParticipationGroup": ORG.Organization,
    "Post": ORG.Post,
    "Document": PROV.Entity,
    "Protocol": SG.Document,
    "Strategy": SG.Document,
    "Plan": SG.Document,
    "Report": SG.Document,
    "ThresholdDocument": SG.Document,
    "Priority": SKOS.Concept,
    "Inspection": PROV.Activity,
    "Judgement": PROV.Entity,
    "Recommendation": PROV.Entity,
    "InspectionReport": PROV.Entity,
}
SUBPROPERTY = {
    "subOrganizationOf": ORG.subOrganizationOf,
    "reportsTo": ORG.reportsTo,
    "memberOf": ORG.memberOf,
    "startDate": PROV.startedAtTime,
    "endDate": PROV.endedAtTime,
    "published": DCTERMS.issued,
    "gssCode": DCTERMS.identifier,
    "dfeCode": DCTERMS.identifier,
    "ofstedUrn": DCTERMS.identifier,
    "transitiveSubOrganizationOf": ORG.transitiveSubOrganizationOf,
}
INVERSES = {
    "chairs": "chairedBy",
    "leads": "ledBy",
    "holdsToAccount": "accountableTo",
    "commissions": "commissionedBy",
    "providedBy": "provides",
    "subOrganizationOf": "hasSubOrganization",
    "memberOf": "hasMember",
    "embeddedIn": "hosts",
    "partyTo": "hasParty",
    "publishes": "publishedBy",
}
SCHEMES = {
    "grades": (GRADE, "outstanding good requires-improvement inadequate adequate"),
    "areas": (
        AREA,
        (
            "overall help-and-protection looked-after-and-permanence adoption "
            "care-leavers in-care-and-care-leavers in-care leadership lscb"
        ),
    ),
    "report-types": (
        REPORT_TYPE,
        (
            "sif-lscb sif lscb-review ilacs ilacs-2023 focused-visit "
            "monitoring-visit joint-targeted-area-inspection older"
        ),
    ),
    "priorities": (
        PRIORITY,
        (
            "child-sexual-exploitation child-criminal-exploitation "
            "female-genital-mutilation domestic-abuse mental-health "
            "substance-misuse radicalisation disability neglect missing-children "
            "violence-against-women-and-girls honour-based-violence gangs "
            "early-help multi-agency-effectiveness"
        ),
    ),
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    for path in resources.ontology_files():
        g.parse(path, format="turtle")
    return g


def test_ontology_is_one_edit_file_that_parses(ontology):
    assert [p.name for p in resources.ontology_files()] == ["safeguarding.ttl"]
    assert len(ontology) > 500


def test_ontology_header_has_title_description_licence_and_version(ontology):
    onto = URIRef("https://w3id.org/safeguarding-kg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    for p in (DCTERMS.title, DCTERMS.description, DCTERMS.license, OWL.versionInfo):
        assert ontology.value(onto, p) is not None, p


@pytest.mark.parametrize("name", CLASSES)
def test_ontology_declares_class(ontology, name):
    assert (SG[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", PROPERTIES)
def test_ontology_declares_property(ontology, name):
    kinds = set(ontology.objects(SG[name], RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


def test_every_sg_class_and_property_has_label_and_comment(ontology):
    rows = ontology.query(
        """
        SELECT ?term WHERE {
          ?term a ?kind .
          VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
          FILTER (STRSTARTS(STR(?term), STR(sg:)))
          FILTER (NOT EXISTS { ?term rdfs:label ?l } || NOT EXISTS { ?term rdfs:comment ?c })
        }
        """,
        initNs={"owl": OWL, "rdfs": RDFS, "sg": SG},
    )
    assert sorted(str(r.term) for r in rows) == []


@pytest.mark.parametrize("name,parent", sorted(SUBCLASS.items()))
def test_class_is_aligned(ontology, name, parent):
    assert (SG[name], RDFS.subClassOf, parent) in ontology


@pytest.mark.parametrize("name,parent", sorted(SUBPROPERTY.items()))
def test_property_is_aligned(ontology, name, parent):
    assert (SG[name], RDFS.subPropertyOf, parent) in ontology


@pytest.mark.parametrize("forward,inverse", sorted(INVERSES.items()))
def test_inverse_is_declared_both_ways(ontology, forward, inverse):
    assert (SG[forward], OWL.inverseOf, SG[inverse]) in ontology
    assert (SG[inverse], OWL.inverseOf, SG[forward]) in ontology


def test_inspection_report_is_not_a_governance_document(ontology):
    closure = set(ontology.transitive_objects(SG.InspectionReport, RDFS.subClassOf))
    assert SG.Document not in closure
    assert PROV.Entity in closure


def test_sub_organization_is_plain_and_its_closure_transitive(ontology):
    assert (SG.subOrganizationOf, RDF.type, OWL.TransitiveProperty) not in ontology
    assert (SG.transitiveSubOrganizationOf, RDF.type, OWL.TransitiveProperty) in ontology
    assert (SG.subOrganizationOf, RDFS.subPropertyOf, SG.transitiveSubOrganizationOf) in ontology


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_concept_scheme_holds_exactly_the_documented_concepts(ontology, scheme):
    ns, ids = SCHEMES[scheme]
    iri = SCHEME[scheme]
    assert (iri, RDF.type, SKOS.ConceptScheme) in ontology
    assert ontology.value(iri, SKOS.prefLabel) is not None
    members = set(ontology.subjects(SKOS.inScheme, iri))
    assert members == {ns[i] for i in ids.split()}
    for concept in members:
        assert (concept, RDF.type, SKOS.Concept) in ontology, concept
        assert ontology.value(concept, SKOS.prefLabel) is not None, concept
        assert ontology.value(concept, SKOS.definition) is not None, concept


def test_priorities_are_sg_priority_concepts(ontology):
    for concept in ontology.subjects(SKOS.inScheme, SCHEME.priorities):
        assert (concept, RDF.type, SG.Priority) in ontology, concept


@pytest.mark.parametrize(
    "concept,synonym",
    [
        ("child-sexual-exploitation", "CSE"),
        ("child-criminal-exploitation", "county lines"),
        ("female-genital-mutilation", "FGM"),
        ("domestic-abuse", "domestic violence"),
        ("radicalisation", "Prevent"),
        ("radicalisation", "extremism"),
        ("violence-against-women-and-girls", "VAWG"),
        ("gangs", "serious youth violence"),
        ("missing-children", "missing from care"),
        ("disability", "children who have disabilities"),
    ],
)
def test_priority_synonyms_are_alt_labels(ontology, concept, synonym):
    assert (PRIORITY[concept], SKOS.altLabel, Literal(synonym, lang="en")) in ontology


def test_ontology_is_owl_rl_closable_with_the_expected_entailments(ontology):
    g = Graph()
    g += ontology
    ex = Namespace("http://example.org/")
    g.add((ex.chair, SG.chairs, ex.board))
    g.add((ex.team, RDF.type, SG.Team))
    g.add((ex.a, SG.subOrganizationOf, ex.b))
    g.add((ex.b, SG.subOrganizationOf, ex.c))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    assert list(g.subjects(RDF.type, ERRNS.ErrorMessage)) == []
    assert (ex.board, SG.chairedBy, ex.chair) in g
    assert (ex.team, RDF.type, ORG.Organization) in g
    assert (ex.a, SG.transitiveSubOrganizationOf, ex.c) in g
    assert (ex.a, SG.subOrganizationOf, ex.c) not in g


def test_ontology_with_the_valid_example_graphs_is_owl_rl_consistent(ontology):
    g = Graph()
    g += ontology
    for path in sorted((Path(__file__).parent / "shapes" / "valid").glob("*.ttl")):
        g.parse(path, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    errors = [
        str(m) for e in g.subjects(RDF.type, ERRNS.ErrorMessage) for m in g.objects(e, ERRNS.error)
    ]
    assert errors == []


@needs_shared()
def test_every_term_of_the_shared_vocabulary_exists(ontology):
    text = (SHARED / "spec" / "vocabulary.md").read_text(encoding="utf-8")
    names = set()
    for line in text.splitlines():
        m = re.match(r"^\|\s*([A-Za-z, ]+?)\s*\|", line)
        if m and m.group(1) not in {"local name"}:
            names.update(n.strip() for n in m.group(1).split(","))
    names |= {"gssCode", "dfeCode", "ofstedUrn", "region", "statisticalNeighbour"}
    assert len(names) > 45
    missing = sorted(n for n in names if not set(ontology.objects(SG[n], RDF.type)))
    assert missing == []

"""The scorer (kg.evaluate, ``kg evaluate``) against a hand-made gold/graph pair.

tests/data/evaluate/gold.yaml describes a fictional council, Testshire
(E06000099); tests/data/evaluate/graph.ttl is a graph built by hand to hit
every rule of spec/evaluation.md. Expected scores, worked out by hand:

Entities (11 required gold entities; ``police`` is optional).
  TP 9: la (Testshire Council, the node carrying gss E06000099), lscb
  (altLabel "LSCB"), chair ("LSCB Chair": case folded), cse, exec
  ("Executive Group"), mash (a node typed only sg:Service labelled "MASH":
  parent-type leniency, rule 3), duty, charity ("a national charity": leading
  article dropped), leaving (typed ex:LeavingCareService, a subclass of
  sg:Service declared in the graph itself).
  FN 2: hwb (the only candidate node is typed SafeguardingChildrenBoard, a
  sibling, not the parent Board, so it does not match), plan (absent).
  FP 4: "CSE sub-group" (second node for cse: a duplicate), the mistyped
  "Health and Wellbeing Board", "serious case review sub-group" (a must_not
  hit, also reported apart), "adoption panel" (not in the gold).
  Not counted: "Otherton Council" (another LocalAuthority: context), "the
  police" (matches only an optional entity), the Priority, Inspection,
  Judgement and Recommendation nodes.
  P = 9/13 = 0.6923, R = 9/11 = 0.8182, F1 = 18/24 = 0.75.

Relations (8 required gold relations, 1 optional).
  TP 6: chair chairs lscb (written as lscb chairedBy chair: owl:inverseOf),
  cse subOrganizationOf lscb (also stated by the duplicate node: counted
  once), cse reportsTo exec (written ex:feedsInto, an rdfs:subPropertyOf of
  sg:reportsTo), cse addressesPriority child-sexual-exploitation (priority
  concept IRI -> id), la commissions leaving, duty embeddedIn mash.
  FN 2: leaving providedBy charity, lscb publishes plan.
  FP 3: cse addressesPriority neglect, the mistyped HWB memberOf lscb (its
  subject matches no entity), adoption panel reportsTo lscb.
  Not counted: police memberOf lscb (optional), chair org:memberOf hwb
  (org:memberOf is a superproperty, not a core predicate).
  P = 6/9 = 0.6667, R = 6/8 = 0.75, F1 = 12/17 = 0.7059.

Judgements: gold overall/good, help-and-protection/requires-improvement,
  lscb/good; graph has help-and-protection/good instead.
  TP 2, FP 1, FN 1: P = R = F1 = 2/3.

Recommendations: gold 3 (la 2, lscb 1); graph 3, all addressed to the
  council. TP = min(2,3) + min(1,0) = 2, FP 1, FN 1: P = R = F1 = 2/3;
  the count is right but the split is not, so not exact.

Report facts: dates and GSS code right except published (2016-03-21 in the
  graph, 2016-03-20 in the gold).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED_GOLD, needs_shared
from rdflib import Graph

from kg.cli import cli
from kg.errors import InputError
from kg.evaluate import (
    Score,
    evaluate,
    evaluate_files,
    load_gold,
    load_graph,
    load_ontology,
    render_text,
)
from kg.resources import ontology_files

DATA = Path(__file__).resolve().parent / "data" / "evaluate"
GRAPH = DATA / "graph.ttl"
GOLD = DATA / "gold.yaml"
GOLD_DIR = Path(__file__).resolve().parent / "gold"

EXPECTED_TEXT = """\
entities         P 0.692  R 0.818  F1 0.750  (TP 9, FP 4, FN 2)
relations        P 0.667  R 0.750  F1 0.706  (TP 6, FP 3, FN 2)
judgements       P 0.667  R 0.667  F1 0.667  (TP 2, FP 1, FN 1)  NOT exact
recommendations  P 0.667  R 0.667  F1 0.667  (TP 2, FP 1, FN 1)  NOT exact
  recommendations gold/graph: 3/3 (la 2/3, lscb 1/0)
report facts     WRONG: start_date 2016-01-11; end_date 2016-02-04; published 2016-03-21 (gold 2016-03-20); gss_code E06000099

must_not hits (1):
  serious case review sub-group (SubGroup)  https://w3id.org/safeguarding-kg/id/E06000099/sub-group/scr

missed entities (2):
  Health and Wellbeing Board (HealthAndWellbeingBoard)  [hwb]
  business plan (Plan)  [plan]

false positive entities (4):
  adoption panel (Panel)
  Health and Wellbeing Board (SafeguardingChildrenBoard)
  CSE sub-group (SubGroup)  [duplicate of cse]
  serious case review sub-group (SubGroup)  [must_not: SCR sub-group, serious case review sub-group]

missed relations (2):
  leaving care service providedBy national charity
  Local Safeguarding Children Board publishes business plan

false positive relations (3):
  child sexual exploitation sub-group addressesPriority neglect
  Health and Wellbeing Board memberOf Testshire LSCB
  adoption panel reportsTo Testshire LSCB

missed judgements (1):
  help-and-protection: requires-improvement

false judgements (1):
  help-and-protection: good
"""


@pytest.fixture(scope="module")
def result():
    return evaluate(load_graph(GRAPH), load_gold(GOLD), load_ontology([DATA / "ontology.ttl"]))


def test_evaluate_entity_scores_match_the_hand_count(result):
    assert (result.entities.tp, result.entities.fp, result.entities.fn) == (9, 4, 2)
    assert result.entities.precision == pytest.approx(9 / 13)
    assert result.entities.recall == pytest.approx(9 / 11)
    assert result.entities.f1 == pytest.approx(0.75)


def test_evaluate_relation_scores_match_the_hand_count(result):
    assert (result.relations.tp, result.relations.fp, result.relations.fn) == (6, 3, 2)
    assert result.relations.precision == pytest.approx(6 / 9)
    assert result.relations.recall == pytest.approx(6 / 8)
    assert result.relations.f1 == pytest.approx(12 / 17)


def test_evaluate_judgement_and_recommendation_scores_match_the_hand_count(result):
    assert (result.judgements.tp, result.judgements.fp, result.judgements.fn) == (2, 1, 1)
    assert result.missed_judgements == [("help-and-protection", "requires-improvement")]
    assert result.false_judgements == [("help-and-protection", "good")]
    assert not result.judgements_exact
    assert (result.recommendations.tp, result.recommendations.fp, result.recommendations.fn) == (
        2,
        1,
        1,
    )
    assert result.recommendation_count == (3, 3)
    assert result.addressed_to == {"la": (2, 3), "lscb": (1, 0)}
    assert not result.recommendations_exact


def test_evaluate_duplicate_node_is_a_false_positive(result):
    notes = {i.label: i.note for i in result.false_entities}
    assert notes["CSE sub-group"] == "duplicate of cse"


def test_evaluate_parent_type_counts_but_sibling_type_does_not(result):
    missed = {i.ref for i in result.missed_entities}
    assert "mash" not in missed  # typed sg:Service only: coarse but right
    assert "hwb" in missed  # typed SafeguardingChildrenBoard: wrong


def test_evaluate_other_councils_and_optional_matches_count_for_nothing(result):
    refs = {i.ref for i in result.false_entities}
    assert not any(r.endswith("E06000098") for r in refs)
    assert not any("police" in r for r in refs)


def test_evaluate_must_not_hit_is_reported_apart_and_counted(result):
    assert [i.label for i in result.must_not_hits] == ["serious case review sub-group"]
    assert any(i.label == "serious case review sub-group" for i in result.false_entities)


def test_evaluate_report_facts_flag_the_wrong_publication_date(result):
    assert result.facts["published"] == ("2016-03-20", "2016-03-21")
    assert result.facts["start_date"] == ("2016-01-11", "2016-01-11")
    assert result.facts["gss_code"] == ("E06000099", "E06000099")
    assert not result.facts_ok


def test_render_text_lists_scores_then_misses_and_false_positives_by_name(result):
    assert render_text(result) == EXPECTED_TEXT


def test_score_of_nothing_is_zero_not_an_error():
    assert (Score().precision, Score().recall, Score().f1) == (0.0, 0.0, 0.0)


@pytest.mark.skipif(not ontology_files(), reason="the project ontology is not there")
def test_evaluate_project_ontology_gives_the_hand_counted_scores(result):
    ours = evaluate(load_graph(GRAPH), load_gold(GOLD))
    assert render_text(ours) == render_text(result)


def test_evaluate_reads_any_rdf_format_by_extension(tmp_path, result):
    g = Graph()
    g.parse(GRAPH, format="turtle")
    nt = tmp_path / "graph.nt"
    g.serialize(nt, format="nt")
    again = evaluate_files(nt, GOLD, load_ontology([DATA / "ontology.ttl"]))
    assert render_text(again) == render_text(result)


@pytest.mark.skipif(not ontology_files(), reason="the project ontology is not there")
def test_cli_evaluate_prints_the_text_report():
    out = CliRunner().invoke(cli, ["evaluate", str(GRAPH), "--gold", str(GOLD)])
    assert out.exit_code == 0, out.output
    assert out.output == EXPECTED_TEXT


@pytest.mark.skipif(not ontology_files(), reason="the project ontology is not there")
def test_cli_evaluate_json_has_scores_and_names():
    out = CliRunner().invoke(cli, ["evaluate", str(GRAPH), "--gold", str(GOLD), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["entities"] == {
        "tp": 9,
        "fp": 4,
        "fn": 2,
        "precision": 0.6923,
        "recall": 0.8182,
        "f1": 0.75,
    }
    assert data["relations"]["f1"] == 0.7059
    assert data["judgements"]["exact"] is False
    assert data["recommendations"]["addressed_to"] == {
        "la": {"gold": 2, "graph": 3},
        "lscb": {"gold": 1, "graph": 0},
    }
    assert [i["ref"] for i in data["missed_entities"]] == ["hwb", "plan"]
    assert data["report"]["published"] == {"gold": "2016-03-20", "graph": "2016-03-21", "ok": False}


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.ttl", None, "no such file"),
        ("empty.ttl", b"", "empty file"),
        ("junk.ttl", b"\x00\xff\x13 not turtle at all <<<", "cannot parse as turtle"),
        ("graph.xyz", b"x", "unknown RDF file extension"),
    ],
)
def test_cli_evaluate_bad_graph_is_one_line_and_exit_2(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = CliRunner().invoke(cli, ["evaluate", str(path), "--gold", str(GOLD)])
    assert out.exit_code == 2
    assert message in out.output
    assert str(path) in out.output
    assert out.output.count("\n") == 1


def test_load_gold_rejects_a_malformed_file(tmp_path):
    bad = tmp_path / "gold.yaml"
    bad.write_text("entities:\n  - {id: x}\n", encoding="utf-8")
    with pytest.raises(InputError, match="malformed gold file"):
        load_gold(bad)


@needs_shared()
def test_load_gold_reads_the_seed_gold():
    gold = load_gold(SEED_GOLD)
    assert gold.report["gss_code"] == "E09000026"
    assert gold.report["published"] == "2016-11-25"
    assert gold.recommendation_count == 12 and gold.addressed_to == {"la": 9, "lscb": 3}
    assert len(gold.judgements) == 7


@pytest.mark.parametrize("path", sorted(GOLD_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_project_gold_files_are_well_formed(path):
    """Our own gold files load, use core names and refer only to their own entity ids."""
    from kg.evaluate import CORE_CLASSES, CORE_RELATIONS

    gold = load_gold(path)
    ids = {e.id for e in gold.entities}
    assert gold.report["gss_code"] and gold.report["inspection_start"]
    assert all(e.type in CORE_CLASSES for e in gold.entities + gold.must_not)
    for r in gold.relations:
        assert r.predicate in CORE_RELATIONS
        assert r.subject in ids
        assert r.object in ids or r.predicate == "addressesPriority"
    split = gold.addressed_to
    assert sum(split.values()) == gold.recommendation_count


def _graph_from_gold(gold) -> Graph:
    """A graph that says exactly what the gold says: one node per entity, every relation."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS, XSD

    from kg.namespaces import AREA, GRADE, ID, PRIORITY, SG, class_slug

    gss = gold.report["gss_code"]
    g = Graph()
    nodes = {}
    for e in gold.entities:
        if e.type == "LocalAuthority":
            node = ID[gss]
            g.add((node, SG.gssCode, Literal(gss)))
        else:
            node = URIRef(f"{ID}{gss}/{class_slug(e.type)}/{e.id}")
        nodes[e.id] = node
        g.add((node, RDF.type, SG[e.type]))
        g.add((node, RDFS.label, Literal(e.labels[0])))
    for r in gold.relations:
        obj = PRIORITY[r.object] if r.predicate == "addressesPriority" else nodes[r.object]
        g.add((nodes[r.subject], SG[r.predicate], obj))
    insp = URIRef(f"{ID}{gss}/inspection/x")
    g.add((insp, RDF.type, SG.Inspection))
    for key, prop in (
        ("inspection_start", SG.startDate),
        ("inspection_end", SG.endDate),
        ("published", SG.published),
    ):
        if gold.report.get(key):
            g.add((insp, prop, Literal(gold.report[key], datatype=XSD.date)))
    for i, (area, grade) in enumerate(gold.judgements):
        j = URIRef(f"{insp}/judgement/{i}")
        g.add((insp, SG.hasJudgement, j))
        g.add((j, RDF.type, SG.Judgement))
        g.add((j, SG.area, AREA[area]))
        g.add((j, SG.grade, GRADE[grade]))
    board = next(
        (nodes[e.id] for e in gold.entities if e.type == "SafeguardingChildrenBoard"), None
    )
    n = 0
    for key, count in sorted(gold.addressed_to.items()):
        for _ in range(count):
            rec = URIRef(f"{insp}/recommendation/{n}")
            n += 1
            g.add((insp, SG.hasRecommendation, rec))
            g.add((rec, RDF.type, SG.Recommendation))
            g.add((rec, SG.addressedTo, ID[gss] if key == "la" else board))
    return g


GOLDS = sorted(GOLD_DIR.glob("*.yaml")) + ([SEED_GOLD] if SEED_GOLD.is_file() else [])


@pytest.mark.skipif(not ontology_files(), reason="the project ontology is not there")
@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.name)
def test_evaluate_a_graph_saying_exactly_the_gold_scores_one(path):
    """Self-check of scorer and gold: a graph built from the gold itself is perfect."""
    gold = load_gold(path)
    ev = evaluate(_graph_from_gold(gold), gold)
    for part in (ev.entities, ev.relations, ev.judgements, ev.recommendations):
        assert (part.fp, part.fn) == (0, 0), render_text(ev)
    assert ev.facts_ok and ev.judgements_exact and ev.recommendations_exact

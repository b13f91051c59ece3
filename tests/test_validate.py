"""kg.validate and ``kg validate``: SHACL shapes plus QC checks, plain records, exit codes."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import SEED_TEXT, needs_shared
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.cli import cli
from kg.namespaces import (
    AREA,
    GRADE,
    PRIORITY,
    REPORT_TYPE,
    SG,
    entity_iri,
    inspection_iri,
    judgement_iri,
    recommendation_iri,
    report_iri,
    section_iri,
    sentence_iri,
    statement_iri,
)
from kg.validate import ValidationResult, Violation, validate

GSS = "E09000026"
PREFIXES = """@prefix sg: <https://w3id.org/safeguarding-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
"""
GOOD = (
    PREFIXES
    + """
ex:chair a sg:Post ; rdfs:label "LSCB chair" ; sg:chairs ex:lscb .
ex:lscb a sg:SafeguardingChildrenBoard ; rdfs:label "LSCB" .
"""
)
BAD = (
    PREFIXES
    + """
ex:head a sg:Post ; rdfs:label "head of service" ; sg:chairs ex:svc .
ex:svc a sg:Service ; rdfs:label "early help service" .
ex:cdop a sg:SubGroup .
"""
)
BAD_TEXT = (
    "Does not conform: 2 violations (6 triples checked).\n"
    "http://example.org/cdop: rdfs:label|skos:prefLabel: Every node of a core class needs a"
    " name: a non-empty rdfs:label or skos:prefLabel text. [sgsh:LabelShape]\n"
    "head of service (http://example.org/head): sg:chairs: What is chaired must be a board,"
    " a sub-group or a panel. Value: http://example.org/svc. [sgsh:ChairsObjectShape]\n"
    "Warning: http://example.org/cdop: (sg:subOrganizationOf|sg:reportsTo|^sg:hasSubOrganization)+:"
    " A sub-group must belong to a board (sg:subOrganizationOf a Board, directly or through"
    " another sub-group). [sgsh:SubGroupOfBoardShape]\n"
)


def synthetic_report_graph(n_groups: int = 20) -> Graph:
    """A conforming report graph in the shape of docs/rdf-model.md.

    Per group: a sub-group, its chair, a service, a team, the service's head and a
    strategy, related by 9 relations (each with a reified statement and a sentence).
    30 groups give about 5,700 triples, the size of a large report graph.
    """
    from rdflib.namespace import XSD  # not at module level: pytest probes module attributes

    g = Graph()
    council = URIRef(f"https://w3id.org/safeguarding-kg/id/{GSS}")
    insp = inspection_iri(GSS, "2016-09-12")
    report = report_iri(insp)
    g.add((council, RDF.type, SG.LocalAuthority))
    g.add((council, RDFS.label, Literal("London Borough of Redbridge")))
    g.add((council, SG.gssCode, Literal(GSS)))
    g.add((insp, RDF.type, SG.Inspection))
    g.add((insp, RDFS.label, Literal("Inspection of Redbridge")))
    g.add((insp, SG.reportType, REPORT_TYPE["sif-lscb"]))
    g.add((insp, SG.startDate, Literal("2016-09-12", datatype=XSD.date)))
    g.add((insp, SG.endDate, Literal("2016-10-06", datatype=XSD.date)))
    g.add((insp, SG.published, Literal("2016-11-25", datatype=XSD.date)))
    g.add((report, RDF.type, SG.InspectionReport))
    g.add((report, RDFS.label, Literal("Ofsted report: Redbridge")))
    g.add((report, PROV.wasGeneratedBy, insp))
    g.add((report, DCTERMS.source, Literal("redbridge-2016.txt")))
    g.add((report, SG.sha256, Literal("0" * 64)))
    section = section_iri(report, "lscb", 0)
    g.add((section, RDF.type, SG.Section))
    g.add((section, RDFS.label, Literal("LSCB")))
    g.add((section, SG.sectionKind, Literal("lscb")))
    g.add((section, SG.startOffset, Literal(0)))
    g.add((section, SG.endOffset, Literal(10**7)))
    g.add((section, DCTERMS.isPartOf, report))
    pos = [0]

    def sentence(text):
        start = pos[0]
        end = start + len(text)
        pos[0] = end + 1
        s = sentence_iri(report, start, end)
        g.add((s, RDF.type, SG.Sentence))
        g.add((s, RDF.value, Literal(text)))
        g.add((s, SG.startOffset, Literal(start)))
        g.add((s, SG.endOffset, Literal(end)))
        g.add((s, SG.inSection, section))
        g.add((s, DCTERMS.isPartOf, report))
        return s, start

    def entity(cls, label):
        e = entity_iri(GSS, cls, label)
        g.add((e, RDF.type, SG[cls]))
        g.add((e, RDFS.label, Literal(label)))
        g.add((e, SKOS.altLabel, Literal(label.upper())))
        g.add((e, SG.council, council))
        s, _ = sentence(f"The {label} is mentioned here.")
        g.add((e, PROV.wasDerivedFrom, s))
        return e

    def relate(s, p, o, text):
        g.add((s, p, o))
        sent, start = sentence(text)
        st = statement_iri(report, s, p, o, start)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, sent))
        g.add((st, SG.extractedBy, Literal("synthetic")))

    board = entity("SafeguardingChildrenBoard", "local safeguarding children board")
    g.add((insp, SG.inspected, council))
    g.add((insp, SG.inspected, board))
    execg = entity("ExecutiveGroup", "executive group")
    relate(execg, SG.subOrganizationOf, board, "The executive group is part of the board.")
    priorities = ["child-sexual-exploitation", "neglect", "domestic-abuse", "mental-health"]
    for i in range(n_groups):
        sub = entity("SubGroup", f"sub-group {i}")
        chair = entity("Post", f"chair of sub-group {i}")
        svc = entity("Service", f"service {i}")
        team = entity("Team", f"team {i}")
        head = entity("Post", f"head of service {i}")
        doc = entity("Strategy", f"strategy {i}")
        relate(sub, SG.subOrganizationOf, board, f"Sub-group {i} is a sub-group of the board.")
        relate(sub, SG.reportsTo, execg, f"Sub-group {i} reports to the executive group.")
        relate(chair, SG.chairs, sub, f"The chair chairs sub-group {i}.")
        relate(chair, SG.memberOf, board, f"The chair sits on the board {i}.")
        relate(head, SG.leads, svc, f"The head leads service {i}.")
        relate(team, SG.subOrganizationOf, svc, f"Team {i} is part of service {i}.")
        relate(council, SG.commissions, svc, f"The council commissions service {i}.")
        relate(board, SG.publishes, doc, f"The board publishes strategy {i}.")
        relate(doc, SG.addressesPriority, PRIORITY[priorities[i % 4]], f"Strategy {i} tackles it.")
    for area, grade in [("overall", "good"), ("help-and-protection", "good"), ("lscb", "good")]:
        j = judgement_iri(insp, area)
        s, _ = sentence(f"{area} is {grade}.")
        g.add((insp, SG.hasJudgement, j))
        g.add((j, RDF.type, SG.Judgement))
        g.add((j, RDFS.label, Literal(f"{area}: {grade}")))
        g.add((j, SG.area, AREA[area]))
        g.add((j, SG.grade, GRADE[grade]))
        g.add((j, SG.subject, board if area == "lscb" else council))
        g.add((j, PROV.wasDerivedFrom, s))
    for k in range(12):
        s, start = sentence(f"Ensure that thing {k} happens.")
        r = recommendation_iri(insp, start)
        g.add((insp, SG.hasRecommendation, r))
        g.add((r, RDF.type, SG.Recommendation))
        g.add((r, RDFS.label, Literal(f"Ensure that thing {k}")))
        g.add((r, RDF.value, Literal(f"Ensure that thing {k} happens.")))
        g.add((r, SG.addressedTo, board if k < 3 else council))
        g.add((r, PROV.wasDerivedFrom, s))
    return g


def _write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --------------------------------------------------------------------------- library


def test_validate_synthetic_report_graph_of_5k_triples_conforms():
    graph = synthetic_report_graph(30)
    assert 5000 < len(graph) < 6500
    result = validate(graph)
    assert result.conforms, result.text
    assert result.violations == []
    assert result.triples == len(graph)


def test_validate_returns_plain_records():
    result = validate(Graph().parse(data=BAD, format="turtle"))
    assert isinstance(result, ValidationResult)
    assert not result.conforms
    first = result.violations[-1]  # sorted by focus node, path, shape
    assert first == Violation(
        focus="http://example.org/head",
        focus_label="head of service",
        path="sg:chairs",
        shape="https://w3id.org/safeguarding-kg/shapes#ChairsObjectShape",
        severity="Violation",
        message="What is chaired must be a board, a sub-group or a panel.",
        value="http://example.org/svc",
    )
    assert result.text == BAD_TEXT


def test_validate_leaves_the_input_graph_untouched():
    graph = Graph().parse(data=BAD, format="turtle")
    before = set(graph)
    validate(graph)
    assert set(graph) == before


def test_validate_is_deterministic():
    graph = synthetic_report_graph(2)
    graph.remove((None, RDFS.label, None))
    first, second = validate(graph), validate(graph)
    assert first.text == second.text
    assert len(first.violations) > 10


def test_validate_reads_every_named_graph_of_a_dataset():
    ds = Dataset()
    g1 = ds.graph(URIRef("http://example.org/g1"))
    g2 = ds.graph(URIRef("http://example.org/g2"))
    g1.add((URIRef("http://example.org/b"), RDF.type, SG.Board))
    g2.add((URIRef("http://example.org/b"), RDFS.label, Literal("board")))
    g2.add((URIRef("http://example.org/sg"), RDF.type, SG.SubGroup))
    g2.add((URIRef("http://example.org/sg"), RDFS.label, Literal("training sub-group")))
    g1.add((URIRef("http://example.org/sg"), SG.subOrganizationOf, URIRef("http://example.org/b")))
    result = validate(ds)
    assert result.conforms, result.text
    assert result.triples == 5


def test_validate_runs_the_qc_checks():
    graph = synthetic_report_graph(1)
    chair = entity_iri(GSS, "Post", "chair of sub-group 0")
    board = entity_iri(GSS, "SafeguardingChildrenBoard", "local safeguarding children board")
    graph.add((chair, SG.chairs, board))  # no reified statement
    result = validate(graph)
    assert [(v.shape.rsplit("#", 1)[-1], v.path, v.value) for v in result.violations] == [
        ("unevidenced-relation-violation", "sg:chairs", str(board))
    ]


def test_validate_accepts_an_empty_graph():
    result = validate(Graph())
    assert result.conforms
    assert result.text == "Conforms (0 triples checked).\n"


@needs_shared()
def test_validate_seed_report_graph_conforms():
    from kg.pipeline import build_graph

    result = validate(build_graph(str(SEED_TEXT)))
    assert result.conforms, result.text


# --------------------------------------------------------------------------- CLI


def test_cli_validate_conforming_graph_exits_0(tmp_path):
    path = _write(tmp_path, "good.ttl", GOOD)
    result = CliRunner().invoke(cli, ["validate", path])
    assert result.exit_code == 0
    assert result.stdout == "Conforms (5 triples checked).\n"


def test_cli_validate_violations_exit_1_with_one_line_each(tmp_path):
    path = _write(tmp_path, "bad.ttl", BAD)
    result = CliRunner().invoke(cli, ["validate", path])
    assert result.exit_code == 1
    assert result.stdout == BAD_TEXT


def test_cli_validate_json_format(tmp_path):
    path = _write(
        tmp_path,
        "bad.ttl",
        PREFIXES + 'ex:la a sg:LocalAuthority ; rdfs:label "X" ; sg:dfeCode "31" .\n',
    )
    result = CliRunner().invoke(cli, ["validate", "--format", "json", path])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "conforms": False,
        "triples": 3,
        "violations": [
            {
                "focus": "http://example.org/la",
                "focus_label": "X",
                "message": "A council has at most one DfE code, three digits (e.g. 317).",
                "path": "sg:dfeCode",
                "severity": "Violation",
                "shape": "https://w3id.org/safeguarding-kg/shapes#DfeCodeShape",
                "value": "31",
            }
        ],
    }


def test_cli_validate_json_conforming(tmp_path):
    path = _write(tmp_path, "good.ttl", GOOD)
    result = CliRunner().invoke(cli, ["validate", "--format", "json", path])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"conforms": True, "triples": 5, "violations": []}


def test_cli_validate_merges_several_files_of_several_formats(tmp_path):
    board = "<http://example.org/b>"
    nt = _write(tmp_path, "a.nt", f"{board} <{RDF.type}> <{SG.Board}> .\n")
    nq = _write(tmp_path, "b.nq", f'{board} <{RDFS.label}> "board" <http://example.org/graph> .\n')
    trig = _write(
        tmp_path,
        "c.trig",
        PREFIXES
        + 'ex:g { ex:sg a sg:SubGroup ; rdfs:label "CDOP" ; sg:subOrganizationOf ex:b . }\n',
    )
    jsonld = _write(
        tmp_path,
        "d.jsonld",
        json.dumps(
            {
                "@id": "http://example.org/p",
                "@type": str(SG.Post),
                str(RDFS.label): "chair",
                str(SG.chairs): {"@id": "http://example.org/b"},
            }
        ),
    )
    result = CliRunner().invoke(cli, ["validate", nt, nq, trig, jsonld])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Conforms (8 triples checked).\n"
    # without the file that attaches the sub-group to the board, it no longer conforms
    result = CliRunner().invoke(cli, ["validate", nt, nq, jsonld])
    assert result.exit_code == 0
    result = CliRunner().invoke(cli, ["validate", trig, jsonld])
    assert result.exit_code == 1


def test_cli_validate_missing_file_exits_2_naming_it(tmp_path):
    missing = str(tmp_path / "missing.ttl")
    result = CliRunner().invoke(cli, ["validate", missing])
    assert result.exit_code == 2
    assert result.stderr == f"kg: error: {missing}: no such file\n"
    assert result.stdout == ""


def test_cli_validate_unparseable_file_exits_2_on_one_line(tmp_path):
    path = _write(tmp_path, "broken.ttl", PREFIXES + "ex:a ex:b .\n")
    result = CliRunner().invoke(cli, ["validate", path])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kg: error: {path}: cannot parse as turtle: ")
    assert result.stderr.count("\n") == 1


def test_cli_validate_binary_junk_exits_2(tmp_path):
    path = tmp_path / "junk.nt"
    path.write_bytes(bytes(range(256)) * 4)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kg: error: {path}: cannot parse as nt: ")
    assert result.stderr.count("\n") == 1


def test_cli_validate_empty_file_exits_2(tmp_path):
    path = _write(tmp_path, "empty.ttl", "")
    result = CliRunner().invoke(cli, ["validate", path])
    assert result.exit_code == 2
    assert result.stderr == f"kg: error: {path}: empty file\n"


def test_cli_validate_unknown_extension_exits_2(tmp_path):
    path = _write(tmp_path, "graph.rdf", "<a> <b> <c> .")
    result = CliRunner().invoke(cli, ["validate", path])
    assert result.exit_code == 2
    assert result.stderr == (
        f"kg: error: {path}: unknown RDF file extension (use .json, .jsonld, .nq, .nt, .trig, .ttl)\n"
    )


def test_cli_validate_has_help_with_an_example():
    result = CliRunner().invoke(cli, ["validate", "--help"])
    assert result.exit_code == 0
    assert "Example: kg validate" in result.stdout


def test_validate_with_the_touched_ontology_matches_the_whole_ontology():
    """Checking against the part of the ontology the data touches finds exactly what
    checking against the whole merged ontology finds, on every shape example."""
    from pathlib import Path

    from kg.validate import merged_graph

    examples = sorted((Path(__file__).parent / "shapes").rglob("*.ttl"))
    assert examples
    for path in examples:
        data = Graph().parse(path, format="turtle")
        assert validate(data).violations == validate(merged_graph(data)).violations, path.name


def test_validate_uses_given_ntriples_for_the_qc_checks():
    from kg.export import nt_term

    g = Graph().parse(data=GOOD, format="turtle")
    g.add((URIRef("http://example.org/chair"), SG.chairs, URIRef("http://example.org/chair")))
    nt = "".join(" ".join(nt_term(t) for t in triple) + " .\n" for triple in g)
    assert validate(g, nt=nt).violations == validate(g).violations
    assert any(v.shape.endswith("self-relation-violation") for v in validate(g, nt=nt).violations)


def test_cli_validate_a_warning_alone_still_conforms_and_exits_0(tmp_path):
    """A sub-group whose board the report does not name is a warning, not a violation."""
    path = _write(
        tmp_path,
        "warn.ttl",
        PREFIXES + 'ex:sg a sg:SubGroup ; rdfs:label "health sub-group" .\n',
    )
    result = CliRunner().invoke(cli, ["validate", path])
    assert result.exit_code == 0
    assert result.stdout.startswith("Conforms (")
    assert "Warning: health sub-group" in result.stdout

"""kg queries / kg query through click's CliRunner, compared with exact output."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli

DATA = Path(__file__).parent / "data" / "queries"
GRAPH = str(DATA / "two-councils.ttl")
INJECTION = 'x" } ; DROP ALL ; #'


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_queries_lists_each_name_with_its_question():
    result = run("queries")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[0] == "accountability-chain"
    assert (
        "board-structure            what sub-groups and panels does a board have, who chairs "
        "each, and what does each feed into?  (board=…)"
    ) in lines
    assert (
        "judgements                 what grades did each council receive, area by area, "
        "inspection by inspection?  ([council=…] [gssCode=…])" in lines
    )


def test_query_accountability_chain_prints_the_chain_as_a_table():
    result = run("query", "accountability-chain", GRAPH, "--param", "start=CSE subgroup")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "depth  node                                 relation             from\n"
        "-----  -----------------------------------  -------------------  -----------------------------------\n"
        "0      child sexual exploitation sub-group\n"
        "1      executive group                      reports to           child sexual exploitation sub-group\n"
        "2      Local Safeguarding Children Board    sub-organisation of  executive group\n"
        "3      LSCB chair                           chaired by           Local Safeguarding Children Board\n"
        "4      chief executive                      accountable to       LSCB chair\n"
    )


def test_query_protocols_as_csv_has_a_header_and_full_iris():
    result = run("query", "protocols", GRAPH, "--param", "council=Redbridge", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout_bytes.decode("utf-8").split("\r\n")
    assert lines[0] == "protocol,protocolLabel,role,member,memberLabel"
    assert lines[1] == (
        "https://w3id.org/safeguarding-kg/id/E09000026/protocol/inter-board-governance-protocol,"
        "inter board governance protocol,party,"
        "https://w3id.org/safeguarding-kg/id/E09000026/health-and-wellbeing-board/"
        "health-and-wellbeing-board,Health and Wellbeing Board"
    )
    assert len(lines) == 8 and lines[-1] == ""


def test_query_judgements_as_json_for_one_council():
    result = run("query", "judgements", GRAPH, "--param", "council=barnet", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {
            "council": "https://w3id.org/safeguarding-kg/id/E09000003",
            "councilLabel": "London Borough of Barnet",
            "startDate": "2017-05-02",
            "published": "2017-07-10",
            "area": "https://w3id.org/safeguarding-kg/area/overall",
            "areaLabel": "overall effectiveness",
            "grade": "https://w3id.org/safeguarding-kg/grade/requires-improvement",
            "gradeLabel": "requires improvement to be good",
            "subject": "https://w3id.org/safeguarding-kg/id/E09000003",
            "subjectLabel": "London Borough of Barnet",
        }
    ]


def test_query_runs_any_rq_file_by_path(tmp_path):
    rq = tmp_path / "boards.rq"
    rq.write_text(
        "# Question: which boards are there?\n# Parameters: none\n# Returns: ?label\n"
        "PREFIX sg: <https://w3id.org/safeguarding-kg/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?label WHERE { ?b a sg:SafeguardingChildrenBoard ; rdfs:label ?label } "
        "ORDER BY ?label\n",
        encoding="utf-8",
    )
    result = run("query", str(rq), GRAPH, "--format", "tsv")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "label\nBarnet Safeguarding Children Board\nLocal Safeguarding Children Board\n"
    )


def test_query_notes_an_ambiguous_label_and_answers_for_each():
    result = run("query", "board-structure", GRAPH, "--param", "board=LSCB", "--format", "csv")
    assert result.exit_code == 0
    assert result.stderr == "kg: note: ?board matches 2 nodes; answering for each\n"
    assert len(result.stdout_bytes.split(b"\r\n")) == 7


def test_query_injection_value_as_a_literal_returns_no_rows():
    result = run("query", "judgements", GRAPH, "--param", f"gssCode={INJECTION}", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout_bytes.decode("utf-8") == (
        "council,councilLabel,startDate,published,area,areaLabel,grade,gradeLabel,subject,"
        "subjectLabel\r\n"
    )


def test_query_injection_value_as_a_label_is_one_error_line_without_a_trace():
    result = run("query", "board-structure", GRAPH, "--param", f"board={INJECTION}")
    assert result.exit_code == 2
    assert result.output == (
        "kg: error: no sg:Board labelled 'x\" } ; DROP ALL ; #' for ?board; no near matches\n"
    )
    assert "Traceback" not in result.output


def test_query_unknown_label_lists_near_matches():
    result = run("query", "accountability-chain", GRAPH, "--param", "start=executive grop")
    assert result.exit_code == 2
    assert result.output.startswith("kg: error: no sg:Board or sg:SubGroup or sg:Panel or ")
    assert result.output.endswith(
        "labelled 'executive grop' for ?start; near matches: 'chief executive'; 'executive group'\n"
    )


def test_query_unknown_name_and_missing_parameter_are_input_errors():
    result = run("query", "board-structur", GRAPH)
    assert (result.exit_code, result.output) == (
        2,
        "kg: error: no query named 'board-structur'; did you mean board-structure?\n",
    )
    result = run("query", "board-structure", GRAPH)
    assert (result.exit_code, result.output) == (
        2,
        "kg: error: query 'board-structure' needs --param board=VALUE\n",
    )


def test_query_needs_exactly_one_source_of_data(tmp_path):
    result = run("query", "judgements")
    assert (result.exit_code, result.output) == (
        2,
        "kg: error: give graph files, or --store DIR, or --endpoint URL (exactly one)\n",
    )
    result = run("query", "judgements", GRAPH, "--store", str(tmp_path))
    assert result.exit_code == 2


def test_query_reads_an_on_disk_store(tmp_path):
    import pytest

    store = pytest.importorskip("kg.store")
    from kg.query import load_graph

    store.load(str(tmp_path / "s"), load_graph([GRAPH], include_ontology=False))
    result = run(
        "query",
        "lscb-subgroups-by-council",
        "--store",
        str(tmp_path / "s"),
        "--param",
        "council=E09000003",
        "--format",
        "tsv",
    )
    assert result.exit_code == 0, result.output
    assert [line.split("\t")[-1] for line in result.output.splitlines()] == [
        "subgroupLabel",
        "audit sub-group",
        "quality group",
    ]

"""kg.analyse on a small graph with a known shortcut, orphans and two cycles."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.analyse import analyse
from kg.cli import cli
from kg.namespaces import ID
from kg.query import graph_backend, load_graph

DATA = Path(__file__).parent / "data" / "queries"
GRAPH = DATA / "two-councils.ttl"
MIN_ONTOLOGY = DATA / "ontology-min.ttl"


@pytest.fixture(scope="module")
def findings():
    backend = graph_backend(load_graph([GRAPH, MIN_ONTOLOGY], include_ontology=False))
    _, rows = analyse(backend, ID["E09000026"])
    return [(str(r[2]), str(r[4]), str(r[5])) for r in rows]


def test_analyse_gives_each_body_the_depth_of_its_longest_chain(findings):
    depths = [(node, detail) for kind, node, detail in findings if kind == "chain-depth"]
    assert depths == [
        ("child sexual exploitation sub-group", "4 (to chief executive)"),
        ("executive group", "3 (to chief executive)"),
        ("Local Safeguarding Children Board", "2 (to chief executive)"),
        ("training sub-group", "4 (to chief executive)"),
    ]


def test_analyse_names_bodies_and_posts_with_no_line_to_a_top_post(findings):
    orphans = [node for kind, node, _ in findings if kind == "orphan"]
    assert orphans == [
        "ante-natal specialist practitioner",
        "community safety partnership",
        "domestic abuse advocate",
        "Health and Wellbeing Board",
        "lay member",
        "multi-agency risk assessment conference",
    ]


def test_analyse_finds_no_cycle_where_there_is_none(findings):
    assert [f for f in findings if f[0] == "cycle"] == []


def test_analyse_ranks_the_most_central_bodies_and_posts(findings):
    assert [(node, detail) for kind, node, detail in findings if kind == "central"] == [
        ("Local Safeguarding Children Board", "betweenness 0.038"),
        ("LSCB chair", "betweenness 0.026"),
        ("executive group", "betweenness 0.019"),
    ]


def test_analyse_command_reports_cycles_and_orphans_of_one_council():
    result = CliRunner().invoke(cli, ["analyse", str(GRAPH), "--council", "Barnet"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "council                   finding      node                                detail\n"
        "------------------------  -----------  ----------------------------------  -------------------------------------------------------------------------------------\n"
        "London Borough of Barnet  chain-depth  audit sub-group                     2 (to independent chair)\n"
        "London Borough of Barnet  chain-depth  Barnet Safeguarding Children Board  1 (to independent chair)\n"
        "London Borough of Barnet  chain-depth  quality group                       3 (to independent chair)\n"
        "London Borough of Barnet  orphan       cabinet member                      line ends at director of children's services, not at a top post\n"
        "London Borough of Barnet  orphan       director of children's services     line ends at cabinet member, not at a top post\n"
        "London Borough of Barnet  cycle        audit sub-group                     reports-to: audit sub-group -> quality group -> audit sub-group\n"
        "London Borough of Barnet  cycle        cabinet member                      holds-to-account: cabinet member -> director of children's services -> cabinet member\n"
        "London Borough of Barnet  central      audit sub-group                     betweenness 0.100\n"
        "London Borough of Barnet  central      Barnet Safeguarding Children Board  betweenness 0.100\n"
    )


def test_analyse_command_rejects_an_unknown_council():
    result = CliRunner().invoke(cli, ["analyse", str(GRAPH), "--council", "Barnett"])
    assert result.exit_code == 2
    assert result.output == (
        "kg: error: no sg:LocalAuthority labelled 'Barnett' for ?council; near matches: 'Barnet'\n"
    )

"""kg.draw and `kg viz`: what is drawn for a council, the Graphviz source, the files written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.draw import load_graphs, select, to_dot, to_html
from kg.errors import InputError

DATA = Path(__file__).resolve().parent / "data" / "draw"
LSCB = DATA / "lscb.ttl"
XSS = DATA / "xss.ttl"
E = "https://w3id.org/safeguarding-kg/id/E09000026/"
LSCB_IRI = E + "safeguarding-children-board/local-safeguarding-children-board"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


@pytest.fixture(scope="module")
def lscb_graph():
    return load_graphs([str(LSCB)])


@pytest.fixture(scope="module")
def picture(lscb_graph):
    return select(lscb_graph, "Redbridge")


def _edges(picture):
    return {(e.source, e.predicate, e.target) for e in picture.edges}


def test_select_draws_only_the_councils_bodies_and_the_priorities_they_address(picture):
    ids = {n.id for n in picture.nodes}
    assert len(ids) == 25
    assert "https://w3id.org/safeguarding-kg/id/E09000026" in ids
    assert not any("E09000003" in i for i in ids)
    assert "https://w3id.org/safeguarding-kg/priority/neglect" in ids
    assert (
        "https://w3id.org/safeguarding-kg/priority/domestic-abuse" not in ids
    )  # nobody addresses it
    assert len(picture.edges) == 26  # the memberOf into another council is dropped


def test_select_reads_inverse_properties_in_the_forward_direction(picture):
    edges = _edges(picture)
    assert (E + "post/lscb-chair", "chairs", LSCB_IRI) in edges
    assert (
        E + "service/leaving-care-service",
        "providedBy",
        E + "provider/national-charity",
    ) in edges
    assert not any(p in ("chairedBy", "provides") for _, p, _ in edges)


def test_select_attaches_sentences_and_their_report_to_nodes_and_edges(picture):
    chair = next(n for n in picture.nodes if n.id == E + "post/lscb-chair")
    assert [e.start for e in chair.evidence] == [100, 300]
    assert chair.evidence[0].report == "redbridge-2016.txt"
    assert chair.evidence[0].section == "Review of the Local Safeguarding Children Board"
    chairs = next(e for e in picture.edges if e.predicate == "chairs")
    assert [ev.text for ev in chairs.evidence] == [
        "The LSCB chair and the vice-chair of the board provide strong leadership."
    ]


@pytest.mark.parametrize(
    "name",
    [
        "London Borough of Redbridge",
        "LONDON BOROUGH OF REDBRIDGE",
        "london-borough-of redbridge",
        "Redbridge",
        "E09000026",
        "https://w3id.org/safeguarding-kg/id/E09000026",
    ],
)
def test_select_finds_the_council_by_label_gss_code_or_iri(lscb_graph, name):
    assert select(lscb_graph, name).council == "https://w3id.org/safeguarding-kg/id/E09000026"


def test_select_unknown_council_is_an_input_error_naming_near_matches(lscb_graph):
    with pytest.raises(InputError, match="London Borough of Redbridge"):
        select(lscb_graph, "Redbrige")


def test_select_focus_keeps_bodies_within_depth_steps(lscb_graph, picture):
    near = select(lscb_graph, "Redbridge", focus="LSCB", depth=1)
    expected = (
        {LSCB_IRI}
        | {e.source for e in picture.edges if e.target == LSCB_IRI}
        | {e.target for e in picture.edges if e.source == LSCB_IRI}
    )
    assert {n.id for n in near.nodes} == expected
    assert near.focus == LSCB_IRI
    assert {n.id for n in select(lscb_graph, "Redbridge", focus="LSCB", depth=0).nodes} == {
        LSCB_IRI
    }
    wider = select(lscb_graph, "Redbridge", focus="executive group")
    assert wider.depth == 2 and E + "post/lscb-chair" in {n.id for n in wider.nodes}


def test_select_unknown_focus_is_an_input_error(lscb_graph):
    with pytest.raises(InputError, match="executive group"):
        select(lscb_graph, "Redbridge", focus="executive grup")


def test_select_kind_follows_subclasses_declared_in_the_graph(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix sg: <https://w3id.org/safeguarding-kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "sg:ExploitationPanel rdfs:subClassOf sg:Panel .\n"
        "<https://w3id.org/safeguarding-kg/id/E09000026/exploitation-panel/mase>"
        ' a sg:ExploitationPanel ; rdfs:label "MASE" ;\n'
        "  sg:council <https://w3id.org/safeguarding-kg/id/E09000026> .\n"
    )
    pic = select(load_graphs([str(LSCB), str(extra)]), "Redbridge")
    assert next(n for n in pic.nodes if n.label == "MASE").kind == "Panel"


def test_select_kind_of_document_subclasses_comes_from_the_ontology(picture):
    from kg.draw.extract import _ontology

    if not list(_ontology().triples((None, None, None))):
        pytest.skip("ontology/ has no ontology yet")
    kinds = {n.label: n.kind for n in picture.nodes}
    assert kinds["inter board governance protocol"] == "Document"
    assert kinds["Health and Wellbeing Board"] == "Board"
    assert kinds["child sexual exploitation"] == "Priority"


def test_to_dot_puts_parents_above_children_with_the_arrow_at_the_parent(picture):
    src = to_dot(picture)
    assert (
        f'"{E}executive-group/executive-group" -> "{E}sub-group/training-sub-group" '
        '[label="reports to"'
    ) in src
    line = next(
        x
        for x in src.splitlines()
        if '-> "' + E + 'sub-group/training-sub-group" [label="reports' in x
    )
    assert line.endswith("dir=back];")
    assert f'"{E}post/chief-executive" -> "{E}post/lscb-chair" [label="holds to account"' in src


def test_to_dot_groups_providers_apart_and_draws_a_legend(picture):
    src = to_dot(picture)
    cluster = src.split("subgraph cluster_providers {")[1].split("}")[0]
    assert "national-charity" in cluster and "leaving-care" not in cluster
    assert "subgraph cluster_legend" in src and '"legend:Provider"' in src
    assert '"legend:Other"' not in src  # only kinds present are explained


@pytest.mark.parametrize("ext", [".dot", ".html"])
def test_viz_output_is_the_same_whatever_the_hash_seed(tmp_path, ext):
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}{ext}"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        cmd = [sys.executable, "-c", "from kg.cli import main; main()", "viz", str(LSCB)]
        subprocess.run(
            [*cmd, "--council", "Redbridge", "-o", str(out)],
            check=True,
            env=env,
            capture_output=True,
        )
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


@needs_dot
def test_viz_svg_shows_hostile_names_as_escaped_text(tmp_path):
    out = tmp_path / "x.svg"
    result = CliRunner().invoke(cli, ["viz", str(XSS), "--council", "E99999999", "-o", str(out)])
    assert result.exit_code == 0, result.output
    svg = out.read_text()
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;img src=x" in svg and "&lt;script&gt;" in svg
    assert "chair &quot;the \\N boss&quot;" in svg  # no Graphviz escape sequences either


@needs_dot
def test_viz_png_is_a_png(tmp_path):
    out = tmp_path / "x.png"
    result = CliRunner().invoke(
        cli, ["viz", str(LSCB), "--council", "Redbridge", "--focus", "LSCB", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert result.output == f"{out}: 18 bodies, 22 relations (London Borough of Redbridge)\n"


@pytest.mark.parametrize("ext", [".svg", ".png"])
def test_viz_without_graphviz_exits_2_naming_the_package(tmp_path, ext):
    out = tmp_path / f"x{ext}"
    result = CliRunner().invoke(
        cli,
        ["viz", str(LSCB), "--council", "Redbridge", "-o", str(out)],
        env={"KG_DOT": "/nonexistent/dot"},
    )
    assert result.exit_code == 2
    assert "graphviz" in result.output and "apt-get install graphviz" in result.output
    assert list(tmp_path.iterdir()) == []


def test_viz_dot_and_html_need_no_graphviz(tmp_path):
    for ext in (".dot", ".html"):
        result = CliRunner().invoke(
            cli,
            ["viz", str(LSCB), "--council", "Redbridge", "-o", str(tmp_path / f"x{ext}")],
            env={"KG_DOT": "/nonexistent"},
        )
        assert result.exit_code == 0, result.output
    assert (tmp_path / "x.dot").read_text().startswith("digraph kg {")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--council", "Nowhere"], "unknown council 'Nowhere'"),
        (["--council", "Redbridge", "--depth", "1"], "--depth needs --focus"),
        (["--council", "Redbridge", "--focus", "nobody at all"], "not a body of this council"),
    ],
)
def test_viz_user_errors_exit_2_on_one_line_and_write_nothing(tmp_path, args, message):
    out = tmp_path / "x.svg"
    result = CliRunner().invoke(cli, ["viz", str(LSCB), *args, "-o", str(out)])
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_viz_unknown_extension_and_missing_graph_exit_2(tmp_path):
    r1 = CliRunner().invoke(
        cli, ["viz", str(LSCB), "--council", "Redbridge", "-o", str(tmp_path / "x.pdf")]
    )
    assert r1.exit_code == 2 and "unknown picture format '.pdf'" in r1.output
    r2 = CliRunner().invoke(
        cli, ["viz", str(tmp_path / "none.ttl"), "--council", "R", "-o", str(tmp_path / "x.svg")]
    )
    assert r2.exit_code == 2 and "none.ttl: no such file" in r2.output


def test_to_html_embeds_escaped_json_and_loads_nothing_from_outside():
    html = to_html(select(load_graphs([str(XSS)]), "E99999999"))
    data = html.split('<script type="application/json" id="kg-data">')[1].split("</script>")[0]
    assert "<" not in data and ">" not in data and "&" not in data
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in data
    assert html.count("<script") == 5  # guard, data, two vendored libraries, the app
    assert "<script src" not in html and "<link" not in html and "@import" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_html_vendored_library_ships_with_its_licence():
    from kg.draw.html import ASSETS

    licence = (ASSETS / "LICENSE").read_text()
    assert "cytoscape" in licence and "Permission is hereby granted" in licence
    assert (ASSETS / "cytoscape.min.js").stat().st_size > 100_000


def test_load_graphs_reads_named_graphs_as_one_union(tmp_path, picture):
    from rdflib import Dataset, Graph, URIRef

    g = Graph().parse(str(LSCB))
    ds = Dataset()
    named = ds.graph(URIRef(E + "inspection/2016-09-12/report"))
    for t in g:
        named.add(t)
    trig = tmp_path / "lscb.trig"
    ds.serialize(destination=str(trig), format="trig")
    again = select(load_graphs([str(trig)]), "Redbridge")
    assert again == picture


def test_load_graphs_bad_syntax_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle .")
    with pytest.raises(InputError, match="bad.ttl: cannot parse as turtle"):
        load_graphs([str(bad)])


def test_select_finds_the_council_by_a_distinctive_part_of_its_name(tmp_path):
    g = tmp_path / "g.ttl"
    g.write_text(
        "@prefix sg: <https://w3id.org/safeguarding-kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/safeguarding-kg/id/E09000026> a sg:LocalAuthority ; rdfs:label "London Borough of Redbridge" .\n'
        '<https://w3id.org/safeguarding-kg/id/E09000003> a sg:LocalAuthority ; rdfs:label "London Borough of Barnet" .\n'
    )
    ds = load_graphs([str(g)])
    assert select(ds, "redbridge").council.endswith("E09000026")
    with pytest.raises(
        InputError, match="ambiguous: London Borough of Barnet, London Borough of Redbridge"
    ):
        select(ds, "London Borough")


def test_to_dot_puts_bodies_without_relations_in_their_own_grid(picture):
    src = to_dot(picture)
    alone = src.split("subgraph cluster_alone {")[1].split("\n  }")[0]
    assert "Also named in the report (no relation found)" in alone
    assert f'"{E}panel/marac"' in alone and "executive-group" not in alone

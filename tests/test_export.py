"""kg export: every RDF format, named graphs per report, deterministic output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg import export as E
from kg.cli import cli
from kg.namespaces import ID, ONTOLOGY_GRAPH, SG
from kg.resources import ontology_files

INTEROP = Path(__file__).parent / "data" / "interop"
REDBRIDGE = INTEROP / "redbridge-2016.ttl"
HAVERING = INTEROP / "havering-2018.ttl"
INPUTS = [str(REDBRIDGE), str(HAVERING)]
REDBRIDGE_REPORT = URIRef(ID["E09000026/inspection/2016-09-12/report"])
HAVERING_REPORT = URIRef(ID["E09000016/inspection/2018-06-25/report"])


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def expected(gs, fmt):
    return gs if E.FORMATS[fmt][1] else {None: E.merged(gs)}


@pytest.mark.parametrize("fmt", sorted(E.FORMATS))
def test_export_round_trips_every_format(tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    result = run("export", *INPUTS, "--format", fmt, "-o", out, "--without-ontology")
    assert result.exit_code == 0, result.output
    back = E.parse_bytes(out.read_bytes(), fmt)
    assert E.isomorphic_sets(expected(E.read_files(INPUTS), fmt), back)


@pytest.mark.parametrize("fmt", ["trig", "nq", "jsonld"])
def test_export_keeps_one_named_graph_per_report(tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    assert run("export", *INPUTS, "-o", out, "--without-ontology").exit_code == 0
    back = E.parse_bytes(out.read_bytes(), fmt)
    assert set(back) == {REDBRIDGE_REPORT, HAVERING_REPORT}
    assert len(back[REDBRIDGE_REPORT]) == len(E.read_file(str(REDBRIDGE))[REDBRIDGE_REPORT])


@pytest.mark.skipif(not ontology_files(), reason="no ontology/*.ttl yet")
@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_export_adds_the_ontology_graph_by_default_for_trig_and_nq(tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    assert run("export", *INPUTS, "-o", out).exit_code == 0
    back = E.parse_bytes(out.read_bytes(), fmt)
    assert set(back) == {REDBRIDGE_REPORT, HAVERING_REPORT, ONTOLOGY_GRAPH}
    assert (SG.SubGroup, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in back[
        ONTOLOGY_GRAPH
    ]


def test_export_merges_graphs_into_turtle_without_the_ontology(tmp_path):
    out = tmp_path / "out.ttl"
    assert run("export", *INPUTS, "-o", out).exit_code == 0
    g = Graph().parse(out, format="turtle")
    assert len(g) == len(E.merged(E.read_files(INPUTS)))
    assert (SG.SubGroup, RDFS.label, None) not in g


def test_export_trig_input_keeps_its_graphs(tmp_path):
    trig = tmp_path / "all.trig"
    assert run("export", *INPUTS, "-o", trig, "--without-ontology").exit_code == 0
    nq = tmp_path / "all.nq"
    assert run("export", trig, "-o", nq, "--without-ontology").exit_code == 0
    assert E.isomorphic_sets(E.read_files(INPUTS), E.read_file(str(nq)))


@pytest.mark.parametrize("fmt", sorted(E.FORMATS))
def test_export_output_does_not_depend_on_input_order(tmp_path, fmt):
    a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    assert run("export", *INPUTS, "--format", fmt, "-o", a).exit_code == 0
    assert run("export", *reversed(INPUTS), "--format", fmt, "-o", b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_export_output_is_byte_identical_across_processes(tmp_path):
    """Hash randomisation must not leak into the order of anything written."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        out.mkdir()
        env = dict(os.environ, PYTHONHASHSEED=seed)
        code = (
            "import sys; from kg.export import export\n"
            "for fmt in ('ttl', 'trig', 'jsonld', 'nq'):\n"
            f"    export(sys.argv[1:], fmt, r'{out}/out.' + fmt)\n"
        )
        subprocess.run([sys.executable, "-c", code, *INPUTS], env=env, check=True, timeout=120)
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]


def _tricky_dataset() -> Dataset:
    ds = Dataset()
    g1 = ds.graph(URIRef("https://example.org/g1"))
    g2 = ds.graph(URIRef("https://example.org/g2"))
    s = URIRef("https://example.org/s")
    for i, lit in enumerate(
        [
            Literal('x" } ; DROP ALL ; #'),
            Literal("back\\slash\nnew line\ttab\r"),
            Literal("Children’s services – café"),
            Literal("bonjour", lang="fr"),
            Literal("2016-09-12", datatype=XSD.date),
            Literal("42", datatype=XSD.integer),
            Literal("\u0001control"),
        ]
    ):
        g1.add((s, URIRef(f"https://example.org/p{i}"), lit))
    shared, inner = BNode(), BNode()
    g2.add((s, URIRef("https://example.org/has"), shared))
    g2.add((shared, URIRef("https://example.org/next"), inner))
    g2.add((inner, RDFS.label, Literal("inner")))
    g2.add((URIRef("https://example.org/t"), URIRef("https://example.org/has"), shared))
    ds.default_graph.add((s, RDFS.label, Literal("in the default graph")))
    return ds


@pytest.mark.parametrize("fmt", sorted(E.FORMATS))
def test_export_round_trips_blank_nodes_and_tricky_literals(fmt):
    gs = E.graph_set(_tricky_dataset())
    data = E.serialise(gs, fmt)
    assert E.isomorphic_sets(expected(gs, fmt), E.parse_bytes(data, fmt))
    assert E.serialise(gs, fmt) == data


def test_export_names_a_single_report_graph_after_its_report_node():
    assert set(E.read_file(str(REDBRIDGE))) == {REDBRIDGE_REPORT}


def test_export_puts_a_graph_of_several_reports_in_the_default_graph():
    g = Graph()
    for path in INPUTS:
        g.parse(path)
    assert set(E.graph_set(g)) == {None}


def test_export_format_comes_from_the_output_extension(tmp_path):
    out = tmp_path / "x.jsonld"
    assert run("export", REDBRIDGE, "-o", out).exit_code == 0
    assert out.read_text().lstrip().startswith(("[", "{"))


def test_export_to_standard_output_without_o():
    result = run("export", HAVERING, "--format", "nt")
    assert result.exit_code == 0
    assert len(result.stdout_bytes.splitlines()) == len(E.merged(E.read_file(str(HAVERING))))


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.ttl", None, "no such file"),
        ("empty.ttl", "", "empty file"),
        ("bad.ttl", "<a> <b> .", "not valid turtle"),
        ("graph.xyz", "x", "unknown RDF file extension"),
    ],
)
def test_export_bad_input_is_one_line_and_exit_2(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    result = run("export", path, "--format", "nt")
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_export_failure_leaves_an_existing_output_untouched(tmp_path):
    out = tmp_path / "out.nt"
    out.write_text("previous\n")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <x> . :a :b")
    assert run("export", REDBRIDGE, bad, "-o", out).exit_code == 2
    assert out.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_nt_term_never_lets_a_value_break_out():
    assert E.nt_term(Literal('x" } ; DROP ALL ; #')) == '"x\\" } ; DROP ALL ; #"'
    with pytest.raises(E.InputError):
        E.nt_term(URIRef("http://example.org/x> } ; DROP ALL ; <y"))
    with pytest.raises(E.InputError):
        E.nt_term(Literal("x", datatype=URIRef("http://example.org/t> } DROP ALL ; <u")))

"""`kg build` end to end: outputs, determinism and one-line errors for bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED_PDF, SEED_TEXT, needs_shared
from rdflib import Dataset, Graph

from kg.cli import cli

ENCRYPTED = Path(__file__).parent / "data" / "pdf" / "encrypted-aes256.pdf"
KG = str(Path(sys.executable).with_name("kg"))


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "missing": tmp_path / "missing.pdf",
        "empty": tmp_path / "empty.txt",
        "junk": tmp_path / "junk.txt",
        "encrypted": ENCRYPTED,
    }
    files["empty"].write_bytes(b"")
    files["junk"].write_bytes(bytes(range(256)) * 8)
    if SEED_PDF.is_file():
        truncated = tmp_path / "truncated.pdf"
        truncated.write_bytes(SEED_PDF.read_bytes()[:5000])
        files["truncated"] = truncated
    return files


@pytest.mark.parametrize("kind", ["missing", "empty", "junk", "truncated", "encrypted"])
def test_build_bad_input_is_one_line_exit_2_and_no_output(tmp_path, kind):
    files = _bad_inputs(tmp_path)
    if kind not in files:
        pytest.skip("the seed PDF is needed to make a truncated PDF")
    out = tmp_path / "out.ttl"
    proc = subprocess.run(
        [KG, "build", str(files[kind]), "-o", str(out)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(files[kind]) in lines[0]
    assert "Traceback" not in proc.stderr
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.ttl")]


def test_build_unknown_output_extension_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(ENCRYPTED), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2
    assert "unknown output format .docx" in result.output


@needs_shared()
def test_build_twice_gives_byte_identical_turtle_whatever_the_hash_seed(tmp_path):
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed-{seed}.ttl"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([KG, "build", str(SEED_TEXT), "-o", str(out)], check=True, env=env)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


@needs_shared()
@pytest.mark.parametrize("ext", [".nt", ".nq", ".trig", ".jsonld"])
def test_build_writes_every_rdf_format_deterministically(tmp_path, ext):
    ttl, other, again = tmp_path / "a.ttl", tmp_path / f"a{ext}", tmp_path / f"b{ext}"
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["build", str(SEED_TEXT), "-o", str(ttl), "--no-validate"]).exit_code
        == 0
    )
    for target in (other, again):
        result = runner.invoke(cli, ["build", str(SEED_TEXT), "-o", str(target), "--no-validate"])
        assert result.exit_code == 0, result.output
    assert other.read_bytes() == again.read_bytes()
    expected = Graph().parse(ttl)
    ds = Dataset()
    ds.parse(
        other, format={".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld"}[ext]
    )
    merged = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        merged.add((s, p, o))
    assert len(merged) == len(expected)


@needs_shared()
def test_build_text_and_pdf_of_the_seed_give_valid_graphs(tmp_path):
    for src in (SEED_TEXT, SEED_PDF):
        out = tmp_path / (src.stem + ".ttl")
        result = CliRunner().invoke(cli, ["build", str(src), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 10_000


@needs_shared()
def test_build_batch_lists_failures_and_exits_1_unless_keep_going(tmp_path):
    bad = tmp_path / "junk.pdf"
    bad.write_bytes(b"%PDF-1.4 nothing else")
    out = tmp_path / "batch.trig"
    args = ["build", str(SEED_TEXT), str(bad), "-o", str(out), "--jobs", "1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "1 built" in result.output and "junk.pdf" in result.output
    assert out.exists()
    result = CliRunner().invoke(cli, [*args, "--keep-going"])
    assert result.exit_code == 0
    ds = Dataset()
    ds.parse(out, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert any(n.endswith("/report") for n in names)


@needs_shared()
def test_build_batch_nquads_are_the_lines_kg_export_writes(tmp_path):
    """Workers send sorted N-Triples; the N-Quads written from them without parsing are
    byte for byte what kg.export.serialise writes from the parsed graphs."""
    from rdflib import URIRef

    from kg.batch import build_many
    from kg.cli.build import write_outputs
    from kg.export import serialise

    outputs = build_many([str(SEED_TEXT), str(SEED_PDF)], jobs=1, validate=False).outputs
    assert [o.syntax for o in outputs] == ["nt", "nt"]
    graphs: dict = {}
    for o in outputs:
        graphs.setdefault(URIRef(o.graph_iri), set()).update(Graph().parse(data=o.turtle))
    for ext, fmt in ((".nq", "nq"), (".nt", "nt")):
        target = tmp_path / f"batch{ext}"
        write_outputs(outputs, str(target))
        assert target.read_bytes() == serialise(graphs, fmt)


@needs_shared()
def test_build_single_report_to_turtle_is_pretty_and_to_ntriples_is_sorted(tmp_path):
    ttl, nt = tmp_path / "a.ttl", tmp_path / "a.nt"
    for target in (ttl, nt):
        result = CliRunner().invoke(
            cli, ["build", str(SEED_TEXT), "-o", str(target), "--no-validate"]
        )
        assert result.exit_code == 0, result.output
    assert ttl.read_text().startswith("@prefix")
    lines = nt.read_text().splitlines()
    assert lines == sorted(lines) and all(ln.endswith(" .") for ln in lines)


def test_running_a_command_imports_only_its_module():
    code = (
        "import sys; from kg.cli import cli; cli.get_command(None, 'build'); "
        "print(sorted(m for m in sys.modules if m.startswith('kg.cli.') and m != 'kg.cli._options'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['kg.cli.build']"
    code = "from kg.cli import cli; print(sorted(cli.commands))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    for name in ("analyse", "build", "export", "queries", "query", "validate", "viz"):
        assert f"'{name}'" in out.stdout

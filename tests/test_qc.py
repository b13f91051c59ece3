"""QC checks (queries/qc/*-violation.rq, ODK style): any row is a violation.

The folder is globbed, so no list can leave a check switched off; every check
must say what it asks, return ?focus, stay silent on the valid example graphs
and fire on its invalid example (tests/shapes/invalid/, see test_shapes.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg import resources
from kg.validate import merged_graph, qc_checks, validate

HERE = Path(__file__).resolve().parent
QUERIES = sorted((resources.QUERIES_DIR / "qc").glob("*.rq"))
VALID = sorted((HERE / "shapes" / "valid").glob("*.ttl"))
INVALID = sorted((HERE / "shapes" / "invalid").glob("*.ttl"))


def test_qc_folder_holds_checks():
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_qc_file_is_named_as_a_violation_check(path):
    assert path.name.endswith("-violation.rq")


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_qc_query_opens_with_its_question_and_selects_focus(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Question: ")
    assert re.search(r"^# Returns: .*\?focus", text, re.MULTILINE)
    assert re.search(r"SELECT\s+(DISTINCT\s+)?\?focus\b", text)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_qc_query_parses(path):
    ox.Store().query(path.read_text(encoding="utf-8"))  # raises SyntaxError when malformed


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_qc_check_is_run_by_validate(path):
    assert path.stem in {c.name for c in qc_checks()}


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_qc_check_has_an_invalid_example_that_it_reports(path):
    examples = [
        p
        for p in INVALID
        if re.search(
            rf"^# violates: {re.escape(path.stem)}$", p.read_text(encoding="utf-8"), re.MULTILINE
        )
    ]
    assert examples, f"no tests/shapes/invalid file names {path.stem}"
    for example in examples:
        shapes = {v.shape.rsplit("#", 1)[-1] for v in validate(Graph().parse(example)).violations}
        assert shapes == {path.stem}


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_qc_check_is_silent_on_the_valid_examples(path):
    query = path.read_text(encoding="utf-8")
    for example in VALID:
        store = ox.Store()
        g = merged_graph(Graph().parse(example))
        store.load(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        assert list(store.query(query)) == [], example.name

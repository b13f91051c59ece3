"""Cross-council questions on a store built from real reports (issue 6).

Builds every report of Redbridge and of its ten DfE statistical neighbours
(33 PDFs) into an on-disk store, then asks the national questions.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, needs_shared

KG = str(Path(sys.executable).with_name("kg"))
COUNCILS = (
    "redbridge harrow hillingdon waltham-forest ealing hounslow barnet slough reading "
    "southampton luton"
).split()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    files = sorted(
        str(p)
        for p in CORPUS.glob("*.pdf")
        if re.match(rf"\d+_({'|'.join(COUNCILS)})_\d{{4}}-\d\d-\d\d\.pdf$", p.name)
    )
    assert len(files) == 33
    target = tmp_path_factory.mktemp("national") / "store"
    subprocess.run(
        [KG, "build", *files, "--store", str(target), "--jobs", "2", "--keep-going"],
        check=True,
        capture_output=True,
    )
    return target, files


def _query(store_dir: Path, name: str, *params: str) -> list[dict]:
    args = [KG, "query", name, "--store", str(store_dir), "--format", "csv"]
    for p in params:
        args += ["--param", p]
    proc = subprocess.run(args, check=True, capture_output=True, text=True)
    return list(csv.DictReader(io.StringIO(proc.stdout)))


@needs_shared()
def test_latest_judgements_give_redbridge_2024_and_its_ten_neighbours_latest(store):
    store_dir, files = store
    rows = _query(store_dir, "latest-judgements", "council=Redbridge")
    own = [r for r in rows if r["relation"] == "self"]
    assert own and {r["date"][:4] for r in own} == {"2024"}
    assert {r["areaLabel"] for r in own} >= {"overall effectiveness"}
    neighbours = {}
    for r in rows:
        if r["relation"] == "statistical neighbour":
            neighbours.setdefault(r["otherLabel"], set()).add(r["date"])
    assert len(neighbours) == 10
    latest_file_year = {}
    for f in files:
        council, year = re.match(r"\d+_([a-z-]+)_(\d{4})", Path(f).name).groups()
        latest_file_year[council] = max(latest_file_year.get(council, ""), year)
    for label, dates in neighbours.items():
        assert len(dates) == 1, f"{label} has grades from several inspections: {dates}"
        key = label.lower().removeprefix("london borough of ").replace(" ", "-")
        assert next(iter(dates))[:4] == latest_file_year[key], label


@needs_shared()
def test_judgement_history_lists_redbridge_grades_in_date_order_per_area(store):
    store_dir, _ = store
    rows = _query(store_dir, "judgement-history", "council=Redbridge")
    by_area: dict[str, list[str]] = {}
    for r in rows:
        by_area.setdefault(r["area"], []).append(r["date"])
    assert by_area
    for area, dates in by_area.items():
        assert dates == sorted(dates), area
    overall = by_area["https://w3id.org/safeguarding-kg/area/overall"]
    assert {d[:4] for d in overall} >= {"2016", "2024"}

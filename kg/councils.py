"""The table of English councils and their public identifiers.

``kg/data/councils.csv`` is built from the data-to-insight la-lookup table
(ONS GSS codes, DfE LA codes, Ofsted URNs, regions and DfE statistical
neighbours) by ``scripts/build_councils.py``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from kg.resources import DATA_DIR


@dataclass(frozen=True)
class Council:
    gss_code: str
    dfe_code: str
    ofsted_urn: str
    name: str
    also_known_as: tuple[str, ...]
    region: str
    stat_neighbours: tuple[str, ...]  # GSS codes
    la_type: str


@lru_cache(maxsize=1)
def councils() -> dict[str, Council]:
    """All councils keyed by GSS code."""
    path = DATA_DIR / "councils.csv"
    out: dict[str, Council] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = (line for line in fh if not line.startswith("#"))
        for row in csv.DictReader(rows):
            gss = row["gss_code"].strip()
            out[gss] = Council(
                gss_code=gss,
                dfe_code=row.get("dfe_code", "").strip(),
                ofsted_urn=row.get("ofsted_urn", "").strip(),
                name=row["name"].strip(),
                also_known_as=tuple(
                    a.strip() for a in (row.get("also_known_as") or "").split(";") if a.strip()
                ),
                region=row.get("region", "").strip(),
                stat_neighbours=tuple((row.get("stat_neighbour_gss") or "").split()),
                la_type=row.get("la_type", "").strip(),
            )
    return out


def lookup(gss_code: str) -> Council | None:
    return councils().get(gss_code)


def names(council: Council) -> tuple[str, ...]:
    """Every name of the council: its own, then its other names (``also_known_as``)."""
    return (council.name, *council.also_known_as)


def display_name(council: Council) -> str:
    """A full name such as 'London Borough of Redbridge' where the type says so."""
    name = council.name
    head, sep, tail = name.rpartition(", ")
    if sep and tail.lower() in ("city of", "county of"):  # ONS style: "Bristol, City of"
        return f"{tail} {head}"
    if council.la_type.lower() == "london borough" and not name.lower().startswith("city of"):
        return f"London Borough of {name}"
    return name

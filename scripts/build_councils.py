"""Build kg/data/councils.csv from ../shared/reports/la-lookup.csv.

Sources: ONS (GSS codes, names, regions, council types) and DfE (LA codes,
statistical neighbours), as collected in la-lookup.csv by the data-to-insight
ofsted-ilacs-scrape-tool project; Ofsted URNs from the same table.

Example: .venv/bin/python scripts/build_councils.py ../shared/reports/la-lookup.csv
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kg" / "data" / "councils.csv"

# Councils abolished before the lookup's ONS vintage carry no GSS code there;
# these are their ONS codes (ONS Register of Geographic Codes).
FORMER_GSS = {"Cumbria": "E10000006", "Northamptonshire": "E10000021", "Poole": "E06000029"}

# Other names a report uses for a council (beyond the ONS name and its "X, City of" form).
EXTRA_NAMES = {
    "E06000047": ["County Durham"],
    "E06000011": ["East Riding"],
    "E08000021": ["Newcastle"],
    "E06000033": ["Southend"],
    "E08000013": ["St Helens"],
    "E06000010": ["Hull City Council"],
    "E06000058": ["Bournemouth Christchurch and Poole"],
    "E06000023": ["Bristol City Council", "City of Bristol"],
    "E06000053": ["Isles of Scilly", "Council of the Isles of Scilly"],
    "E09000001": ["City of London Corporation"],
    "E08000012": ["Liverpool City Council"],
    "E06000062": ["West Northamptonshire"],
    "E06000061": ["North Northamptonshire"],
    "E06000055": ["Bedford"],
    "E06000036": ["Bracknell"],
    "E06000038": ["Reading Borough Council"],
    "E06000052": ["Cornwall Council"],
    "E09000033": ["Westminster City Council", "City of Westminster"],
    "E06000043": ["Brighton & Hove", "Brighton and Hove City Council"],
    "E06000027": ["Torbay Council"],
    "E08000031": ["Wolverhampton", "City of Wolverhampton"],
    "E09000021": ["Kingston upon Thames", "Royal Borough of Kingston upon Thames"],
    "E09000020": ["Royal Borough of Kensington and Chelsea"],
    "E06000040": ["Royal Borough of Windsor and Maidenhead"],
    "E06000044": ["Portsmouth City Council"],
    "E06000045": ["Southampton City Council"],
}


# also_known_as values whose commas are part of a name.
AKA_OVERRIDE = {"Bournemouth, Christchurch and Poole": ["BCP", "Bournemouth, Christchurch & Poole"]}


def _aliases(name: str, aka: str) -> list[str]:
    out = []
    if name in AKA_OVERRIDE:
        out += AKA_OVERRIDE[name]
    elif aka.strip():
        out += [a.strip() for a in aka.strip().strip("[]").split(",") if a.strip()]
    m = re.match(r"^(.*), City of$", name)
    if m:
        out += [f"City of {m.group(1)}", m.group(1)]
    return out


def build(lookup: Path) -> str:
    rows = list(csv.DictReader(lookup.open(encoding="utf-8-sig")))
    by_dfe = {}
    records = []
    for r in rows:
        name = r["local_authority_ons_name"].strip()
        gss = r["la_code_new"].strip() or FORMER_GSS.get(name, "")
        if not gss:
            raise SystemExit(f"{lookup}: no GSS code for {name}")
        by_dfe[r["la_code"].strip()] = gss
        records.append((r, name, gss))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        [
            "gss_code",
            "dfe_code",
            "ofsted_urn",
            "name",
            "also_known_as",
            "region",
            "stat_neighbour_gss",
            "la_type",
        ]
    )
    for r, name, gss in sorted(records, key=lambda t: t[2]):
        neigh = [c.strip() for c in r["stat_neighbours_la_code"].split(",") if c.strip()]
        if not neigh:
            neigh = [
                by_dfe[c.strip()] for c in r["stat_neighbours"].split(",") if c.strip() in by_dfe
            ]
        aliases = _aliases(name, r["also_known_as"]) + EXTRA_NAMES.get(gss, [])
        aliases = list(dict.fromkeys(a for a in aliases if a != name))
        w.writerow(
            [
                gss,
                r["la_code"].strip(),
                r["urn"].strip(),
                name,
                "; ".join(aliases),
                r["region_name"].strip(),
                " ".join(neigh),
                r["ons_la_type"].strip(),
            ]
        )
    return out.getvalue()


def main(argv: list[str]) -> int:
    lookup = (
        Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "reports" / "la-lookup.csv"
    )
    text = build(lookup)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(OUT)
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} councils)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

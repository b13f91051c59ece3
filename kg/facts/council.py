"""Which council a report is about, matched against the names of kg.councils (read
from kg/data/councils.csv).

Example: ``match_council("London Borough of Redbridge Council\\n...")[1] == "E09000026"``
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from kg.councils import councils
from kg.councils import names as council_names

TITLE_CHARS = 700  # the title block of page 1


def _name_pattern(name: str) -> str:
    parts = []
    for tok in re.split(r"\s+", name.strip()):
        if tok.lower() in ("and", "&"):
            parts.append(r"(?:and|&)")
        elif tok.lower() in ("st", "st."):
            parts.append(r"st\.?")
        else:
            parts.append(r"[\s-]*".join(re.escape(t) for t in tok.split("-")))
    return r"[\s,]+".join(parts)


@functools.lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    found: dict[str, tuple[str, str]] = {}
    for gss, council in councils().items():  # file order: the first council of a name wins
        for n in council_names(council):
            n = re.sub(r",\s*City of$", "", n)
            if len(n) >= 3:
                found.setdefault(n.lower(), (council.name, gss))
    alts = sorted(found, key=lambda n: (-len(n), n))
    pat = re.compile(
        r"(?<![A-Za-z])(?:" + "|".join(_name_pattern(n) for n in alts) + r")(?![A-Za-z])", re.I
    )
    return pat, found


def _lookup(surface: str) -> tuple[str, str] | None:
    _, names = _matcher()
    key = " ".join(surface.replace("&", "and").split()).lower().replace(".", "")
    for name, hit in names.items():
        if " ".join(name.replace("&", "and").replace(".", "").split()) == key:
            return hit
    norm = re.sub(r"[^a-z]", "", key)
    for name, hit in names.items():
        if re.sub(r"[^a-z]", "", name.replace("&", "and")) == norm:
            return hit
    return None


def match_council(text: str) -> tuple[str, str, int, int]:
    """``(name, gss_code, start, end)`` of the council named in the report's title, else the
    council named most often in the text; ``("", "", -1, -1)`` when none is found."""
    pat, _ = _matcher()
    head = text[:TITLE_CHARS]
    hits = []
    for m in pat.finditer(head):
        hit = _lookup(m.group(0))
        if hit:
            hits.append((m.start(), -(m.end() - m.start()), hit, m.end()))
    if hits:
        start, neg_len, hit, end = min(hits)
        return hit[0], hit[1], start, end
    counts: Counter = Counter()
    first: dict[tuple[str, str], tuple[int, int]] = {}
    for m in pat.finditer(text):
        hit = _lookup(m.group(0))
        if hit:
            counts[hit] += 1
            first.setdefault(hit, (m.start(), m.end()))
    if not counts:
        return "", "", -1, -1
    best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return best[0], best[1], first[best][0], first[best][1]

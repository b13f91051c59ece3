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
from kg.normalise.asciifold import has_ignorecase_extras

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
    return _names_pattern(alts), found


def _names_pattern(names: list[str]) -> re.Pattern:
    """One of ``names`` (the first that matches, in this order) as a whole word."""
    return re.compile(
        r"(?<![A-Za-z])(?:" + "|".join(_name_pattern(n) for n in names) + r")(?![A-Za-z])", re.I
    )


@functools.lru_cache(maxsize=1)
def _by_first_letters() -> dict[str, re.Pattern] | None:
    """The names pattern split by the names' first two letters (order kept within a
    group); None when a name does not start with two letters that its pattern starts with
    (as "and" or "&" does not)."""
    _, found = _matcher()
    alts = sorted(found, key=lambda n: (-len(n), n))
    groups: dict[str, list[str]] = {}
    for n in alts:
        if not ("a" <= n[0] <= "z" and "a" <= n[1] <= "z") or n.split()[0] in ("and", "&"):
            return None
        groups.setdefault(n[:2], []).append(n)
    return {first: _names_pattern(ns) for first, ns in groups.items()}


_LETTERS = re.compile(r"[A-Za-z]+")


def _council_names(text: str):
    """The matches of the names pattern in ``text`` (as its ``finditer``), found faster: the
    pattern (a case-insensitive alternation of some 200 names) is tried at every offset,
    but a name can only start a word, with its first two letters. So at each run of
    letters the pattern of the names that start with its first two is tried; a text with
    a character that re.I matches to an ASCII letter is scanned with the whole pattern."""
    pat, _ = _matcher()
    groups = _by_first_letters()
    if groups is None or has_ignorecase_extras(text):
        yield from pat.finditer(text)
        return
    end = 0
    for word in _LETTERS.finditer(text):
        x = word.start()
        group = groups.get(text[x : x + 2].lower()) if x >= end else None
        m = group.match(text, x) if group else None
        if m:
            yield m
            end = m.end()


def _lookup(surface: str) -> tuple[str, str] | None:
    exact, letters = _lookup_tables()
    key = " ".join(surface.replace("&", "and").split()).lower().replace(".", "")
    return exact.get(key) or letters.get(re.sub(r"[^a-z]", "", key))


@functools.lru_cache(maxsize=1)
def _lookup_tables() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """The council of a name, by the name's words and by its letters only (the first name
    in file order wins, as in ``_matcher``)."""
    _, names = _matcher()
    exact: dict[str, tuple[str, str]] = {}
    letters: dict[str, tuple[str, str]] = {}
    for name, hit in names.items():
        exact.setdefault(" ".join(name.replace("&", "and").replace(".", "").split()), hit)
        letters.setdefault(re.sub(r"[^a-z]", "", name.replace("&", "and")), hit)
    return exact, letters


def match_council(text: str) -> tuple[str, str, int, int]:
    """``(name, gss_code, start, end)`` of the council named in the report's title, else the
    council named most often in the text; ``("", "", -1, -1)`` when none is found."""
    head = text[:TITLE_CHARS]
    hits = []
    for m in _council_names(head):
        hit = _lookup(m.group(0))
        if hit:
            hits.append((m.start(), -(m.end() - m.start()), hit, m.end()))
    if hits:
        start, neg_len, hit, end = min(hits)
        return hit[0], hit[1], start, end
    counts: Counter = Counter()
    first: dict[tuple[str, str], tuple[int, int]] = {}
    for m in _council_names(text):
        hit = _lookup(m.group(0))
        if hit:
            counts[hit] += 1
            first.setdefault(hit, (m.start(), m.end()))
    if not counts:
        return "", "", -1, -1
    best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return best[0], best[1], first[best][0], first[best][1]

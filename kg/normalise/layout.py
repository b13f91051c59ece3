"""Page layout: page numbers, running headers and footers, footnote texts at the
bottom of a page, and the footnote markers left in the text ("Board1")."""

from __future__ import annotations

import re
from collections import Counter

_DIGITS = re.compile(r"\d{1,2}(?![\w%])")
_LOWER_WORD_NEXT = re.compile(r" [a-z]")

_PAGE_NO = re.compile(r"^\s*(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?\s*$", re.I)


def _furniture_key(line: str) -> str:
    return _NUMBER.sub("#", " ".join(line.split())).lower()


_NUMBER = re.compile(r"\d+")


def strip_page_furniture(pages: list[str]) -> list[str]:
    """Remove page numbers, repeated headers/footers and footnote texts."""
    split = [p.split("\n") for p in pages]
    edge = 3  # lines at the top and bottom of a page that may be headers or footers
    counts: Counter = Counter()
    for lines in split:
        body = [ln for ln in lines if ln.strip()]
        seen = {_furniture_key(ln) for ln in body[:edge] + body[-edge:]}
        counts.update(seen)
    threshold = max(3, len(pages) // 3)
    repeated = {k for k, c in counts.items() if c >= threshold and len(k) > 1 or k == "#"}
    out = []
    for page_no, lines in enumerate(split):
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        drop = set()
        for i in idx[:edge] + idx[-edge:]:
            line = lines[i]
            # the first page's title is not furniture even when running headers repeat it
            top_of_first = page_no == 0 and i in idx[:edge]
            if _PAGE_NO.match(line) or (_furniture_key(line) in repeated and not top_of_first):
                drop.add(i)
        out.append("\n".join(ln for i, ln in enumerate(lines) if i not in drop))
    return _strip_footnotes(out)


def strip_unpaged_furniture(text: str) -> str:
    """Text without page breaks: drop lines that are a bare page number between blank
    lines, and numbered running headers repeated three times or more."""
    lines = text.split("\n")
    counts = Counter(
        _furniture_key(ln) for ln in lines if 20 < len(ln) < 160 and any(ch.isdigit() for ch in ln)
    )
    repeated = {k for k, c in counts.items() if c >= 3}
    drop = {i for i, ln in enumerate(lines) if repeated and _furniture_key(ln) in repeated}
    if drop:
        # a running title without digits next to a numbered running header
        all_counts = Counter(_furniture_key(ln) for ln in lines if ln.strip())
        for i in sorted(drop):
            for j in (i - 1, i + 1):
                if (
                    0 <= j < len(lines)
                    and j not in drop
                    and lines[j].strip()
                    and all_counts[_furniture_key(lines[j])] >= 3
                    and len(lines[j]) > 15
                ):
                    drop.add(j)
    out = []
    for i, ln in enumerate(lines):
        if i in drop:
            continue
        if (
            ln.strip().isdigit()
            and len(ln.strip()) <= 3
            and (
                i == 0
                or not lines[i - 1].strip()
                or i + 1 == len(lines)
                or not lines[i + 1].strip()
            )
        ):
            continue
        out.append(ln)
    return "\n".join(out)


# a footnote marker: one or two digits glued to a word or after closing punctuation;
# the digits are searched and the character before checked by hand (a pattern that
# starts with a lookbehind, or with a class of most letters, is tried at every offset)
_MARKER = re.compile(r"\d{1,2}(?=[\s.,;:)]|$)")
_MARKER_AFTER = frozenset("abcdefghijklmnopqrstuvwxyz).,;:'")
_FOOTNOTE_LINE = re.compile(r"^\s*(\d{1,2})\s+[A-Z\"'(]")


def _strip_footnotes(pages: list[str]) -> list[str]:
    """Drop footnote texts ("1 Ofsted produces ...") at page bottoms whose number is
    a footnote marker ("Board1") on that page."""
    out = []
    for page in pages:
        lines = page.split("\n")
        markers = {
            m.group(0)
            for m in _MARKER.finditer(page)
            if m.start() and page[m.start() - 1] in _MARKER_AFTER
        }
        cut = None
        # a footnote block: starting at a line "<n> Text" in the last part of the page
        for i in range(len(lines) - 1, max(-1, len(lines) - 25), -1):
            m = _FOOTNOTE_LINE.match(lines[i])
            if m and m.group(1) in markers:
                cut = i
            elif cut is not None and i < cut - 12:
                break
        if cut is not None and cut > len(lines) // 3:
            lines = lines[:cut]
        out.append("\n".join(lines))
    return out


def footnote_markers(text: str) -> str:
    """Remove footnote markers: 1, 2, 3 ... in order, glued to a word ("Board1",
    "schools,3", "(LSCB)4"), or pushed to the start of the next line after a comma
    ("special schools,\n3 of whom all live ..." -> "special schools, of whom ...")."""
    n, cuts = 1, []
    for m in _DIGITS.finditer(text):
        s = m.start()
        if s == 0 or int(m.group(0)) != n:
            continue
        before = text[s - 1]
        if (
            before.islower()
            and before.isalpha()
            or (before in ").,;:'\"" and s >= 2 and text[s - 2].isalpha())
        ):
            cuts.append((s, m.end()))
            n += 1
        elif (
            before == "\n"
            and s >= 3
            and text[s - 2] in ",;"
            and text[s - 3].isalpha()
            and _LOWER_WORD_NEXT.match(text, m.end())
        ):
            cuts.append((s - 1, m.end()))  # the line break goes too: one sentence
            n += 1
    if not cuts:
        return text
    out, pos = [], 0
    for s, e in cuts:
        out.append(text[pos:s])
        pos = e
    out.append(text[pos:])
    return "".join(out)

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
    # the lines at the top and bottom of a page that may be headers or footers, with keys
    edges = [_edge_keys(lines) for lines in split]
    counts: Counter = Counter()
    for _, keys in edges:
        counts.update(set(keys.values()))
    threshold = max(3, len(pages) // 3)
    repeated = {k for k, c in counts.items() if c >= threshold and len(k) > 1 or k == "#"}
    out = []
    for page_no, (page, lines, (top, keys)) in enumerate(zip(pages, split, edges, strict=True)):
        drop = set()
        for i, key in keys.items():
            # the first page's title is not furniture even when running headers repeat it
            top_of_first = page_no == 0 and i in top
            if _PAGE_NO.match(lines[i]) or (key in repeated and not top_of_first):
                drop.add(i)
        if drop:
            lines = [ln for i, ln in enumerate(lines) if i not in drop]
            page = "\n".join(lines)
        out.append(_strip_footnotes(page, lines))
    return out


_EDGE = 3  # lines at the top and bottom of a page that may be headers or footers


def _edge_keys(lines: list[str]) -> tuple[list[int], dict[int, str]]:
    """The indices of the first ``_EDGE`` non-blank lines, and the furniture keys of the
    first and last ``_EDGE`` non-blank lines by index (the two overlap on a short page)."""
    top: list[int] = []
    for i, ln in enumerate(lines):
        if len(top) == _EDGE:
            break
        if ln.strip():
            top.append(i)
    bottom: list[int] = []
    for i in range(len(lines) - 1, -1, -1):
        if len(bottom) == _EDGE:
            break
        if lines[i].strip():
            bottom.append(i)
    return top, {i: _furniture_key(lines[i]) for i in top + bottom[::-1]}


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


# a footnote marker: one or two digits glued to a word or after closing punctuation,
# "\d{1,2}(?=[\s.,;:)]|$)" after one of "a-z).,;:'". The pattern starts with the first digit
# and looks behind it (one that starts with a lookbehind, a repeat or a class of most
# letters is tried at every offset); a marker's first digit follows a non-digit, where
# the plain left-to-right scan of "\d{1,2}" also starts its matches
_MARKER = re.compile(r"\d(?<=[a-z).,;:']\d)\d?(?=[\s.,;:)]|$)")
_FOOTNOTE_LINE = re.compile(r"^\s*(\d{1,2})\s+[A-Z\"'(]")


def _strip_footnotes(page: str, lines: list[str]) -> str:
    """``page`` (split in ``lines``) without the footnote texts ("1 Ofsted produces ...")
    at its bottom whose number is a footnote marker ("Board1") on the page."""
    markers = None  # found when a line looks like a footnote (a few pages have one)
    cut = None
    # a footnote block: starting at a line "<n> Text" in the last part of the page
    for i in range(len(lines) - 1, max(-1, len(lines) - 25), -1):
        m = _FOOTNOTE_LINE.match(lines[i])
        if m and markers is None:
            markers = set(_MARKER.findall(page))
        if m and m.group(1) in markers:
            cut = i
        elif cut is not None and i < cut - 12:
            break
    if cut is not None and cut > len(lines) // 3:
        return "\n".join(lines[:cut])
    return page


def footnote_markers(text: str) -> str:
    """Remove footnote markers: 1, 2, 3 ... in order, glued to a word ("Board1",
    "schools,3", "(LSCB)4"), or pushed to the start of the next line after a comma
    ("special schools,\n3 of whom all live ..." -> "special schools, of whom ...")."""
    n, cuts = 1, []
    for s in _marker_starts(text):
        m = _DIGITS.match(text, s)
        if not m or int(m.group(0)) != n:
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


# byte classes for _marker_starts: "a" for a byte that may precede a marker (an ASCII
# lower-case letter, closing punctuation, a line break, or "?": a non-ASCII character in
# an ASCII encoding), "0" for a digit, " " for any other
_MARKER_CLASSES = bytes(
    ord("a")
    if chr(b) in "abcdefghijklmnopqrstuvwxyz).,;:'\"\n?"
    else ord("0")
    if chr(b) in "0123456789"
    else ord(" ")
    for b in range(256)
)


def _marker_starts(text: str) -> list[int]:
    """Offsets, in order, of every match of ``_DIGITS.finditer(text)`` that may be a marker
    (the character before it may precede one: a lower-case letter, closing punctuation or
    a line break), and of some offsets where ``_DIGITS`` does not match. Such a match
    starts at a digit after a non-digit, so these are the ASCII digits after such a
    character, found with bytes.find in the text's byte classes (the regex scan tries
    every offset). A text with a non-ASCII digit (``\\d`` is any decimal digit), or with
    too many non-ASCII characters to look at each, is scanned with the regex."""
    coded = text.encode("ascii", "replace")  # one byte per character
    if not text.isascii() and (coded.count(b"?") > _MANY or _non_ascii_digit(text, coded)):
        return [m.start() for m in _DIGITS.finditer(text) if m.start()]
    classes = coded.translate(_MARKER_CLASSES)
    out = []
    i = classes.find(b"a0")
    while i >= 0:
        out.append(i + 1)
        i = classes.find(b"a0", i + 2)
    return out


_MANY = 2000  # non-ASCII characters beyond which the regex is the faster way


def _non_ascii_digit(text: str, coded: bytes) -> bool:
    """Does ``text`` have a non-ASCII decimal digit? (Its non-ASCII characters are the "?"
    of ``coded``, its ASCII encoding.)"""
    i = coded.find(b"?")
    while i >= 0:
        if text[i].isdecimal():
            return True
        i = coded.find(b"?", i + 1)
    return False

"""Repair text-extraction artefacts and fill ``Document.text``.

The normalised text is the coordinate system of every later stage: offsets in
sections, sentences, judgements and provenance refer to it. Normalisation is a
pure function of ``Document.raw_text`` (deterministic).

Repairs, in order:

1. characters: typographic quotes and dashes to ASCII, bullet glyphs to "•",
   ligatures, non-breaking and zero-width spaces;
2. pages (PDF): page numbers, headers and footers repeated across pages,
   footnote texts at the bottom of a page;
3. line-break hyphens: a soft hyphen between the halves of a word is kept only
   for compounds ("well-embedded"), dropped otherwise ("recom-mendation");
4. wrapped lines of one paragraph are joined with a space; headings, list
   items and paragraphs stay on lines of their own;
5. words: joined compounds ("multiagency" -> "multi-agency", validated against
   the document's own words), dropped apostrophes from a closed list
   ("childrens" -> "children's"), lost dashes ("201516" -> "2015-16"),
   footnote markers ("Board1" -> "Board").

The word lists live in ``kg/rules/normalise.yaml``.

Example: ``python -c "from kg.load import load; from kg.normalise import normalise;
print(normalise(load('report.txt')).text[:200])"``
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import replace

import yaml

from kg.model import Document
from kg.resources import RULES_DIR

BULLET = "\u2022"
SOFT_HYPHEN = "\ufffe"  # pdfium's mark for a hyphen inserted at a line break


@functools.lru_cache(maxsize=1)
def _rules() -> dict:
    with open(RULES_DIR / "normalise.yaml", encoding="utf-8") as fh:
        rules = yaml.safe_load(fh)
    rules["compound_prefixes"] = sorted(set(rules["compound_prefixes"]), key=lambda p: (-len(p), p))
    rules["safe_prefixes"] = frozenset(rules["safe_prefixes"])
    rules["not_compounds"] = frozenset(rules["not_compounds"])
    rules["not_after_possessive"] = frozenset(rules["not_after_possessive"])
    rules["standalone_lines"] = frozenset(rules["standalone_lines"])
    return rules


def normalise(doc: Document) -> Document:
    """Return ``doc`` with ``text`` set to the repaired, normalised text.

    Example: ``normalise(load("redbridge-2016.txt")).text.startswith("London Borough")``
    """
    return replace(doc, text=normalise_text(doc.raw_text, pdf=doc.kind == "pdf"))


def normalise_text(raw: str, pdf: bool = False) -> str:
    """The normalisation of one raw text (see the module docstring)."""
    text = _characters(raw)
    pages = text.split("\f")
    if len(pages) > 1:
        pages = _strip_page_furniture(pages)
    else:
        pages = [_strip_unpaged_furniture(text)]
    text = "\n\n".join(p.strip("\n") for p in pages)
    text = _soft_hyphens(text)
    if not pdf:
        # plain-text exports lose dashes as a double space ("findings  the Board")
        text = _LOST_DASH.sub(" - ", text)
    lines = [_tidy_line(ln) for ln in text.split("\n")]
    text = _join_wrapped(lines)
    text = _words(text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text


# ---------------------------------------------------------------- characters

_CHAR_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2015": "-", "\u2212": "-", "\u2010": "-",
    "\u2011": "-", "\u00ad": SOFT_HYPHEN,
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ", "\t": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\x00": "", "\r": "",
    "\ufb01": "fi", "\ufb02": "fl", "\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl",
    "\u2026": "...",
}


@functools.lru_cache(maxsize=1)
def _char_table() -> dict:
    table = {ord(k): v for k, v in _CHAR_MAP.items()}
    for b in _rules()["bullets"]:
        table[ord(b)] = BULLET
    return table


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _characters(text: str) -> str:
    present = set(text)
    for code, repl in _char_table().items():
        ch = chr(code)
        if ch in present:
            text = text.replace(ch, repl)
    if any("\ue000" <= ch <= "\uf8ff" for ch in present):
        # other private-use glyphs (symbol fonts) are bullets or decoration
        text = _PRIVATE_USE.sub(BULLET, text)
    return text


# --------------------------------------------------------------------- pages

_PAGE_NO = re.compile(r"^\s*(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?\s*$", re.I)


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _strip_page_furniture(pages: list[str]) -> list[str]:
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


def _strip_unpaged_furniture(text: str) -> str:
    """Text without page breaks: drop lines that are a bare page number between blank
    lines, and numbered running headers repeated three times or more."""
    lines = text.split("\n")
    counts = Counter(_furniture_key(ln) for ln in lines if 20 < len(ln) < 160 and
                     any(ch.isdigit() for ch in ln))
    repeated = {k for k, c in counts.items() if c >= 3}
    drop = {i for i, ln in enumerate(lines) if repeated and _furniture_key(ln) in repeated}
    if drop:
        # a running title without digits next to a numbered running header
        all_counts = Counter(_furniture_key(ln) for ln in lines if ln.strip())
        for i in sorted(drop):
            for j in (i - 1, i + 1):
                if 0 <= j < len(lines) and j not in drop and lines[j].strip() and \
                        all_counts[_furniture_key(lines[j])] >= 3 and len(lines[j]) > 15:
                    drop.add(j)
    out = []
    for i, ln in enumerate(lines):
        if i in drop:
            continue
        if ln.strip().isdigit() and len(ln.strip()) <= 3 and \
                (i == 0 or not lines[i - 1].strip() or i + 1 == len(lines) or not lines[i + 1].strip()):
            continue
        out.append(ln)
    return "\n".join(out)


def _strip_footnotes(pages: list[str]) -> list[str]:
    """Drop footnote texts ("1 Ofsted produces ...") at page bottoms whose number is
    a footnote marker ("Board1") on that page."""
    out = []
    for page in pages:
        lines = page.split("\n")
        markers = set(re.findall(r"(?<=[a-z\)\.,;:'])(\d{1,2})(?=[\s.,;:)]|$)", page))
        cut = None
        # a footnote block: starting at a line "<n> Text" in the last part of the page
        for i in range(len(lines) - 1, max(-1, len(lines) - 25), -1):
            m = re.match(r"^\s*(\d{1,2})\s+[A-Z\"'(]", lines[i])
            if m and m.group(1) in markers:
                cut = i
            elif cut is not None and i < cut - 12:
                break
        if cut is not None and cut > len(lines) // 3:
            lines = lines[:cut]
        out.append("\n".join(lines))
    return out


# ------------------------------------------------------------------ hyphens


def _soft_hyphens(text: str) -> str:
    """Resolve hyphens at line breaks: soft hyphens and "word-\\nword"."""
    if SOFT_HYPHEN in text:
        hyphenated = _hyphenated_forms(text)
        prefixes = frozenset(_rules()["compound_prefixes"])
        pieces = text.split(SOFT_HYPHEN)
        out = [pieces[0]]
        for piece in pieces[1:]:
            prev = out[-1]
            lm = _TAIL_WORD.search(prev[-40:])
            rm = _HEAD_WORD.match(piece)
            if not lm or not rm:
                out.append("-" + piece)
                continue
            left, right = lm.group(1), rm.group(2)
            keep = (left.lower() in prefixes or f"{left}-{right}".lower() in hyphenated
                    or left[-1].isdigit() or right[0].isupper())
            out.append(("-" if keep else "") + piece[rm.start(2):])
        text = "".join(out)
    if "-\n" in text:
        # a hard hyphen at the end of a line belongs to the word ("multi-\nagency")
        text = _HARD_BREAK.sub("-", text)
    return text


_TAIL_WORD = re.compile(r"([A-Za-z0-9]+)$")
_HEAD_WORD = re.compile(r"([ \n]*)([A-Za-z0-9]+)")
_HARD_BREAK = re.compile(r"(?<=[A-Za-z])-\n(?=[a-z])")
_LEAD_WORD = re.compile(r"[A-Za-z]+")


def _hyphenated_forms(text: str) -> frozenset[str]:
    out = set()
    pieces = text.split("-")
    for a, b in zip(pieces, pieces[1:], strict=False):
        lm = _TAIL_WORD.search(a[-30:])
        rm = _LEAD_WORD.match(b)
        if lm and rm:
            out.add(f"{lm.group(1)}-{rm.group(0)}".lower())
    return frozenset(out)


# -------------------------------------------------------------------- lines


_LOST_DASH = re.compile(r"(?<=\S)  (?=\S)")


def _tidy_line(line: str) -> str:
    stripped = line.strip()
    if not stripped:
        return ""
    if "  " in stripped:
        stripped = " ".join(stripped.split())
    # bullets: "• text", and a plain-text export's single leading space for a bullet
    if stripped[0] == BULLET:
        return BULLET + " " + stripped.lstrip(BULLET + " ")
    if line[0] == " " and line[1:2] != " " and stripped[0].isalnum():
        return BULLET + " " + stripped
    return stripped


_LIST_START = re.compile(rf"^(?:{BULLET}|-\s|\d{{1,3}}[.)]\s|[a-z][.)]\s|\(\w{{1,3}}\)\s)")
_END_PUNCT = ".:;?!"


def _join_wrapped(lines: list[str]) -> str:
    """Join the lines of one paragraph; keep headings, list items and breaks."""
    widths = sorted(len(ln) for ln in lines if ln)
    full = widths[int(len(widths) * 0.8)] if widths else 80  # a typical full line
    long_line = max(40, int(full * 0.75))
    parts: list[list] = []  # [separator before, paragraph text, last line]
    blank = 0
    for line in lines:
        if not line:
            blank += 1
            continue
        if parts and _continues(parts[-1][2], line, blank, long_line):
            prev = parts[-1][1]
            glue = "" if prev.endswith("-") and prev[-2:-1].isalpha() and line[:1].islower() else " "
            parts[-1][1] = prev + glue + line
            parts[-1][2] = line
        else:
            parts.append(["\n\n" if blank and parts else ("\n" if parts else ""), line, line])
        blank = 0
    return "".join(sep + text for sep, text, _ in parts)


_FIELD = re.compile(r"^[A-Z][A-Za-z ()'-]{2,40}:\s")


def _continues(tail: str, line: str, blank: int, long_line: int) -> bool:
    """Does ``line`` continue the paragraph whose last line is ``tail``?"""
    if _LIST_START.match(line) or _is_grade_line(line) or _is_grade_line(tail) or _FIELD.match(line) \
            or _standalone(line) or _standalone(tail):
        return False
    last = tail[-1:]
    first = line[:1]
    if blank:
        # across a page break or blank lines only a sentence cut in the middle continues
        return last not in _END_PUNCT and first.islower() and len(tail) >= long_line
    if last in _END_PUNCT:
        return False
    if len(line) < 50 and line.endswith("?"):
        return False  # a heading ("What needs to improve?")
    if first.isupper() and _ENDS_WITH_GRADE.search(tail):
        return False  # a judgement-table row ("... protection Requires improvement to be good")
    if first.islower() or first in "(,":
        return True
    return len(tail) >= long_line


_GRADE_LINE = re.compile(r"^(outstanding|good|requires? improvement( to be good)?|inadequate|adequate"
                         r"|not judged)\.?$", re.I)


_ENDS_WITH_GRADE = re.compile(r"(?:outstanding|good|inadequate|adequate|improvement|not judged)$", re.I)


def _standalone(line: str) -> bool:
    return len(line) < 60 and line.strip().lower().rstrip(":") in _rules()["standalone_lines"]


def _is_grade_line(line: str) -> bool:
    return bool(_GRADE_LINE.match(line.strip()))


# -------------------------------------------------------------------- words

_WORD = re.compile(r"[A-Za-z]+")


@functools.lru_cache(maxsize=1)
def _prefix_index() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for p in _rules()["compound_prefixes"]:
        index.setdefault(p[:2], []).append(p)
    return index


_YEAR_SPAN = re.compile(r"(20\d\d)(\d\d)(?!\d)")
_DIGITS = re.compile(r"\d{1,2}(?![\w%])")


def _words(text: str) -> str:
    """Word-level repairs: compounds, possessives, year dashes, footnote markers."""
    rules = _rules()
    vocab = Counter(_WORD.findall(text.lower()))
    fix = _compound_fixes(vocab, text)
    poss = rules["possessives"]
    ctx = rules["contextual_possessives"]
    stop = rules["not_after_possessive"]
    # each word to repair is searched for literally (fast) and checked at its edges
    todo: dict[str, object] = {}
    for low, k in fix.items():
        todo[low] = ("compound", k)
    for w in poss:
        if w.lower() in vocab:
            todo.setdefault(w.lower(), ("poss", None))
    for w in ctx:
        if w.lower() in vocab:
            todo.setdefault(w.lower(), ("ctx", None))
    # the council's name with a dropped apostrophe ("Redbridges Troubled families service")
    title_words = {w for w in _WORD.findall(text[:300]) if len(w) >= 4 and w[0].isupper()}
    proper = [w for w in sorted(title_words) if (w + "s").lower() in vocab and vocab[w.lower()] >= 3]
    if proper:
        lowercase = set(re.findall(r"\b[a-z]+\b", text))
        for w in proper:
            if w.lower() not in lowercase and w.upper() != w:
                poss = {**poss, w + "s": w + "'s"}
                todo.setdefault((w + "s").lower(), ("poss", None))
    for low in sorted(todo):
        how, k = todo[low]
        pat = re.compile(re.escape(low) + "(?![A-Za-z])", re.I)
        out, pos = [], 0
        for m in pat.finditer(text):
            s, e = m.start(), m.end()
            if s and text[s - 1].isalpha():
                continue
            w = m.group(0)
            if how == "compound":
                rep = w[:k] + "-" + w[k:]
            elif how == "poss":
                if w not in poss:
                    continue
                rep = poss[w]
            else:
                if w not in ctx or text[e:e + 1] != " ":
                    continue
                nxt = _LEAD_WORD.match(text, e + 1)
                if not nxt or not nxt.group(0)[:1].islower() or nxt.group(0) in stop \
                        or len(nxt.group(0)) < 2:
                    continue
                rep = ctx[w]
            out.append(text[pos:s])
            out.append(rep)
            pos = e
        if out:
            out.append(text[pos:])
            text = "".join(out)
    # lost dashes in year spans: "201516" -> "2015-16"
    if _YEAR_SPAN.search(text):
        text = _YEAR_SPAN.sub(lambda m: f"{m.group(1)}-{m.group(2)}"
                              if int(m.group(2)) == (int(m.group(1)) + 1) % 100
                              and not (m.start() and m.string[m.start() - 1].isalnum())
                              else m.group(0), text)
    return _footnote_markers(text)


def _compound_fixes(vocab: Counter, text: str) -> dict[str, int]:
    """Joined compounds to split: lower-case word -> length of its prefix."""
    rules = _rules()
    safe = rules["safe_prefixes"]
    not_compounds = rules["not_compounds"]
    index = _prefix_index()
    cands = [w for w in vocab if len(w) >= 6 and w[:2] in index and w not in not_compounds]
    if not cands:
        return {}
    hyphenated = _hyphenated_forms(text)
    fix: dict[str, int] = {}
    for low in sorted(cands):
        for p in index[low[:2]]:
            if low.startswith(p) and len(low) - len(p) >= 3:
                rest = low[len(p):]
                if f"{p}-{rest}" in hyphenated or (
                        p in safe and len(rest) >= 4 and vocab.get(rest, 0) > 0
                        and vocab[low] <= vocab[rest]):
                    fix[low] = len(p)
                    break
    return fix


def _footnote_markers(text: str) -> str:
    """Remove footnote markers: 1, 2, 3 ... in order, glued to a word ("Board1",
    "schools,3", "(LSCB)4")."""
    n, cuts = 1, []
    for m in _DIGITS.finditer(text):
        s = m.start()
        if s == 0 or int(m.group(0)) != n:
            continue
        before = text[s - 1]
        if before.islower() and before.isalpha() or (
                before in ").,;:'\"" and s >= 2 and text[s - 2].isalpha()):
            cuts.append((s, m.end()))
            n += 1
    if not cuts:
        return text
    out, pos = [], 0
    for s, e in cuts:
        out.append(text[pos:s])
        pos = e
    out.append(text[pos:])
    return "".join(out)

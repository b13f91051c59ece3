"""Words: joined compounds, dropped apostrophes ("childrens" -> "children's"), lost
dashes in year spans ("201516" -> "2015-16"), then footnote markers."""

from __future__ import annotations

import re
from collections import Counter

from kg.normalise.asciifold import lower_ascii
from kg.normalise.hyphens import LEAD_WORD, compound_fixes
from kg.normalise.layout import footnote_markers
from kg.normalise.rules import rules

_WORD = re.compile(r"[A-Za-z]+")

_YEAR_SPAN = re.compile(r"(20\d\d)(\d\d)(?!\d)")

# bytes.translate table: ASCII letters stay, every other byte becomes a space
_LETTERS_ONLY = bytes(b if chr(b).isascii() and chr(b).isalpha() else 32 for b in range(256))


def _vocabulary(text: str, coded: bytes | None) -> Counter:
    """``Counter(_WORD.findall(text.lower()))``, counted from ``coded`` (``lower_ascii(text)``)
    when given: every non-ASCII character is one "?" there, and none of them lower-cases
    to an ASCII letter (those that do, "İ" and the KELVIN SIGN, make ``coded`` None).
    Mapping every non-letter byte to a space and splitting is several times faster than
    the regex."""
    if coded is None:
        return Counter(_WORD.findall(text.lower()))
    return Counter(coded.translate(_LETTERS_ONLY).decode("ascii").split())


def repair_words(text: str) -> str:
    """Word-level repairs: compounds, possessives, year dashes, footnote markers."""
    lists = rules()
    coded = lower_ascii(text)
    vocab = _vocabulary(text, coded)
    fix = compound_fixes(vocab, text)
    poss = lists["possessives"]
    ctx = lists["contextual_possessives"]
    stop = lists["not_after_possessive"]
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
    proper = [
        w for w in sorted(title_words) if (w + "s").lower() in vocab and vocab[w.lower()] >= 3
    ]
    for w in proper:
        if not _lowercase_word_in(w.lower(), text) and w.upper() != w:
            poss = {**poss, w + "s": w + "'s"}
            todo.setdefault((w + "s").lower(), ("poss", None))
    for low in sorted(todo):
        how, k = todo[low]
        out, pos = [], 0
        for s, e in _occurrences(low, text, coded):
            if s and text[s - 1].isalpha():
                continue
            w = text[s:e]
            if how == "compound":
                rep = w[:k] + "-" + w[k:]
            elif how == "poss":
                if w not in poss:
                    continue
                rep = poss[w]
            else:
                if w not in ctx or text[e : e + 1] != " ":
                    continue
                nxt = LEAD_WORD.match(text, e + 1)
                if (
                    not nxt
                    or not nxt.group(0)[:1].islower()
                    or nxt.group(0) in stop
                    or len(nxt.group(0)) < 2
                ):
                    continue
                rep = ctx[w]
            out.append(text[pos:s])
            out.append(rep)
            pos = e
        if out:
            out.append(text[pos:])
            text = "".join(out)
            coded = lower_ascii(text)
    # lost dashes in year spans: "201516" -> "2015-16"
    if _YEAR_SPAN.search(text):
        text = _YEAR_SPAN.sub(
            lambda m: (
                f"{m.group(1)}-{m.group(2)}"
                if int(m.group(2)) == (int(m.group(1)) + 1) % 100
                and not (m.start() and m.string[m.start() - 1].isalnum())
                else m.group(0)
            ),
            text,
        )
    return footnote_markers(text)


def _occurrences(low: str, text: str, coded: bytes | None) -> list[tuple[int, int]]:
    """Spans of ``re.finditer(re.escape(low) + "(?![A-Za-z])", text, re.I)`` for a word of
    lower-case ASCII letters. A case-insensitive regex scans slowly, so the word is found
    with bytes.find in ``coded`` (``lower_ascii(text)``); without it, with the pattern."""
    if coded is None:
        pat = re.compile(re.escape(low) + "(?![A-Za-z])", re.I)
        return [m.span() for m in pat.finditer(text)]
    needle = low.encode("ascii")
    n = len(needle)
    out = []
    i = coded.find(needle)
    while i >= 0:
        e = i + n
        if coded[e : e + 1].isalpha():
            i = coded.find(needle, i + 1)  # followed by a letter: the regex tries the next offset
        else:
            out.append((i, e))
            i = coded.find(needle, e)  # finditer resumes after a match
    return out


def _lowercase_word_in(low: str, text: str) -> bool:
    """Is ``low`` (lower-case ASCII letters) one of ``re.findall(r"\\b[a-z]+\\b", text)``,
    i.e. a whole word (``\\w``: alphanumeric or "_") of the text?"""
    i = text.find(low)
    while i >= 0:
        e = i + len(low)
        if not (i and _is_word_char(text[i - 1])) and not (
            e < len(text) and _is_word_char(text[e])
        ):
            return True
        i = text.find(low, i + 1)
    return False


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"

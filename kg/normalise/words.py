"""Words: joined compounds, dropped apostrophes ("childrens" -> "children's"), lost
dashes in year spans ("201516" -> "2015-16"), then footnote markers."""

from __future__ import annotations

import re
from collections import Counter

from kg.normalise.hyphens import LEAD_WORD, compound_fixes
from kg.normalise.layout import footnote_markers
from kg.normalise.rules import rules

_WORD = re.compile(r"[A-Za-z]+")

_YEAR_SPAN = re.compile(r"(20\d\d)(\d\d)(?!\d)")


def repair_words(text: str) -> str:
    """Word-level repairs: compounds, possessives, year dashes, footnote markers."""
    lists = rules()
    vocab = Counter(_WORD.findall(text.lower()))
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

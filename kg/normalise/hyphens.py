"""Hyphens: soft hyphens and hard hyphens at line breaks, and compounds whose hyphen
extraction lost ("multiagency" -> "multi-agency", validated against the document)."""

from __future__ import annotations

import functools
import re
from collections import Counter

from kg.normalise.rules import SOFT_HYPHEN, rules


def soft_hyphens(text: str) -> str:
    """Resolve hyphens at line breaks: soft hyphens and "word-\\nword"."""
    if SOFT_HYPHEN in text:
        hyphenated = hyphenated_forms(text)
        prefixes = frozenset(rules()["compound_prefixes"])
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
            keep = (
                left.lower() in prefixes
                or f"{left}-{right}".lower() in hyphenated
                or left[-1].isdigit()
                or right[0].isupper()
            )
            out.append(("-" if keep else "") + piece[rm.start(2) :])
        text = "".join(out)
    if "-\n" in text:
        # a hard hyphen at the end of a line belongs to the word ("multi-\nagency")
        text = _HARD_BREAK.sub("-", text)
    return text


_TAIL_WORD = re.compile(r"([A-Za-z0-9]+)$")
_HEAD_WORD = re.compile(r"([ \n]*)([A-Za-z0-9]+)")
# "(?<=[A-Za-z])-\n(?=[a-z])", starting with the literal hyphen: a pattern that starts
# with a lookbehind is tried at every offset, one that starts with a literal is searched fast
_HARD_BREAK = re.compile(r"-(?<=[A-Za-z]-)\n(?=[a-z])")
LEAD_WORD = re.compile(r"[A-Za-z]+")


def hyphenated_forms(text: str) -> frozenset[str]:
    """The hyphenated words of ``text``, lower-case: at each hyphen, the letters and digits
    before it (at most 30, back to the previous hyphen) and the letters after it."""
    out = set()
    prev = -1  # the previous hyphen
    i = text.find("-")
    while i >= 0:
        # searched in place, bounded as in the slice between the hyphens
        lm = _TAIL_WORD.search(text, max(prev + 1, i - 30), i)
        rm = LEAD_WORD.match(text, i + 1)
        if lm and rm:
            out.add(f"{lm.group(1)}-{rm.group(0)}".lower())
        prev = i
        i = text.find("-", i + 1)
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def _prefix_index() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for p in rules()["compound_prefixes"]:
        index.setdefault(p[:2], []).append(p)
    return index


def compound_fixes(vocab: Counter, text: str) -> dict[str, int]:
    """Joined compounds to split: lower-case word -> length of its prefix."""
    lists = rules()
    safe = lists["safe_prefixes"]
    not_compounds = lists["not_compounds"]
    index = _prefix_index()
    cands = [w for w in vocab if len(w) >= 6 and w[:2] in index and w not in not_compounds]
    if not cands:
        return {}
    hyphenated = hyphenated_forms(text)
    fix: dict[str, int] = {}
    for low in sorted(cands):
        for p in index[low[:2]]:
            if low.startswith(p) and len(low) - len(p) >= 3:
                rest = low[len(p) :]
                if f"{p}-{rest}" in hyphenated or (
                    p in safe
                    and len(rest) >= 4
                    and vocab.get(rest, 0) > 0
                    and vocab[low] <= vocab[rest]
                ):
                    fix[low] = len(p)
                    break
    return fix

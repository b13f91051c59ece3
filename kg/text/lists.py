"""Coordinated lists: "a, b and c (d)" into items with offsets."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.text.match import term_regex

_LIST_SPLIT = re.compile(r",\s*(?:and|or)\s+|,\s*|\s+and\s+|\s+or\s+|\s*;\s*")


def split_list(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """Split a coordinated list into items: ``(start, end, text)`` with ``offset`` added.

    Commas, semicolons, "and" and "or" separate items; text inside parentheses
    stays with its item ("child death overview panel (CDOP)" is one item).
    Items keep their own words; a leading article is dropped.

    >>> [t for _, _, t in split_list("training, learning and improvement and CDOP (x, y)")]
    ['training', 'learning', 'improvement', 'CDOP (x, y)']

    Note that "learning and improvement" splits: callers that know compound
    names ("learning and improvement") should protect them with ``keep``
    handling of their own, or use ``split_list_smart``.
    """
    items: list[tuple[int, int, str]] = []
    masked_s = _mask_parentheses(text)
    pos = 0
    for m in _LIST_SPLIT.finditer(masked_s):
        items.append((pos, m.start(), text[pos : m.start()]))
        pos = m.end()
    items.append((pos, len(text), text[pos:]))
    out = []
    for s, e, t in items:
        lead = re.match(r"\s*(?:(?:the|a|an|its|their|both|also|including)\s+)*", t, re.I)
        s2 = s + (lead.end() if lead else 0)
        t2 = text[s2:e].rstrip(" .:")
        if t2.strip():
            out.append((offset + s2, offset + s2 + len(t2), t2))
    return out


def _mask_parentheses(text: str) -> str:
    """``text`` with what parentheses enclose replaced by "x" (same length), so that the
    separators inside them are ignored."""
    depth = 0
    masked = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        masked.append("x" if depth and ch not in "()" else ch)
    return "".join(masked)


def split_list_smart(
    text: str, offset: int = 0, compounds: Iterable[str] = ()
) -> list[tuple[int, int, str]]:
    """Like ``split_list`` but keeps known compounds ("learning and improvement",
    "health and wellbeing") in one item, and joins an item of one or two words
    with a following "and X" when X is also short and no comma separates them
    only when the pair is listed in ``compounds``."""
    protected = text
    comps = sorted({c for c in compounds if c}, key=len, reverse=True)
    for c in comps:
        rx = re.compile(term_regex(c, plural=False), re.I)
        protected = rx.sub(
            lambda m: m.group(0).replace(" and ", " \x00nd ").replace("\nand ", "\n\x00nd "),
            protected,
        )
    return [(s, e, text[s - offset : e - offset]) for s, e, _ in split_list(protected, offset)]


def split_coordination(
    text: str, offset: int = 0, compounds: Iterable[str] = ()
) -> list[tuple[int, int, str]]:
    """Split "a, b and c, d and e" the way a reader does: commas and semicolons
    separate items; only the *last* "and"/"or" of the list is a coordinator
    (so "training, learning and improvement, CSE and CDOP" gives "training",
    "learning and improvement", "CSE", "CDOP"). A list without commas splits
    at every "and"/"or", unless the pair is one of ``compounds``. Text inside
    parentheses stays with its item. Returns ``(start, end, text)`` with
    ``offset`` added; leading articles and "and" are dropped.
    """
    ms = _mask_parentheses(text)
    comps = sorted({c for c in compounds if c}, key=len, reverse=True)
    for c in comps:  # protect compounds
        for m in re.finditer(term_regex(c, plural=False), ms, re.I):
            ms = (
                ms[: m.start()]
                + re.sub(r"\b(and|or)\b", lambda x: "x" * len(x.group(0)), ms[m.start() : m.end()])
                + ms[m.end() :]
            )
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"\s*[,;]\s*", ms):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(ms)))
    items: list[tuple[int, int]] = []
    has_commas = len(pieces) > 1
    for i, (s, e) in enumerate(pieces):
        seg = ms[s:e]
        lead = re.match(r"(?:and|or)\s+", seg)
        if lead:
            s += lead.end()
            seg = ms[s:e]
        coords = list(re.finditer(r"\s+(?:and|or)\s+", seg))
        if coords and (not has_commas or i == len(pieces) - 1):
            cut_list = coords if not has_commas else coords[-1:]
            p = s
            for c in cut_list:
                items.append((p, s + c.start()))
                p = s + c.end()
            items.append((p, e))
        else:
            items.append((s, e))
    out = []
    for s, e in items:
        t = text[s:e]
        lead = re.match(r"\s*(?:(?:the|a|an|its|their|both|also|including|and|or)\s+)*", t, re.I)
        s2 = s + (lead.end() if lead else 0)
        t2 = text[s2:e].rstrip(" .:\n\t")
        if t2.strip():
            out.append((offset + s2, offset + s2 + len(t2), t2))
    return out

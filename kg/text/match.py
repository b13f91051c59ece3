"""Phrase matching tolerant of PDF artefacts: ``squash``, ``term_regex``, ``Gazetteer``."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def squash(text: str) -> str:
    """A lookup key insensitive to case, spacing, hyphens and apostrophes.

    ``squash("Multi-agency  safeguarding hub") == squash("multiagency safeguarding hub")``
    """
    return _NON_ALNUM.sub("", text.lower())


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


_APOS = "['\u2019\u2018`]?"


def term_regex(term: str, plural: bool = True) -> str:
    """A regex fragment (no groups) matching ``term`` in report text.

    Case is left to the caller's flags (compile with ``re.I``). Between words
    any white space (line breaks too) is accepted; a hyphen or slash in the
    term also matches a space or nothing ("sub-group", "sub group",
    "subgroup"); an apostrophe is optional ("children's" ~ "childrens"); with
    ``plural`` an optional trailing "s"/"es" is accepted. Regex syntax in the
    term is escaped, except that a term starting with ``re:`` is used as is.
    """
    if term.startswith("re:"):
        return term[3:]
    words = re.split(r"\s+", term.strip())
    parts = []
    for w in words:
        pieces = re.split(r"([-/\u2010\u2011\u2013])", w)
        out = []
        for p in pieces:
            if p in ("-", "/", "\u2010", "\u2011", "\u2013"):
                out.append(r"[-/\u2010\u2011\u2013 ]?\s*")
            elif p:
                esc = re.escape(p).replace(r"\'", "'")
                esc = re.sub(r"['\u2019]", _APOS, esc)
                out.append(esc)
        parts.append("".join(out))
    body = r"\s+".join(parts)
    if plural and re.search(r"[a-z]$", term, re.I):
        body += r"(?:e?s)?"
    return body


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str
    value: Any


class Gazetteer:
    """Many phrases matched in one regex pass; the longest match wins.

    ``terms`` maps each phrase (see ``term_regex``) to a value returned with
    the match. Matches are whole words. Values are found again by
    ``squash``-ing the matched text (with a trailing plural "s" removed when
    needed), so variants written by ``term_regex`` map back to their term.
    ``case`` makes matching case sensitive (use for acronyms).
    """

    def __init__(self, terms: Mapping[str, Any], case: bool = False, plural: bool = True):
        self._values: dict[str, Any] = {}
        self._regex_values: list[tuple[re.Pattern, Any]] = []
        frags = []
        for term in sorted(terms, key=lambda t: (-len(t), t)):
            value = terms[term]
            if term.startswith("re:"):
                self._regex_values.append((re.compile(term[3:], 0 if case else re.I), value))
            else:
                self._values.setdefault(squash(term), value)
            frags.append(term_regex(term, plural=plural))
        flags = 0 if case else re.I
        if frags:
            self.regex: re.Pattern | None = re.compile(
                r"(?<![\w-])(?:" + "|".join(frags) + r")(?![\w])", flags
            )
        else:
            self.regex = None
        # first three letters of every plain term: only word starts with one of these are tried
        self._prefixes: set[str] | None = (
            None if self._regex_values else {squash(t)[:3] for t in terms}
        )
        if self._prefixes is not None and any(len(p) < 3 for p in self._prefixes):
            self._prefixes = None

    def lookup(self, text: str) -> Any:
        key = squash(text)
        for k in (
            key,
            key[:-1] if key.endswith("s") else None,
            key[:-2] if key.endswith("es") else None,
        ):
            if k and k in self._values:
                return self._values[k]
        for rx, value in self._regex_values:
            if rx.fullmatch(text):
                return value
        return None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        if self.regex is None:
            return
        stop = len(text) if end is None else end
        if self._prefixes is None or stop - start < 3000:
            matches: Iterable[re.Match] = self.regex.finditer(text, start, stop)
        else:
            matches = self._prefiltered(text, start, stop)
        for m in matches:
            value = self.lookup(m.group(0))
            if value is not None:
                yield Match(m.start(), m.end(), m.group(0), value)

    def _prefiltered(self, text: str, start: int, stop: int) -> Iterator[re.Match]:
        assert self.regex is not None and self._prefixes is not None
        prefixes = self._prefixes
        pos = start
        starts = _word_starts(text)
        i = bisect.bisect_left(starts, (start, ""))
        for p, key in starts[i:]:
            if p < pos:
                continue
            if p >= stop:
                break
            if key in prefixes:
                m = self.regex.match(text, p, stop)
                if m:
                    pos = m.end()
                    yield m


_LOWER_CACHE: dict[int, tuple[str, str]] = {}


def _lower(text: str) -> str:
    hit = _LOWER_CACHE.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    if len(_LOWER_CACHE) > 4:
        _LOWER_CACHE.clear()
    low = text.lower()
    _LOWER_CACHE[id(text)] = (text, low)
    return low


def _anchored(
    rx: re.Pattern, text: str, anchors: Sequence[str], reach: int = 120
) -> Iterator[re.Match]:
    """Matches of ``rx`` near one of the literal ``anchors`` (lower case; a match
    or its lookahead contains one): the regex runs only in windows around them, which keeps patterns that
    start with optional words from being tried at every offset of the text."""
    low = _lower(text)
    hits = sorted({i for a in anchors for i in _find_all(low, a.lower())})
    seen_end = -1
    done: set[int] = set()
    for i in hits:
        lo, hi = max(0, i - reach), min(len(text), i + reach)
        for m in rx.finditer(text, lo, hi):
            if m.start() not in done and m.start() >= seen_end:
                done.add(m.start())
                seen_end = m.end()
                yield m


def _find_all(low: str, needle: str) -> Iterator[int]:
    i = low.find(needle)
    while i >= 0:
        yield i
        i = low.find(needle, i + 1)


_WORD_START = re.compile(r"(?<![\w-])\w[\w'\u2019-]{0,6}")
_WS_CACHE: dict[int, tuple[str, list[tuple[int, str]]]] = {}


def _word_starts(text: str) -> list[tuple[int, str]]:
    """Start offsets of words with their first three letters (lower case, hyphens and
    apostrophes skipped), cached for the last few texts."""
    hit = _WS_CACHE.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    out = []
    for m in _WORD_START.finditer(text):
        w = m.group(0).lower()
        k = w[:3]
        out.append((m.start(), k if k.isalnum() and k.isascii() else squash(w)[:3]))
    if len(_WS_CACHE) > 4:
        _WS_CACHE.clear()
    _WS_CACHE[id(text)] = (text, out)
    return out


def clean(text: str) -> str:
    """Surface text on one line: white space collapsed, ends stripped."""
    return re.sub(r"\s+", " ", text).strip()

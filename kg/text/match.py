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
        cands = self._candidates(text)
        pos = start
        i = bisect.bisect_left(cands, start)
        for p in cands[i:]:
            if p < pos:
                continue
            if p >= stop:
                break
            m = self.regex.match(text, p, stop)
            if m:
                pos = m.end()
                yield m

    def _candidates(self, text: str) -> list[int]:
        """Sorted word starts of ``text`` whose key is one of the terms' prefixes
        (cached for the last text)."""
        hit = getattr(self, "_cand_cache", None)
        if hit is not None and hit[0] is text:
            return hit[1]
        assert self._prefixes is not None
        index = _word_index(text)
        cands = sorted(p for k in self._prefixes if k in index for p in index[k])
        self._cand_cache = (text, cands)
        return cands


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
_WS_CACHE: dict[int, tuple[str, dict[str, list[int]]]] = {}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD_CHAR = re.compile(r"[\w'\u2019-]")
_CLASSES = (re.compile(r"\w"), _WORD_CHAR)
_KEY_MEMO: dict[str, str] = {}


def _word_key(w: str) -> str:
    """First three letters of a lower-cased word start (hyphens and apostrophes skipped)."""
    k = _KEY_MEMO.get(w)
    if k is None:
        k = w[:3]
        if not (k.isalnum() and k.isascii()):
            k = squash(w)[:3]
        if len(_KEY_MEMO) > 200_000:
            _KEY_MEMO.clear()
        _KEY_MEMO[w] = k
    return k


def _lower_keeps_words(text: str, low: str) -> bool:
    """Whether word-start matching on ``low`` finds what it finds on ``text``: same
    length, and no character changes its word class when lower cased."""
    if len(low) != len(text):
        return False
    for c in set(_NON_ASCII.findall(text)):
        lc = c.lower()
        if lc.isascii() or any(bool(rx.match(c)) != bool(rx.match(lc)) for rx in _CLASSES):
            return False
    return True


def _word_index(text: str) -> dict[str, list[int]]:
    """Start offsets of words by their first three letters (lower case, hyphens and
    apostrophes skipped), cached for the last few texts."""
    hit = _WS_CACHE.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    out: dict[str, list[int]] = {}
    low = text.lower()
    if _lower_keeps_words(text, low):
        memo = _KEY_MEMO
        for m in _WORD_START.finditer(low):
            w = m.group(0)
            k = memo.get(w) or _word_key(w)
            lst = out.get(k)
            if lst is None:
                out[k] = [m.start()]
            else:
                lst.append(m.start())
    else:
        for m in _WORD_START.finditer(text):
            out.setdefault(_word_key(m.group(0).lower()), []).append(m.start())
    if len(_WS_CACHE) > 4:
        _WS_CACHE.clear()
    _WS_CACHE[id(text)] = (text, out)
    return out


def clean(text: str) -> str:
    """Surface text on one line: white space collapsed, ends stripped."""
    return re.sub(r"\s+", " ", text).strip()

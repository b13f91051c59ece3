"""Phrase matching tolerant of PDF artefacts: ``squash``, ``term_regex``, ``Gazetteer``.

A report's word starts are indexed once (``_WordIndex``, by their first three
letters) and shared by every gazetteer that scans the report: ``Gazetteer`` tries
its terms only at the words that can start one, and ``word_starts`` gives the
rule engine of ``kg.extractors._engine`` the words that start with a literal.
"""

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
_SPACES = re.compile(r"\s+")


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
        ordered = sorted(terms, key=lambda t: (-len(t), t))
        for term in ordered:
            value = terms[term]
            if term.startswith("re:"):
                self._regex_values.append((re.compile(term[3:], 0 if case else re.I), value))
            else:
                self._values.setdefault(squash(term), value)
            frags.append(term_regex(term, plural=plural))
        flags = 0 if case else re.I
        self._flags = flags
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
        # the fragments of the terms of each prefix, in alternation order (see _prefiltered)
        self._by_prefix: dict[str, list[str]] = {}
        if self._prefixes is not None:
            for term, frag in zip(ordered, frags, strict=True):
                self._by_prefix.setdefault(squash(term)[:3], []).append(frag)
        self._prefix_regex: dict[str, re.Pattern] = {}

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
        """``regex.finditer`` tried only at the word starts whose key is a term prefix.

        At such a word start only the terms of that prefix can match (the letters
        and digits of a match are those of its term, so the first three of them are
        the word's key), and the alternation of just those terms, in the same
        order, gives the same first match as the whole one, for less work. Not
        in a text with a character that matches an ASCII letter case-insensitively
        without lower-casing to it (``_FOLDS``), where keys and matches could
        disagree."""
        assert self.regex is not None and self._prefixes is not None
        cands, keys = self._candidates(text)
        by_prefix = not _index_of(text).folds
        compiled = self._prefix_regex
        pos = start
        i = bisect.bisect_left(cands, start)
        for j in range(i, len(cands)):
            p = cands[j]
            if p < pos:
                continue
            if p >= stop:
                break
            if by_prefix:
                rx = compiled.get(keys[j]) or self._regex_of(keys[j])
            else:
                rx = self.regex
            m = rx.match(text, p, stop)
            if m:
                pos = m.end()
                yield m

    def _regex_of(self, prefix: str) -> re.Pattern:
        """``regex`` restricted to the terms whose squashed form starts with ``prefix``."""
        rx = self._prefix_regex.get(prefix)
        if rx is None:
            rx = self._prefix_regex[prefix] = re.compile(
                r"(?<![\w-])(?:" + "|".join(self._by_prefix[prefix]) + r")(?![\w])", self._flags
            )
        return rx

    def _candidates(self, text: str) -> tuple[list[int], list[str]]:
        """Sorted word starts of ``text`` whose key is one of the terms' prefixes, and
        their keys (cached for the last text)."""
        hit = getattr(self, "_cand_cache", None)
        if hit is not None and hit[0] is text:
            return hit[1]
        assert self._prefixes is not None
        index = _word_index(text)
        pairs = sorted((p, k) for k in self._prefixes if k in index for p in index[k])
        cands = ([p for p, _ in pairs], [k for _, k in pairs])
        self._cand_cache = (text, cands)
        return cands


_LOWER_CACHE: dict[int, tuple[str, str, bool]] = {}


def _lower(text: str) -> str:
    """``text.lower()``, cached for the last few texts."""
    return _lower_and_folds(text)[0]


def _lower_and_folds(text: str) -> tuple[str, bool]:
    """``text.lower()`` and whether ``text`` holds a ``_FOLDS`` character (cached
    for the last few texts: the rule engines ask again and again of a report)."""
    hit = _LOWER_CACHE.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1], hit[2]
    if len(_LOWER_CACHE) > 4:
        _LOWER_CACHE.clear()
    low = text.lower()
    folds = bool(_FOLDS.search(text))
    _LOWER_CACHE[id(text)] = (text, low, folds)
    return low, folds


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
# _WORD_START's matches of at least three characters: the others (a run of one or two
# characters, "of") consume only their own run and have no three-letter key to look up
_LONG_WORD_START = re.compile(r"(?<![\w-])\w[\w'\u2019-]{2,6}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD_CHAR = re.compile(r"[\w'\u2019-]")
_CLASSES = (re.compile(r"\w"), _WORD_CHAR)
_KEY_MEMO: dict[str, str] = {}
_APOSTROPHES = ("'", "\u2019")
#: characters an ASCII letter matches case-insensitively that lower casing does not
#: turn into that letter ("\u0131" and "\u017f" match "i" and "s" under re.IGNORECASE;
#: "\u0130" lower-cases to two characters)
_FOLDS = re.compile("[\u0130\u0131\u017f]")


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


def _is_word(c: str) -> bool:
    """Is ``c`` a regex word character (``\\w``: a letter, a digit or "_")?"""
    return c.isalnum() or c == "_"


class _WordIndex:
    """The word starts of one text, found in one regex pass and shared by every
    gazetteer that scans the text (see ``_word_index`` and ``word_starts``).

    ``keys`` maps a key (``_word_key``) to the offsets of the ``_WORD_START``
    matches with that key, in text order (only the matches of three characters or
    more: a shorter key is never looked up). ``low`` is the lower-cased text the
    matches were found in, or None when lower casing would change a word
    class (the matches are then found in the text itself)."""

    def __init__(self, text: str):
        out: dict[str, list[int]] = {}
        low = _lower(text)
        if _lower_keeps_words(text, low):
            memo = _KEY_MEMO
            for m in _LONG_WORD_START.finditer(low):
                w = m[0]
                k = memo.get(w)
                if k is None:
                    k = _word_key(w)
                lst = out.get(k)
                if lst is None:
                    out[k] = [m.start()]
                else:
                    lst.append(m.start())
            self.low: str | None = low
        else:
            for m in _LONG_WORD_START.finditer(text):
                out.setdefault(_word_key(m.group(0).lower()), []).append(m.start())
            self.low = None
        self.keys = out
        self.folds = _lower_and_folds(text)[1]
        self._inner: list[int] | None = None

    def inner(self) -> list[int]:
        """Word starts the ``_WORD_START`` scan steps over: a word character right
        after an apostrophe inside a run of word characters, apostrophes and
        hyphens that a match already covers ("o'brien": "brien"). Sorted."""
        if self._inner is None:
            assert self.low is not None
            self._inner = _inner_starts(self.low)
        return self._inner


def _inner_starts(low: str) -> list[int]:
    """``_WordIndex.inner`` of the lower-cased text ``low``: replays, for each run of
    ``[\\w'\u2019-]`` holding an apostrophe followed by a word character, the
    non-overlapping 1-7 character matches of ``_WORD_START`` and keeps the
    starts they skip."""
    after: list[int] = []  # offsets right after an apostrophe, holding a word character
    for q in _APOSTROPHES:
        i = low.find(q)
        while i != -1:
            if i + 1 < len(low) and _is_word(low[i + 1]):
                after.append(i + 1)
            i = low.find(q, i + 1)
    after.sort()
    out: list[int] = []
    n = len(low)
    in_run = _WORD_CHAR.fullmatch
    done_until = -1  # runs are handled whole: skip offsets of a run already replayed
    for p in after:
        if p < done_until:
            continue
        r = p - 1
        while r > 0 and in_run(low[r - 1]):
            r -= 1
        e = p
        while e < n and in_run(low[e]):
            e += 1
        # candidate starts of the run: its first character (if a word character) and
        # every word character right after an apostrophe
        cands = [r] if _is_word(low[r]) else []
        cands += [i for i in range(r + 1, e) if low[i - 1] in _APOSTROPHES and _is_word(low[i])]
        end = -1
        for c in cands:
            if c >= end:
                end = min(c + 7, e)
            else:
                out.append(c)
        done_until = e
    return out


_WS_CACHE: dict[int, tuple[str, _WordIndex]] = {}


def _index_of(text: str) -> _WordIndex:
    """The ``_WordIndex`` of ``text``, cached for the last few texts."""
    hit = _WS_CACHE.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    index = _WordIndex(text)
    if len(_WS_CACHE) > 4:
        _WS_CACHE.clear()
    _WS_CACHE[id(text)] = (text, index)
    return index


def _word_index(text: str) -> dict[str, list[int]]:
    """Start offsets of words by their first three letters (lower case, hyphens and
    apostrophes skipped), cached for the last few texts."""
    return _index_of(text).keys


def word_starts(text: str, prefix: str) -> list[int] | None:
    """Sorted offsets where ``prefix`` (lower-case ASCII letters and digits, at least
    three) starts a word of ``text``, case-insensitively: offsets not preceded by a
    word character or "-" where the lower-cased text reads ``prefix``. Found in the
    text's shared word index instead of scanning the text again; None when the
    index cannot say (``prefix`` too short, or lower casing changes a word class),
    and the caller scans."""
    index = _index_of(text)
    low = index.low
    if low is None or len(prefix) < 3:
        return None
    found = [p for p in index.keys.get(prefix[:3], ()) if low.startswith(prefix, p)]
    inner = [p for p in index.inner() if low.startswith(prefix, p)]
    return sorted(found + inner) if inner else found


def clean(text: str) -> str:
    """Surface text on one line: white space collapsed, ends stripped."""
    return _SPACES.sub(" ", text).strip()

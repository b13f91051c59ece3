"""Phrase matching tolerant of PDF artefacts: ``squash``, ``term_regex``, ``Gazetteer``.

A report's word starts are indexed once (``_WordIndex``, by their first three
letters) and shared by every gazetteer that scans the report: ``Gazetteer`` tries
its terms only at the words that can start one, ``word_starts`` gives the rule
engine of ``kg.extractors._engine`` the words that start with a literal, and
``bounded_starts`` gives ``kg.text.scan`` the offsets a pattern's word can start at.
``lower`` and ``folds`` remember what they found for the last few long texts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import repeat
from typing import Any


def squash(text: str) -> str:
    """A lookup key insensitive to case, spacing, hyphens and apostrophes.

    ``squash("Multi-agency  safeguarding hub") == squash("multiagency safeguarding hub")``
    """
    return _NON_ALNUM.sub("", text.lower())


_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LITERAL_HEAD = re.compile(r"[A-Za-z0-9]+")
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
        # Finer: the first word of every term (its leading letters and digits), when each
        # has three or more. Of two such words, one starting with the other, the shorter
        # is the key; a key's fragments are those of the terms whose first word starts
        # with it, in alternation order (see _prefiltered).
        self._by_head: dict[str, list[str]] | None = None
        heads = [_LITERAL_HEAD.match(t) for t in ordered] if self._prefixes is not None else []
        if heads and all(h is not None and len(h[0]) >= 3 for h in heads):
            words = {h[0].lower() for h in heads if h is not None}
            self._by_head = {
                k: [
                    f
                    for f, h in zip(frags, heads, strict=True)
                    if h is not None and h[0].lower().startswith(k)
                ]
                for k in sorted(words)
                if not any(k != o and k.startswith(o) for o in words)
            }
        self._head_regex: dict[str, re.Pattern] = {}

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

    def _prefiltered(self, text: str, start: int, stop: int) -> list[re.Match]:
        """``regex.finditer`` tried only at the word starts of the report's shared word
        index (``_WordIndex``) where a term can start, with only the terms that can.

        Those are the word starts that read a key of ``_by_head`` (the first word of
        every term that starts with the key can be read there, no other), tried with
        the alternation of the key's terms; or, when the terms do not all start with a
        word of three letters, the word starts whose key (``_word_key``: the letters
        and digits of a match are those of its term, so the first three of them are
        the word's key) is a term prefix, tried with the terms of that prefix. Either
        alternation, in the order of the whole one, gives the first match the whole
        one gives there, for less work. In a text with a character that matches an
        ASCII letter case-insensitively without lower-casing to it (``_FOLDS``), keys
        and matches could disagree: there the whole alternation is tried at each word
        start whose key is a term prefix.

        Each key's alternation is tried at all its word starts in one ``map``; the
        matches are then taken in text order, skipping those that start inside the
        previous one, as ``finditer`` does."""
        assert self.regex is not None and self._prefixes is not None
        index = _index_of(text)
        tries: list[tuple[list[int], re.Pattern]] = []
        if index.folds:
            tries = [(index.keys.get(k, []), self.regex) for k in self._prefixes]
        elif self._by_head is not None and index.low is not None:
            tries = [(index.starts(k), self._regex_of(k, True)) for k in self._by_head]
        else:
            tries = [(index.keys.get(k, []), self._regex_of(k)) for k in self._prefixes]
        found: list[re.Match] = []
        for at, rx in tries:
            lo, hi = bisect.bisect_left(at, start), bisect.bisect_left(at, stop)
            if lo < hi:
                n = hi - lo
                found += filter(None, map(rx.match, repeat(text, n), at[lo:hi], repeat(stop, n)))
        found.sort(key=_start)
        out = []
        pos = start
        for m in found:
            if m.start() >= pos:
                pos = m.end()
                out.append(m)
        return out

    def _regex_of(self, key: str, head: bool = False) -> re.Pattern:
        """``regex`` restricted to the terms of a prefix of ``_by_prefix`` (or, with
        ``head``, of a key of ``_by_head``); compiled once."""
        if head:
            cache, frags = self._head_regex, self._by_head
        else:
            cache, frags = self._prefix_regex, self._by_prefix
        rx = cache.get(key)
        if rx is None:
            assert frags is not None
            rx = cache[key] = re.compile(
                r"(?<![\w-])(?:" + "|".join(frags[key]) + r")(?![\w])", self._flags
            )
        return rx


def _start(m: re.Match) -> int:
    return m.start()


def _recent(cache: dict[int, tuple[str, Any]], text: str) -> Any:
    """What ``cache`` (keyed by ``id``) holds for this very ``text``, or None."""
    hit = cache.get(id(text))
    return hit[1] if hit is not None and hit[0] is text else None


def _keep(cache: dict[int, tuple[str, Any]], text: str, value: Any, size: int = 6) -> Any:
    """Keep ``value`` for ``text`` in ``cache``, forgetting the oldest entries beyond
    ``size`` (a report's document and its quote-blanked copy stay while in use)."""
    cache.pop(id(text), None)
    while len(cache) >= size:
        del cache[next(iter(cache))]
    cache[id(text)] = (text, value)
    return value


_LOWER_CACHE: dict[int, tuple[str, str]] = {}


def lower(text: str) -> str:
    """``text.lower()``, cached for the last few texts (the rule engines ask again and
    again of a report; a short text is lower-cased each time, it would only evict the
    documents)."""
    if len(text) < 2000:
        return text.lower()
    low = _recent(_LOWER_CACHE, text)
    return _keep(_LOWER_CACHE, text, text.lower()) if low is None else low


def folds(text: str) -> bool:
    """Does ``text`` hold a ``_FOLDS`` character, one that matches an ASCII letter
    case-insensitively without lower casing to it? Where it does, offsets found in
    the lower-cased text may miss case-insensitive matches. Cached like ``lower``."""
    if len(text) < 2000:
        return "\u0131" in text or "\u017f" in text or "\u0130" in text
    found = _recent(_FOLDS_CACHE, text)
    if found is None:
        found = _keep(_FOLDS_CACHE, text, any(c in text for c in _FOLDS))
    return found


_FOLDS_CACHE: dict[int, tuple[str, bool]] = {}


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
#: "\u0130" lower-cases to two characters); ``folds`` looks for them
_FOLDS = "\u0130\u0131\u017f"


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
    gazetteer that scans the text (see ``word_starts``).

    ``keys`` maps a key (``_word_key``) to the offsets of the ``_LONG_WORD_START``
    matches with that key, in text order (only the matches of three characters or
    more: a shorter key is never looked up). ``low`` is the lower-cased text the
    matches were found in, or None when lower casing would change a word
    class (the matches are then found in the text itself)."""

    def __init__(self, text: str):
        out: dict[str, list[int]] = {}
        low = lower(text)
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
        self.folds = folds(text)
        self._inner: list[int] | None = None
        self._starts: dict[str, list[int]] = {}
        self._after_hyphens: list[int] | None = None
        self.bounded: dict[tuple[str, bool], list[int] | None] = {}  # see bounded_starts

    def after_hyphens(self) -> list[int]:
        """Offsets right after a "-", sorted (computed once)."""
        if self._after_hyphens is None:
            low = self.low
            assert low is not None
            found = []
            i = low.find("-")
            while i != -1:
                found.append(i + 1)
                i = low.find("-", i + 1)
            self._after_hyphens = found
        return self._after_hyphens

    def starts(self, prefix: str) -> list[int]:
        """The offsets of ``keys`` where the lower-cased text reads ``prefix`` (lower-case
        letters and digits, three or more), computed once per prefix: read, never change.
        Only when ``low`` is known."""
        at = self._starts.get(prefix)
        if at is None:
            low = self.low
            assert low is not None
            at = [p for p in self.keys.get(prefix[:3], ()) if low.startswith(prefix, p)]
            self._starts[prefix] = at
        return at

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
    index = _recent(_WS_CACHE, text)
    return _keep(_WS_CACHE, text, _WordIndex(text)) if index is None else index


def word_starts(text: str, prefix: str) -> list[int] | None:
    """Sorted offsets where ``prefix`` (lower-case ASCII letters and digits, at least
    three) starts a word of ``text``, case-insensitively: offsets not preceded by a
    word character or "-" where the lower-cased text reads ``prefix``. Found in the
    text's shared word index instead of scanning the text again (read the list,
    never change it); None when the index cannot say (``prefix`` too short, or
    lower casing changes a word class), and the caller scans."""
    index = _index_of(text)
    low = index.low
    if low is None or len(prefix) < 3:
        return None
    found = index.starts(prefix)
    inner = [p for p in index.inner() if low.startswith(prefix, p)]
    return sorted(found + inner) if inner else found


def bounded_starts(text: str, prefix: str, hyphen: bool = False) -> list[int] | None:
    """Sorted offsets where ``prefix`` (lower-case ASCII letters and digits, at least
    three) follows no word character in ``text``, case-insensitively: ``word_starts``,
    and with ``hyphen`` the offsets right after a "-" too. Read from the word index
    ``text`` already has (a gazetteer made it), once per prefix: read, never change.
    None when the text has no index or the index cannot say."""
    index = _recent(_WS_CACHE, text)
    if index is None:
        return None
    at = index.bounded.get((prefix, hyphen))
    if at is None:
        at = word_starts(text, prefix)
        low = index.low
        if at is not None and low is not None and hyphen:
            more = [p for p in index.after_hyphens() if low.startswith(prefix, p)]
            at = sorted(at + more) if more else at
        index.bounded[(prefix, hyphen)] = at
    return at


def clean(text: str) -> str:
    """Surface text on one line: white space collapsed, ends stripped."""
    return _SPACES.sub(" ", text).strip()

"""Fast whole-document regex scans: ``finditer`` gives exactly what
``rx.finditer(text, pos, endpos)`` gives, but tries the pattern only where a
match can start.

Python's ``re`` runs a pattern at every offset of the text unless the pattern
starts with a case-sensitive literal; a pattern that starts with a lookbehind,
a ``\\b`` or a case-insensitive word (``(?<![\\w-])(?:sub-?\\s?groups?)``) costs
about as much as one pass of Python code over a report, and the extractors run
dozens of them. Most such patterns still start every match with one of a few
literal strings ("sub", "group", "commission"); ``literal_prefixes`` reads them
from the parsed pattern, ``str.find`` locates them in the lower-cased text, and
the pattern is matched only there. When a report already has its word index
(``kg.text.match``) and a match can only start where a word starts (the pattern
rules out a word character before it, or the prefix opens with a quotation mark
before its word), the index gives those offsets instead of a search.

``anchored`` runs a pattern only in windows around literal anchors (a rule's
``anchors``), skipping windows that lack a string every match needs.

``may_match`` is the same idea for a short text (a sentence): a pattern every
match of which contains one of a few literal strings cannot match a text
holding none of them, and an ``in`` test is much cheaper than the search.

Example::

    >>> rx = re.compile(r"(?<![\\w-])groups?(?![\\w-])", re.I)
    >>> [m.group(0) for m in finditer(rx, "Groups and sub-groups: the group")]
    ['Groups', 'group']
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from itertools import repeat
from typing import TypeVar

try:  # the parser behind re.compile (Python 3.11+); without it every scan is a plain one
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    _sre = _sre_parse = None  # type: ignore[assignment]

from kg.text.match import _keep, _recent, bounded_starts, folds, lower

#: non-ASCII characters without case that a literal prefix may contain
_CASELESS = frozenset("\u2018\u2019\u201c\u201d")
_MAX_PREFIXES = 64
_PREFIX_LEN = 10  # longer prefixes add little selectivity and cost analysis time
_LEAD_LITERAL = 3  # a literal found after a leading run of characters must be this long

#: How a match can start: ``(classes, literal)``. With no classes, the match starts with
#: ``literal``; else with a (maybe empty) run of characters each matched by one of the
#: character classes (regex sources such as ``[A-Z]`` or ``[\s]``), then ``literal``
#: ("[A-Z][a-z]+\s+inclusion"). ``literal`` is lower case; "" means: not known.
_Anchor = tuple[frozenset[str], str]
_UNKNOWN: _Anchor = (frozenset(), "")

_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def _literal(code: int) -> str | None:
    c = chr(code)
    return c.lower() if c.isascii() or c in _CASELESS else None


def _class(op: object, av: object) -> str | None:
    """The source of a character class that matches at least what the single-character
    item ``(op, av)`` matches, case aside (a literal, or a set without negation)."""
    if op is _sre.LITERAL:
        return "[" + re.escape(chr(av)) + "]"  # type: ignore[arg-type]
    if op is not _sre.IN:
        return None
    parts = []
    for o, a in av:  # type: ignore[attr-defined]
        if o is _sre.LITERAL:
            parts.append(re.escape(chr(a)))
        elif o is _sre.RANGE:
            parts.append(re.escape(chr(a[0])) + "-" + re.escape(chr(a[1])))
        elif o is _sre.CATEGORY and str(a) in _CATEGORIES:
            parts.append(_CATEGORIES[str(a)])
        else:  # a negated set, a locale category ...
            return None
    return "[" + "".join(parts) + "]"


def _after(c: str, anchors: set[_Anchor]) -> set[_Anchor]:
    """Anchors of the literal ``c`` followed by a part with ``anchors``."""
    return {(frozenset(), c if classes else c + lit) for classes, lit in anchors}


def _led(cls: str, anchors: set[_Anchor]) -> set[_Anchor]:
    """Anchors of a run of ``cls`` characters followed by a part with ``anchors``."""
    return {(classes | {cls}, lit) if lit else _UNKNOWN for classes, lit in anchors}


def _starts(items: list, need: int) -> set[_Anchor]:
    """How every match of the parsed sequence ``items`` can start (``_Anchor``); a
    literal at most ``need`` characters long."""
    if not items or need <= 0:
        return {_UNKNOWN}
    op, av = items[0]
    rest = items[1:]
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):  # zero width
        return _starts(rest, need)
    if op is _sre.LITERAL:
        c = _literal(av)
        if c is not None:
            return _after(c, _starts(rest, need - 1))
    if op is _sre.IN:  # a set of single characters: "[Tt]", "['\u2018]"
        chars = [_literal(a) if o is _sre.LITERAL else None for o, a in av]
        if chars and None not in chars and len(chars) <= 8:
            tails = _starts(rest, need - 1)
            if len(tails) * len(chars) > 4 * _MAX_PREFIXES:
                return {(frozenset(), c) for c in chars}  # type: ignore[misc]
            return {a for c in set(chars) for a in _after(c, tails)}  # type: ignore[arg-type]
    if op in (_sre.LITERAL, _sre.IN):  # any other single character: a leading run
        cls = _class(op, av)
        return _led(cls, _starts(rest, need)) if cls else {_UNKNOWN}
    if op is _sre.SUBPATTERN:
        return _starts(list(av[-1].data) + rest, need)
    if op is _sre.ATOMIC_GROUP:
        return _starts(list(av.data) + rest, need)
    if op is _sre.BRANCH:
        out: set[_Anchor] = set()
        for alt in av[1]:
            out |= _starts(list(alt.data) + rest, need)
        return out
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        lo, hi, body = av
        if hi == 0:
            return _starts(rest, need)
        if hi == 1:  # "x?" or "x{1}": the body, once, then the rest
            once = _starts(list(body.data) + rest, need)
            return once if lo >= 1 else once | _starts(rest, need)
        first = _starts(list(body.data), need)  # a match begins with the body's first match
        if lo >= 1 and _UNKNOWN not in first:
            return first
        if len(body.data) == 1:  # "[a-z]+", "\s*": a leading run
            cls = _class(*body.data[0])
            if cls:
                return _led(cls, _starts(rest, need))
        return first if lo >= 1 else first | _starts(rest, need)
    return {_UNKNOWN}


_Found = tuple[tuple[str, ...], tuple[tuple[re.Pattern, str], ...]] | None
T = TypeVar("T")


def _once_per_pattern(analyse: Callable[[re.Pattern, list | None], T]) -> Callable[[re.Pattern], T]:
    """``analyse(rx, items)`` computed once per pattern: ``items`` is the parsed pattern
    (None when it cannot be parsed: then the analysis says "not known"). Remembered by
    ``id`` of the pattern, since hashing a pattern hashes its compiled code, as slow as
    a scan for a big one (the entry keeps the pattern alive, so its id is not reused)."""
    cache: dict[int, tuple[re.Pattern, T]] = {}

    @functools.wraps(analyse)
    def remembered(rx: re.Pattern) -> T:
        hit = cache.get(id(rx))
        if hit is not None:
            return hit[1]
        items = None
        if _sre_parse is not None and isinstance(rx.pattern, str):
            try:
                items = list(_sre_parse.parse(rx.pattern, rx.flags).data)
            except (RecursionError, re.error):  # pragma: no cover
                items = None
        found = analyse(rx, items)
        if len(cache) > 2000:
            cache.clear()
        cache[id(rx)] = (rx, found)
        return found

    return remembered


@_once_per_pattern
def _anchors(rx: re.Pattern, items: list | None) -> _Found:
    """How every match of ``rx`` starts: literal prefixes (lower case) and leading runs
    (a compiled class, the literal after it), or None when the pattern does not say."""
    found = None
    if items is not None:
        try:
            starts = _starts(items, _PREFIX_LEN)
        except (RecursionError, re.error):  # pragma: no cover
            starts = {_UNKNOWN}
        prefixes = {lit for classes, lit in starts if not classes}
        led = {(classes, lit) for classes, lit in starts if classes}
        if "" not in prefixes and all(len(lit) >= _LEAD_LITERAL for _, lit in led):
            for n in (_PREFIX_LEN, 4, 3, 2, 1):  # too many: shorten them (still prefixes)
                prefixes = {s[:n] for s in prefixes}
                if len(prefixes) <= _MAX_PREFIXES:
                    break
            # a prefix that starts with another one adds no candidate offsets
            found = (
                tuple(
                    sorted(
                        s for s in prefixes if not any(o != s and s.startswith(o) for o in prefixes)
                    )
                ),
                # compiled case-insensitively when the pattern is: the class then
                # matches what its items match
                tuple(
                    (re.compile("|".join(sorted(classes)), rx.flags & re.IGNORECASE), lit)
                    for classes, lit in sorted(led, key=lambda a: (sorted(a[0]), a[1]))
                ),
            )
    return found


def literal_prefixes(rx: re.Pattern) -> tuple[str, ...] | None:
    """Lower-case strings one of which starts every match of ``rx`` (case aside),
    or None when the pattern does not say. Sorted; computed once per pattern.

    >>> literal_prefixes(re.compile(r"\\b(?:provided|delivered)\\s+by|contract\\s+with", re.I))
    ('contract', 'delivered', 'provided')
    """
    found = _anchors(rx)
    return found[0] if found is not None and not found[1] else None


def finditer(
    rx: re.Pattern, text: str, pos: int = 0, endpos: int | None = None
) -> Iterator[re.Match]:
    """The matches of ``rx.finditer(text, pos, endpos)``, found by matching ``rx`` only
    at the offsets where a match can start: where one of its literal prefixes occurs
    (case-insensitively), or in the run of characters of a leading class that ends
    where the literal after it occurs ("Redbridge inclusion" for
    "[A-Z][a-z]+\\s+inclusion").

    The scan visits those offsets in order and skips the ones inside the previous
    match, exactly as ``finditer`` does; a pattern that does not say where its
    matches start, a short range, or a text where they could start too often is
    scanned the plain way."""
    end = len(text) if endpos is None else max(0, min(endpos, len(text)))
    cands = _candidates(rx, text, pos, end) if end - pos >= 400 else None
    if cands is None:
        return rx.finditer(text, pos, end)
    return finditer_at(rx, text, cands, end)


def _candidates(rx: re.Pattern, text: str, pos: int, end: int) -> list[int] | None:
    """The sorted offsets of ``[pos, end)`` where a match of ``rx`` can start (see
    ``finditer``); None when the pattern does not say, the text has a ``_FOLDS``
    character, or there are too many for a scan of them to pay."""
    found = _anchors(rx)
    if found is None:
        return None
    low = lower(text)
    if len(low) != len(text) or folds(text):  # see kg.text.match._FOLDS
        return None
    limit = (end - pos) // 40  # beyond ~1 candidate per 40 characters the plain scan is faster
    prefixes, led = found
    cands: set[int] = set()
    for p in prefixes:
        at = _indexed(rx, text, low, p)
        if at is not None:
            cands.update(at[bisect_left(at, pos) : bisect_left(at, end - len(p) + 1)])
        else:
            i = low.find(p, pos, end)
            while i != -1:
                cands.add(i)
                i = low.find(p, i + 1, end)
        if len(cands) > limit:
            return None
    for cls, lit in led:
        i = low.find(lit, pos, end)
        while i != -1:
            j = i
            while j > pos and cls.match(text, j - 1, j):
                j -= 1
            cands.update(range(j, i + 1))
            if len(cands) > limit:
                return None
            i = low.find(lit, i + 1, end)
    return sorted(cands)


def _indexed(rx: re.Pattern, text: str, low: str, prefix: str) -> list[int] | None:
    """The sorted offsets where ``low`` (``text`` lower cased) reads ``prefix`` and a
    match of ``rx`` may start, read from the word index ``text`` already has instead of
    searching the text; None when the index cannot say.

    A prefix made of quotation marks then a word (``"'front"``): the word starts
    a word (after a quotation mark), so ``word_starts`` finds it. A prefix that
    starts with a word, of a pattern whose matches start after no word character
    (``_bounded``): the word starts a word, or follows a "-"."""
    lead = len(prefix) - len(prefix.lstrip(_QUOTES))
    word = _WORD_HEAD.match(prefix, lead)
    if word is None or (not lead and not _bounded(rx)):
        return None
    at = bounded_starts(text, word[0], hyphen=not lead)
    if at is None or len(word[0]) == len(prefix):
        return at
    known = _recent(_PREFIX_AT, text)  # the same prefix is asked for section after section
    if known is None:
        known = _keep(_PREFIX_AT, text, {})
    if prefix not in known:
        known[prefix] = [i - lead for i in at if i >= lead and low.startswith(prefix, i - lead)]
    return known[prefix]


_PREFIX_AT: dict[int, tuple[str, dict[str, list[int]]]] = {}


_QUOTES = "'\"`\u2018\u2019\u201c\u201d"
_WORD_HEAD = re.compile(r"[a-z0-9]+")


def _after_no_word(items: list) -> bool:
    """Is the character before every match of the parsed sequence ``items`` no word
    character, by a lookbehind ruling out ``\\w`` ("(?<![\\w-])") or a ``\\b`` (before a
    word character: the caller checks that one starts the match)?"""
    if not items:
        return False
    op, av = items[0]
    rest = items[1:]
    if op is _sre.AT:
        return av is _sre.AT_BOUNDARY or _after_no_word(rest)
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):  # zero width
        if op is _sre.ASSERT_NOT and av[0] == -1:
            body = list(av[1].data)
            if (
                len(body) == 1
                and body[0][0] is _sre.IN
                and (_sre.CATEGORY, _sre.CATEGORY_WORD) in body[0][1]
                and all(o is not _sre.NEGATE for o, _ in body[0][1])
            ):
                return True
        return _after_no_word(rest)
    if op is _sre.SUBPATTERN:
        return _after_no_word(list(av[-1].data) + rest)
    if op is _sre.BRANCH:
        return all(_after_no_word(list(alt.data) + rest) for alt in av[1])
    return False


@_once_per_pattern
def _bounded(rx: re.Pattern, items: list | None) -> bool:
    """``_after_no_word`` of the pattern ``rx``."""
    # (with re.ASCII a non-ASCII letter is no word character to the pattern, but is one
    # to the word index)
    if items is None or rx.flags & re.ASCII:
        return False
    try:
        return _after_no_word(items)
    except (RecursionError, re.error):  # pragma: no cover
        return False


def finditer_at(
    rx: re.Pattern, text: str, cands: list[int], end: int | None = None
) -> Iterator[re.Match]:
    """The matches of ``rx.finditer(text, 0, end)``, given the sorted offsets ``cands``
    that hold every offset where a match can start: ``rx`` is matched there (by
    ``map``, without a Python step per offset), and a match starting inside the
    previous one is dropped, as finditer goes on from a match's end. No match may
    be empty."""
    if end is None:
        end = len(text)
    last = -1
    n = len(cands)
    for m in filter(None, map(rx.match, repeat(text, n), cands, repeat(end, n))):
        if m.start() >= last:
            last = m.end()  # never empty: it holds a literal
            yield m


# ----------------------------------------------------------------------------- short texts


def _score(option: frozenset[str]) -> tuple[int, int]:
    return (min(map(len, option)), -len(option))


def _contains(items: list) -> frozenset[str] | None:
    """Lower-cased strings one of which every match of the parsed sequence ``items``
    contains, or None: the most selective of ``_options``."""
    options = _options(items)
    return max(options, key=_score) if options else None


def _options(items: list) -> list[frozenset[str]]:
    """Sets of lower-cased strings, every match of the parsed sequence ``items``
    containing one string of each set: the sequence's literal runs and the strings
    its groups, alternations and repeats require."""
    options: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        c = None
        if op is _sre.LITERAL:
            c = _literal(av)
        elif op is _sre.IN and len(av) == 1 and av[0][0] is _sre.LITERAL:
            c = _literal(av[0][1])
        if c is not None:
            run += c
            continue
        if run:
            options.append(frozenset((run,)))
            run = ""
        inner: frozenset[str] | None = None
        if op is _sre.SUBPATTERN:
            inner = _contains(list(av[-1].data))
        elif op is _sre.ATOMIC_GROUP:
            inner = _contains(list(av.data))
        elif op is _sre.BRANCH:
            alts = [_contains(list(alt.data)) for alt in av[1]]
            if all(a is not None for a in alts):
                inner = frozenset().union(*alts)  # type: ignore[arg-type]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _contains(list(av[2].data))
        # anything else (a class, a lookaround, an anchor, an optional part) requires nothing
        if inner:
            options.append(inner)
    if run:
        options.append(frozenset((run,)))
    return [o for o in options if "" not in o]


@_once_per_pattern
def required_literals(rx: re.Pattern, items: list | None) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``rx`` contains (case aside),
    or None when the pattern does not say. Computed once per pattern.

    >>> sorted(required_literals(re.compile(r"\\bremit\\b|\\bresponsib\\w*\\s+for\\b", re.I)))
    ['mit', 'sponsib']

    (``re`` parses the pattern as "re(?:mit\\b|sponsib...)", and the longer strings
    of the alternation are the more selective test.)
    """
    if items is None:
        return None
    try:
        return _contains(items)
    except (RecursionError, re.error):  # pragma: no cover
        return None


@_once_per_pattern
def required_sets(rx: re.Pattern, items: list | None) -> tuple[frozenset[str], ...]:
    """Sets of lower-case strings, every match of ``rx`` (case aside) containing one
    string of each set; none when the pattern does not say. Computed once per pattern.

    >>> [sorted(s) for s in required_sets(re.compile(r"\\b(?:LSCB|board)\\s+youth\\s+forum", re.I))]
    [['board', 'lscb'], ['youth'], ['forum']]
    """
    if items is None:
        return ()
    try:
        return tuple(_options(items))
    except (RecursionError, re.error):  # pragma: no cover
        return ()


def anchored(
    rx: re.Pattern, text: str, anchors: Sequence[str], reach: int = 120
) -> Iterator[re.Match]:
    """Matches of ``rx`` near one of the literal ``anchors`` (lower case; a match
    or its lookahead contains one): the regex runs only in windows of ``reach``
    characters either side of them, which keeps patterns that start with optional
    words from being tried at every offset of the text. A match is kept once, and
    not when it starts inside the last one kept.

    A window that lacks a string of one of the ``required_sets`` can hold no match
    and is not scanned."""
    low = lower(text)
    needs = () if folds(text) else required_sets(rx)
    hits = sorted({i for a in anchors for i in _occurrences(low, a.lower())})
    seen_end = -1
    done: set[int] = set()
    for i in hits:
        lo, hi = max(0, i - reach), min(len(text), i + reach)
        if needs and not _holds_all(low, needs, lo, hi):
            continue
        for m in rx.finditer(text, lo, hi):
            if m.start() not in done and m.start() >= seen_end:
                done.add(m.start())
                seen_end = m.end()
                yield m


def _holds_all(low: str, needs: tuple[frozenset[str], ...], lo: int, hi: int) -> bool:
    """Does ``low[lo:hi]`` hold a string of each of the sets ``needs``?"""
    for need in needs:
        for n in need:
            if low.find(n, lo, hi) >= 0:
                break
        else:
            return False
    return True


_OCCURRENCES: dict[int, tuple[str, dict[str, list[int]]]] = {}


def _occurrences(low: str, needle: str) -> list[int]:
    """Offsets of ``needle`` in ``low`` (remembered for the last few texts: rules
    share anchors)."""
    found = _recent(_OCCURRENCES, low)
    if found is None:
        found = _keep(_OCCURRENCES, low, {})
    at = found.get(needle)
    if at is None:
        at = found[needle] = []
        i = low.find(needle)
        while i != -1:
            at.append(i)
            i = low.find(needle, i + 1)
    return at


def may_match(rx: re.Pattern, text: str, low: str | None = None) -> bool:
    """False only when ``rx`` cannot match anywhere in ``text``: none of its
    ``required_literals`` occurs in it. ``low`` is ``text.lower()`` when the caller
    has it (several patterns tried on one sentence). A cheap test before a search.

    >>> may_match(re.compile(r"\\bthemes\\b", re.I), "The Themes are clear")
    True
    >>> may_match(re.compile(r"\\bthemes\\b", re.I), "The priorities are clear")
    False
    """
    needles = required_literals(rx)
    if needles is None or folds(text):
        return True
    if low is None:
        low = text.lower()
    for n in needles:  # (a loop: any() over a generator costs more than the tests)
        if n in low:
            return True
    return False

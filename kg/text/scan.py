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
the pattern is matched only there.

``may_match`` is the same idea for a short text (a sentence): a pattern every
match of which contains one of a few literal strings cannot match a text
holding none of them, and an ``in`` test is much cheaper than the search.

Example::

    >>> rx = re.compile(r"(?<![\\w-])groups?(?![\\w-])", re.I)
    >>> [m.group(0) for m in finditer(rx, "Groups and sub-groups: the group")]
    ['Groups', 'group']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # the parser behind re.compile (Python 3.11+); without it every scan is a plain one
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    _sre = _sre_parse = None  # type: ignore[assignment]

from kg.text.match import _FOLDS, _lower_and_folds

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


_ANCHORS: dict[re.Pattern, tuple[tuple[str, ...], tuple[tuple[re.Pattern, str], ...]] | None] = {}


def _anchors(rx: re.Pattern) -> tuple[tuple[str, ...], tuple[tuple[re.Pattern, str], ...]] | None:
    """How every match of ``rx`` starts: literal prefixes (lower case) and leading runs
    (a compiled class, the literal after it), or None when the pattern does not say.
    Computed once per pattern."""
    if rx in _ANCHORS:
        return _ANCHORS[rx]
    found = None
    if _sre_parse is not None and isinstance(rx.pattern, str):
        try:
            starts = _starts(list(_sre_parse.parse(rx.pattern, rx.flags).data), _PREFIX_LEN)
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
                # re.IGNORECASE: the class then matches at least what its items match
                tuple(
                    (re.compile("|".join(sorted(classes)), re.IGNORECASE), lit)
                    for classes, lit in sorted(led, key=lambda a: (sorted(a[0]), a[1]))
                ),
            )
    if len(_ANCHORS) > 2000:
        _ANCHORS.clear()
    _ANCHORS[rx] = found
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
    found = _anchors(rx) if end - pos >= 400 else None
    if found is None:
        return rx.finditer(text, pos, end)
    low, folds = _lower_and_folds(text)
    if len(low) != len(text) or folds:  # see kg.text.match._FOLDS
        return rx.finditer(text, pos, end)
    limit = (end - pos) // 40  # beyond ~1 candidate per 40 characters the plain scan is faster
    prefixes, led = found
    cands: set[int] = set()
    for p in prefixes:
        i = low.find(p, pos, end)
        while i != -1:
            cands.add(i)
            i = low.find(p, i + 1, end)
        if len(cands) > limit:
            return rx.finditer(text, pos, end)
    for cls, lit in led:
        i = low.find(lit, pos, end)
        while i != -1:
            j = i
            while j > pos and cls.match(text, j - 1, j):
                j -= 1
            cands.update(range(j, i + 1))
            if len(cands) > limit:
                return rx.finditer(text, pos, end)
            i = low.find(lit, i + 1, end)
    return _walk(rx, text, sorted(cands), end)


def _walk(rx: re.Pattern, text: str, cands: list[int], end: int) -> Iterator[re.Match]:
    last = -1
    for p in cands:
        if p < last:
            continue  # inside the previous match: finditer goes on from its end
        m = rx.match(text, p, end)
        if m:
            last = m.end()  # never empty: it holds a literal
            yield m


# ----------------------------------------------------------------------------- short texts


def _score(option: frozenset[str]) -> tuple[int, int]:
    return (min(map(len, option)), -len(option))


def _contains(items: list) -> frozenset[str] | None:
    """Lower-cased strings one of which every match of the parsed sequence ``items``
    contains, or None: the most selective of the sequence's literal runs and of the
    strings its groups, alternations and repeats require."""
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
    options = [o for o in options if "" not in o]
    return max(options, key=_score) if options else None


_NEEDLES: dict[re.Pattern, frozenset[str] | None] = {}


def required_literals(rx: re.Pattern) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``rx`` contains (case aside),
    or None when the pattern does not say. Computed once per pattern.

    >>> sorted(required_literals(re.compile(r"\\bremit\\b|\\bresponsib\\w*\\s+for\\b", re.I)))
    ['mit', 'sponsib']

    (``re`` parses the pattern as "re(?:mit\\b|sponsib...)", and the longer strings
    of the alternation are the more selective test.)
    """
    if rx in _NEEDLES:
        return _NEEDLES[rx]
    found: frozenset[str] | None = None
    if _sre_parse is not None and isinstance(rx.pattern, str):
        try:
            found = _contains(list(_sre_parse.parse(rx.pattern, rx.flags).data))
        except (RecursionError, re.error):  # pragma: no cover
            found = None
    if len(_NEEDLES) > 2000:
        _NEEDLES.clear()
    _NEEDLES[rx] = found
    return found


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
    if needles is None or _FOLDS.search(text):
        return True
    if low is None:
        low = text.lower()
    return any(n in low for n in needles)

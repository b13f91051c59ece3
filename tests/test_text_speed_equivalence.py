"""The fast scans of kg.text and kg.extractors find exactly what the plain ones find.

Each speed-up (``kg.text.scan`` with and without a word index, ``anchored`` windows,
the shared word index and what it answers, the per-key alternations of the
gazetteers, the rewritten patterns, the cheap tests before a search) is compared
with the plain way of doing the same thing, on a real report and on texts made to
be awkward: shuffled, cut at odd places, with apostrophes and hyphens inside words
and characters that match ASCII letters case-insensitively ("\u017f", "\u0131",
"\u0130", the Kelvin sign).
"""

from __future__ import annotations

import random
import re

import pytest
from conftest import EXAMPLE_TEXT

from kg.components import components, load_rules
from kg.extractors import _names
from kg.extractors._engine import entities as engine_entities
from kg.extractors._engine import spans
from kg.text import match, names, scan
from kg.text.rules import EntityRules

FAMILIES = (
    "accountability",
    "boards",
    "commissioning",
    "documents",
    "mash",
    "panels",
    "partnership",
    "posts",
    "services",
)


def _texts() -> list[str]:
    report = EXAMPLE_TEXT.read_text(encoding="utf-8")
    rng = random.Random(7)
    samples = " ".join(
        str(r["sample"])
        for f in FAMILIES
        for r in load_rules(f)
        if isinstance(r, dict) and r.get("sample")
    )
    words = samples.split(" ")
    out = [report[:40000], spans.blank_quotes(report[:40000]), samples]
    for _ in range(3):
        rng.shuffle(words)
        out.append(" ".join(words))
    odd = samples.replace("s", "\u017f", 3).replace("i", "\u0131", 3).replace("k", "\u212a", 3)
    inside = "o'brien's team, the'child, d\u2019lscb's a'sub-group, x'the panel; "
    out += [
        inside * 200 + samples,
        odd,
        "\u0130" + samples,
        samples.replace(" ", "'", 50),
        samples.replace(" ", "\u2019s ", 40),
    ]
    return out


TEXTS = _texts()


def _patterns() -> list[re.Pattern]:
    """Every regex a family's rules hold, as the engines compile it, and the module patterns."""
    found: list[re.Pattern] = []
    for f in FAMILIES:
        for r in load_rules(f):
            if not isinstance(r, dict):
                continue
            for key in ("pattern", "cue", "head", "requires", "exclude", "needs", "unless_before"):
                v = r.get(key)
                if isinstance(v, str):
                    v = v.removeprefix("re:")
                    if key == "head":
                        v = r"(?<![\w-])(?:" + v + r")(?![\w-])"
                    for flags in (0, re.I):
                        try:
                            found.append(re.compile(v, flags))
                        except re.error:
                            pass
    for c in components():
        rules = getattr(c, "entity_rules", None)
        if isinstance(rules, engine_entities.EntityRules):
            for g in rules._gaz:
                found += [rx for rx in (g.fast, g.slow) if rx is not None]
        if isinstance(rules, EntityRules):
            found += [rx for rx in (rules.terms.regex, rules.acronyms.regex) if rx is not None]
    found += [
        _names._KNOWN_AS_NAME,
        _names._CAPS_TEAM,
        _names._QUOTED_UNIT,
        _names._TITLED_UNIT,
        re.compile(r"(?<![\w(-])(MASH|MARAC|CSE|LSCB|RAFT)s?(?![\w-])"),
        re.compile(r"[A-Z][a-z]+\s+inclusion\s+panel|\bChannel\s+panels?", re.I),
        re.compile(r"\b(?:the|its)\s+board|['\u2018]?front\s+door", re.I),
        re.compile(r"\bsub-?\s?groups?\b|(?<![\w-])(?:multi-agency|team)s?\b", re.I),
    ]
    return list(dict.fromkeys(found))


PATTERNS = _patterns()


def _spans(matches) -> list[tuple]:
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize("indexed", [False, True], ids=["searched", "indexed"])
@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_scan_finditer_is_finditer(text, indexed):
    # without a word index the prefixes are searched for; with one (a gazetteer made it)
    # the word starts come from it
    match._WS_CACHE.clear()
    if indexed:
        match._index_of(text)
    rng = random.Random(len(text))
    for rx in PATTERNS:
        assert _spans(scan.finditer(rx, text)) == _spans(rx.finditer(text)), rx.pattern
        lo = rng.randrange(len(text))
        hi = lo + rng.randrange(5000)
        assert _spans(scan.finditer(rx, text, lo, hi)) == _spans(rx.finditer(text, lo, hi))


def test_bounded_patterns():
    """``_bounded``: every match starts after no word character."""
    yes = [r"(?<![\w-])foo", r"\bfoo", r"(?<![\w(-])(MASH)s?", r"\ba\s+x|\bfoo", r"(?=x)\bfoo"]
    no = [r"(?<![^\w])foo", r"(?:\ba|b)", r"foo", r"(?<!\w[Tt])he", r"(?:x)?\bfoo"]
    assert all(scan._bounded(re.compile(p)) for p in yes)
    assert not any(scan._bounded(re.compile(p)) for p in no)
    assert not scan._bounded(re.compile(r"\bfoo", re.ASCII))


def _plain_anchored(rx, text, anchors, reach=120):
    """``scan.anchored`` without skipping windows: the regex in every window."""
    low = text.lower()
    hits = sorted({i for a in anchors for i in range(len(low)) if low.startswith(a.lower(), i)})
    seen_end, done = -1, set()
    for i in hits:
        for m in rx.finditer(text, max(0, i - reach), min(len(text), i + reach)):
            if m.start() not in done and m.start() >= seen_end:
                done.add(m.start())
                seen_end = m.end()
                yield m


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_anchored_windows(text):
    for family in ("boards", "documents", "posts"):
        for rule, rx in EntityRules(load_rules(family)).patterns:
            anchors = rule.get("anchors")
            if anchors:
                got = _spans(scan.anchored(rx, text, anchors))
                assert got == _spans(_plain_anchored(rx, text, anchors)), rule["id"]


def test_required_sets_never_hide_a_match():
    pieces = [t[i : i + 200] for t in TEXTS for i in range(0, len(t), 150)]
    for rx in PATTERNS:
        needs = scan.required_sets(rx)
        for piece in pieces:
            if needs and rx.search(piece) and not match.folds(piece):
                low = piece.lower()
                assert all(any(n in low for n in need) for need in needs), (rx.pattern, piece)


def test_negation_test_never_hides_a_negation():
    rng = random.Random(5)
    alphabet = "abcdefghijklmnopqrstuvwxyzNOTK \u017f\u0131'"
    pieces = [t[i : i + 60] for t in TEXTS for i in range(0, len(t), 37)]
    pieces += [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 25))) for _ in range(50000)
    ]
    for piece in pieces:
        if names._NEG_BEFORE.search(piece):
            assert names._may_negate(piece), piece


def test_literal_prefixes():
    assert scan.literal_prefixes(re.compile(r"(?<![\w-])(?:sub-?\s?groups?)", re.I)) == ("sub",)
    assert scan.literal_prefixes(re.compile(r"(?:re-?)?commission", re.I)) == (
        "commission",
        "re-commiss",
        "recommissi",
    )
    assert scan.literal_prefixes(re.compile(r"\w+ team")) is None


def test_may_match_never_hides_a_match():
    pieces = [t[i : i + 200] for t in TEXTS for i in range(0, len(t), 150)]
    for rx in PATTERNS:
        for piece in pieces:
            if rx.search(piece):
                assert scan.may_match(rx, piece), (rx.pattern, piece)


def _plain_word_starts(low: str, prefix: str) -> list[int]:
    out, i = [], low.find(prefix)
    while i != -1:
        if not i or not (low[i - 1].isalnum() or low[i - 1] in "-_"):
            out.append(i)
        i = low.find(prefix, i + 1)
    return out


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_word_index(text):
    index = match._WordIndex(text)
    # the keys of three letters are those of every match of the plain word-start scan
    plain: dict[str, list[int]] = {}
    base = text.lower() if index.low is not None else text
    for m in match._WORD_START.finditer(base):
        plain.setdefault(match._word_key(m.group(0).lower()), []).append(m.start())
    three = {k: v for k, v in index.keys.items() if len(k) == 3}
    assert three == {k: v for k, v in plain.items() if len(k) == 3}
    if index.low is None:
        return
    accepted = {p for v in plain.values() for p in v}
    accepted_sorted = sorted(p for k, v in plain.items() if len(k) == 3 for p in v)
    assert index.inner() == [
        p
        for p in range(len(base))
        if match._is_word(base[p])
        and (p == 0 or not (base[p - 1].isalnum() or base[p - 1] in "-_"))
        and p not in accepted
    ]
    for prefix in ("the", "child", "brien", "lscb", "sub", "panel", "agency", "group"):
        assert match.word_starts(text, prefix) == _plain_word_starts(base, prefix)
        # the index's own offsets: the matches of the word-start scan that read prefix
        assert index.starts(prefix) == [p for p in accepted_sorted if base.startswith(prefix, p)]
        # after no word character at all: after a "-" too
        after = [
            p
            for p in range(len(base))
            if base.startswith(prefix, p)
            and (p == 0 or not (base[p - 1].isalnum() or base[p - 1] == "_"))
        ]
        match._keep(match._WS_CACHE, text, index)  # bounded_starts reads the text's index
        assert match.bounded_starts(text, prefix, hyphen=True) == after
        assert match.bounded_starts(text, prefix) == match.word_starts(text, prefix)


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_gazetteer_prefix_alternations(text):
    index = match._index_of(text)
    rng = random.Random(len(text))
    for family in ("boards", "documents", "posts"):
        rules = EntityRules(load_rules(family))
        for g in (rules.terms, rules.acronyms):
            if g.regex is None or g._prefixes is None:
                continue
            # the whole alternation at every word start whose key is a term prefix
            cands = sorted(p for k in g._prefixes for p in index.keys.get(k, ()))
            lo = rng.randrange(len(text))
            for start, stop in ((0, len(text)), (lo, lo + rng.randrange(8000))):
                plain, last = [], start
                for p in cands:
                    if start <= p < stop and p >= last:
                        m = g.regex.match(text, p, stop)
                        if m:
                            plain.append(m)
                            last = m.end()
                # by the terms' first words, and by their first three letters
                assert _spans(g._prefiltered(text, start, stop)) == _spans(plain), family
                by_head, g._by_head = g._by_head, None
                try:
                    assert _spans(g._prefiltered(text, start, stop)) == _spans(plain), family
                finally:
                    g._by_head = by_head


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_fast_gazetteer_key_alternations(text):
    plain_text = spans.blank_quotes(text)
    for c in components():
        rules = getattr(c, "entity_rules", None)
        if not isinstance(rules, engine_entities.EntityRules):
            continue
        for g in rules._gaz:
            got = list(g.finditer(plain_text, text))
            found: list[re.Match] = []
            hay = plain_text if g.case else engine_entities._lowered(plain_text)
            if g.fast is not None and hay is not None:
                at = {p for k in g.keys for p in engine_entities._word_starts_of(hay, k)}
                for p in sorted(at):  # the whole fast alternation at every key's word starts
                    found.append(g.fast.match(plain_text, p))
            elif g.fast is not None:
                whole = re.compile(r"(?<![\w-])" + g.fast.pattern, g.fast.flags)
                found += whole.finditer(plain_text)
            if g.slow is not None:
                found += g.slow.finditer(plain_text)
            want = [
                (m.start(), m.end(), m.group(0), g.lookup_gaz.lookup(m.group(0)))
                for m in found
                if m and g.lookup_gaz.lookup(m.group(0)) is not None
            ]
            assert got == want, c.name


def test_rewritten_patterns_match_their_plain_forms():
    plain = {
        spans._QUOTE: r"(?<![^\W\d_])['\u2019]|['\u2019](?![^\W\d_])|[\u2018\"\u201c\u201d]",
        _names._CAPS_TEAM: r"(?<![\w(-])([A-Z][A-Z0-9]{2,7})\s+team\b",
        _names._QUOTED_UNIT: _names._QUOTED_UNIT.pattern.replace(
            "[\\u2018'\\\"\\u201c](?<![\\w\\u2019'][\\u2018'\\\"\\u201c])",
            "(?<![\\w\\u2019'])[\\u2018'\\\"\\u201c]",
        ),
        _names._TITLED_UNIT: _names._TITLED_UNIT.pattern.replace(
            r"[Tt](?<!\w[Tt])he\s+", r"\b[Tt]he\s+"
        ),
    }
    rng = random.Random(3)
    texts = TEXTS + [
        "".join(rng.choice("ab1_ \u00e9'\u2019\u2018\"\u201c\u201d\n(-TtheMASH") for _ in range(40))
        for _ in range(3000)
    ]
    for rx, source in plain.items():
        assert source != rx.pattern
        other = re.compile(source, rx.flags)
        for t in texts:
            assert _spans(rx.finditer(t)) == _spans(other.finditer(t)), (source, t)

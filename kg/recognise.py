"""Recognise entities: run every component's ``find_mentions``, then decide.

Components only propose candidate mentions; this stage

1. finds the acronyms the text defines ("multi-agency safeguarding hub (MASH)");
2. drops mentions in a negated clause ("the board does not have a SCR sub-group");
3. resolves overlapping mentions (longest span wins; then the more specific
   type; then the rule id, so the order is deterministic);
4. merges mentions into entities: by normalised canonical label, through
   aliases (an acronym and its expansion are one entity), and adds the bare
   uses of a defined acronym as mentions of its entity;
5. gives each entity one type (the most frequent among its mentions, ties by
   specificity) and a stable key: the normalised canonical label.

Example::

    entities = recognise(document, sections, sentences)
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from kg.components import Component, Context
from kg.components import components as all_components
from kg.model import Document, Entity, Mention, Section, Sentence
from kg.namespaces import normalise_label
from kg.text import SentenceIndex, clean, negated, sentence_index, squash
from kg.text.scan import finditer

#: type precedence when two candidates cover the same span or one entity got
#: several types: more specific classes first.
TYPE_ORDER = (
    "ExecutiveGroup",
    "SubGroup",
    "SafeguardingChildrenBoard",
    "SafeguardingPartnership",
    "AdultSafeguardingBoard",
    "HealthAndWellbeingBoard",
    "CommunitySafetyPartnership",
    "CorporateParentingBoard",
    "MultiAgencySafeguardingHub",
    "ParticipationGroup",
    "Panel",
    "Team",
    "Post",
    "ThresholdDocument",
    "Protocol",
    "Strategy",
    "Plan",
    "Report",
    "Provider",
    "PartnerAgency",
    "Board",
    "Service",
    "Document",
)
_RANK = {t: i for i, t in enumerate(TYPE_ORDER)}


def _rank(t: str) -> int:
    return _RANK.get(t, len(TYPE_ORDER))


# ----------------------------------------------------------------------------- acronyms

_ACRO_DEF = re.compile(r"\(\s*(?:the\s+)?([A-Z][A-Za-z&]{1,9}?)(s?)\s*\)")
_WORD = re.compile(r"[A-Za-z][\w'\u2019]*(?:-[\w'\u2019]+)*")
_CLAUSE_BREAK = re.compile(r"[.;:()]")
_TWO_CAPITALS = re.compile(r"[A-Z].*[A-Z]")
_ACRONYM = re.compile(r"[A-Z][A-Za-z&]{1,9}")
_SMALL = frozenset("of and for the in on to with a an at by or from".split())
_GENERIC_TAIL = frozenset(
    "board service services team group unit meeting meetings panel partnership arrangements".split()
)


def _initials(words: Sequence[str], skip_small: bool) -> str:
    out = []
    for w in words:
        if skip_small and w.lower() in _SMALL:
            continue
        for part in w.split("-"):
            if part:
                out.append(part[0])
    return "".join(out).upper()


def _expansion(before: str, acro: str) -> str | None:
    """The words of ``before`` (text ending just before "(ACR)") that spell ``acro``."""
    words = list(_WORD.finditer(before))[-12:]
    if not words:
        return None
    target = acro.upper().replace("&", "")
    for n in range(1, len(words) + 1):
        span = words[-n:]
        # stop at a sentence/clause break
        if _CLAUSE_BREAK.search(before, span[0].start(), span[-1].end()):
            break
        ws = [w.group(0) for w in span]
        if ws[0].lower() in _SMALL:
            continue
        for skip in (True, False):
            ini = _initials(ws, skip)
            if ini == target or (
                ws[-1].lower() in _GENERIC_TAIL and _initials(ws[:-1], skip) == target and n > 1
            ):
                return clean(before[span[0].start() : span[-1].end()])
    return None


def acronym_definitions(text: str) -> list[tuple[str, str, int, int]]:
    """Every "expansion (ACR)" in ``text``: ``(acronym, expansion, start, end)`` with the
    span of the whole definition, in text order."""
    return list(_definitions(text))


@lru_cache(maxsize=8)
def _definitions(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """``acronym_definitions``, computed once per text (recognise and relate both ask)."""
    out = []
    for m in _ACRO_DEF.finditer(text):
        acro = m.group(1)
        if not _TWO_CAPITALS.search(acro):  # at least two capitals: "CSE", "CiCC"
            continue
        lo = max(0, m.start() - 200)
        exp = _expansion(text[lo : m.start()], acro)
        if exp:
            start = text.rfind(exp, lo, m.start()) if exp in text[lo : m.start()] else m.start()
            out.append((acro, exp, start, m.end()))
    return tuple(out)


def find_acronyms(ctx: Context | Document | str) -> dict[str, str]:
    """Acronyms the text defines, each with its first expansion.

    >>> find_acronyms("the multi-agency safeguarding hub (MASH) and the Local Safeguarding Children Board (LSCB)")
    {'LSCB': 'Local Safeguarding Children Board', 'MASH': 'multi-agency safeguarding hub'}
    """
    if isinstance(ctx, Context):
        text = ctx.document.text or ctx.document.raw_text
    elif isinstance(ctx, Document):
        text = ctx.text or ctx.raw_text
    else:
        text = ctx
    found: dict[str, str] = {}
    for acro, exp, _, _ in acronym_definitions(text):
        found.setdefault(acro, exp)
    return dict(sorted(found.items()))


# ----------------------------------------------------------------------------- resolution


def _drop_negated(mentions: Iterable[Mention], sentences: SentenceIndex) -> list[Mention]:
    out = []
    for m in mentions:
        s = sentences.by_index(m.sentence)
        if s is not None and negated(s.text, m.start - s.start):
            continue
        out.append(m)
    return out


def _resolve_overlaps(mentions: Sequence[Mention]) -> list[Mention]:
    """Keep a set of non-overlapping mentions: longest first, then more specific type, then rule id."""
    order = sorted(
        mentions, key=lambda m: (-(m.end - m.start), _rank(m.type), m.rule, m.start, m.label)
    )
    starts: list[int] = []  # kept spans never overlap: sorted by start, ends sorted too
    ends: list[int] = []
    kept = []
    for m in order:
        i = bisect.bisect_left(starts, m.end)  # spans starting before m ends
        if i > 0 and ends[i - 1] > m.start:
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        kept.append(m)
    kept.sort(key=lambda m: (m.start, m.end, m.label))
    return kept


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def _is_acronym(label: str) -> bool:
    return bool(_ACRONYM.fullmatch(label)) and sum(c.isupper() for c in label) >= 2


def _choose_label(labels: Mapping[str, int]) -> str:
    """Canonical label of a group: a non-acronym label, most frequent, then longest, then alphabetic."""
    cands = [lab for lab in labels if not _is_acronym(lab)] or list(labels)
    return min(cands, key=lambda lab: (-labels[lab], -len(lab), lab))


_FAMILY = {
    "Post": "post",
    "SubGroup": "unit",
    "ExecutiveGroup": "unit",
    "Panel": "unit",
    "Service": "service",
    "Team": "service",
    "MultiAgencySafeguardingHub": "service",
    "Provider": "org",
    "PartnerAgency": "org",
    "ParticipationGroup": "org",
    "Document": "doc",
    "Protocol": "doc",
    "Strategy": "doc",
    "Plan": "doc",
    "Report": "doc",
    "ThresholdDocument": "doc",
}


def _family(t: str) -> str:
    """Types that may share a name and be one thing: an acronym never joins a post to a service."""
    return _FAMILY.get(t, "board")


#: squash() and normalise_label() of the labels seen (labels repeat across mentions and
#: reports: each is worked out once)
_sq = functools.lru_cache(maxsize=100_000)(squash)
_norm = functools.lru_cache(maxsize=100_000)(normalise_label)


def _merge(mentions: Sequence[Mention], acronyms: dict[str, str]) -> list[Entity]:
    uf = _UnionFind()
    # the node of a name: its family and squashed form; each mention's own label first
    nodes = [_family(m.type) + ":" + _sq(m.label) for m in mentions]
    for m, k in zip(mentions, nodes, strict=True):
        uf.find(k)
        for a in m.aliases:
            if _is_acronym(a) or _sq(a) == _sq(m.label):
                uf.union(k, _family(m.type) + ":" + _sq(a))
    # an alias that is another mention's label of the same type: "LSCB youth forum" ~ "youth forum"
    labels_by_type: dict[str, set[str]] = {}
    for m in mentions:
        labels_by_type.setdefault(m.type, set()).add(_sq(m.label))
    for m, k in zip(mentions, nodes, strict=True):
        for a in m.aliases:
            if _sq(a) in labels_by_type.get(m.type, ()):
                uf.union(k, _family(m.type) + ":" + _sq(a))
    # an acronym defined in the text joins its expansion when both name entities of one family
    known: dict[str, set[str]] = {}
    for m in mentions:
        for lab in (m.label, *m.aliases):
            known.setdefault(_sq(lab), set()).add(_family(m.type))
    for acro, exp in acronyms.items():
        for fam in sorted(known.get(_sq(acro), set()) & known.get(_sq(exp), set())):
            uf.union(fam + ":" + _sq(acro), fam + ":" + _sq(exp))
    groups: dict[str, list[Mention]] = {}
    for m, k in zip(mentions, nodes, strict=True):
        groups.setdefault(uf.find(k), []).append(m)
    exp_keys: dict[str, set[str]] = {}
    for acro, exp in acronyms.items():
        exp_keys.setdefault(_sq(exp), set()).add(acro)
    entities = []
    for ms in groups.values():
        types = _counts(m.type for m in ms)
        etype = min(types, key=lambda t: (-types[t], _rank(t)))
        label = _choose_label(_counts(m.label for m in ms))
        alts = {m.label for m in ms} | {a for m in ms for a in m.aliases}
        # the acronym of the canonical label, when the text defines one
        alt_keys = {_sq(a) for a in alts} | {_sq(label)}
        for acro_key in alt_keys & exp_keys.keys():
            alts.update(exp_keys[acro_key])
        norm = _norm(label)
        alt_labels = tuple(sorted({clean(a) for a in alts if _norm(a) != norm and a.strip()}))
        ms_sorted = tuple(sorted(ms, key=_mention_order))
        entities.append(
            Entity(key=norm, type=etype, label=label, alt_labels=alt_labels, mentions=ms_sorted)
        )
    # two groups with the same key (e.g. different types) become one entity
    by_key: dict[str, Entity] = {}
    for e in sorted(entities, key=lambda e: (e.key, -len(e.mentions), _rank(e.type))):
        if e.key in by_key:
            f = by_key[e.key]
            ms = tuple(sorted(f.mentions + e.mentions, key=_mention_order))
            alts = tuple(sorted(set(f.alt_labels) | set(e.alt_labels) | ({e.label} - {f.label})))
            by_key[e.key] = Entity(f.key, f.type, f.label, alts, ms)
        else:
            by_key[e.key] = e
    return [by_key[k] for k in sorted(by_key)]


def _counts(items: Iterable[str]) -> dict[str, int]:
    """How often each item occurs, in order of first occurrence (a light Counter)."""
    out: dict[str, int] = {}
    for x in items:
        out[x] = out.get(x, 0) + 1
    return out


def _mention_order(m: Mention) -> tuple[int, int, str]:
    return (m.start, m.end, m.rule)


def _bare_acronym_mentions(
    text: str, sentences: SentenceIndex, entities: Sequence[Entity], taken: Sequence[Mention]
) -> list[Mention]:
    """Mentions of an entity through its acronym where no component proposed one."""
    acr_to: dict[str, Entity] = {}
    for e in entities:
        for a in e.alt_labels:
            if _is_acronym(a):
                acr_to.setdefault(a, e)
    if not acr_to:
        return []
    rx = re.compile(
        r"(?<![\w-])("
        + "|".join(re.escape(a) for a in sorted(acr_to, key=lambda a: (-len(a), a)))
        + r")s?(?![\w-])"
    )
    spans = sorted((m.start, m.end) for m in taken)
    out = []
    import bisect

    starts = [s for s, _ in spans]
    for m in finditer(rx, text):
        i = bisect.bisect_right(starts, m.start())
        if (i > 0 and spans[i - 1][1] > m.start()) or (i < len(spans) and spans[i][0] < m.end()):
            continue
        sent = sentences.at(m.start())
        if sent is None or m.end() > sent.end:
            continue
        e = acr_to[m.group(1)]
        out.append(
            Mention(
                m.start(),
                m.end(),
                m.group(0),
                e.type,
                e.label,
                sent.index,
                "recognise.acronym",
                (m.group(1),),
            )
        )
    return out


_BOARD_TITLE = re.compile(
    r"\bLSCB\b|safeguarding\s+children\s+board|safeguarding\s+(?:children\s+)?partnership", re.I
)


def board_context(
    sections: Sequence[Section], sentences: Sequence[Sentence]
) -> tuple[Sentence, ...]:
    """The sentences as components see them: a sentence in a section about the
    board (kind ``lscb``, or a title naming the LSCB, e.g. "Recommendations
    (LSCB)") gets section kind ``lscb``, so board-local readings ("the board",
    "the chair") apply there."""
    sections, sentences = tuple(sections), tuple(sentences)
    last = _BOARD_CONTEXT
    if last[0] == sections and last[1] == sentences:  # recognise, then relate: one report
        return last[2]
    spans = [
        (s.start, s.end)
        for s in sections
        if s.kind != "lscb" and _BOARD_TITLE.search(s.title or "")
    ]
    out = []
    for sent in sentences:
        if spans and sent.section != "lscb" and any(a <= sent.start < b for a, b in spans):
            sent = replace(sent, section="lscb")
        out.append(sent)
    last[:] = [sections, sentences, tuple(out)]
    return last[2]


#: the sections and sentences of the last board_context call, and what it gave (the same
#: tuple for both stages of a report, so what components share through it is shared too)
_BOARD_CONTEXT: list = [None, None, None]


def recognise(
    document: Document,
    sections: Sequence[Section],
    sentences: Sequence[Sentence],
    components: Sequence[Component] | None = None,
) -> tuple[Entity, ...]:
    """All entities of one report, resolved from the components' candidate mentions."""
    comps = all_components() if components is None else list(components)
    text = document.text or document.raw_text
    sentences = board_context(sections, sentences)
    ctx = Context(
        document=document,
        sections=tuple(sections),
        sentences=tuple(sentences),
        acronyms=find_acronyms(text),
    )
    index = sentence_index(sentences)
    candidates: list[Mention] = []
    for comp in comps:
        candidates.extend(comp.find_mentions(ctx))
    candidates = _drop_negated(candidates, index)
    kept = _resolve_overlaps(candidates)
    entities = _merge(kept, dict(ctx.acronyms))
    extra = _bare_acronym_mentions(text, index, entities, kept)
    if extra:
        extra = _drop_negated(extra, index)
        entities = _merge(_resolve_overlaps(kept + extra), dict(ctx.acronyms))
    return tuple(entities)

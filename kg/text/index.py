"""Sentence-local lookup: which sentence holds an offset, which entities a sentence mentions."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from kg.model import Entity, Mention, Sentence
from kg.text.match import clean
from kg.vocabulary import BOARD_TYPES as VOCAB_BOARD_TYPES

T = TypeVar("T")


class SentenceIndex:
    """Find the sentence holding a character offset (bisect over sentence starts)."""

    def __init__(self, sentences: Sequence[Sentence]):
        self.sentences = tuple(sentences)
        self._starts = [s.start for s in self.sentences]

    def at(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        s = self.sentences[i]
        return s if s.start <= offset < max(s.end, s.start + 1) else None

    def by_index(self, index: int) -> Sentence | None:
        # Sentence.index is usually the position; fall back to a search
        if 0 <= index < len(self.sentences) and self.sentences[index].index == index:
            return self.sentences[index]
        for s in self.sentences:
            if s.index == index:
                return s
        return None


def _shared_for_last_tuple(build: Callable[[Sequence], T]) -> Callable[[Sequence], T]:
    """Make ``build(items)`` shared: the components of a stage all get the same tuple
    (``Context.sentences``, the entities ``kg.relate`` passes), so the result for the
    last tuple seen is kept and returned again for that very tuple. A tuple of frozen
    items cannot change; any other sequence is built afresh every time."""
    last: list = [None, None]  # the last tuple, and what was built for it

    @functools.wraps(build)
    def shared(items: Sequence) -> T:
        if isinstance(items, tuple) and last[0] is items:
            return last[1]
        result = build(items)
        if isinstance(items, tuple):
            last[:] = [items, result]
        return result

    return shared


@_shared_for_last_tuple
def sentence_index(sentences: Sequence[Sentence]) -> SentenceIndex:
    """``SentenceIndex(sentences)``, shared: the components of a stage look up offsets
    in the same tuple of sentences."""
    return SentenceIndex(sentences)


@dataclass(frozen=True)
class Spot:
    """One mention of a resolved entity, for relation finding."""

    start: int
    end: int
    key: str
    type: str
    mention: Mention


class MentionIndex:
    """Sentence-local entity lookup: the entities mentioned in each sentence, in order."""

    def __init__(self, entities: Iterable[Entity]):
        self.by_sentence: dict[int, list[Spot]] = {}
        self.entities: dict[str, Entity] = {}
        for e in entities:
            self.entities[e.key] = e
            for m in e.mentions:
                self.by_sentence.setdefault(m.sentence, []).append(
                    Spot(m.start, m.end, e.key, e.type, m)
                )
        for spots in self.by_sentence.values():
            spots.sort(key=lambda s: (s.start, -s.end, s.key))

    def in_sentence(self, index: int, types: Iterable[str] | None = None) -> list[Spot]:
        spots = self.by_sentence.get(index, [])
        if types is None:
            return list(spots)
        ts = set(types)
        return [s for s in spots if s.type in ts]

    def between(
        self, index: int, start: int, end: int, types: Iterable[str] | None = None
    ) -> list[Spot]:
        """Entities of sentence ``index`` whose mention lies inside ``[start, end)``."""
        return [s for s in self.in_sentence(index, types) if s.start >= start and s.end <= end]

    def of_type(self, *types: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type in types]


@_shared_for_last_tuple
def mention_index(entities: Sequence[Entity]) -> MentionIndex:
    """``MentionIndex(entities)``, shared: ``kg.relate`` gives every component the same
    tuple of entities, and the index is built once for it. Read it, never change it
    (``in_sentence`` and ``between`` return new lists)."""
    return MentionIndex(entities)


@_shared_for_last_tuple
def lowered(sentences: Sequence[Sentence]) -> tuple[str, ...]:
    """The sentences' texts lower cased, in order; shared: each text is lower-cased
    once for all the components of a stage."""
    return tuple(s.text.lower() for s in sentences)


def section_kind(sentence: Sentence) -> str:
    return sentence.section


def in_section(sentence: Sentence, *kinds: str) -> bool:
    """Is the sentence in one of the section kinds (``"lscb"``...)?"""
    return sentence.section in kinds


# ---------------------------------------------------------------------------- misc

_SUBTYPES_BOARD = set(VOCAB_BOARD_TYPES)
BOARD_TYPES = frozenset(_SUBTYPES_BOARD)
DOCUMENT_TYPES = frozenset(
    {"Document", "Protocol", "Strategy", "Plan", "Report", "ThresholdDocument"}
)
SERVICE_TYPES = frozenset({"Service", "Team", "MultiAgencySafeguardingHub"})
UNIT_TYPES = frozenset({"SubGroup", "ExecutiveGroup", "Panel"}) | SERVICE_TYPES


def mention(
    ctx_or_sentence: Sentence,
    start: int,
    end: int,
    text: str,
    type_: str,
    label: str,
    rule: str,
    aliases: Sequence[str] = (),
) -> Mention:
    """Build a Mention in ``sentence`` (a small convenience for components)."""
    return Mention(
        start=start,
        end=end,
        text=clean(text),
        type=type_,
        label=label,
        sentence=ctx_or_sentence.index,
        rule=rule,
        aliases=tuple(aliases),
    )

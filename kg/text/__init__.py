"""Text helpers shared by the extractor components (one module per concern).

Everything here is plain functions over strings, offsets and model objects, so
any family (boards, services, panels, ...) can use it:

- ``kg.text.match``: ``squash`` / ``term_regex`` / ``Gazetteer`` match known
  phrases tolerant of PDF artefacts (``childrens`` for ``children's``,
  ``multiagency`` for ``multi-agency``, line breaks, plurals) in one pass;
- ``kg.text.lists``: ``split_coordination`` (and the simpler ``split_list``)
  expand "a, b and c (d)" into items with offsets;
- ``kg.text.names``: ``negated`` (is a mention inside a negated clause, "does
  not have a SCR sub-group"?) and ``strip_name`` (the name in the words before
  a head noun: "the effective" has none, "its CSE" is "CSE");
- ``kg.text.index``: ``SentenceIndex`` / ``MentionIndex`` (which sentence
  holds an offset, which entities a sentence mentions; ``mention_index`` shares
  one between the components relating the same entities, ``lowered`` the
  sentences' lower-cased texts) and class groups;
- ``kg.text.rules``: ``EntityRules``, the engine for YAML entity rules
  (terms, acronyms, head nouns, patterns; see its docstring);
- ``kg.text.scan``: ``finditer`` (a regex scan of a whole report that tries the
  pattern only where a match can start) and ``may_match`` (a cheap test before
  searching a sentence).

Example::

    >>> g = Gazetteer({"child death overview panel": "cdop"})
    >>> [(m.text, m.value) for m in g.finditer("the Child Death Overview Panels met")]
    [('Child Death Overview Panels', 'cdop')]
"""

from __future__ import annotations

from kg.text.index import (
    BOARD_TYPES,
    DOCUMENT_TYPES,
    SERVICE_TYPES,
    UNIT_TYPES,
    MentionIndex,
    SentenceIndex,
    Spot,
    in_section,
    lowered,
    mention,
    mention_index,
    section_kind,
    sentence_index,
)
from kg.text.lists import split_coordination, split_list, split_list_smart
from kg.text.match import Gazetteer, Match, clean, squash, term_regex
from kg.text.names import NAME_STOP, negated, strip_article, strip_name
from kg.text.rules import EntityRules

__all__ = [
    "BOARD_TYPES",
    "DOCUMENT_TYPES",
    "NAME_STOP",
    "SERVICE_TYPES",
    "UNIT_TYPES",
    "EntityRules",
    "Gazetteer",
    "Match",
    "MentionIndex",
    "SentenceIndex",
    "Spot",
    "clean",
    "in_section",
    "lowered",
    "mention",
    "mention_index",
    "negated",
    "section_kind",
    "sentence_index",
    "split_coordination",
    "split_list",
    "split_list_smart",
    "squash",
    "strip_article",
    "strip_name",
    "term_regex",
]

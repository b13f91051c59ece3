"""The small rule engine the operational families (services, mash,
commissioning, panels) share: entity rules and relation cue rules read from
``kg/rules/<family>.yaml``, units defined by an acronym, and span helpers.
Not a component itself (modules starting with "_" are not loaded as ones).

Entity rule::

    {id, type, label, terms: [...], acronyms: [...], plural: true, sample, expect: [labels]}

``terms`` are phrases (``kg.text.term_regex``; ``re:`` for a raw regex, case
insensitive); ``acronyms`` are matched case sensitive (and ignored when the
report defines the acronym as something else). Each mention carries the text
it matched as an alias (never the rule's unmatched variants), so a canonical
label gathers its variants ("leaving care team" -> "leaving care service"). A label
``"{surface}"`` is the matched text as written; ``"{tidy}"`` the matched text
lower cased and singular (for rules that list distinct names of one kind).
Entity rules may carry ``requires`` (a regex the sentence must match, e.g. a
commissioning cue for a generic provider such as "a national charity").

Relation rule::

    {id, predicate, cue, subject, object, window, sample, expect: [[s, p, o]]}

``cue`` is a regex (case insensitive). ``subject``/``object`` is either a
fixed key (``council``) or ``{side: before|after, types: [...], pick:
nearest|all, coref: [Service, ...]}``: the entities mentioned on that side of
the cue in the same sentence (``side: any`` takes the nearest on either side,
for symmetric cues; ``coref``: a sentence opening "The service ..." falls
back to the last entity of those types in the previous sentence);
``unless_before`` (a regex searched in the 50 characters before the cue,
anchor it with ``$``) vetoes a cue: "the LSCB commissioned ..." is not the
council's commissioning.
Samples of relation rules may need entities of other families; ``given``
lists them as ``[type, label, surface?]`` for the tests.

Example: ``kg build ../shared/reports/redbridge-2016.txt -o /tmp/r.ttl``
"""

from __future__ import annotations

from kg.extractors._engine.acronyms import AcronymUnit, acronym_expansions, acronym_units
from kg.extractors._engine.entities import EntityRule, EntityRules, FastGazetteer
from kg.extractors._engine.relations import COUNCIL, RelationRules, Role
from kg.extractors._engine.spans import blank_quotes, by_sentence, make_mention, tidy_label

__all__ = [
    "COUNCIL",
    "AcronymUnit",
    "EntityRule",
    "EntityRules",
    "FastGazetteer",
    "RelationRules",
    "Role",
    "acronym_expansions",
    "acronym_units",
    "blank_quotes",
    "by_sentence",
    "make_mention",
    "tidy_label",
]

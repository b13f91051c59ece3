"""Commissioning: who commissions a service and who provides it.

Providers (``Provider``): a national charity, a voluntary adoption agency
(VAA), independent fostering agencies (IFA), a local academy awarded a
contract, a women's refuge, named charities delivering a commissioned
service, and any organisation named in title case after "commissioned
from", "provided by", "delivered by", "contract with" ("a commissioned
service from Caritas"). Generic providers ("a national charity") count only
in a sentence about commissioning or provision. Commissioned services named in a list
("commissioned services for adopter recruitment, domestic abuse services")
become ``Service`` entities.

Relations: ``commissions`` (the council, key ``"council"``, commissions a
service: "The local authority has commissioned out the leaving care
service"; "supported lodgings ... this commissioned service"; "sexual health
services have been recommissioned", unless a partner commissions them) and ``providedBy`` ("The service has been managed by a national
charity since 2014", with "The service" read as the service of the previous
sentence).

Example: ``kg build ../shared/reports/redbridge-2016.txt -o /tmp/r.ttl``
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import lru_cache

from kg.components import Component, Context, load_rules, register
from kg.extractors._engine import EntityRules, RelationRules, by_sentence, make_mention, tidy_label
from kg.model import Entity, Mention, Relation
from kg.text import clean, negated, split_list
from kg.text.scan import finditer

_COMMISSIONED_LIST = re.compile(
    r"\bcommissioned\s+(?:services?|support|provision)\s+(?:for|including|such\s+as|to\s+provide)\s+(?P<list>[^.;:()]{3,160})",
    re.IGNORECASE,
)
_ITEM_HEAD = re.compile(
    r"\b(?:services?|recruitment|support|advocacy|interviews?|therapy|counselling|mediation|programmes?|projects?|teams?|provision)$",
    re.IGNORECASE,
)
_ITEM_BAD = re.compile(
    r"\b(?:with|relationships?|partnerships?|working|arrangements?|range|number|children|young|families|people|which|that|who)\b",
    re.IGNORECASE,
)


def _commissioned_lists(text: str):
    for m in finditer(_COMMISSIONED_LIST, text):
        yield m.start("list"), m.end("list"), m


_NAMED_PROVIDER = re.compile(
    r"\b(?:(?:re-?)?commission(?:ed|s)\s+(?:[a-z]+\s+){0,3}?from|(?:provided|delivered|run|managed|operated)\s+by|contract\s+with|commissions)"
    r"\s+(?:the\s+)?([A-Z][\w'\u2019@&-]+(?:\s+(?:(?:for|and|of|the|in|on)\s+)?[A-Z][\w'\u2019@&-]+){0,4})"
)
_NOT_PROVIDER = re.compile(
    r"\b(?:council|police|nhs|trust|clinical|ccg|board|partnership|services?|team|hub|local|authority|ofsted|"
    r"children['\u2019]?s|department|government|school|college|university|court|lscb|mash|camhs|"
    r"advis[eo]r|officer|manager|director|worker|panels?)\b",
    re.IGNORECASE,
)


_NOT_PROVIDER_WORD = re.compile(
    r"^(?:[A-Z]{2,}s?|(?i:committee|forum|group|panel|conference|and|of|for|the))$"
)


_COUNCILS_AFTER = re.compile(
    r"[^.;:]{0,60}?\b(?:local\s+authorit|councils?\b|boroughs?\b|count(?:y|ies)\b)", re.IGNORECASE
)


@lru_cache(maxsize=1)
def _council_words() -> frozenset[str]:
    """One-word council names ("Shropshire", "Redbridge"): never a provider."""
    from kg.councils import councils

    return frozenset(c.name.lower() for c in councils().values() if " " not in c.name)


_MONTHS = "january february march april may june july august september october november december"
_SINCE = re.compile(
    r"\bsince\s+(?:(?P<month>" + "|".join(_MONTHS.split()) + r")\s+)?(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def since(sentence: str) -> str:
    """From when, as stated: 'since April 2014' gives '2014-04', 'since 2014' gives '2014'."""
    m = _SINCE.search(sentence)
    if not m:
        return ""
    if m.group("month"):
        return f"{m.group('year')}-{_MONTHS.split().index(m.group('month').lower()) + 1:02d}"
    return m.group("year")


def _named_providers(text: str, home: frozenset[str] = frozenset()):
    """Organisations named after a provision cue; never a council (``home``)."""
    for m in finditer(_NAMED_PROVIDER, text):
        name = clean(m.group(1))
        words = name.split()
        if (
            _NOT_PROVIDER.search(name)
            or _NOT_PROVIDER_WORD.match(words[-1])
            or any(w.isupper() and w != "UK" for w in words)
        ):
            continue
        if len(words) == 1 and words[0].lower() in home:
            continue
        if _COUNCILS_AFTER.match(text, m.end(1)):
            continue  # "a joint contract with Shropshire, Herefordshire and Worcestershire local authorities"
        yield m.start(1), m.end(1), name


@register("commissioning")
class Commissioning(Component):
    """Providers and commissioned services; commissions and providedBy."""

    produces = ("Provider", "Service", "commissions", "providedBy")

    def __init__(self) -> None:
        rules = load_rules("commissioning")
        self.entity_rules = EntityRules(rules)
        self.relation_rules = RelationRules(rules)

    def find_mentions(self, ctx: Context) -> list[Mention]:
        out = self.entity_rules.mentions(ctx.sentences, ctx.document.text)
        for s, lstart, _lend, m in by_sentence(
            ctx.sentences, ctx.document.text, _commissioned_lists
        ):
            if negated(s.text, lstart):
                continue
            for start, end, item in split_list(m.group("list"), lstart):
                if (
                    not 1 <= len(item.split()) <= 4
                    or _ITEM_BAD.search(item)
                    or not _ITEM_HEAD.search(item)
                ):
                    continue
                label = tidy_label(item, singular=False)
                out.append(
                    make_mention(
                        s,
                        start,
                        end,
                        "Service",
                        label,
                        "commissioning.commissioned-list",
                        (tidy_label(item),),
                    )
                )
        home = _council_words()
        for s, start, end, name in by_sentence(
            ctx.sentences, ctx.document.text, lambda t: _named_providers(t, home)
        ):
            if not negated(s.text, start):
                out.append(
                    make_mention(s, start, end, "Provider", name, "commissioning.named-provider")
                )
        return out

    def find_relations(self, ctx: Context, entities: Sequence[Entity]) -> list[Relation]:
        out = []
        for r in self.relation_rules.relations(ctx, entities):
            when = since(ctx.sentences[r.sentence].text)
            out.append(dataclasses.replace(r, since=when) if when else r)
        return out

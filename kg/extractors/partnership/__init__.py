"""The local safeguarding children partnership and its safeguarding partners.

From 2019 the LSCB gave way to multi-agency safeguarding arrangements led by
three safeguarding partners: the council, the integrated care board (ICB; the
clinical commissioning group, CCG, before July 2022) and the police. ILACS
reports speak of "the safeguarding partnership", "the Derby and Derbyshire
Safeguarding Children Partnership", "the local safeguarding children
partnership", "new multi-agency safeguarding arrangements".

Mentions: one ``SafeguardingPartnership`` per report (labelled with its proper
name when the report gives one, else "safeguarding partnership"); the chair
and the independent scrutineer (``Post``); the ICB, CCG and police
(``PartnerAgency``) only where the report names them as partners.

Relations: partner ``memberOf`` partnership (the council as the reserved key
``"council"``), chair ``chairs`` partnership, scrutineer ``holdsToAccount``
partnership (``chairs`` when the sentence says so). Negated clauses give
nothing. SIF-era reports speak of the LSCB (the ``boards`` family): this
component stays silent in a report with an LSCB review section, or one that
names the LSCB far more often than a partnership.

Rules: ``kg/rules/partnership.yaml``; modules: ``rules`` (compiled once),
``mentions`` (the partnership), ``partners`` (the partners a report names).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kg.components import Component, Context, register
from kg.extractors.partnership.mentions import partnership_mentions
from kg.extractors.partnership.partners import is_partner_spots, partner_spots
from kg.extractors.partnership.rules import COUNCIL_KEY, FAMILY, PARTNERSHIP, compiled
from kg.model import Entity, Mention, Relation
from kg.text import clean, mention_index, negated, squash

__all__ = ["Partnership"]


@register(FAMILY)
class Partnership(Component):
    produces = (PARTNERSHIP, "PartnerAgency", "Post", "memberOf", "chairs", "holdsToAccount")

    def find_mentions(self, ctx: Context) -> Iterable[Mention]:
        rules = compiled()
        text = ctx.document.text or ctx.document.raw_text
        parts = partnership_mentions(ctx)
        if not parts:
            return []
        out = list(parts)
        by_sentence: dict[int, list[Mention]] = {}
        for m in parts:
            by_sentence.setdefault(m.sentence, []).append(m)
        # the partners
        spans = {i: [(m.start, m.end) for m in ms] for i, ms in by_sentence.items()}
        for p in partner_spots(ctx, set(by_sentence)) + is_partner_spots(ctx, spans):
            if p.rule.key == COUNCIL_KEY or p.negated:
                continue
            out.append(
                Mention(
                    p.start,
                    p.end,
                    clean(text[p.start : p.end]),
                    p.rule.label,
                    p.label,
                    p.sentence,
                    p.rule.id,
                    p.aliases,
                )
            )
        # posts: the chair of the partnership, the independent scrutineer
        sentences = {s.index: s for s in ctx.sentences}
        for m in parts:
            sent = sentences.get(m.sentence)
            if sent is None:
                continue
            c = rules.chair_before.search(text, max(sent.start, m.start - 60), m.start)
            if c:
                out.append(
                    Mention(
                        c.start("np"),
                        c.end("np"),
                        clean(c.group("np")),
                        "Post",
                        rules.by_id["partnership.chair"]["canonical"],
                        sent.index,
                        "partnership.chair",
                        tuple(
                            sorted(
                                {clean(c.group("np"))}
                                - {rules.by_id["partnership.chair"]["canonical"]}
                            )
                        ),
                    )
                )
        for idx in sorted({i for i in by_sentence} | {i + 1 for i in by_sentence}):
            sent = sentences.get(idx)
            if sent is None:
                continue
            for c in rules.scrutineer.finditer(sent.text):
                s = sent.start + c.start("np")
                label = rules.by_id["partnership.scrutineer"]["canonical"]
                surface = clean(c.group("np"))
                out.append(
                    Mention(
                        s,
                        sent.start + c.end("np"),
                        surface,
                        "Post",
                        label,
                        idx,
                        "partnership.scrutineer",
                        tuple(sorted({surface} - {label})),
                    )
                )
        return out

    def find_relations(self, ctx: Context, entities: Sequence[Entity]) -> Iterable[Relation]:
        parts = [e for e in entities if e.type == PARTNERSHIP]
        if not parts:
            return []
        rules = compiled()
        text = ctx.document.text or ctx.document.raw_text
        main = max(parts, key=lambda e: (len(e.mentions), e.key))
        mi = mention_index(entities)
        part_sentences: dict[int, list] = {}
        for e in parts:
            for m in e.mentions:
                part_sentences.setdefault(m.sentence, []).append((m.start, m.end, e.key))
        sentences = {s.index: s for s in ctx.sentences}

        def partnership_near(sentence: int, offset: int) -> str:
            here = part_sentences.get(sentence)
            if not here:
                return main.key
            return min(here, key=lambda p: abs(p[0] - offset))[2]

        def entity_at(sentence: int, start: int, end: int, types: tuple[str, ...]) -> str | None:
            for spot in mi.in_sentence(sentence, types):
                if spot.start < end and start < spot.end:
                    return spot.key
            return None

        rels: list[Relation] = []
        # partners named in a partner context
        for p in partner_spots(ctx, set(part_sentences)):
            if p.negated:
                continue
            key = (
                COUNCIL_KEY
                if p.rule.key == COUNCIL_KEY
                else entity_at(p.sentence, p.start, p.end, ("PartnerAgency",))
            )
            if key is None:
                continue
            rels.append(
                Relation(
                    key,
                    "memberOf",
                    partnership_near(p.sentence, p.start),
                    p.sentence,
                    p.cue_rule,
                    p.start,
                    p.end,
                )
            )
        # "X is a (statutory) partner in the safeguarding partnership"
        spans = {i: [(a, b) for a, b, _ in v] for i, v in part_sentences.items()}
        for p in is_partner_spots(ctx, spans):
            key = (
                COUNCIL_KEY
                if p.rule.key == COUNCIL_KEY
                else entity_at(p.sentence, p.start, p.end, ("PartnerAgency",))
            )
            if p.negated or key is None:
                continue
            rels.append(
                Relation(
                    key,
                    "memberOf",
                    partnership_near(p.sentence, p.end),
                    p.sentence,
                    p.cue_rule,
                    p.start,
                    p.end,
                )
            )
        # the chair: "the (independent) chair of the partnership"
        for idx, spans in part_sentences.items():
            sent = sentences.get(idx)
            if sent is None:
                continue
            for ps, _, pkey in spans:
                c = rules.chair_before.search(text, max(sent.start, ps - 60), ps)
                if not c:
                    continue
                post = entity_at(idx, c.start("np"), c.end("np"), ("Post",))
                if post and not negated(sent.text, c.start("np") - sent.start):
                    rels.append(
                        Relation(
                            post,
                            "chairs",
                            pkey,
                            idx,
                            "partnership.chair",
                            c.start("np"),
                            c.end("np"),
                        )
                    )
        # the independent scrutineer, in a sentence about the partnership or the one after
        for idx in sorted(set(part_sentences) | {i + 1 for i in part_sentences}):
            sent = sentences.get(idx)
            if sent is None:
                continue
            for spot in mi.in_sentence(idx, ("Post",)):
                if not rules.scrutineer.fullmatch(spot.mention.text) and squash(spot.key) != squash(
                    rules.by_id["partnership.scrutineer"]["canonical"]
                ):
                    continue
                if negated(sent.text, spot.start - sent.start):
                    continue
                pkey = (
                    partnership_near(idx, spot.start)
                    if idx in part_sentences
                    else partnership_near(idx - 1, 0)
                )
                chairs = rules.scrutineer_chairs.search(sent.text)
                pred, rid = (
                    ("chairs", "partnership.scrutineer-chairs")
                    if chairs
                    else ("holdsToAccount", "partnership.scrutineer")
                )
                rels.append(Relation(spot.key, pred, pkey, idx, rid, spot.start, spot.end))
        return rels

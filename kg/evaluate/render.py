"""``render_text``: an ``Evaluation`` as the text ``kg evaluate`` prints.

One P/R/F1 line per part, the recommendation counts and report facts, then
a section per non-empty list of misses and false positives, by name.
"""

from __future__ import annotations

from kg.evaluate.results import Evaluation, Score


def _score_line(name: str, s: Score, extra: str = "") -> str:
    return (
        f"{name:<16} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}"
        f"  (TP {s.tp}, FP {s.fp}, FN {s.fn}){extra}"
    )


def render_text(ev: Evaluation) -> str:
    """P/R/F1 per part, report facts, then misses and false positives by name."""
    lines = [
        _score_line("entities", ev.entities),
        _score_line("relations", ev.relations),
        _score_line(
            "judgements", ev.judgements, "  exact" if ev.judgements_exact else "  NOT exact"
        ),
        _score_line(
            "recommendations",
            ev.recommendations,
            "  exact" if ev.recommendations_exact else "  NOT exact",
        ),
    ]
    gold_n, found_n = ev.recommendation_count
    split = ", ".join(f"{k} {g}/{f}" for k, (g, f) in ev.addressed_to.items())
    lines.append(f"  recommendations gold/graph: {gold_n}/{found_n} ({split})")
    facts = "; ".join(
        f"{k} {f or '-'}" + ("" if g is None or g == f else f" (gold {g})")
        for k, (g, f) in ev.facts.items()
    )
    lines.append(f"report facts     {'ok' if ev.facts_ok else 'WRONG'}: {facts}")

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.append("")
            lines.append(f"{title} ({len(rows)}):")
            lines.extend(f"  {r}" for r in rows)

    section("must_not hits", [f"{i.label} ({i.type})  {i.ref}" for i in ev.must_not_hits])
    section("missed entities", [f"{i.label} ({i.type})  [{i.ref}]" for i in ev.missed_entities])
    section(
        "false positive entities",
        [f"{i.label} ({i.type})" + (f"  [{i.note}]" if i.note else "") for i in ev.false_entities],
    )
    section(
        "missed relations", [f"{r.subject} {r.predicate} {r.object}" for r in ev.missed_relations]
    )
    section(
        "false positive relations",
        [f"{r.subject} {r.predicate} {r.object}" for r in ev.false_relations],
    )
    section("missed judgements", [f"{a}: {g}" for a, g in ev.missed_judgements])
    section("false judgements", [f"{a}: {g}" for a, g in ev.false_judgements])
    return "\n".join(lines) + "\n"

"""Every rule of every family (kg/rules/*.yaml) runs on its own sample sentence.

A rule with a ``sample`` must produce what its ``expect`` lists: a string is an
entity label (canonical or alternative), a ``[subject, predicate, object]``
triple is a relation between entities named by their labels (the object of
``addressesPriority`` is a priority concept id). A rule without ``expect``
must at least fire: some mention or relation carries its id. Priority
entries (priorities.yaml) must name their concept. The sample runs through
all registered components, as in a real build, as a one-section document
whose section kind is the rule's ``section`` (default ``body``); ``given:
[[Type, label, alias...], ...]`` adds entities a relation rule takes as already found.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kg.extractors.documents import find_priorities
from kg.model import Document, Entity, Mention, Section, Sentence
from kg.namespaces import normalise_label
from kg.recognise import recognise
from kg.relate import relate

RULES_DIR = Path(__file__).resolve().parent.parent / "kg" / "rules"


def _entries():
    out = []
    for path in sorted(RULES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(data, list):
            continue
        for rule in data:
            if isinstance(rule, dict) and rule.get("sample"):
                out.append(pytest.param(path.stem, rule, id=str(rule.get("id", "?"))))
    return out


def _given(text: str, sentences, given) -> list[Entity]:
    """Entities a relation rule takes as found (``given: [[Type, label], ...]``),
    mentioned wherever the label occurs in the sample."""
    out = []
    for type_, label, *aliases in given or ():
        mentions = []
        for m in re.finditer(
            "|".join(re.escape(x) for x in sorted([label, *aliases], key=len, reverse=True)),
            text,
            re.I,
        ):
            sent = next(s for s in sentences if s.start <= m.start() < max(s.end, s.start + 1))
            mentions.append(
                Mention(m.start(), m.end(), m.group(0), type_, label, sent.index, "test.given")
            )
        if mentions:
            out.append(
                Entity(normalise_label(label), type_, label, tuple(aliases), tuple(mentions))
            )
    return out


def run_sample(text: str, section: str = "body", given=None):
    """Entities and relations of a one-section document holding ``text``."""
    doc = Document(path="sample.txt", name="sample.txt", kind="text", raw_text=text, text=text)
    sections = (Section(section, section, 0, len(text)),)
    sentences, pos = [], 0
    for m in list(re.finditer(r"(?<=[.!?])\s+(?=[A-Z'\u2018])", text)) + [None]:
        end = m.start() if m else len(text)
        sentences.append(Sentence(len(sentences), pos, end, text[pos:end], section))
        pos = m.end() if m else len(text)
    entities = recognise(doc, sections, tuple(sentences))
    extra = [e for e in _given(text, sentences, given) if e.key not in {f.key for f in entities}]
    entities = tuple(entities) + tuple(extra)
    relations = relate(doc, sections, tuple(sentences), entities)
    return entities, relations


def _keys_for(label: str, entities) -> set[str]:
    if label == "council":  # the reserved key of the report's own local authority
        return {"council"}
    n = normalise_label(label)
    return {
        e.key for e in entities if n == e.key or n in {normalise_label(a) for a in e.alt_labels}
    }


def test_rules_every_family_has_samples():
    assert len(_entries()) >= 50


@pytest.mark.parametrize("family,rule", _entries())
def test_rule_sample_produces_what_it_expects(family, rule):
    sample = rule["sample"]
    if family == "priorities":
        concept = rule.get("concept") or rule["id"]
        assert concept in {c for _, _, c in find_priorities(sample)}
        return
    entities, relations = run_sample(sample, rule.get("section", "body"), rule.get("given"))
    expect = rule.get("expect")
    if expect is None:
        fired = {m.rule for e in entities for m in e.mentions} | {r.rule for r in relations}
        assert rule["id"] in fired, f"{rule['id']} does not fire on its sample"
        return
    triples = {(r.subject, r.predicate, r.object) for r in relations}
    for item in expect:
        if isinstance(item, str):
            assert _keys_for(item, entities), (
                f"no entity {item!r}; got {[e.label for e in entities]}"
            )
        else:
            s, p, o = item
            subjects = _keys_for(s, entities)
            objects = {o} if p == "addressesPriority" else _keys_for(o, entities)
            assert any((a, p, b) in triples for a in subjects for b in objects), (
                f"no {item}; got {sorted(triples)}"
            )

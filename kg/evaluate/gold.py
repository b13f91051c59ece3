"""The gold annotation: its types and how a gold YAML file is read.

``load_gold(path)`` reads a file in the format of spec/evaluation.md and
raises ``InputError`` when it is missing, not YAML or malformed;
``parse_gold(data)`` turns an already-parsed mapping into a ``Gold``.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError


@dataclass(frozen=True)
class GoldEntity:
    id: str
    type: str
    labels: tuple[str, ...]
    optional: bool = False


@dataclass(frozen=True)
class GoldRelation:
    subject: str
    predicate: str
    object: str
    optional: bool = False


@dataclass(frozen=True)
class Gold:
    report: dict[str, str | None]
    judgements: tuple[tuple[str, str], ...]
    recommendation_count: int | None
    addressed_to: dict[str, int]
    entities: tuple[GoldEntity, ...]
    must_not: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def load_gold(path: str | Path) -> Gold:
    """Read a gold YAML file (format in spec/evaluation.md)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("gold file not found", str(path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(
            f"not a readable YAML gold file ({type(exc).__name__})", str(path)
        ) from exc
    if not isinstance(data, dict):
        raise InputError("gold file is not a YAML mapping", str(path))
    try:
        return parse_gold(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"malformed gold file: {exc}", str(path)) from exc


def parse_gold(data: dict) -> Gold:
    """Turn the YAML mapping of a gold file into a ``Gold``."""
    report = {k: _text(v) for k, v in (data.get("report") or {}).items()}
    judgements = tuple((str(j["area"]), str(j["grade"])) for j in data.get("judgements") or ())
    recs = data.get("recommendations") or {}
    entities = tuple(
        GoldEntity(
            str(e["id"]),
            str(e["type"]),
            tuple(str(x) for x in e["labels"]),
            bool(e.get("optional", False)),
        )
        for e in data.get("entities") or ()
    )
    must_not = tuple(
        GoldEntity(f"must_not:{i}", str(e["type"]), tuple(str(x) for x in e["labels"]))
        for i, e in enumerate(data.get("must_not") or ())
    )
    relations = []
    for item in data.get("relations") or ():
        optional = False
        if isinstance(item, dict):
            optional = bool(item.get("optional", False))
            item = item["rel"]
        s, p, o = (str(x) for x in item)
        relations.append(GoldRelation(s, p, o, optional))
    ids = [e.id for e in entities]
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dupes:
        raise ValueError(f"duplicate entity ids {dupes}")
    return Gold(
        report=report,
        judgements=judgements,
        recommendation_count=recs.get("count"),
        addressed_to={str(k): int(v) for k, v in (recs.get("addressed_to") or {}).items()},
        entities=entities,
        must_not=must_not,
        relations=tuple(relations),
    )

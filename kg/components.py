"""Extractor components: one per family, registered by name.

A component finds candidate entity mentions and relations in a report; it does
not decide between overlapping candidates (``kg.recognise`` resolves overlaps
and aliases) and does not build RDF (``kg.assemble`` does). Like a spaCy
pipeline component it is registered by name and states what it produces, so a
user can add one for their own documents without editing the others::

    from kg.components import Component, register

    @register("my-family")
    class MyFamily(Component):
        produces = ("Panel",)
        def find_mentions(self, ctx):
            ...

Built-in families live in ``kg/extractors/``; their rules (patterns and cue
phrases, each with a sample sentence) live in ``kg/rules/<family>.yaml``.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import yaml

from kg.model import Document, Entity, Mention, Relation, Section, Sentence

RULES_DIR = Path(__file__).resolve().parent / "rules"


@dataclass(frozen=True)
class Context:
    """What a component may read: the normalised document, its sections and sentences,
    and the acronyms the text defines (``{"MASH": "multi-agency safeguarding hub"}``)."""

    document: Document
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    acronyms: Mapping[str, str] = field(default_factory=dict)


class Component:
    """Base class of an extractor component."""

    name: ClassVar[str] = ""
    produces: ClassVar[tuple[str, ...]] = ()  # class / property local names it can emit

    def find_mentions(self, ctx: Context) -> Iterable[Mention]:
        return ()

    def find_relations(self, ctx: Context, entities: Sequence[Entity]) -> Iterable[Relation]:
        return ()


_REGISTRY: dict[str, type[Component]] = {}


def register(name: str) -> Callable[[type[Component]], type[Component]]:
    """Class decorator registering a component under ``name``."""

    def deco(cls: type[Component]) -> type[Component]:
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise ValueError(f"component {name!r} is already registered")
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return deco


@functools.cache
def _load_builtin() -> None:
    """Import the built-in families (once: the pipeline asks for its components per report)."""
    import kg.extractors as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"kg.extractors.{info.name}")


def registered() -> list[str]:
    """Names of all registered components, sorted."""
    _load_builtin()
    return sorted(_REGISTRY)


_INSTANCES: dict[str, Component] = {}


def components(names: Sequence[str] | None = None) -> list[Component]:
    """Instances of the named components (all registered ones by default), in name order.

    A component compiles its rules once, when first instantiated, and is then
    reused for every report: components must keep no per-report state.
    """
    _load_builtin()
    chosen = sorted(_REGISTRY) if names is None else list(names)
    unknown = [n for n in chosen if n not in _REGISTRY]
    if unknown:
        raise KeyError(
            f"unknown component(s): {', '.join(unknown)}; known: {', '.join(sorted(_REGISTRY))}"
        )
    for n in chosen:
        if type(_INSTANCES.get(n)) is not _REGISTRY[n]:
            _INSTANCES[n] = _REGISTRY[n]()
    return [_INSTANCES[n] for n in chosen]


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~20x faster


@functools.cache
def _read_rules(path: str) -> tuple:
    with open(path, encoding="utf-8") as fh:
        return (yaml.load(fh, Loader=_YAML_LOADER) or [],)


def load_rules(family: str) -> list[dict]:
    """The rules of one family from ``kg/rules/<family>.yaml`` (a list of mappings,
    each with at least ``id`` and ``sample``). Read once per process."""
    path = RULES_DIR / f"{family}.yaml"
    data = _read_rules(str(path))[0]
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of rules")
    return data

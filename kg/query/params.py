"""Turn ``--param key=value`` strings into RDF terms.

A value written as an IRI (``<https://…>``, ``https://…`` or a known prefix such
as ``sgid:E09000026``) binds as that IRI. A parameter declared ``literal``
binds as a literal. Anything else is a label: it resolves to the nodes whose
``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel`` (or ``sg:gssCode``)
matches it case- and punctuation-insensitively, keeping those of the types
the parameter declares. The label index is itself a SPARQL query, so
resolution works on every backend.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kg.errors import InputError
from kg.namespaces import PREFIXES, normalise_label
from kg.query.backend import Select
from kg.query.catalogue import NamedQuery, Parameter

LABEL_QUERY = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX sg: <https://w3id.org/safeguarding-kg/ontology#>
SELECT DISTINCT ?node ?label ?type WHERE {
  ?node rdfs:label|skos:prefLabel|skos:altLabel|sg:gssCode ?label .
  OPTIONAL { ?node rdf:type/rdfs:subClassOf* ?type }
}"""


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``["board=LSCB", "?x=y"]`` -> ``{"board": "LSCB", "x": "y"}``."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"\w+", key):
            raise InputError(f"--param expects key=value, got '{pair}'")
        out[key] = value.strip()
    return out


def label_key(label: str) -> str:
    """The comparison key of a label: normalised, then without spaces or punctuation."""
    return re.sub(r"[\W_]+", "", normalise_label(label))


def as_iri(value: str) -> URIRef | None:
    """The IRI a value spells, or None when it is not written as an IRI."""
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        inner = value[1:-1]
        return URIRef(inner) if not re.search(r"[\s<>\"{}|^`\\]", inner) else None
    if re.fullmatch(r"https?://[^\s<>\"{}|^`\\]+", value):
        return URIRef(value)
    m = re.fullmatch(r"([a-z][\w-]*):([\w\-./]*)", value)
    if m and m.group(1) in PREFIXES:
        return URIRef(str(PREFIXES[m.group(1)]) + m.group(2))
    return None


def _short(term: Identifier) -> str:
    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)) and len(text) > len(str(ns)):
            return f"{prefix}:{text[len(str(ns)) :]}"
    return f"<{text}>"


@dataclass
class LabelIndex:
    """Labelled nodes of a backend: key -> nodes, node -> its labels and types."""

    by_key: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[URIRef, set[str]] = field(default_factory=lambda: defaultdict(set))
    types: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def build(cls, backend: Select) -> LabelIndex:
        index = cls()
        _, rows = backend(LABEL_QUERY, {})
        for node, label, type_ in rows:
            if not isinstance(node, URIRef) or label is None:
                continue
            index.by_key[label_key(str(label))].add(node)
            index.labels[node].add(str(label))
            if type_ is not None:
                index.types[node].add(type_)
        return index

    def acronyms(self) -> dict[str, set[str]]:
        """Acronym -> its expansions, from nodes labelled both ways ("CSE", "child sexual exploitation")."""
        out: dict[str, set[str]] = defaultdict(set)
        for labels in self.labels.values():
            for acronym in labels:
                if not re.fullmatch(r"[A-Z]{2,8}", acronym.strip()):
                    continue
                for other in labels:
                    words = normalise_label(other).split()
                    if "".join(w[0] for w in words) == acronym.strip().lower():
                        out[acronym.strip().lower()].add(" ".join(words))
        return out

    def _spellings(self, value: str) -> list[str]:
        """The value as given, then with acronyms written out ("CSE sub-group")."""
        expand = self.acronyms()
        options = [[w] + sorted(expand.get(w, ())) for w in normalise_label(value).split()]
        spellings = [" ".join(c) for c in itertools.islice(itertools.product(*options), 50)]
        return spellings or [value]

    def resolve(self, value: str, param: Parameter) -> list[URIRef]:
        """Nodes labelled ``value`` of one of the parameter's types, sorted; or InputError.

        An acronym in the value may stand for its expansion, as the graph spells it
        ("CSE sub-group" finds "child sexual exploitation sub-group").
        """
        key = label_key(value)
        wanted = set(param.types)
        found: list[URIRef] = []
        for spelling in self._spellings(value):
            nodes = sorted(self.by_key.get(label_key(spelling), ()))
            fits = [n for n in nodes if not wanted or self.types.get(n, set()) & wanted]
            if fits:
                return fits
            found = found or nodes
        raise InputError(self._miss_message(value, param, key, found))

    def _miss_message(self, value: str, param: Parameter, key: str, found: list[URIRef]) -> str:
        types = " or ".join(_short(t) for t in param.types) or "node"

        def kinds(node) -> str:
            types = self.types.get(node, set())
            own = sorted(_short(t) for t in types if str(t).startswith(str(PREFIXES["sg"])))
            return ", ".join(own or sorted(_short(t) for t in types)) or "untyped"

        parts = [f"{_short(node)} ({kinds(node)})" for node in found]  # right label, wrong type
        wanted = set(param.types)
        by_key: dict[str, set[str]] = defaultdict(set)
        for node, labels in self.labels.items():
            if not wanted or self.types.get(node, set()) & wanted:
                for lab in labels:
                    by_key[label_key(lab)].add(lab)
        keys = difflib.get_close_matches(key, sorted(by_key), n=5, cutoff=0.6)
        near = sorted({lab for k in keys for lab in by_key[k]}, key=str.lower)
        parts += [f"'{lab}'" for lab in near]
        hint = "near matches: " + "; ".join(parts) if parts else "no near matches"
        return f"no {types} labelled {value!r} for ?{param.name}; {hint}"


def bind_params(
    query: NamedQuery, values: Mapping[str, str], backend: Select
) -> dict[str, list[Identifier]]:
    """Each given parameter as the RDF terms it stands for (one or more candidates)."""
    unknown = sorted(set(values) - {p.name for p in query.parameters})
    if unknown:
        declared = ", ".join(f"?{p.name}" for p in query.parameters) or "none"
        raise InputError(
            f"query '{query.name}' has no parameter ?{unknown[0]} (parameters: {declared})"
        )
    missing = [p.name for p in query.parameters if not p.optional and p.name not in values]
    if missing:
        raise InputError(f"query '{query.name}' needs --param {missing[0]}=VALUE")
    bound: dict[str, list[Identifier]] = {}
    index: LabelIndex | None = None
    for param in query.parameters:
        if param.name not in values:
            continue
        value = values[param.name]
        if param.literal:
            bound[param.name] = [Literal(value, datatype=param.datatype)]
            continue
        iri = as_iri(value)
        if iri is not None:
            bound[param.name] = [iri]
            continue
        if index is None:
            index = LabelIndex.build(backend)
        bound[param.name] = list(index.resolve(value, param))
    return bound

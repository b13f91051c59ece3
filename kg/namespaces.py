"""Namespaces and the rules that mint stable IRIs.

IRIs are derived from stable keys only: the council's ONS GSS code, concept
ids and normalised names. Never from counters, timestamps or Python's
randomised ``hash``.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD


class _Vocabulary(Namespace):
    """A Namespace of a fixed vocabulary whose terms are made once: rdflib's Namespace
    makes a new URIRef (and checks it) at every ``SG.council``, and the pipeline asks
    for the same few dozen terms thousands of times per report."""

    def term(self, name: str) -> URIRef:
        return _vocabulary_term(self, name)


@functools.lru_cache(maxsize=4096)
def _vocabulary_term(namespace: Namespace, name: str) -> URIRef:
    return Namespace.term(namespace, name)


BASE = "https://w3id.org/safeguarding-kg/"
SG = _Vocabulary(BASE + "ontology#")  # classes and properties
ID = Namespace(BASE + "id/")  # instance data (not a fixed vocabulary: terms are not kept)
GRADE = _Vocabulary(BASE + "grade/")
AREA = _Vocabulary(BASE + "area/")
PRIORITY = _Vocabulary(BASE + "priority/")
REPORT_TYPE = _Vocabulary(BASE + "report-type/")
SCHEME = _Vocabulary(BASE + "scheme/")  # concept schemes: grades, areas, priorities, report-types
ONTOLOGY_GRAPH = URIRef(BASE + "ontology")

PREFIXES = {
    "sg": SG,
    "sgid": ID,
    "grade": GRADE,
    "area": AREA,
    "priority": PRIORITY,
    "rtype": REPORT_TYPE,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}


def bind_prefixes(graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def normalise_label(label: str) -> str:
    """Normalise a label the way spec/evaluation.md does.

    NFKC, lower case, apostrophes removed, hyphens and slashes read as spaces,
    white space collapsed, a leading "the", "a" or "an" dropped.
    """
    s = unicodedata.normalize("NFKC", label).lower()
    s = _APOSTROPHES.sub("", s)
    s = _DASHES.sub(" ", s)
    s = " ".join(s.split())
    return _LEADING_ARTICLE.sub("", s)


_APOSTROPHES = re.compile(r"[\u2018\u2019'`\u00b4]")
_DASHES = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014/]")
_LEADING_ARTICLE = re.compile(r"^(the|a|an) ")


def slug(text: str) -> str:
    """A readable IRI segment: normalised, ASCII, words joined by hyphens."""
    s = normalise_label(text)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x"


def class_slug(class_name: str) -> str:
    """``SubGroup`` -> ``sub-group``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", class_name).lower()


def stable_digest(*parts: object, length: int = 16) -> str:
    """A short deterministic digest of the parts (sha1; never Python's hash())."""
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


def council_iri(gss_code: str) -> URIRef:
    return ID[gss_code]


def entity_iri(gss_code: str, class_name: str, label: str) -> URIRef:
    """An entity of one council: ``id/E09000026/sub-group/training``."""
    return ID[f"{gss_code}/{class_slug(class_name)}/{slug(label)}"]


def inspection_iri(gss_code: str, date: str) -> URIRef:
    """One inspection, keyed by its first day (or publication date when undated).

    ``id/E09000026/inspection/2016-09-12``
    """
    return ID[f"{gss_code}/inspection/{date}"]


def report_iri(inspection: URIRef) -> URIRef:
    """The published report (the source document) of an inspection; also its named graph."""
    return URIRef(str(inspection) + "/report")


def sentence_iri(report: URIRef, start: int, end: int) -> URIRef:
    return URIRef(f"{report}/sentence/{start}-{end}")


def section_iri(report: URIRef, kind: str, start: int) -> URIRef:
    return URIRef(f"{report}/section/{kind}-{start}")


def judgement_iri(inspection: URIRef, area: str) -> URIRef:
    return URIRef(f"{inspection}/judgement/{area}")


def recommendation_iri(inspection: URIRef, start: int) -> URIRef:
    return URIRef(f"{inspection}/recommendation/{start}")


def statement_iri(report: URIRef, s: URIRef, p: URIRef, o: URIRef, sentence_start: int) -> URIRef:
    return URIRef(f"{report}/statement/{stable_digest(s, p, o, sentence_start)}")

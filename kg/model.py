"""Plain data passed between pipeline stages.

Every type is a frozen dataclass. Offsets are character offsets into
``Document.text`` (the normalised text), half-open ``[start, end)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TextBox:
    """A run of text on a PDF page with its position (points, origin bottom-left)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Document:
    """A loaded report: its raw extracted text and the normalised text stages read."""

    path: str  # the path as given by the user
    name: str  # file name only (used in provenance; never an absolute path)
    kind: str  # "pdf" or "text"
    raw_text: str
    text: str = ""  # normalised text; filled by kg.normalise
    pages: int = 0
    boxes: tuple[TextBox, ...] = ()  # positioned text of the first pages (PDF only)
    sha256: str = ""


@dataclass(frozen=True)
class Section:
    """A titled part of the report (summary, recommendations, a judgement area, the LSCB)."""

    kind: str  # e.g. "front", "summary", "recommendations", "help-and-protection", "lscb"
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    section: str  # Section.kind of the enclosing section


@dataclass(frozen=True)
class Mention:
    """A candidate entity mention found in a sentence."""

    start: int
    end: int
    text: str  # surface text as it stands in Document.text
    type: str  # class local name from the vocabulary, e.g. "SubGroup"
    label: str  # canonical label, e.g. "child sexual exploitation sub-group"
    sentence: int  # Sentence.index
    rule: str  # id of the rule that found it
    aliases: tuple[str, ...] = ()  # other names for the same thing (e.g. its acronym)


@dataclass(frozen=True)
class Entity:
    """A resolved entity: all mentions of one thing in one report."""

    key: str  # stable key: normalised canonical label
    type: str
    label: str
    alt_labels: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Relation:
    """A relation between two entities (by key), or an entity and a priority concept id."""

    subject: str
    predicate: str  # property local name from the vocabulary, e.g. "chairs"
    object: str
    sentence: int
    rule: str
    start: int = -1  # span of the cue in the text, when known
    end: int = -1
    since: str = ""  # "2014" or "2014-04": from when, for commissions / providedBy


@dataclass(frozen=True)
class Judgement:
    area: str  # concept id from the area scheme, e.g. "help-and-protection"
    grade: str  # concept id from the grade scheme, e.g. "requires-improvement"
    start: int = -1  # evidence span in Document.text
    end: int = -1


@dataclass(frozen=True)
class Recommendation:
    text: str
    addressed_to: str  # "la" or "lscb" (or "partnership")
    start: int
    end: int
    area: str = ""  # judgement area the recommendation sits under, when known


@dataclass(frozen=True)
class ReportFacts:
    council: str  # council display name as matched in kg/data/councils.csv
    gss_code: str
    report_type: str  # concept id of the report-type scheme
    start_date: str | None = None  # ISO yyyy-mm-dd
    end_date: str | None = None
    published: str | None = None
    judgements: tuple[Judgement, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """Everything the pipeline found in one report, ready for kg.assemble."""

    document: Document
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    facts: ReportFacts
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = field(default=())

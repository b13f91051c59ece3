"""How each kind of body and each relation is drawn, shared by the SVG and the HTML.

Kinds are keyed by ontology class local names. A node's kind is the nearest
class with a style among its types and their super-classes (``rdfs:subClassOf*``
read from the ontology), so a new subclass in the ontology is drawn like its
parent without any change here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str  # ontology class local name, or "Other"
    title: str  # legend text
    dot_shape: str
    cy_shape: str  # Cytoscape.js node shape
    fill: str
    border: str
    bold: bool = False  # thick outline (top bodies, posts)


# Legend order: the order a newcomer reads a structure, top posts first.
KINDS: tuple[Kind, ...] = (
    Kind("Post", "Post (a role)", "ellipse", "ellipse", "#ffffff", "#1f1f1f", True),
    Kind("LocalAuthority", "Council", "house", "pentagon", "#d9d2e9", "#4c3d7a", True),
    Kind(
        "SafeguardingChildrenBoard",
        "Safeguarding board",
        "box",
        "round-rectangle",
        "#9fc5e8",
        "#0b3d78",
        True,
    ),
    Kind(
        "SafeguardingPartnership",
        "Safeguarding partnership",
        "box",
        "round-rectangle",
        "#9fc5e8",
        "#0b3d78",
        True,
    ),
    Kind("Board", "Other board", "box", "round-rectangle", "#cfe2f3", "#1c4587"),
    Kind("ExecutiveGroup", "Executive group", "box", "round-rectangle", "#93c47d", "#274e13", True),
    Kind("SubGroup", "Sub-group", "box", "round-rectangle", "#d9ead3", "#38761d"),
    Kind("Panel", "Panel / conference", "hexagon", "hexagon", "#fff2cc", "#bf9000"),
    Kind(
        "MultiAgencySafeguardingHub",
        "MASH (front door)",
        "doubleoctagon",
        "concave-hexagon",
        "#f4cccc",
        "#990000",
        True,
    ),
    Kind("Service", "Service or team", "component", "rectangle", "#fce5cd", "#b45f06"),
    Kind("Provider", "Provider", "cylinder", "barrel", "#ead1dc", "#741b47"),
    Kind("PartnerAgency", "Partner agency", "parallelogram", "rhomboid", "#eeeeee", "#434343"),
    Kind(
        "ParticipationGroup", "Children's voice group", "octagon", "octagon", "#d0e0e3", "#134f5c"
    ),
    Kind("Document", "Document", "note", "tag", "#fffbea", "#7f6000"),
    Kind("Priority", "Priority theme", "tab", "round-tag", "#f3f3f3", "#666666"),
    Kind("Other", "Other", "box", "rectangle", "#ffffff", "#999999"),
)
KIND_BY_KEY = {k.key: k for k in KINDS}


@dataclass(frozen=True)
class Relation:
    key: str  # property local name (forward direction)
    label: str  # short edge label
    colour: str
    style: str  # solid, dashed, dotted
    width: float
    upward: bool  # True: the subject sits below the object (child -> parent)


# Order is also the order relations are listed in the side panel.
RELATIONS: tuple[Relation, ...] = (
    Relation("holdsToAccount", "holds to account", "#cc0000", "solid", 2.2, False),
    Relation("chairs", "chairs", "#1c4587", "solid", 2.2, False),
    Relation("leads", "leads", "#1c4587", "solid", 1.6, False),
    Relation("reportsTo", "reports to", "#000000", "solid", 1.6, True),
    Relation("subOrganizationOf", "part of", "#38761d", "solid", 1.4, True),
    Relation("memberOf", "member of", "#666666", "dashed", 1.0, True),
    Relation("embeddedIn", "embedded in", "#990000", "dashed", 1.2, True),
    Relation("commissions", "commissions", "#741b47", "dashed", 1.4, False),
    Relation("providedBy", "provided by", "#741b47", "dashed", 1.4, False),
    Relation("partyTo", "party to", "#7f6000", "dotted", 1.2, False),
    Relation("publishes", "publishes", "#7f6000", "dotted", 1.0, False),
    Relation("addressesPriority", "addresses", "#999999", "dotted", 1.0, False),
)
RELATION_BY_KEY = {r.key: r for r in RELATIONS}

# Inverse properties (vocabulary.md) read as the forward one with ends swapped.
INVERSES = {
    "chairedBy": "chairs",
    "ledBy": "leads",
    "accountableTo": "holdsToAccount",
    "commissionedBy": "commissions",
    "provides": "providedBy",
}

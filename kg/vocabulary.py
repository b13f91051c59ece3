"""The core vocabulary's names (spec/vocabulary.md), for code that needs them as data.

The ontology (ontology/safeguarding.ttl) is the authority; tests check that
every name here is declared there, so the two cannot drift apart.
"""

from __future__ import annotations

BOARD_TYPES = frozenset(
    {
        "Board",
        "SafeguardingChildrenBoard",
        "SafeguardingPartnership",
        "AdultSafeguardingBoard",
        "HealthAndWellbeingBoard",
        "CommunitySafetyPartnership",
        "CorporateParentingBoard",
    }
)

# Judgement areas that have a section of their own in a report (not "overall" or "lscb",
# whose findings sit in the summary and in the LSCB review)
AREA_SECTION_KINDS = frozenset(
    {
        "help-and-protection",
        "looked-after-and-permanence",
        "adoption",
        "care-leavers",
        "in-care-and-care-leavers",
        "in-care",
        "leadership",
    }
)

CORE_CLASSES = (
    "LocalAuthority",
    "Board",
    "SafeguardingChildrenBoard",
    "SafeguardingPartnership",
    "AdultSafeguardingBoard",
    "HealthAndWellbeingBoard",
    "CommunitySafetyPartnership",
    "CorporateParentingBoard",
    "SubGroup",
    "ExecutiveGroup",
    "Panel",
    "Service",
    "Team",
    "MultiAgencySafeguardingHub",
    "Provider",
    "PartnerAgency",
    "ParticipationGroup",
    "Post",
    "Document",
    "Protocol",
    "Strategy",
    "Plan",
    "Report",
    "ThresholdDocument",
    "Priority",
    "Inspection",
    "Judgement",
    "Recommendation",
)

CORE_RELATIONS = (
    "subOrganizationOf",
    "reportsTo",
    "chairs",
    "leads",
    "holdsToAccount",
    "commissions",
    "providedBy",
    "embeddedIn",
    "memberOf",
    "partyTo",
    "publishes",
    "addressesPriority",
)

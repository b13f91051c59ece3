"""Acceptance of issue 3 on the graph of the seed report (Redbridge 2016).

Skips until kg.pipeline.build_graph can build the seed report."""

from __future__ import annotations

import pytest
from conftest import SEED_TEXT, needs_shared

from kg.analyse import analyse
from kg.namespaces import normalise_label
from kg.query import graph_backend, run_query
from kg.resources import ontology_files

pytestmark = needs_shared()

INJECTION = 'x" } ; DROP ALL ; #'
CSE_SUBGROUP = {
    "child sexual exploitation sub-group",
    "cse sub-group",
    "child sexual exploitation subgroup",
    "child sexual exploitation",
}
EXECUTIVE = {"executive group", "lscb executive group"}
LSCB = {
    "local safeguarding children board",
    "lscb",
    "redbridge lscb",
    "redbridge local safeguarding children board",
}
LSCB_CHAIR = {
    "lscb chair",
    "chair of the lscb",
    "independent chair of the lscb",
    "chair of the local safeguarding children board",
    "lscb independent chair",
}
CHIEF_EXECUTIVE = {"chief executive", "chief executive officer"}
SUBGROUPS = [
    {"training sub-group", "training subgroup", "training"},
    {
        "learning and improvement sub-group",
        "learning and improvement subgroup",
        "learning and improvement",
    },
    CSE_SUBGROUP,
    {"child death overview panel", "cdop"},
]


def norm(labels) -> set[str]:
    return {normalise_label(str(x)) for x in labels if x is not None}


def is_(label, names) -> bool:
    return label is not None and normalise_label(str(label)) in norm(names)


@pytest.fixture(scope="module")
def seed():
    try:
        from kg.pipeline import build_graph
    except Exception as exc:  # noqa: BLE001 - the pipeline is the lead's, built in parallel
        pytest.skip(f"kg.pipeline.build_graph is not usable yet: {exc}")
    graph = build_graph(str(SEED_TEXT))
    for path in ontology_files():
        graph.parse(path)
    return graph_backend(graph)


def rows_of(seed, name, params):
    variables, rows = run_query(name, seed, params)
    return [dict(zip(variables, row, strict=True)) for row in rows]


def test_seed_accountability_chain_runs_from_cse_subgroup_to_chief_executive(seed):
    rows = rows_of(seed, "accountability-chain", {"start": "CSE sub-group"})
    by_node = {r["node"]: r for r in rows}
    top = [r for r in rows if is_(r["nodeLabel"], CHIEF_EXECUTIVE)]
    assert top, "the chain does not reach the chief executive"
    chain, node = [], top[0]["node"]
    while node is not None:
        chain.append(by_node[node]["nodeLabel"])
        node = by_node[node]["from"]
    chain.reverse()
    expected = [CSE_SUBGROUP, EXECUTIVE, LSCB, LSCB_CHAIR, CHIEF_EXECUTIVE]
    assert len(chain) == 5 and all(
        is_(lab, names) for lab, names in zip(chain, expected, strict=True)
    ), chain
    assert int(top[0]["depth"]) == 4


def test_seed_board_structure_of_lscb_lists_executive_group_and_four_subgroups(seed):
    units = [r["unitLabel"] for r in rows_of(seed, "board-structure", {"board": "LSCB"})]
    for names in [EXECUTIVE] + SUBGROUPS:
        assert any(is_(u, names) for u in units), (min(names), units)


def test_seed_commissioned_services_include_leaving_care_and_national_charity(seed):
    rows = rows_of(seed, "commissioned-services", {})
    assert any(
        is_(
            r["serviceLabel"], {"leaving care service", "leaving care team", "care leavers service"}
        )
        and is_(r["providerLabel"], {"national charity"})
        for r in rows
    ), [(r["serviceLabel"], r["providerLabel"]) for r in rows]


def test_seed_protocols_lists_both_protocols_with_their_parties(seed):
    rows = rows_of(seed, "protocols", {})
    parties: dict[str, set[str]] = {}
    for r in rows:
        if str(r["role"]) == "party":
            parties.setdefault(normalise_label(str(r["protocolLabel"])), set()).add(
                normalise_label(str(r["memberLabel"]))
            )
    inter = parties.get("inter board governance protocol", set())
    joint = parties.get("joint working protocol", set())
    assert norm(["Health and Wellbeing Board"]) & inter or norm(["HWB"]) & inter, parties
    assert any(p in inter for p in norm(LSCB)) and any(p in joint for p in norm(LSCB)), parties
    assert (
        norm(["community safety partnership", "community safety partnership board", "CSP"]) & joint
    ), parties
    assert norm(["Adult Safeguarding Board"]) & inter, parties


def test_seed_injection_value_returns_no_rows(seed):
    assert run_query("judgements", seed, {"gssCode": INJECTION})[1] == []


def test_seed_analyse_lists_no_cycles(seed):
    _, rows = analyse(seed)
    assert [r for r in rows if str(r[2]) == "cycle"] == []

"""kg.query: loading, parameters, label resolution, walks and output formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.errors import InputError
from kg.namespaces import ID, SG
from kg.query import (
    as_iri,
    bind_params,
    find_query,
    graph_backend,
    label_key,
    load_graph,
    parse_params,
    parse_query,
    render,
    run_query,
    select,
)
from kg.query.walk import longest_depths

DATA = Path(__file__).parent / "data" / "queries"
GRAPH = DATA / "two-councils.ttl"
MIN_ONTOLOGY = DATA / "ontology-min.ttl"
INJECTION = 'x" } ; DROP ALL ; #'
LSCB = ID["E09000026/safeguarding-children-board/local-safeguarding-children-board"]
CSE = ID["E09000026/sub-group/child-sexual-exploitation-sub-group"]


@pytest.fixture(scope="module")
def graph():
    return load_graph([GRAPH, MIN_ONTOLOGY], include_ontology=False)


@pytest.fixture(scope="module")
def backend(graph):
    return graph_backend(graph)


def test_load_graph_merges_files_of_every_format(tmp_path, graph):
    nq = tmp_path / "part.nq"
    nq.write_text(f"<{LSCB}> <{SG.reportsTo}> <{ID['x']}> <{ID['g']}> .\n", encoding="utf-8")
    merged = load_graph([GRAPH, MIN_ONTOLOGY, nq], include_ontology=False)
    assert len(merged) == len(graph) + 1


def test_load_graph_names_the_file_it_cannot_read(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl: cannot parse as turtle"):
        load_graph([bad], include_ontology=False)
    with pytest.raises(InputError, match="unknown RDF file extension"):
        load_graph([tmp_path / "x.csv"], include_ontology=False)


def test_parse_query_reads_typed_literal_and_optional_parameters():
    query = find_query("judgements")
    council, gss = query.parameters
    assert council.types == (SG.LocalAuthority,) and council.optional and not council.literal
    assert gss.literal and gss.optional and gss.types == ()
    chain = find_query("accountability-chain")
    assert chain.walk == ("start", "to") and not chain.parameters[0].optional


def test_parse_query_rejects_a_file_without_a_question(tmp_path):
    rq = tmp_path / "x.rq"
    rq.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(InputError, match="no '# Question:' header"):
        parse_query(rq)


def test_find_query_suggests_a_near_name():
    with pytest.raises(InputError, match="did you mean board-structure"):
        find_query("board-structur")


def test_parse_params_splits_on_the_first_equals_sign():
    assert parse_params(["board=LSCB", "?x=a=b"]) == {"board": "LSCB", "x": "a=b"}
    with pytest.raises(InputError, match="key=value"):
        parse_params(["novalue"])


def test_as_iri_reads_angle_brackets_urls_and_known_prefixes():
    assert as_iri("<https://example.org/a>") == URIRef("https://example.org/a")
    assert as_iri("sgid:E09000026") == ID["E09000026"]
    assert as_iri("https://example.org/b") == URIRef("https://example.org/b")
    assert as_iri("CSE sub-group") is None
    assert as_iri(INJECTION) is None
    assert as_iri("<x> } DROP ALL { <y>") is None


def test_label_key_ignores_case_punctuation_and_spacing():
    assert label_key("CSE sub-group") == label_key("cse subgroup") == label_key("C.S.E. Sub Group")
    assert label_key("The LSCB") == label_key("lscb")


def test_bind_params_resolves_a_label_to_the_declared_type(backend):
    bound = bind_params(find_query("accountability-chain"), {"start": "cse SUBGROUP"}, backend)
    assert bound == {"start": [CSE]}


def test_bind_params_reads_an_acronym_as_the_graph_spells_it_out(backend):
    bound = bind_params(find_query("evidence"), {"entity": "CSE strategy"}, backend)
    assert bound == {"entity": [ID["E09000026/strategy/child-sexual-exploitation-strategy"]]}


def test_bind_params_keeps_every_node_of_an_ambiguous_label(backend):
    bound = bind_params(find_query("board-structure"), {"board": "LSCB"}, backend)
    assert bound["board"] == sorted(
        [LSCB, ID["E09000003/safeguarding-children-board/local-safeguarding-children-board"]]
    )


def test_bind_params_lists_near_matches_when_no_label_fits(backend):
    with pytest.raises(InputError) as err:
        bind_params(
            find_query("board-structure"), {"board": "Local Safeguarding Childrens Board"}, backend
        )
    assert str(err.value) == (
        "no sg:Board labelled 'Local Safeguarding Childrens Board' for ?board; "
        "near matches: 'Barnet Safeguarding Children Board'; 'Local Safeguarding Children Board'"
    )


def test_bind_params_names_the_type_of_a_label_on_the_wrong_kind_of_node(backend):
    with pytest.raises(
        InputError, match=r"near matches: sgid:E09000026/post/lscb-chair \(sg:Post\);"
    ):
        bind_params(find_query("board-structure"), {"board": "LSCB chair"}, backend)


def test_bind_params_rejects_unknown_and_missing_parameters(backend):
    with pytest.raises(InputError, match="has no parameter \\?colour"):
        bind_params(find_query("board-structure"), {"colour": "red"}, backend)
    with pytest.raises(InputError, match="needs --param board=VALUE"):
        bind_params(find_query("board-structure"), {}, backend)


def test_injection_value_bound_as_a_term_matches_nothing_and_changes_nothing(graph, backend):
    before = len(graph)
    assert run_query("judgements", backend, {"gssCode": INJECTION})[1] == []
    for name in ("board-structure", "accountability-chain", "evidence"):
        query = find_query(name)
        variables, rows = select(graph, query.text, {query.parameters[0].name: Literal(INJECTION)})
        assert variables and rows == []
    assert len(graph) == before


def test_injection_value_as_a_label_is_a_one_line_input_error(backend):
    with pytest.raises(InputError) as err:
        run_query("board-structure", backend, {"board": INJECTION})
    assert "\n" not in str(err.value) and "no near matches" in str(err.value)


def test_select_refuses_anything_but_select(graph):
    with pytest.raises(InputError, match="cannot run query"):
        select(graph, "DROP ALL", {})
    with pytest.raises(InputError, match="only SELECT"):
        select(graph, "ASK { ?s ?p ?o }", {})


def test_longest_depths_prefers_the_long_way_round_and_ignores_cycles():
    edges = {"a": [("b", "r"), ("c", "s")], "b": [("c", "r")], "c": [("a", "r"), ("d", "r")]}
    depths = longest_depths(edges, "a")
    assert depths == {
        "a": (0, None, ""),
        "b": (1, "a", "r"),
        "c": (2, "b", "r"),
        "d": (3, "c", "r"),
    }


def test_walk_starts_anywhere_on_the_chain(backend):
    _, rows = run_query("accountability-chain", backend, {"start": "LSCB chair"})
    assert [(int(r[0]), str(r[2])) for r in rows] == [(0, "LSCB chair"), (1, "chief executive")]


def test_render_csv_quotes_and_defuses_formulas():
    rows = [(Literal("=HYPERLINK(1)"), Literal('a, "b"')), (URIRef("https://x.org/a"), None)]
    assert render(["a", "b"], rows, "csv") == (
        'a,b\r\n\'=HYPERLINK(1),"a, ""b"""\r\nhttps://x.org/a,\r\n'
    )


def test_render_tsv_keeps_each_row_on_one_line():
    assert render(["a"], [(Literal("one\ntwo\tthree"),)], "tsv") == "a\none two three\n"


def test_render_json_gives_numbers_as_numbers_and_unbound_as_null():
    rows = [(Literal(3), URIRef("https://x.org/a"), None)]
    assert json.loads(render(["n", "x", "y"], rows, "json")) == [
        {"n": 3, "x": "https://x.org/a", "y": None}
    ]


def test_render_table_shows_labels_in_place_of_iris():
    rows = [(LSCB, Literal("LSCB"), SG.Board)]
    assert render(["board", "boardLabel", "type"], rows, "table") == (
        "board  type\n-----  --------\nLSCB   sg:Board\n"
    )

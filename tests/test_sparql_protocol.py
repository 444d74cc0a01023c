"""The SPARQL 1.1 Protocol at /sparql: methods, every format parsed by a real parser,
content negotiation, the service description, CORS, gzip and HEAD."""

from __future__ import annotations

import gzip
import io
import json
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.compare import isomorphic
from rdflib.query import Result
from sparql_support import BASE, fixture_app

EX = rdflib.Namespace("http://example.org/")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
ALICE, BOB, BAKU = (rdflib.URIRef(f"{BASE}id/{n}") for n in ("alice", "bob", "baku"))

SELECT = "SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name } ORDER BY ?name"
EXPECTED_ROWS = [
    (ALICE, rdflib.Literal("Alice")),
    (BAKU, rdflib.Literal("Bakı", lang="az")),
    (BOB, rdflib.Literal("Боб", lang="ru")),
]
CONSTRUCT = (
    "CONSTRUCT { ?s <http://example.org/name> ?n } WHERE { ?s <http://example.org/name> ?n }"
)


def parse_rdf(data: bytes, parser: str) -> rdflib.Graph:
    """Parse any RDF format with rdflib; quads formats are flattened to their triples."""
    dataset = rdflib.Dataset()
    with warnings.catch_warnings():  # rdflib 7.6's JSON-LD and Dataset parsers use its
        warnings.simplefilter("ignore", DeprecationWarning)  # own deprecated classes
        dataset.parse(data=data, format=parser)
    graph = rdflib.Graph()
    for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
        graph.add((subject, predicate, obj))
    return graph


def expected_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for subject, name in EXPECTED_ROWS:
        graph.add((subject, EX.name, name))
    return graph


# --- the three ways to send a query -------------------------------------------------


def test_get_post_form_and_post_direct_give_the_same_answer(sparql: FlaskClient) -> None:
    by_get = sparql.get("/sparql", query_string={"query": SELECT})
    by_form = sparql.post("/sparql", data={"query": SELECT})
    by_body = sparql.post("/sparql", data=SELECT, content_type="application/sparql-query")
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert by_get.data == by_form.data == by_body.data
    rows = Result.parse(io.BytesIO(by_get.data), format="json")
    assert [(r.s, r.name) for r in rows] == EXPECTED_ROWS  # type: ignore[union-attr]


def test_form_is_decoded_exactly_once(sparql: FlaskClient) -> None:
    """'50%41' in a query must reach the engine as '50%41', not '50A'."""
    query = 'SELECT ?x WHERE { BIND("50%41 + 1" AS ?x) }'
    body = "query=" + quote(query, safe="")
    response = sparql.post("/sparql", data=body, content_type="application/x-www-form-urlencoded")
    assert json.loads(response.data)["results"]["bindings"][0]["x"]["value"] == "50%41 + 1"


def test_relative_iris_in_the_data_resolve_against_the_base(sparql: FlaskClient) -> None:
    query = f"ASK {{ <{BASE}id/alice> <http://example.org/knows> <{BASE}id/bob> }}"
    response = sparql.get("/sparql", query_string={"query": query})
    assert json.loads(response.data)["boolean"] is True


def test_default_graph_is_the_union_of_the_named_graphs(sparql: FlaskClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }"
    response = sparql.get("/sparql", query_string={"query": query})
    assert json.loads(response.data)["results"]["bindings"][0]["n"]["value"] == "7"


def test_union_default_graph_can_be_turned_off() -> None:
    with fixture_app(UNION_DEFAULT_GRAPH=False) as app:
        response = app.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
        assert json.loads(response.data)["boolean"] is False  # all data is in named graphs


# --- result formats, each read back by a real parser -----------------------------------


@pytest.mark.parametrize(
    ("accept", "parser", "media_type"),
    [
        ("application/sparql-results+json", "json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "tsv", "text/tab-separated-values"),
    ],
)
def test_select_in_each_typed_results_format(
    sparql: FlaskClient, accept: str, parser: str, media_type: str
) -> None:
    response = sparql.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == media_type
    rows = Result.parse(io.BytesIO(response.data), format=parser)
    assert [(r.s, r.name) for r in rows] == EXPECTED_ROWS  # type: ignore[union-attr]


def test_select_in_csv(sparql: FlaskClient) -> None:
    response = sparql.get("/sparql", query_string={"query": SELECT, "format": "csv"})
    assert response.mimetype == "text/csv"
    rows = Result.parse(io.BytesIO(response.data), format="csv")
    assert [(str(r.s), str(r.name)) for r in rows] == [  # type: ignore[union-attr]
        (str(s), str(n)) for s, n in EXPECTED_ROWS
    ]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_ask_in_json_and_xml(sparql: FlaskClient, fmt: str) -> None:
    for query, expected in (("ASK { ?s a ?t }", True), ("ASK { ?s <http://nothing/> ?o }", False)):
        response = sparql.get("/sparql", query_string={"query": query, "format": fmt})
        assert Result.parse(io.BytesIO(response.data), format=fmt).askAnswer is expected


@pytest.mark.parametrize(
    ("accept", "parser"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-quads", "nquads"),
        ("application/trig", "trig"),
    ],
)
def test_construct_in_each_rdf_format(sparql: FlaskClient, accept: str, parser: str) -> None:
    response = sparql.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == accept
    assert isomorphic(parse_rdf(response.data, parser), expected_graph())


def test_describe_names_the_resource(sparql: FlaskClient) -> None:
    response = sparql.get("/sparql", query_string={"query": f"DESCRIBE <{BASE}id/bob>"})
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    assert (BOB, EX.age, rdflib.Literal(25)) in graph


# --- content negotiation ------------------------------------------------------------------

NEGOTIATION = [
    # (Accept header, format parameter, media type for SELECT, media type for CONSTRUCT)
    (None, None, "application/sparql-results+json", "text/turtle"),
    ("*/*", None, "application/sparql-results+json", "text/turtle"),
    ("application/json", None, "application/sparql-results+json", "application/ld+json"),
    ("application/xml", None, "application/sparql-results+xml", "application/rdf+xml"),
    (
        "text/csv;q=0.5, application/sparql-results+xml",
        None,
        "application/sparql-results+xml",
        None,
    ),
    ("text/csv, application/sparql-results+xml;q=0.5", None, "text/csv", None),
    ("text/turtle;q=0.9, application/n-triples", None, None, "application/n-triples"),
    ("text/plain", None, None, "application/n-triples"),
    ("text/html, */*;q=0.1", None, "application/sparql-results+json", "text/turtle"),
    ("text/turtle", "tsv", "text/tab-separated-values", None),
    ("application/sparql-results+json", "nt", None, "application/n-triples"),
    (None, "json", "application/sparql-results+json", "application/ld+json"),
    (None, "application/rdf+xml", None, "application/rdf+xml"),
    (None, "trig", None, "application/trig"),
]


@pytest.mark.parametrize(("accept", "fmt", "for_select", "for_construct"), NEGOTIATION)
def test_content_negotiation_table(
    sparql: FlaskClient,
    accept: str | None,
    fmt: str | None,
    for_select: str | None,
    for_construct: str | None,
) -> None:
    headers = {"Accept": accept} if accept else {}
    for query, expected in ((SELECT, for_select), (CONSTRUCT, for_construct)):
        params = {"query": query, **({"format": fmt} if fmt else {})}
        response = sparql.get("/sparql", query_string=params, headers=headers)
        if expected is None:
            assert response.status_code == 406, (accept, fmt, query)
        else:
            assert response.status_code == 200, response.data
            assert response.mimetype == expected
            assert "Accept" in response.vary


def test_406_lists_what_is_offered(sparql: FlaskClient) -> None:
    response = sparql.get(
        "/sparql", query_string={"query": SELECT}, headers={"Accept": "image/png"}
    )
    assert response.status_code == 406
    text = response.get_data(as_text=True)
    assert "image/png" in text
    for media in ("application/sparql-results+json", "text/csv", "text/turtle"):
        assert media in text


def test_406_for_a_construct_names_its_kind(sparql: FlaskClient) -> None:
    response = sparql.get("/sparql", query_string={"query": CONSTRUCT, "format": "csv"})
    assert response.status_code == 406
    assert "CONSTRUCT and DESCRIBE results cannot be given as format='csv'" in response.text


# --- GET without a query --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "parser"),
    [(None, "turtle"), ("text/turtle", "turtle"), ("application/ld+json", "json-ld")],
)
def test_service_description(sparql: FlaskClient, accept: str | None, parser: str) -> None:
    response = sparql.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    graph = parse_rdf(response.data, parser)
    endpoint = rdflib.URIRef("http://localhost/sparql")
    assert (endpoint, SD.endpoint, endpoint) in graph
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (endpoint, SD.feature, SD.UnionDefaultGraph) in graph
    names = set(graph.objects(None, SD.name))
    assert rdflib.URIRef(f"{BASE}graph/people") in names


def test_browser_gets_the_query_page(sparql: FlaskClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = sparql.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "<form" in response.text
    assert "Accept" in response.vary


# --- HEAD, CORS, gzip -----------------------------------------------------------------------


def test_head_answers_headers_only(sparql: FlaskClient) -> None:
    got = sparql.get("/sparql", query_string={"query": SELECT})
    head = sparql.head("/sparql", query_string={"query": SELECT})
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["Content-Type"] == got.headers["Content-Type"]
    assert head.headers["Content-Length"] == got.headers["Content-Length"]


def test_cors_on_answers_and_errors(sparql: FlaskClient) -> None:
    for response in (
        sparql.get("/sparql", query_string={"query": SELECT}),
        sparql.get("/sparql", query_string={"query": "ASK {"}),
        sparql.get("/sparql"),
    ):
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight(sparql: FlaskClient) -> None:
    response = sparql.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"] == "content-type"


def test_gzip_when_accepted(sparql: FlaskClient) -> None:
    query = "SELECT * WHERE { ?s ?p ?o }"
    plain = sparql.get("/sparql", query_string={"query": query})
    zipped = sparql.get(
        "/sparql", query_string={"query": query}, headers={"Accept-Encoding": "gzip, br"}
    )
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert "Accept-Encoding" in zipped.vary


def test_data_files_in_every_rdf_format(tmp_path: Path) -> None:
    """--data reads Turtle, N-Triples, N-Quads, TriG and JSON-LD; relative IRIs take the base."""
    files = {
        "a.ttl": "<id/a> <http://example.org/p> 1 .",
        "b.nt": f'<{BASE}id/b> <http://example.org/p> "2" .',
        "c.nq": f'<{BASE}id/c> <http://example.org/p> "3" <{BASE}graph/c> .',
        "d.trig": "<graph/d> { <id/d> <http://example.org/p> 4 }",
        "e.jsonld": json.dumps({"@id": "id/e", "http://example.org/p": 5}),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with fixture_app(DATA_FILES=[str(tmp_path / name) for name in files]) as app:
        query = "SELECT ?s WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s"
        response = app.test_client().get("/sparql", query_string={"query": query})
        subjects = [b["s"]["value"] for b in json.loads(response.data)["results"]["bindings"]]
        assert subjects == [f"{BASE}id/{x}" for x in "abcde"]

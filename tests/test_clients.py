"""Real SPARQL clients against a live server on 127.0.0.1: SPARQLWrapper and rdflib's
SPARQLStore. Plus the statement graph itself, through the endpoint."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from sparql_support import BASE, fixture_app, live_server
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

EX = rdflib.Namespace("http://example.org/")
SELECT = "SELECT ?name WHERE { ?s <http://example.org/name> ?name } ORDER BY ?name"
NAMES = ["Alice", "Bakı", "Боб"]


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with fixture_app() as app, live_server(app) as url:
        yield f"{url}/sparql"


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_json(endpoint: str, method: str) -> None:
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setMethod(method)
    wrapper.setQuery(SELECT)
    wrapper.setReturnFormat(JSON)
    result = wrapper.queryAndConvert()
    assert isinstance(result, dict)
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == NAMES


def test_sparqlwrapper_select_xml_and_csv(endpoint: str) -> None:
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(SELECT)
    wrapper.setReturnFormat(XML)
    document = wrapper.queryAndConvert()
    values = [node.firstChild.data for node in document.getElementsByTagName("literal")]  # type: ignore[union-attr]
    assert values == NAMES
    wrapper.setReturnFormat(CSV)
    text = wrapper.queryAndConvert()
    assert isinstance(text, bytes)
    assert text.decode().splitlines() == ["name", *NAMES]


def test_sparqlwrapper_ask_and_construct(endpoint: str) -> None:
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery("ASK { ?s a <http://example.org/Person> }")
    wrapper.setReturnFormat(JSON)
    assert wrapper.queryAndConvert()["boolean"] is True  # type: ignore[index]
    wrapper.setQuery("CONSTRUCT WHERE { ?s a <http://example.org/Person> }")
    wrapper.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=wrapper.queryAndConvert(), format="turtle")  # type: ignore[arg-type]
    assert set(graph.subjects()) == {
        rdflib.URIRef(f"{BASE}id/alice"),
        rdflib.URIRef(f"{BASE}id/bob"),
    }


def test_sparqlwrapper_reports_a_bad_query(endpoint: str) -> None:
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed, match="does not parse"):
        wrapper.query()


def test_rdflib_sparqlstore(endpoint: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(endpoint))
    rows = list(graph.query(SELECT))
    assert [str(row[0]) for row in rows] == NAMES  # type: ignore[index]
    alice = rdflib.URIRef(f"{BASE}id/alice")
    assert (alice, EX.age, rdflib.Literal(30)) in graph
    assert set(graph.objects(alice, EX.knows)) == {rdflib.URIRef(f"{BASE}id/bob")}
    graph.close()


def test_statement_graph_has_the_150_deaths_claim(client: FlaskClient) -> None:
    """Against the curated graph (the session app): a figure is a claim, never a fact."""
    query = """
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        ASK {
            ?claim rdf:predicate <https://w3id.org/yanvar/ontology#numberOfDeaths> ;
                   rdf:object "150"^^xsd:integer .
        }"""
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200
    assert json.loads(response.data)["boolean"] is True

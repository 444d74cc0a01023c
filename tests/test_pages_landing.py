"""The landing page and the dumps: counts, timeline, offline map, examples, downloads."""

from __future__ import annotations

import gzip
import re

import pyoxigraph as ox
import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, VOID


@pytest.fixture(scope="module")
def landing(pages_app: Flask) -> str:
    response = pages_app.test_client().get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_landing_counts_what_the_dataset_holds(landing: str) -> None:
    assert re.search(r"<strong>8</strong> claims", landing)
    assert re.search(r"<strong>2</strong> source documents", landing)
    assert re.search(r"<strong>2</strong> places", landing)


def test_landing_timeline_is_in_date_order(landing: str) -> None:
    timeline = landing.split('id="timeline"', 1)[1].split("</section>", 1)[0]
    assert timeline.index("19–20 January 1990") < timeline.index("March 1994")
    assert 'href="/claim/resolution-adopted"' in timeline


def test_landing_map_is_inline_svg_linking_each_place(landing: str) -> None:
    svg = landing.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert svg.count("<circle") == 2
    assert '<a href="/id/baku">' in svg and '<a href="/id/sumgait">' in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no tiles


def test_landing_examples_open_the_query_page(landing: str, pages_client: FlaskClient) -> None:
    links = re.findall(r'href="(/sparql\?q=[^"]+)"', landing)
    assert len(links) >= 5
    page = pages_client.get(links[0].replace("&amp;", "&"), headers={"Accept": "text/html"})
    assert page.status_code == 200


def test_landing_links_downloads_citation_and_wikidata(landing: str) -> None:
    assert 'href="/dumps/yanvar.nq"' in landing
    assert 'href="/.well-known/void"' in landing
    assert "https://w3id.org/yanvar/dataset" in landing
    assert "P973" in landing


def test_landing_is_cacheable(pages_client: FlaskClient) -> None:
    etag = pages_client.get("/").headers["ETag"]
    assert pages_client.get("/", headers={"If-None-Match": etag}).status_code == 304


def test_dumps_list_with_checksums(pages_client: FlaskClient) -> None:
    page = pages_client.get("/dumps/").get_data(as_text=True)
    assert 'href="/dumps/yanvar.nq"' in page
    sums = pages_client.get("/dumps/", headers={"Accept": "text/plain"}).get_data(as_text=True)
    assert re.search(r"^[0-9a-f]{64}  yanvar\.nq$", sums, re.MULTILINE)


def test_dump_is_cacheable_and_gzipped(pages_client: FlaskClient) -> None:
    with pages_client.get("/dumps/yanvar.nq") as plain:
        assert plain.status_code == 200
        assert plain.mimetype == "application/n-quads"
        etag, body = plain.headers["ETag"], plain.data
    with pages_client.get("/dumps/yanvar.nq", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304
    with pages_client.get("/dumps/yanvar.nq", headers={"Accept-Encoding": "gzip"}) as packed:
        assert packed.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert gzip.decompress(packed.data) == body
    assert pages_client.get("/dumps/nothing.nq").status_code == 404


def test_dump_is_isomorphic_to_the_endpoint(pages_client: FlaskClient) -> None:
    with pages_client.get("/dumps/yanvar.nq") as response:
        quads = ox.parse(response.data, format=ox.RdfFormat.N_QUADS)
        triples = {(q.subject, q.predicate, q.object) for q in quads}
    dump = ox.serialize([ox.Triple(*t) for t in triples], format=ox.RdfFormat.N_TRIPLES)
    answer = pages_client.post(
        "/sparql",
        data={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert answer.status_code == 200
    expected = rdflib.Graph().parse(data=answer.data, format="nt")
    assert len(expected) > 100
    assert isomorphic(rdflib.Graph().parse(data=dump, format="nt"), expected)


@pytest.mark.parametrize("path", ["/.well-known/void", "/dataset"])
def test_void_describes_endpoint_dumps_and_counts(pages_client: FlaskClient, path: str) -> None:
    response = pages_client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["Content-Location"] == f"{path}.ttl"
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    dataset = rdflib.URIRef("https://w3id.org/yanvar/dataset")
    assert graph.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef(
        "https://w3id.org/yanvar/sparql"
    )
    dumps = set(graph.objects(dataset, VOID.dataDump))
    assert rdflib.URIRef("https://w3id.org/yanvar/dumps/yanvar.nq") in dumps
    triples = graph.value(dataset, VOID.triples)
    assert triples is not None and triples.toPython() > 100
    assert len(set(graph.subjects(rdflib.RDF.type, DCAT.Distribution))) >= 4


def test_void_page_links_local_dumps(pages_client: FlaskClient) -> None:
    response = pages_client.get("/.well-known/void", headers={"Accept": "text/html"})
    page = response.get_data(as_text=True)
    assert 'href="/dumps/yanvar.nq"' in page
    assert 'href="/sparql"' in page
    etag = response.headers["ETag"]
    again = pages_client.get(
        "/.well-known/void", headers={"Accept": "text/html", "If-None-Match": etag}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path", ["/", "/dumps/", "/dumps/yanvar.nq", "/ontology", "/shapes.ttl", "/.well-known/void"]
)
def test_head_everywhere(pages_client: FlaskClient, path: str) -> None:
    with pages_client.get(path) as got, pages_client.head(path) as head:
        assert head.status_code == got.status_code == 200
        assert head.data == b""
        assert head.headers["Content-Type"] == got.headers["Content-Type"]
        assert head.headers["ETag"] == got.headers["ETag"]

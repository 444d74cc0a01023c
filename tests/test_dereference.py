"""Every minted IRI dereferences: the negotiation table, caching (304), HEAD and 404s."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.compare import isomorphic
from werkzeug.datastructures import Headers

from yanvar import create_app, paths

BASE = "https://w3id.org/yanvar/"
PAGES_DATA = Path(__file__).parent / "data" / "pages"
CHROME = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
PAGES = {
    "entity": "/id/baku",
    "claim": "/claim/black-january-deaths",
    "document": "/doc/mfa-az-2025-01-20-national-mourning",
    "time": "/time/1994-03",
}
#: Accept header -> the representation expected (its Content-Location extension).
ACCEPT = [
    (None, "html"),
    ("*/*", "html"),
    ("text/html", "html"),
    (CHROME, "html"),
    ("application/xhtml+xml", "html"),
    ("text/turtle", "ttl"),
    ("application/x-turtle", "ttl"),
    ("application/n-triples", "nt"),
    ("text/plain", "nt"),
    ("application/ld+json", "jsonld"),
    ("application/json", "jsonld"),
    ("application/rdf+xml", "rdf"),
    ("text/turtle;q=0.5, application/ld+json", "jsonld"),
    ("application/rdf+xml, text/html;q=0.1", "rdf"),
]
MEDIA = {
    "html": "text/html",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}
RDFLIB = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}


def _parse(body: bytes, extension: str) -> rdflib.Graph:
    if (
        extension == "jsonld"
    ):  # rdflib's JSON-LD parser warns (ConjunctiveGraph): read it with oxigraph
        triples = ox.parse(body, format=ox.RdfFormat.JSON_LD, base_iri=BASE)
        body, extension = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), "nt"
    return rdflib.Graph().parse(data=body, format=RDFLIB[extension], publicID=BASE)


def _vary(headers: Headers) -> list[str]:
    return [v.strip() for v in headers.get("Vary", "").split(",")]


@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize(("accept", "expected"), ACCEPT)
def test_accept_picks_the_representation(
    pages_client: FlaskClient, kind: str, accept: str | None, expected: str
) -> None:
    path = PAGES[kind]
    headers = {"Accept": accept} if accept else {}
    response = pages_client.get(path, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == MEDIA[expected]
    assert response.headers["Content-Location"] == f"{path}.{expected}"
    assert "Accept" in _vary(response.headers)
    if expected != "html":
        graph = _parse(response.data, expected)
        assert (rdflib.URIRef(BASE + path[1:]), None, None) in graph


@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("extension", sorted(MEDIA))
def test_extension_names_the_representation_whatever_accept_says(
    pages_client: FlaskClient, kind: str, extension: str
) -> None:
    path = PAGES[kind]
    response = pages_client.get(f"{path}.{extension}", headers={"Accept": "image/png"})
    assert response.status_code == 200
    assert response.mimetype == MEDIA[extension]
    assert "Content-Location" not in response.headers
    assert "Accept" not in _vary(response.headers)
    links = response.headers["Link"]
    for other, media in MEDIA.items():
        assert f'<{path}.{other}>; rel="alternate"; type="{media}"' in links


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_every_rdf_format_says_the_same(pages_client: FlaskClient, kind: str) -> None:
    graphs = {ext: _parse(pages_client.get(f"{PAGES[kind]}.{ext}").data, ext) for ext in RDFLIB}
    assert len(graphs["ttl"]) > 3
    for ext, graph in graphs.items():
        assert isomorphic(graph, graphs["ttl"]), ext


def test_a_claim_document_holds_its_selectors(pages_client: FlaskClient) -> None:
    graph = _parse(pages_client.get("/claim/black-january-deaths.ttl").data, "ttl")
    quote = rdflib.URIRef(BASE + "claim/black-january-deaths#quote")
    exact = graph.value(quote, rdflib.URIRef("http://www.w3.org/ns/oa#exact"))
    assert str(exact) == "150 мирных жителей были убиты"
    position = rdflib.URIRef(BASE + "claim/black-january-deaths#position")
    start = graph.value(position, rdflib.URIRef("http://www.w3.org/ns/oa#start"))
    assert start is not None and start.toPython() == 1712


def test_an_entity_document_points_to_the_claims_about_it(pages_client: FlaskClient) -> None:
    graph = _parse(pages_client.get("/id/baku.nt").data, "nt")
    claim = rdflib.URIRef(BASE + "claim/black-january-location")
    assert (claim, rdflib.RDF.object, rdflib.URIRef(BASE + "id/baku")) in graph


def test_a_document_describes_its_text_and_checksum(pages_client: FlaskClient) -> None:
    graph = _parse(pages_client.get("/doc/mfa-az-2025-01-20-national-mourning.ttl").data, "ttl")
    values = {
        str(o)
        for o in graph.objects(None, rdflib.URIRef("http://spdx.org/rdf/terms#checksumValue"))
    }
    assert "773d18d5b27c84f60df3ff3b00202d09aca433bb32cbf99eae3212351fcc9206" in values


def test_an_accept_that_matches_nothing_is_406(pages_client: FlaskClient) -> None:
    response = pages_client.get("/id/baku", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/id/baku", "/id/baku.ttl", "/claim/black-january-deaths.jsonld"])
def test_conditional_requests_get_304(pages_client: FlaskClient, path: str) -> None:
    first = pages_client.get(path)
    assert first.status_code == 200
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = pages_client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert pages_client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    assert pages_client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_each_representation_has_its_own_etag(pages_client: FlaskClient) -> None:
    tags = {pages_client.get(f"/id/baku.{ext}").headers["ETag"] for ext in MEDIA}
    assert len(tags) == len(MEDIA)


@pytest.mark.parametrize("path", ["/id/baku", "/id/baku.ttl", "/doc/fixture-second.html"])
def test_head_answers_the_headers_of_get(pages_client: FlaskClient, path: str) -> None:
    got, head = pages_client.get(path), pages_client.head(path)
    assert head.status_code == 200
    assert head.data == b""
    for name in ("Content-Type", "ETag", "Last-Modified", "Link", "Content-Length"):
        assert head.headers[name] == got.headers[name]


def test_unknown_iri_is_an_html_404_with_near_matches(pages_client: FlaskClient) -> None:
    response = pages_client.get("/id/bakuu", headers={"Accept": CHROME})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert 'href="/id/baku"' in page
    assert "Did you mean" in page


@pytest.mark.parametrize(
    ("path", "entity"),
    [
        ("/id/Баку", "/id/baku"),
        ("/id/Black_January", "/id/black-january"),
        ("/id/Sumqayıt", "/id/sumgait"),
    ],
)
def test_a_404_for_a_name_suggests_the_entity_of_that_name(
    pages_client: FlaskClient, path: str, entity: str
) -> None:
    """A label in the URL (ru, en or az) is no identifier, but names the entity it labels."""
    response = pages_client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert entity in response.get_data(as_text=True)


def test_unknown_iri_for_a_machine_is_a_plain_404(pages_client: FlaskClient) -> None:
    response = pages_client.get("/claim/black-january-death", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert "/claim/black-january-deaths" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/id/baku.xyz", "/nothing/here", "/id/", "/claim/x.y.ttl"])
def test_malformed_paths_are_404(pages_client: FlaskClient, path: str) -> None:
    assert pages_client.get(path).status_code == 404


def test_a_shipped_text_is_served_byte_for_byte(pages_client: FlaskClient) -> None:
    response = pages_client.get("/sources/fixture-second.en.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.data == (PAGES_DATA / "sources" / "fixture-second.en.txt").read_bytes()
    assert pages_client.get("/sources/..%2Ffixture.trig").status_code == 404


def test_pages_follow_any_base_iri() -> None:
    local = "http://127.0.0.1:8080/"
    app = create_app(
        {
            "TESTING": True,
            "BASE_IRI": local,
            "DATA_FILES": [PAGES_DATA / "fixture.trig", paths.ontology_file()],
            "SOURCE_TEXT_DIRS": [paths.graph_dir() / "sources", PAGES_DATA / "sources"],
        }
    )
    client = app.test_client()
    page = client.get("/id/black-january").get_data(as_text=True)
    assert "<code>http://127.0.0.1:8080/id/black-january</code>" in page
    assert 'href="/claim/black-january-deaths"' in page
    graph = rdflib.Graph().parse(data=client.get("/id/baku.nt").data, format="nt")
    assert (rdflib.URIRef(local + "id/baku"), None, None) in graph
    assert not any(str(s).startswith(BASE) for s in graph.subjects())

"""The ontology and the shapes at their namespace IRIs: documentation pages and RDF."""

from __future__ import annotations

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.namespace import OWL, RDF, SH

BASE = "https://w3id.org/yanvar/"
RDFLIB = {"ttl": "turtle", "nt": "nt", "rdf": "xml"}


@pytest.mark.parametrize(
    ("path", "anchors"),
    [
        ("/ontology", ["Claim", "SourceDocument", "numberOfDeaths", "date"]),
        ("/shapes", ["ClaimShape", "ClaimShape-subject"]),
    ],
)
def test_the_page_documents_every_term(
    pages_client: FlaskClient, path: str, anchors: list[str]
) -> None:
    response = pages_client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["Content-Location"] == f"{path}.html"
    page = response.get_data(as_text=True)
    for anchor in anchors:
        assert f'id="{anchor}"' in page


def test_ontology_page_links_wikidata(pages_client: FlaskClient) -> None:
    page = pages_client.get("/ontology").get_data(as_text=True)
    assert 'href="https://www.wikidata.org/wiki/P1120"' in page


@pytest.mark.parametrize(
    ("accept", "extension"),
    [("text/turtle", "ttl"), ("application/n-triples", "nt"), ("application/rdf+xml", "rdf")],
)
@pytest.mark.parametrize(
    ("name", "subject", "kind"),
    [("ontology", "ontology#Claim", OWL.Class), ("shapes", "shapes#ClaimShape", SH.NodeShape)],
)
def test_the_rdf_is_served_by_accept_and_extension(
    pages_client: FlaskClient,
    accept: str,
    extension: str,
    name: str,
    subject: str,
    kind: rdflib.URIRef,
) -> None:
    negotiated = pages_client.get(f"/{name}", headers={"Accept": accept})
    named = pages_client.get(f"/{name}.{extension}")
    assert negotiated.headers["Content-Location"] == f"/{name}.{extension}"
    assert negotiated.data == named.data
    graph = rdflib.Graph().parse(data=named.data, format=RDFLIB[extension])
    assert (rdflib.URIRef(BASE + subject), RDF.type, kind) in graph


def test_vocabulary_is_cacheable_and_unknown_extensions_are_404(pages_client: FlaskClient) -> None:
    etag = pages_client.get("/ontology.ttl").headers["ETag"]
    assert pages_client.get("/ontology.ttl", headers={"If-None-Match": etag}).status_code == 304
    assert pages_client.get("/ontology.xyz").status_code == 404

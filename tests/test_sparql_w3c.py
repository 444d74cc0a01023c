"""Replay the W3C SPARQL 1.1 Protocol test manifest against /sparql.

The manifest (shared/conformance-vendor/w3c-rdf-tests/sparql11/protocol/manifest.ttl)
describes each test as HTTP requests and expected responses; its three one-triple
graphs are mirrored in tests/data/sparql/fixture.trig. One deliberate deviation: this
endpoint is read-only, so every update test must be refused with 403 (and change nothing).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.collection import Collection
from rdflib.query import Result
from werkzeug.test import TestResponse

VENDOR = next(
    (
        p / "w3c-rdf-tests" / "sparql11" / "protocol" / "manifest.ttl"
        for p in (
            Path(__file__).resolve().parents[1] / "conformance" / "vendor",
            Path(__file__).resolve().parents[2] / "shared" / "conformance-vendor",
        )
        if (p / "w3c-rdf-tests").is_dir()
    ),
    None,
)
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
RESULT_TYPES = {
    "application/sparql-results+xml",
    "application/sparql-results+json",
    "text/csv",
    "text/tab-separated-values",
}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples"}


def _load_tests() -> list[tuple[str, list[rdflib.term.Node], rdflib.Graph]]:
    if VENDOR is None:
        return []
    manifest = rdflib.Graph().parse(VENDOR, format="turtle")
    tests = []
    for test in manifest.subjects(rdflib.RDF.type, MF.ProtocolTest):
        action = manifest.value(test, MF.action)
        requests = list(Collection(manifest, manifest.value(action, HT.requests)))
        tests.append((str(test).rsplit("#", 1)[-1], requests, manifest))
    return sorted(tests, key=lambda t: t[0])


TESTS = _load_tests()


@pytest.mark.skipif(VENDOR is None, reason="the vendored W3C tests are not beside the repository")
def test_the_manifest_was_read() -> None:
    assert len(TESTS) >= 30


@pytest.mark.parametrize(("name", "requests", "manifest"), TESTS, ids=[t[0] for t in TESTS] or None)
def test_w3c_protocol(
    sparql: FlaskClient, name: str, requests: list[rdflib.term.Node], manifest: rdflib.Graph
) -> None:
    for index, request in enumerate(requests):
        method = str(manifest.value(request, HT.methodName))
        path = str(manifest.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
        headers = {}
        for header in Collection(manifest, manifest.value(request, HT.headers) or rdflib.RDF.nil):
            headers[str(manifest.value(header, HT.fieldName))] = str(
                manifest.value(header, HT.fieldValue)
            )
        body = manifest.value(request, HT.body)
        data = None
        if body is not None:
            encoding = str(manifest.value(body, CNT.characterEncoding) or "UTF-8")
            data = str(manifest.value(body, CNT.chars)).encode(encoding.lower())
        content_type = headers.pop("content-type", None) or headers.pop("Content-Type", None)
        response = sparql.open(
            path, method=method, data=data, headers=headers, content_type=content_type
        )
        expected = manifest.value(request, HT.resp)
        if name.startswith("update_"):
            check_refused_update(index, response)
        else:
            check_response(name, response, manifest, expected)


def check_refused_update(index: int, response: TestResponse) -> None:
    """Read-only: the update is refused; the ASK that checks its effect finds none."""
    if index == 0:
        assert response.status_code == 403, response.text
        assert "read-only" in response.text
    else:
        assert response.status_code == 200
        assert json.loads(response.data)["boolean"] is False


def check_response(
    name: str, response: TestResponse, manifest: rdflib.Graph, expected: rdflib.term.Node
) -> None:
    """Check status family, boolean answer and content type as the manifest expects."""
    statuses = set(manifest.objects(expected, MF.expectedStatus))
    family = {
        HTS.StatusCode2xx: 2,
        HTS.StatusCode3xx: 3,
        HTS.StatusCode4xx: 4,
        HTS.StatusCode5xx: 5,
    }
    allowed = {family[s] for s in statuses if s in family}
    assert response.status_code // 100 in allowed, (name, response.status_code, response.text)
    if response.status_code >= 300:
        return
    boolean = manifest.value(expected, MF.expectedBoolean)
    if boolean is not None:
        parsed = Result.parse(io.BytesIO(response.data), format=_results_parser(response.mimetype))
        assert parsed.askAnswer is boolean.toPython()
    if name in ("query_content_type_select", "query_content_type_ask"):
        assert response.mimetype in RESULT_TYPES
    if name in ("query_content_type_describe", "query_content_type_construct"):
        assert response.mimetype in RDF_TYPES
    if response.mimetype == "application/sparql-results+json":
        json.loads(response.data)


def _results_parser(media_type: str) -> str:
    return {"application/sparql-results+xml": "xml", "text/tab-separated-values": "tsv"}.get(
        media_type, "json"
    )

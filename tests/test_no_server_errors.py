"""Hostile requests across every route family get a 4xx (or a page), never a 500."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

PATHS = [
    "/id/%00",
    "/claim/x%20y",
    "/id/..%2F..%2Fetc%2Fpasswd",
    "/id/baku.xyz",
    "/id/baku.ttl.ttl",
    "/id/" + "a" * 5000,
    "/doc/",
    "/sources/../pyproject.toml",
    "/sources/%2e%2e/x",
    "/time/",
    "/ontology.xyz",
    "/shapes.",
    "/dumps/..",
    "/dumps/.complete",
    "/.well-known/void.xyz",
    "/reconcile?queries=%ff",
    "/reconcile/suggest/entity?prefix=%ff%fe",
    "/reconcile/preview",
    "/sparql?query=%ff",
    "/sparql?format=zzz&query=ASK{}",
    "/sparql?query=ASK{}&default-graph-uri=a%20b",
    "/id/baku?lang=%ff",
]
ACCEPTS = [None, "text/html", "text/turtle;q=abc", ",,,"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("accept", ACCEPTS)
def test_no_500(client: FlaskClient, path: str, accept: str | None) -> None:
    headers = {"Accept": accept, "Accept-Language": "xx;q=abc"} if accept else {}
    for method in ("GET", "HEAD"):
        with client.open(path, method=method, headers=headers) as response:
            assert response.status_code < 500, (method, path, accept, response.data[:300])

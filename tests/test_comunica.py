"""Comunica, the JavaScript SPARQL client (Node.js, pinned in tests/comunica), against a
real ``yanvar serve``: the SPARQL endpoint as a source, and an entity's page as a
linked-data document fetched by content negotiation."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sparql_support import free_port
from test_serve import running

BIN = Path(sys.executable).parent
COMUNICA = Path(__file__).parent / "comunica" / "node_modules" / ".bin" / "comunica-sparql"
SKOS_MATCH = "http://www.w3.org/2004/02/skos/core#exactMatch"

pytestmark = pytest.mark.skipif(
    not COMUNICA.exists(), reason="Comunica is not installed (tests/run installs it with npm)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``yanvar serve`` under its own address as base IRI, so its IRIs dereference here."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("comunica") / "yanvar.log"
    command = [str(BIN / "yanvar"), "serve", "--port", str(port), "--base-iri", f"{url}/"]
    with running(command, port, log):
        yield url


def comunica(source: str, query: str) -> str:
    """Run ``comunica-sparql SOURCE QUERY``; return what it prints."""
    done = subprocess.run(
        [str(COMUNICA), source, query], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def direct(server: str, query: str) -> set[tuple[str, str]]:
    """Rows of a two-variable SELECT, asked of the endpoint directly."""
    request = urllib.request.Request(
        f"{server}/sparql?{urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        results = json.load(response)
    first, second = results["head"]["vars"]
    return {(row[first]["value"], row[second]["value"]) for row in results["results"]["bindings"]}


def test_comunica_selects_from_the_endpoint(server: str) -> None:
    query = f"SELECT ?e ?wd WHERE {{ ?e <{SKOS_MATCH}> ?wd }}"
    rows = json.loads(comunica(f"sparql@{server}/sparql", query))
    assert rows
    assert {(row["e"], row["wd"]) for row in rows} == direct(server, query)


def test_comunica_constructs_and_asks(server: str) -> None:
    query = f"CONSTRUCT WHERE {{ ?e <{SKOS_MATCH}> ?wd }}"
    triples = [line for line in comunica(f"sparql@{server}/sparql", query).splitlines() if line]
    expected = direct(server, f"SELECT ?e ?wd WHERE {{ ?e <{SKOS_MATCH}> ?wd }}")
    assert len(triples) == len(expected)
    for e, wd in expected:
        assert any(line.startswith(f"<{e}> <{SKOS_MATCH}> <{wd}>") for line in triples)
    assert comunica(f"sparql@{server}/sparql", "ASK { ?s ?p ?o }").strip() == "true"


def as_comunica_prints(term: dict[str, str]) -> str:
    """Write a SPARQL JSON results term as Comunica's command line prints a term."""
    if term["type"] != "literal":
        return term["value"]
    if "xml:lang" in term:
        return f'"{term["value"]}"@{term["xml:lang"]}'
    return f'"{term["value"]}"^^{term["datatype"]}' if "datatype" in term else f'"{term["value"]}"'


def test_comunica_reads_an_entity_page_as_linked_data(server: str) -> None:
    """Given an entity's IRI alone, Comunica fetches it (RDF by content negotiation) and
    finds there everything the endpoint says of the entity."""
    entity = f"{server}/id/milli-majlis-resolution-1994"
    query = f"SELECT ?p ?o WHERE {{ <{entity}> ?p ?o }}"
    from_page = {(row["p"], row["o"]) for row in json.loads(comunica(entity, query))}
    request = urllib.request.Request(
        f"{server}/sparql?{urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.load(response)["results"]["bindings"]
    assert len(rows) >= 4  # labels in three languages and a type
    assert from_page == {(row["p"]["value"], as_comunica_prints(row["o"])) for row in rows}

"""Federated from another endpoint: a real Oxigraph server (the PyPI ``oxigraph`` CLI)
joins its own data with yanvar's through SPARQL ``SERVICE``, over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sparql_support import free_port
from test_serve import running

BIN = Path(sys.executable).parent
SKOS_MATCH = "http://www.w3.org/2004/02/skos/core#exactMatch"
POPULATION = "http://example.org/population"


def select(endpoint: str, query: str) -> set[tuple[str, ...]]:
    """Run a SELECT by GET; return its rows as tuples of values, in the order of its vars."""
    request = urllib.request.Request(
        f"{endpoint}?{urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        results = json.load(response)
    names = results["head"]["vars"]
    return {tuple(row[n]["value"] for n in names) for row in results["results"]["bindings"]}


@pytest.fixture(scope="module")
def yanvar(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("federation") / "yanvar.log"
    with running([str(BIN / "yanvar"), "serve", "--port", str(port)], port, log) as url:
        yield f"{url}/sparql"


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[str]:
    """A real ``oxigraph serve`` on a free port, with an empty store; yield its query URL."""
    port = free_port()
    with (tmp_path / "oxigraph.log").open("w") as log:
        process = subprocess.Popen(
            [
                *(str(BIN / "oxigraph"), "serve", "--location", str(tmp_path / "store")),
                *("--bind", f"127.0.0.1:{port}"),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                select(f"{base}/query", "SELECT * {} LIMIT 1")
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None and time.monotonic() < deadline, "no oxigraph"
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_oxigraph_joins_its_data_with_yanvars_by_wikidata_item(yanvar: str, oxigraph: str) -> None:
    linked = select(yanvar, f"SELECT ?e ?wd WHERE {{ ?e <{SKOS_MATCH}> ?wd }}")
    assert linked, "the statement graph links entities to Wikidata"
    # The other dataset knows a figure about each Wikidata item, and nothing of yanvar.
    items = sorted({wd for _, wd in linked})
    data = "".join(f'<{wd}> <{POPULATION}> "{n}" .\n' for n, wd in enumerate(items))
    upload = urllib.request.Request(
        f"{oxigraph}/store?default",
        data=data.encode(),
        headers={"Content-Type": "application/n-triples"},
        method="POST",
    )
    with urllib.request.urlopen(upload, timeout=30) as response:
        assert response.status in (200, 201, 204)
    federated = select(
        f"{oxigraph}/query",
        f"""SELECT ?e ?n WHERE {{
              ?wd <{POPULATION}> ?n .
              SERVICE <{yanvar}> {{ ?e <{SKOS_MATCH}> ?wd }}
            }}""",
    )
    expected = {(e, str(items.index(wd))) for e, wd in linked}
    assert federated == expected

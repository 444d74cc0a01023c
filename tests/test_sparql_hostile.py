"""Hostile queries against real query workers: SERVICE must never reach the network, a
runaway query is stopped at the deadline and the next one is answered, huge headers
get a 4xx from a live server."""

from __future__ import annotations

import json
import select
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from sparql_support import fixture_app, live_server

from yanvar.errors import PublisherError
from yanvar.query_threads import ThreadQueryService
from yanvar.querying import QueryRunner
from yanvar.store import UserQuery


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP listener on 127.0.0.1 that no query may ever connect to."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock


def was_contacted(sock: socket.socket, wait: float = 0.5) -> bool:
    """Tell whether a connection is waiting on the listener (accepting and closing it)."""
    readable, _, _ = select.select([sock], [], [], wait)
    if readable:
        connection, _ = sock.accept()
        connection.close()
    return bool(readable)


def service_query(sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    return f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"


def test_service_is_refused_and_the_listener_receives_nothing(listener: socket.socket) -> None:
    with fixture_app() as app:
        client = app.test_client()
        for query in (
            service_query(listener),
            service_query(listener).replace("SERVICE", "SERVICE SILENT"),
        ):
            response = client.get("/sparql", query_string={"query": query})
            assert response.status_code == 403
            assert "never makes outbound requests" in response.text
    assert not was_contacted(listener)


def test_keywords_run_into_names_are_refused_as_the_engine_reads_them(
    listener: socket.socket,
) -> None:
    """pyoxigraph reads SERVICE and FROM inside longer names (``SERVICESILENT <…>`` is
    ``SERVICE SILENT <…>``, ``trueSERVICE`` is ``true SERVICE``): so does the guard."""
    endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    queries = [
        f"SELECT * {{ SERVICESILENT <{endpoint}> {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <{endpoint}#> SELECT * {{ SERVICEex:x {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?s ?p 1.5e3SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?s ?p trueservice <{endpoint}> {{ ?s ?p ?o }} }}",
        "ASKFROM <http://elsewhere.example/g> { ?s ?p ?o }",
        "SELECT * FROMNAMED <http://elsewhere.example/g> { ?s ?p ?o }",
        # a prefix named after the keyword: `service:x {` is SERVICE :x {, `from:g` FROM :g
        f"PREFIX : <{endpoint}#> PREFIX service: <http://example.org/> "
        "SELECT * { service:x { ?s ?p ?o } }",
        "PREFIX : <http://elsewhere.example/> PREFIX from: <http://example.org/> "
        "SELECT * from:g { ?s ?p ?o }",
    ]
    with fixture_app() as app:
        client = app.test_client()
        for query in queries:
            response = client.get("/sparql", query_string={"query": query})
            assert response.status_code in (400, 403), query
            assert "holding the keyword" in response.text or "is refused" in response.text
        # a name that merely contains the words is no keyword
        fine = "SELECT * { ?s <http://example.org/wasQuotedFrom> ?serviceFrom } LIMIT 1"
        assert client.get("/sparql", query_string={"query": fine}).status_code == 200
    assert not was_contacted(listener)


@pytest.mark.parametrize("where", ["processes", "threads"])
def test_workers_have_no_network_even_past_the_guard(listener: socket.socket, where: str) -> None:
    """The second wall: a SERVICE query handed straight to a query process, or thread,
    cannot connect."""
    with fixture_app() as app:
        queries: QueryRunner = app.extensions["yanvar.sparql"].queries
        if where == "threads":
            queries = ThreadQueryService(
                app.extensions["yanvar.store"],
                timeout=10,
                workers=1,
                isolate_network=True,
                on_runaway=lambda: pytest.fail("no query here runs away"),
            )
        query = UserQuery(service_query(listener), results_format="json", graph_format="ttl")
        with pytest.raises(PublisherError):
            queries.run(query)
        silent = UserQuery(
            service_query(listener).replace("SERVICE", "SERVICE SILENT"),
            results_format="json",
            graph_format="ttl",
        )
        queries.run(silent)  # SILENT: an empty answer, still no connection
    assert not was_contacted(listener)


def test_an_allow_listed_service_is_called(listener: socket.socket) -> None:
    """The control: the listener does notice a connection when one is allowed."""
    endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    with fixture_app(SPARQL_ALLOWED_SERVICES=[endpoint], SPARQL_TIMEOUT=5) as app:
        client = app.test_client()
        with live_server(app) as url:
            sender = socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])))
            request = (
                f"GET /sparql?query={quote(service_query(listener), safe='')} HTTP/1.0\r\n\r\n"
            )
            sender.sendall(request.encode())
            try:
                assert was_contacted(listener, wait=10)
                sender.settimeout(10)
                assert sender.recv(12).startswith(b"HTTP/1.")
            finally:
                sender.close()
        assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


@pytest.fixture(scope="module")
def cartesian_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app on a generated graph of 400 triples: 400⁴ combinations never finish."""
    data = tmp_path_factory.mktemp("cartesian") / "generated.nt"
    lines = (f'<http://ex.org/s{i}> <http://ex.org/p{i % 7}> "{i}" .\n' for i in range(400))
    data.write_text("".join(lines), encoding="utf-8")
    with fixture_app(DATA_FILES=[str(data)], SPARQL_TIMEOUT=1.5, SPARQL_WORKERS=2) as app:
        yield app


CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_cartesian_product_is_stopped_at_the_timeout(cartesian_app: Flask) -> None:
    client = cartesian_app.test_client()
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": CARTESIAN})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "time limit of 1.5 s (SPARQL_TIMEOUT)" in response.text
    assert elapsed < 15
    after = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert after.status_code == 200
    assert json.loads(after.data)["results"]["bindings"][0]["n"]["value"] == "400"


def test_timeouts_do_not_leak_workers(cartesian_app: Flask) -> None:
    client = cartesian_app.test_client()
    for _ in range(3):
        assert client.get("/sparql", query_string={"query": CARTESIAN}).status_code == 503
    assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).status_code == 200


def test_huge_headers_get_a_4xx_from_a_live_server(tmp_path: Path) -> None:
    with fixture_app() as app, live_server(app) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            header = "X-Huge: " + "a" * 200_000
            sock.sendall(
                f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n{header}\r\n\r\n".encode()
            )
            status_line = sock.makefile("rb").readline()
        assert status_line.split()[1].startswith(b"4"), status_line
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            many = "".join(f"X-H{i}: v\r\n" for i in range(500))
            sock.sendall(f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n{many}\r\n".encode())
            status_line = sock.makefile("rb").readline()
        assert status_line.split()[1].startswith(b"4"), status_line


def test_other_queries_are_answered_while_one_runs_away(cartesian_app: Flask) -> None:
    """A runaway holds one query worker; the others keep answering, and it still stops."""
    with live_server(cartesian_app) as url:
        runaway: list[int] = []

        def run_away() -> None:
            try:
                urllib.request.urlopen(f"{url}/sparql?query={quote(CARTESIAN)}", timeout=30)
            except urllib.error.HTTPError as error:
                runaway.append(error.code)
                error.close()

        thread = threading.Thread(target=run_away)
        thread.start()
        time.sleep(0.3)  # let it start
        for _ in range(5):
            with urllib.request.urlopen(f"{url}/sparql?query={quote('ASK {}')}", timeout=10) as r:
                assert json.load(r)["boolean"] is True
        assert thread.is_alive()  # all answered while the runaway still ran
        thread.join(timeout=30)
        assert runaway == [503]

"""Queries in threads (``yanvar serve``'s default): answered in the server process, a
runaway one answered 503 at the deadline and then ended by a graceful reload of the
worker, with the requests accepted meanwhile all answered."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from sparql_support import fixture_app, free_port
from test_serve import running

from yanvar.errors import QueryTimeout
from yanvar.query_threads import ThreadQueryService
from yanvar.store import GraphStore, UserQuery

BIN = Path(sys.executable).parent
#: Four copies of 60 triples joined: 13 million rows to count, about a second of work.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
#: Five copies: 778 million rows, about a minute: only a reload ends it in time.
RUNAWAY = SLOW.replace("?l }", "?l . ?m ?n2 ?o }")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count_query(text: str) -> UserQuery:
    return UserQuery(text, results_format="json", graph_format="ttl")


@pytest.fixture(scope="module")
def small_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("threads") / "generated.nt"
    lines = (f'<http://ex.org/s{i}> <http://ex.org/p{i % 7}> "{i}" .\n' for i in range(60))
    data.write_text("".join(lines), encoding="utf-8")
    return data


def test_a_query_is_answered_in_a_thread_and_errors_come_back() -> None:
    with fixture_app(SPARQL_QUERIES_IN="processes") as app:
        store: GraphStore = app.extensions["yanvar.store"]
    runaways: list[int] = []
    service = ThreadQueryService(
        store, timeout=5, workers=2, isolate_network=False, on_runaway=lambda: runaways.append(1)
    )
    answer = service.run(count_query("ASK { ?s ?p ?o }"))
    assert json.loads(answer.body)["boolean"] is True
    with pytest.raises(Exception, match="does not parse"):
        service.run(count_query("SELECT WHERE"))
    assert json.loads(service.run(count_query("ASK {}")).body)["boolean"] is True
    assert runaways == []


def test_a_runaway_query_times_out_and_asks_for_a_reload_once(small_data: Path) -> None:
    with fixture_app(DATA_FILES=[str(small_data)], SPARQL_QUERIES_IN="processes") as app:
        store: GraphStore = app.extensions["yanvar.store"]
    runaways: list[float] = []
    service = ThreadQueryService(
        store,
        timeout=0.3,
        workers=2,
        isolate_network=False,
        on_runaway=lambda: runaways.append(time.monotonic()),
    )
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"time limit of 0\.3 s"):
        service.run(count_query(SLOW))
    assert 0.3 <= time.monotonic() - started < 2
    with pytest.raises(QueryTimeout):
        service.run(count_query(SLOW))
    assert len(runaways) == 1  # one reload ends the process; a second would reload its heir
    answer = service.run(count_query(COUNT))  # a fresh thread answers meanwhile
    assert json.loads(answer.body)["results"]["bindings"][0]["n"]["value"] == "60"


def test_concurrent_queries_each_get_their_own_answer() -> None:
    with fixture_app(SPARQL_QUERIES_IN="processes") as app:
        store: GraphStore = app.extensions["yanvar.store"]
    service = ThreadQueryService(
        store, timeout=10, workers=3, isolate_network=False, on_runaway=lambda: None
    )
    wrong: list[tuple[int, str]] = []

    def ask_many(offset: int) -> None:
        for n in range(offset, offset + 40):
            body = service.run(count_query(f"SELECT ({n} AS ?n) {{}}")).body
            value = json.loads(body)["results"]["bindings"][0]["n"]["value"]
            if value != str(n):
                wrong.append((n, value))

    threads = [threading.Thread(target=ask_many, args=(i * 1000,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_a_forked_process_starts_its_own_query_threads() -> None:
    """Granian forks its workers from the process that built the service (after a query
    there, the inherited idle threads would be dead and every query a timeout)."""
    with fixture_app(SPARQL_QUERIES_IN="processes") as app:
        store: GraphStore = app.extensions["yanvar.store"]
    service = ThreadQueryService(
        store, timeout=5, workers=2, isolate_network=False, on_runaway=lambda: None
    )
    assert json.loads(service.run(count_query("ASK {}")).body)["boolean"] is True
    pid = os.fork()
    if pid == 0:  # the child: answer, and say so by the exit code
        ok = False
        try:
            ok = json.loads(service.run(count_query("ASK {}")).body)["boolean"] is True
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_threads_need_a_supervisor() -> None:
    with (
        pytest.raises(ValueError, match="SPARQL_SUPERVISOR_PID"),
        fixture_app(SPARQL_QUERIES_IN="threads"),
    ):
        pass
    with (
        pytest.raises(ValueError, match="'threads' or 'processes'"),
        fixture_app(SPARQL_QUERIES_IN="fibres"),
    ):
        pass


def get(url: str, query: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"{url}/sparql?query={quote(query)}", timeout=30) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


def worker_pids(log: Path) -> list[int]:
    return [int(pid) for pid in re.findall(r"Spawning worker-1 with PID: (\d+)", log.read_text())]


@contextmanager
def serving(data: Path, log: Path, *options: str) -> Iterator[str]:
    """Run ``yanvar serve`` of ``data`` in memory with a time limit of 1 s; yield its URL."""
    port = free_port()
    command = [str(BIN / "yanvar"), "serve", "--port", str(port), "--timeout", "1"]
    command += ["--data", str(data), "--in-memory", *options]
    with running(command, port, log) as url:
        yield url


def alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()


@pytest.mark.slow
def test_yanvar_serve_stops_a_runaway_query_by_a_graceful_reload(
    small_data: Path, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    with serving(small_data, log) as url:
        (first_worker,) = worker_pids(log)
        outcome: dict[str, tuple[int, str]] = {}
        runaway = threading.Thread(target=lambda: outcome.update(slow=get(url, RUNAWAY)))
        started = time.monotonic()
        runaway.start()
        answers = []
        while runaway.is_alive() or time.monotonic() - started < 4:  # across the reload
            answers.append(get(url, COUNT))
            time.sleep(0.05)
        runaway.join()
        status, text = outcome["slow"]
        assert status == 503
        assert "time limit of 1 s (SPARQL_TIMEOUT)" in text
        assert answers and all(status == 200 for status, _ in answers), answers
        assert all('"60"' in text for _, text in answers)
        deadline = time.monotonic() + 20
        while alive(first_worker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(first_worker), "the worker running the runaway query was not ended"
        assert len(worker_pids(log)) == 2
        assert get(url, COUNT)[0] == 200
    assert "Traceback" not in log.read_text()


def test_no_supervisor_is_signalled_in_process_mode(small_data: Path) -> None:
    """The control: with queries in processes a timeout kills the query's process only."""
    sentinel = subprocess.Popen(
        [sys.executable, "-c", "import signal; signal.pause()"]
    )  # would die of SIGHUP
    try:
        with fixture_app(
            DATA_FILES=[str(small_data)],
            SPARQL_TIMEOUT=0.5,
            SPARQL_SUPERVISOR_PID=sentinel.pid,
        ) as app:
            response = app.test_client().get("/sparql", query_string={"query": SLOW})
            assert response.status_code == 503
        assert sentinel.poll() is None
    finally:
        sentinel.kill()
        sentinel.wait()


@pytest.mark.slow
def test_yanvar_serve_with_queries_in_processes_kills_the_query_only(
    small_data: Path, tmp_path: Path
) -> None:
    """The other mode under Granian: the runaway's process is killed; no worker reloads."""
    log = tmp_path / "serve.log"
    with serving(small_data, log, "--queries-in", "processes") as url:
        status, text = get(url, RUNAWAY)
        assert status == 503
        assert "time limit of 1 s (SPARQL_TIMEOUT)" in text
        assert json.loads(get(url, COUNT)[1])["results"]["bindings"][0]["n"]["value"] == "60"
        assert len(worker_pids(log)) == 1
    assert "Traceback" not in log.read_text()

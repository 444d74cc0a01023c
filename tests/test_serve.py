"""`yanvar serve` (Granian) as a real process on 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from flask.testing import FlaskCliRunner
from sparql_support import FIXTURE, free_port

from yanvar.cli import main
from yanvar.sparql import SPARQL_QUERY

BIN = Path(sys.executable).parent


def ask(url: str, query: str) -> bool:
    with urllib.request.urlopen(f"{url}/sparql?query={quote(query)}", timeout=10) as response:
        return bool(json.load(response)["boolean"])


@contextmanager
def running(
    command: list[str], port: int, log: Path, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Start a server process (output to ``log``), wait until /sparql answers, yield its URL,
    stop it (SIGTERM, as a process manager would)."""
    with log.open("w") as output:
        process = subprocess.Popen(
            command, env={**os.environ, **(env or {})}, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                ask(url, "ASK {}")
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log.read_text()) from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def refuses_a_huge_header(port: int) -> bool:
    """Send a request with a 2 MB header: the server must answer a 4xx or close the
    connection before reading it all (Granian bounds a request head near 400 kB), and
    keep serving others."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        header = "X-Huge: " + "a" * 2_000_000
        try:
            sock.sendall(f"GET /sparql HTTP/1.1\r\nHost: x\r\n{header}\r\n\r\n".encode())
            status = sock.makefile("rb").readline().split()[1]
        except (BrokenPipeError, ConnectionResetError):
            status = b"closed"
    return (status == b"closed" or status.startswith(b"4")) and ask(
        f"http://127.0.0.1:{port}", "ASK {}"
    )


def test_serve_help(runner: FlaskCliRunner) -> None:
    result = runner.invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--base-iri", "--data", "--no-union-default-graph"):
        assert option in result.output


@pytest.mark.slow
def test_serve_data_under_its_own_base_and_reuse_the_cache(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    cache = tmp_path / "cache"
    command = [
        str(BIN / "yanvar"),
        "serve",
        "--port",
        str(port),
        "--base-iri",
        base,
        "--data",
        str(FIXTURE),
        "--cache-dir",
        str(cache),
    ]
    log = tmp_path / "serve.log"
    with running(command, port, log) as url:
        assert ask(url, f"ASK {{ <{base}id/alice> <http://example.org/knows> <{base}id/bob> }}")
        assert refuses_a_huge_header(port)
    (store,) = cache.iterdir()
    built = store.stat().st_mtime_ns
    with running(command, port, log) as url:  # a second start opens the cached store
        assert ask(url, f"ASK {{ <{base}id/alice> ?p ?o }}")
    assert [p.stat().st_mtime_ns for p in cache.iterdir()] == [built]
    assert "SIGSEGV" not in log.read_text()  # workers of a RocksDB store exit cleanly
    assert "Traceback" not in log.read_text()


@pytest.mark.slow
def test_serve_with_two_workers(tmp_path: Path) -> None:
    """The README's command at scale: two Granian workers, one preloaded app, a cached store."""
    port = free_port()
    command = [str(BIN / "yanvar"), "serve", "--port", str(port), "--workers", "2"]
    command += ["--data", str(FIXTURE), "--cache-dir", str(tmp_path / "cache"), "--timeout", "10"]
    log = tmp_path / "serve.log"
    with running(command, port, log) as url:
        for _ in range(6):  # spread over both workers
            assert ask(url, "ASK { ?s a <http://xmlns.com/foaf/0.1/Document> }")
        query = quote("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{url}/sparql?query={query}", timeout=10)
        assert refused.value.code == 403
        refused.value.close()
        assert refuses_a_huge_header(port)
        long_get = "ASK {}" + " " * 20_000  # 60 kB percent-encoded: under 64 kB, a GET
        assert ask(url, long_get) is True
        longer = "ASK {}" + " " * 22_000  # 66 kB: too long a URL (414), but fine as a POST
        with pytest.raises(urllib.error.HTTPError) as too_long:
            ask(url, longer)
        assert too_long.value.code == 414
        too_long.value.close()
        post = urllib.request.Request(
            f"{url}/sparql", data=longer.encode(), headers={"Content-Type": SPARQL_QUERY}
        )
        with urllib.request.urlopen(post, timeout=10) as response:
            assert json.load(response)["boolean"] is True
    assert "worker-2" in log.read_text()
    assert "SIGSEGV" not in log.read_text()
    assert "Traceback" not in log.read_text()


@pytest.mark.slow
def test_serve_in_memory_writes_no_store(tmp_path: Path) -> None:
    port = free_port()
    cache = tmp_path / "cache"
    command = [str(BIN / "yanvar"), "serve", "--port", str(port), "--data", str(FIXTURE)]
    command += ["--cache-dir", str(cache), "--in-memory"]
    with running(command, port, tmp_path / "serve.log") as url:
        assert ask(url, "ASK { ?s <http://example.org/knows> ?o }")
    assert not cache.exists()

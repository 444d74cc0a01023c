"""Helpers for the SPARQL tests: an app on the protocol fixture and a live server."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.serving import make_server

from yanvar import create_app

DATA = Path(__file__).parent / "data" / "sparql"
FIXTURE = DATA / "fixture.trig"
BASE = "https://w3id.org/yanvar/"


@contextmanager
def fixture_app(**config: Any) -> Iterator[Flask]:
    """Yield an app serving ``config["DATA_FILES"]`` (default: the fixture); stop its workers."""
    settings = {"TESTING": True, "BASE_IRI": BASE, "DATA_FILES": [str(FIXTURE)], **config}
    app = create_app(settings)
    try:
        yield app
    finally:
        app.extensions["yanvar.sparql"].queries.close()


@contextmanager
def live_server(app: Flask) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

"""Dumps are written in the background: a slow build never holds a request past DUMPS_WAIT."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from flask import Flask

from yanvar import build, create_app, dumps

FIXTURE = Path(__file__).parent / "data" / "pages" / "fixture.trig"


def held_back(monkeypatch: pytest.MonkeyPatch, name: str) -> threading.Event:
    """Make ``build.<name>`` wait until the returned event is set."""
    release = threading.Event()
    real = getattr(build, name)

    def held(*args: object, **kwargs: object) -> object:
        assert release.wait(timeout=30), "the test never released the build"
        return real(*args, **kwargs)

    monkeypatch.setattr(build, name, held)
    return release


def fresh_app(dumps_wait: float) -> Flask:
    return create_app(
        {
            "TESTING": True,
            # a base of its own: the dumps cache is keyed by it, so this build starts afresh
            "BASE_IRI": f"http://127.0.0.1/{uuid.uuid4().hex}/",
            "DATA_FILES": [str(FIXTURE)],
            "DUMPS_WAIT": dumps_wait,
        }
    )


def test_a_slow_build_answers_503_then_the_files(monkeypatch: pytest.MonkeyPatch) -> None:
    release = held_back(monkeypatch, "build_dumps")
    app = fresh_app(dumps_wait=0.05)
    client = app.test_client()
    waiting = client.get("/dumps/yanvar.nq", headers={"Accept": "application/json"})
    assert waiting.status_code == 503
    assert waiting.headers["Retry-After"] == "30"
    assert "being written" in waiting.get_json()["message"]
    assert client.get("/").status_code == 200  # the landing page does not wait for them

    release.set()
    with app.app_context():
        writer = dumps._WRITERS[dumps._cache_path()]
    writer.join(timeout=30)
    with client.get("/dumps/yanvar.nq") as ready:
        assert ready.status_code == 200
        assert b"<http://127.0.0.1/" in ready.data


def test_each_dump_is_served_as_soon_as_it_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """N-Quads first, JSON-LD (the slow one, through rdflib) last: the first need not wait."""
    release = held_back(monkeypatch, "_compacted_jsonld")
    app = fresh_app(dumps_wait=5)
    client = app.test_client()
    for name in ("yanvar.nq", "yanvar.nq.gz", "yanvar.trig", "yanvar.nt", "yanvar.ttl"):
        with client.get(f"/dumps/{name}") as early:
            assert early.status_code == 200, name
            assert early.data
    app.config["DUMPS_WAIT"] = 0.05
    assert client.get("/dumps/yanvar.jsonld").status_code == 503
    assert client.get("/dumps/").status_code == 503  # the list with checksums waits for all
    assert client.get("/dumps/nothing.csv").status_code == 404  # no waiting for a wrong name
    with app.app_context():
        out = dumps._cache_path()
    release.set()
    dumps._WRITERS[out].join(timeout=30)
    with client.get("/dumps/yanvar.jsonld") as late:
        assert late.status_code == 200
    listing = client.get("/dumps/", headers={"Accept": "text/plain"})
    assert listing.status_code == 200
    assert {line.split()[1] for line in listing.text.splitlines()} >= {
        "yanvar.jsonld",
        "SHA256SUMS",
    }

"""Dumps are written in the background: a slow build never holds a request past DUMPS_WAIT."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest

from yanvar import build, create_app, dumps

FIXTURE = Path(__file__).parent / "data" / "pages" / "fixture.trig"


def test_a_slow_build_answers_503_then_the_files(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real_build = build.build_dumps

    def slow_build(*args: object, **kwargs: object) -> list[Path]:
        assert release.wait(timeout=30), "the test never released the build"
        return real_build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "build_dumps", slow_build)
    app = create_app(
        {
            "TESTING": True,
            # a base of its own: the dumps cache is keyed by it, so this build starts afresh
            "BASE_IRI": f"http://127.0.0.1/{uuid.uuid4().hex}/",
            "DATA_FILES": [str(FIXTURE)],
            "DUMPS_WAIT": 0.05,
        }
    )
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

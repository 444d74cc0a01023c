"""The README's pages section stays true: each of its curl commands works on the real graph."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from flask.testing import FlaskClient

README = Path(__file__).resolve().parents[1] / "README.md"
HOST = "http://127.0.0.1:8080"


def curls() -> list[str]:
    """Return the curl lines of the README's pages section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("<!-- section:pages -->") : text.index("<!-- /section:pages -->")]
    return [line.split("  #")[0] for line in section.splitlines() if line.startswith("curl ")]


def test_the_section_has_one_curl_per_format() -> None:
    lines = curls()
    for marker in ("text/turtle", "n-triples", "ld+json", "rdf+xml", ".ttl", ".jsonld", ".nt"):
        assert any(marker in line for line in lines), marker


@pytest.mark.parametrize("line", curls())
def test_each_curl_answers(client: FlaskClient, line: str) -> None:
    words = shlex.split(line)
    url = next(w for w in words if w.startswith(HOST))
    headers = dict(
        words[i + 1].split(": ", 1)
        for i, w in enumerate(words)
        if w == "-H" and ": " in words[i + 1]
    )
    headers.pop("If-None-Match", None)
    if "--compressed" in words:
        headers["Accept-Encoding"] = "gzip"
    with client.get(url.removeprefix(HOST), headers=headers) as response:
        assert response.status_code == 200, line
        if "Accept" in headers:
            assert response.mimetype == headers["Accept"], line
        else:
            expected = {
                "ttl": "text/turtle",
                "nt": "application/n-triples",
                "jsonld": "application/ld+json",
                "rdf": "application/rdf+xml",
            }
            extension = re.search(r"\.(\w+)$", url)
            if extension and extension.group(1) in expected:
                assert response.mimetype == expected[extension.group(1)], line

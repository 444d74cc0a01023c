"""Floors of the per-request path: a WSGI server alone, and Flask under it, on one core.

Both apps return a fixed SPARQL JSON boolean for any request, so wrk measures nothing but the
HTTP server and the framework. bench/run.py serves them under gunicorn and Granian::

    gunicorn --workers 1 --chdir bench floor:wsgi     # a bare WSGI callable
    gunicorn --workers 1 --chdir bench floor:app      # the same answer from a Flask view
    granian --interface wsgi --runtime-mode st --working-dir bench floor:wsgi   # (and floor:app)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response

BODY = b'{"head":{},"boolean":true}'
MEDIA_TYPE = "application/sparql-results+json"


def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Answer every request with :data:`BODY`."""
    start_response("200 OK", [("Content-Type", MEDIA_TYPE), ("Content-Length", str(len(BODY)))])
    return [BODY]


app = Flask(__name__)


@app.route("/<path:path>")
@app.route("/")
def answer(path: str = "") -> Response:
    """Answer every GET with :data:`BODY`."""
    return Response(BODY, mimetype=MEDIA_TYPE)

"""Headers every public resource gets: CORS (with preflight) and gzip by Accept-Encoding.

CORS is open (``*``, no credentials): everything here is public and read-only, so any
web page may query it. Flask answers ``OPTIONS`` itself; this adds the preflight headers.
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

#: Below this size gzip costs more than it saves.
MIN_GZIP_BYTES = 1024
#: Level 5: most of level 9's ratio at a fraction of its time (the request path is hot).
GZIP_LEVEL = 5


def init_app(app: Flask) -> None:
    """Register the after-request hook that adds CORS headers and compresses."""
    app.after_request(add_headers)


def add_headers(response: Response) -> Response:
    """Add CORS headers (and answer a preflight); gzip the body when the client accepts it."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "Content-Type, Content-Length, Vary"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
        asked = request.headers.get("Access-Control-Request-Headers")
        response.headers["Access-Control-Allow-Headers"] = asked or "Accept, Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"
    _compress(response)
    return response


def _compress(response: Response) -> None:
    if (
        response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
    ):
        return
    response.vary.add("Accept-Encoding")
    offered = request.headers.get("Accept-Encoding", "")
    if "gzip" not in offered or request.accept_encodings["gzip"] <= 0:
        return  # the substring test spares parsing the header for most API clients
    body = response.get_data()
    if len(body) < MIN_GZIP_BYTES:
        return
    response.set_data(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"

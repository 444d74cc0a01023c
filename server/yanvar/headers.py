"""Headers every public resource gets: CORS (with preflight) and gzip by Accept-Encoding.

CORS is open (``*``, no credentials): everything here is public and read-only, so any
web page may query it. Flask answers ``OPTIONS`` itself; this adds the preflight headers.
Flask's responses get them from an after-request hook; the SPARQL fast path
(:mod:`yanvar.fast_path`) from :func:`finish`, so both send the same headers.
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request
from werkzeug.datastructures import Accept
from werkzeug.http import parse_accept_header

#: Below this size gzip costs more than it saves.
MIN_GZIP_BYTES = 1024
#: Level 5: most of level 9's ratio at a fraction of its time (the request path is hot).
GZIP_LEVEL = 5
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "Content-Type, Content-Length, Vary",
}


def init_app(app: Flask) -> None:
    """Register the after-request hook that adds CORS headers and compresses."""
    app.after_request(add_headers)


def add_headers(response: Response) -> Response:
    """Add CORS headers (and answer a preflight); gzip the body when the client accepts it."""
    response.headers.update(CORS)
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
        asked = request.headers.get("Access-Control-Request-Headers")
        response.headers["Access-Control-Allow-Headers"] = asked or "Accept, Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"
    if (
        response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
    ):
        return response
    response.vary.add("Accept-Encoding")
    compressed = compress(response.get_data(), request.headers.get("Accept-Encoding", ""))
    if compressed is not None:
        response.set_data(compressed)
        response.headers["Content-Encoding"] = "gzip"
    return response


def finish(
    body: bytes, content_type: str, accept_encoding: str
) -> tuple[bytes, list[tuple[str, str]]]:
    """Return the body and headers of a 200 that varies by Accept, as :func:`add_headers`
    would make them for the same request."""
    headers = [("Content-Type", content_type), ("Vary", "Accept, Accept-Encoding"), *CORS.items()]
    compressed = compress(body, accept_encoding)
    if compressed is not None:
        body = compressed
        headers.append(("Content-Encoding", "gzip"))
    headers.append(("Content-Length", str(len(body))))
    return body, headers


def compress(body: bytes, accept_encoding: str) -> bytes | None:
    """Gzip ``body`` if the client accepts gzip and it is worth it; else None."""
    if len(body) < MIN_GZIP_BYTES or "gzip" not in accept_encoding:
        return None  # the substring test spares parsing the header for most API clients
    if parse_accept_header(accept_encoding, Accept)["gzip"] <= 0:
        return None
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)

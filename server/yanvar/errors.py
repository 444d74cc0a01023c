"""The errors yanvar raises on purpose, each with its HTTP status, and their one handler.

Foreign exceptions (pyoxigraph's SyntaxError, rdflib's parser errors, …) are translated
into these at the boundary where they arise (``raise … from exc``); the Flask app maps
them to a response in :func:`register`. A bug stays a 500.
"""

from __future__ import annotations

import json
from typing import ClassVar

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

#: The WSGI environ key under which a layer below Flask (:mod:`yanvar.fast_path`) leaves
#: an error it raised, for Flask's handler to render.
RAISED = "yanvar.raised"


class PublisherError(Exception):
    """Base of every error yanvar reports to a client; ``status`` is the HTTP status."""

    status = 500
    title = "Internal error"
    #: Headers the error response carries (for example Retry-After).
    headers: ClassVar[dict[str, str]] = {}

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(PublisherError):
    """Raised when a request is malformed: a query that does not parse, bad UTF-8, …"""

    status = 400
    title = "Bad request"


class Forbidden(PublisherError):
    """Raised when a request asks for something this server refuses by policy (updates,
    SERVICE, LOAD, FROM a remote IRI)."""

    status = 403
    title = "Forbidden"


class NotFound(PublisherError):
    """Raised when an IRI or path names nothing in the dataset."""

    status = 404
    title = "Not found"


class NotAcceptable(PublisherError):
    """Raised when no offered format matches the Accept header or the format parameter."""

    status = 406
    title = "Not acceptable"


class PayloadTooLarge(PublisherError):
    """Raised when a query or request body exceeds the configured maximum."""

    status = 413
    title = "Payload too large"


class UnsupportedMediaType(PublisherError):
    """Raised when a POST body comes with a Content-Type the endpoint does not read."""

    status = 415
    title = "Unsupported media type"


class QueryTimeout(PublisherError):
    """Raised when a query runs past the configured time limit and is stopped."""

    status = 503
    title = "Query timeout"


class ResultTooLarge(PublisherError):
    """Raised when a query's serialised result passes the configured maximum: the result is
    refused whole rather than truncated silently."""

    status = 422
    title = "Result too large"


class InvalidData(Exception):
    """Raised when curated or operator-supplied data is invalid (not an HTTP error: the
    server must not start with it)."""


def error_response(status: int, title: str, message: str) -> Response:
    """Render one error body in the kind the client asked for: HTML, JSON or plain text."""
    offers = ["text/plain", "application/json", "text/html"]
    best = request.accept_mimetypes.best_match(offers) if request else "text/plain"
    if best == "text/html" and request.accept_mimetypes["text/html"] > 0:
        body = render_template("error.html", status=status, title=title, message=message)
        response = Response(body, status=status, mimetype="text/html")
    elif best == "application/json" and request.accept_mimetypes["application/json"] > 0:
        payload = {"status": status, "title": title, "message": message}
        response = Response(
            json.dumps(payload, ensure_ascii=False), status, mimetype="application/json"
        )
    else:
        response = Response(f"{status} {title}: {message}\n", status=status, mimetype="text/plain")
    response.headers["Vary"] = "Accept"
    return response


def register(app: Flask) -> None:
    """Map every PublisherError, and Werkzeug's own HTTP errors, to :func:`error_response`.

    An error raised below Flask (:data:`RAISED`) is re-raised before routing, so it is
    rendered here too.
    """

    @app.before_request
    def _raised_below() -> None:
        error = request.environ.get(RAISED)
        if error is not None:
            raise error

    @app.errorhandler(PublisherError)
    def _publisher_error(error: PublisherError) -> Response:
        response = error_response(error.status, error.title, error.message)
        response.headers.update(error.headers)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        response = error_response(error.code or 500, error.name, error.description or "")
        for name in ("Allow", "Retry-After"):
            if error.get_response().headers.get(name):
                response.headers[name] = error.get_response().headers[name]
        return response

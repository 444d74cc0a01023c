"""SPARQL GETs answered below Flask: the lookup path, at the cost of the query alone.

Flask's request context, routing and response objects cost about as much as a lookup
query itself (``bench/README.md``). A ``GET /sparql?query=…`` carries everything it needs
in the query string and two headers, so this WSGI layer decodes those and calls
:func:`yanvar.sparql.answer`, the view's own function: the checks (length, guard,
graphs, negotiation), the query thread or process and the serialisation are the same.

Everything else goes to Flask unchanged. So does an error: the fast path hands the
exception to Flask (:data:`yanvar.errors.RAISED`), whose one error handler renders it as
for any other request, without running the query again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

from yanvar import headers, sparql
from yanvar.errors import RAISED, PublisherError
from yanvar.forms import decode_form

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def install(app: Flask) -> None:
    """Put the fast path in front of ``app``'s WSGI callable."""
    app.wsgi_app = wrap(app.wsgi_app, app.extensions["yanvar.sparql"])  # type: ignore[method-assign,assignment]


def wrap(flask_wsgi: WsgiApp, endpoint: sparql.Endpoint) -> WsgiApp:
    """Return a WSGI callable answering plain SPARQL GETs itself, the rest by ``flask_wsgi``."""

    def serve(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        query_string: str = environ.get("QUERY_STRING", "")
        if (
            environ.get("PATH_INFO") != "/sparql"
            or environ.get("REQUEST_METHOD") != "GET"
            or "query=" not in query_string
        ):
            return flask_wsgi(environ, start_response)
        try:
            # WSGI hands the query string over as latin-1 (PEP 3333): these are its bytes.
            params = decode_form(query_string.encode("latin-1"), "the URL's query string")
            queries = params.get("query", [])
            if len(queries) != 1 or "update" in params:
                return flask_wsgi(environ, start_response)  # the view says what is wrong
            body, content_type = sparql.answer(
                endpoint, queries[0], params, environ.get("HTTP_ACCEPT", "")
            )
        except PublisherError as error:
            environ[RAISED] = error
            return flask_wsgi(environ, start_response)
        body, header_list = headers.finish(
            body, content_type, environ.get("HTTP_ACCEPT_ENCODING", "")
        )
        start_response("200 OK", header_list)
        return [body]

    return serve

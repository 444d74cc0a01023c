"""The WSGI shortcut for ``GET /sparql?query=``: it must answer exactly as the Flask view
does (same bodies, same headers, same errors), skip Flask on success, and never run a
query twice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask, request_started
from sparql_support import fixture_app
from werkzeug.test import TestResponse

SELECT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
CONSTRUCT = "CONSTRUCT WHERE { ?s ?p ?o }"
#: Headers that may differ between two answers to the same request.
VOLATILE = {"Date", "Server"}


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    with fixture_app() as app:
        yield app


def by_get(app: Flask, params: dict[str, str], headers: dict[str, str]) -> TestResponse:
    return app.test_client().get(f"/sparql?{urlencode(params)}", headers=headers)


def by_post(app: Flask, params: dict[str, str], headers: dict[str, str]) -> TestResponse:
    """The same request as a form POST: the Flask view answers it."""
    return app.test_client().post(
        "/sparql",
        data=urlencode(params),
        headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
    )


def header_set(response: TestResponse) -> set[tuple[str, str]]:
    return {(k, v) for k, v in response.headers.items() if k not in VOLATILE}


@pytest.mark.parametrize(
    ("query", "headers"),
    [
        (SELECT, {"Accept": "application/sparql-results+json"}),
        (SELECT, {"Accept": "text/csv;q=0.9, application/sparql-results+xml;q=0.5"}),
        (SELECT, {"Accept": "application/sparql-results+json", "Accept-Encoding": "gzip"}),
        (SELECT, {"Accept": "text/tab-separated-values", "Accept-Encoding": "gzip;q=0"}),
        (CONSTRUCT, {"Accept": "text/turtle", "Accept-Encoding": "br, gzip"}),
        (CONSTRUCT, {}),
        ("ASK { ?s ?p ?o }", {"Accept": "*/*"}),
    ],
)
def test_a_get_is_answered_as_the_view_answers(
    app: Flask, query: str, headers: dict[str, str]
) -> None:
    fast, view = by_get(app, {"query": query}, headers), by_post(app, {"query": query}, headers)
    assert fast.status_code == view.status_code == 200
    assert fast.data == view.data
    assert header_set(fast) == header_set(view)


@pytest.mark.parametrize(
    "params",
    [
        {"query": "SELECT WHERE"},  # 400: does not parse
        {"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"},  # 403
        {"query": "SELECT * FROM <http://elsewhere.example/> { ?s ?p ?o }"},  # 403
        {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"},  # 403: an update in a query
        {"query": "ASK {}", "format": "nonsense"},  # 406
        {"query": "ASK {" + " " * 100_001 + "}"},  # 413
        {"query": "ASK {}", "default-graph-uri": "http://elsewhere.example/"},  # 403
    ],
)
@pytest.mark.parametrize("accept", ["application/json", "text/html", "*/*"])
def test_an_error_is_rendered_as_the_view_renders_it(
    app: Flask, params: dict[str, str], accept: str
) -> None:
    headers = {"Accept": accept}
    fast, view = by_get(app, params, headers), by_post(app, params, headers)
    assert 400 <= fast.status_code < 500
    assert (fast.status_code, fast.data) == (view.status_code, view.data)
    assert header_set(fast) == header_set(view)


def test_flask_is_skipped_for_an_answer_and_used_for_the_rest(app: Flask) -> None:
    started: list[str] = []

    def record(sender: Any, **extra: Any) -> None:
        from flask import request

        started.append(f"{request.method} {request.path}")

    with request_started.connected_to(record, app):
        assert by_get(app, {"query": "ASK {}"}, {}).status_code == 200
        assert started == []
        assert by_get(app, {"query": "SELECT WHERE"}, {}).status_code == 400  # rendered by Flask
        assert by_get(app, {}, {"Accept": "text/turtle"}).status_code == 200  # no query
        assert by_post(app, {"query": "ASK {}"}, {}).status_code == 200
    assert started == ["GET /sparql", "GET /sparql", "POST /sparql"]


def test_an_error_does_not_run_the_query_again(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = app.extensions["yanvar.sparql"].queries
    calls: list[str] = []
    run = queries.run

    def counted(query: Any) -> Any:
        calls.append(query.text)
        return run(query)

    monkeypatch.setattr(queries, "run", counted)
    response = by_get(app, {"query": "SELECT * { ?s ?p ?o }"}, {"Accept": "text/turtle"})
    assert response.status_code == 406  # SELECT has no Turtle form: found only by running it
    assert len(calls) == 1


@pytest.mark.parametrize(
    "query_string",
    [
        "query=ASK+%7B%7D&query=ASK+%7B%7D",  # twice: 400
        "query=ASK+%7B%7D&update=x",  # an update parameter: 403
        "query=%FF",  # not UTF-8: 400
        "query=ASK%20%7B%7D&format=json&format=xml",  # a parameter twice: 400
    ],
)
def test_odd_query_strings_get_the_views_4xx(app: Flask, query_string: str) -> None:
    fast = app.test_client().get(f"/sparql?{query_string}")
    view = app.test_client().post(
        "/sparql", data=query_string, content_type="application/x-www-form-urlencoded"
    )
    assert 400 <= fast.status_code < 500
    assert fast.status_code == view.status_code
    # The same words, but for where the bytes were: the URL's query string, not a form body.
    assert fast.text == view.text.replace("the form body", "the URL's query string")

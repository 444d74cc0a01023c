"""Every error status of /sparql with its message, and the hostile inputs: updates, SERVICE,
FROM the web, LOAD, bad UTF-8, deep nesting, long queries and huge results."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sparql_support import fixture_app

PEOPLE = "https://w3id.org/yanvar/graph/people"


@pytest.fixture(scope="module")
def sparql_app() -> Iterator[Flask]:
    with fixture_app(SPARQL_MAX_QUERY_BYTES=2000, SPARQL_MAX_RESULT_BYTES=300) as app:
        yield app


def get(client: FlaskClient, query: str, **params: str) -> tuple[int, str]:
    response = client.get("/sparql", query_string={"query": query, **params})
    return response.status_code, response.get_data(as_text=True)


def test_error_body_follows_accept(sparql: FlaskClient) -> None:
    response = sparql.get(
        "/sparql", query_string={"query": "ASK {"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert response.json is not None and response.json["status"] == 400
    assert "does not parse" in response.json["message"]


# --- 400 ---------------------------------------------------------------------------------


def test_syntax_error_is_400_with_the_parser_message(sparql: FlaskClient) -> None:
    status, text = get(sparql, "SELECT * WHERE { ?s ?p }")
    assert status == 400
    assert "the query does not parse: error at 1:" in text


@pytest.mark.parametrize(
    "raw",
    [b"/sparql?query=ASK%20%7B%7D%FF", b"/sparql?query=ASK%20%7B%7D%C3%28"],
)
def test_bad_utf8_in_the_query_string_is_400(sparql: FlaskClient, raw: bytes) -> None:
    response = sparql.get(raw.decode("latin-1"))
    assert response.status_code == 400
    assert "not UTF-8" in response.text


def test_bad_utf8_in_a_direct_body_is_400(sparql: FlaskClient) -> None:
    body = "ASK {}".encode("utf-16")
    response = sparql.post(
        "/sparql", data=body, content_type="application/sparql-query; charset=UTF-16"
    )
    assert response.status_code == 400
    assert "the query body is not valid UTF-8" in response.text


def test_bad_utf8_in_a_form_body_is_400(sparql: FlaskClient) -> None:
    response = sparql.post(
        "/sparql", data=b"query=ASK%20%7B%7D%FF", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "form body percent-encodes bytes that are not UTF-8" in response.text


@pytest.mark.parametrize("brackets", ["()", "{}", "[]"])
def test_ten_thousand_deep_nesting_is_400_not_a_crash(sparql: FlaskClient, brackets: str) -> None:
    opening, closing = brackets
    inner = "?s ?p " + opening * 10_000 + closing * 10_000 if opening == "[" else ""
    if opening == "(":
        inner = "FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ")"
    elif opening == "{":
        inner = "{" * 10_000 + "}" * 10_000
    response = sparql.post(
        "/sparql", data=f"SELECT * WHERE {{ {inner} }}", content_type="application/sparql-query"
    )
    assert response.status_code in (400, 413)
    assert "deep" in response.text or "longer than" in response.text
    assert get(sparql, "ASK { ?s ?p ?o }") == (200, '{"head":{},"boolean":true}')


def test_nesting_just_over_the_limit_is_400(sparql: FlaskClient) -> None:
    status, text = get(sparql, "SELECT * WHERE " + "{" * 201 + "}" * 201)
    assert status == 400
    assert "more than 200 deep (SPARQL_MAX_NESTING)" in text


def test_more_than_one_query_is_400(sparql: FlaskClient) -> None:
    response = sparql.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert response.status_code == 400
    assert "exactly one query" in response.text


def test_post_without_a_query_is_400(sparql: FlaskClient) -> None:
    response = sparql.post("/sparql", data={"format": "json"})
    assert response.status_code == 400
    assert "no query" in response.text


# --- 403: read-only and closed ------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://a/> <http://b/> <http://c/> }",
        "PREFIX ex: <http://ex.org/> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "DROP ALL",
    ],
)
def test_update_in_the_query_parameter_is_403(sparql: FlaskClient, query: str) -> None:
    status, text = get(sparql, query)
    assert status == 403
    assert "read-only" in text
    assert get(sparql, "ASK { ?s ?p ?o }")[0] == 200


def test_update_operations_are_403_and_change_nothing(sparql: FlaskClient) -> None:
    update = "INSERT DATA { <http://a/> <http://b/> <http://c/> }"
    for response in (
        sparql.post("/sparql", data={"update": update}),
        sparql.post("/sparql", data=update, content_type="application/sparql-update"),
        sparql.get("/sparql", query_string={"update": update}),
    ):
        assert response.status_code == 403
        assert "read-only" in response.text
    assert get(sparql, "ASK { <http://a/> ?p ?o }") == (200, '{"head":{},"boolean":false}')


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE <"),
        ("SELECT * WHERE { SERVICE SILENT ?endpoint { ?s ?p ?o } }", "variable endpoint"),
        ("PREFIX e: <http://x/> SELECT * { ?s ?p ?o SERVICE e:q { ?s ?p ?o } }", "<http://x/q>"),
        ("SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }", "FROM <"),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }", "not a graph"),
    ],
)
def test_service_and_remote_from_are_403_with_why(
    sparql: FlaskClient, query: str, message: str
) -> None:
    status, text = get(sparql, query)
    assert status == 403
    assert message in text
    assert "never" in text


def test_from_a_graph_of_the_dataset_is_answered(sparql: FlaskClient) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{PEOPLE}> WHERE {{ ?s a ?t }}"
    status, text = get(sparql, query)
    assert status == 200
    assert '"value":"2"' in text


def test_protocol_graph_outside_the_dataset_is_403(sparql: FlaskClient) -> None:
    status, text = get(sparql, "ASK { ?s ?p ?o }", **{"default-graph-uri": "http://x.example/"})
    assert status == 403
    assert "<http://x.example/> is not a graph of this dataset" in text


def test_keywords_inside_names_strings_and_comments_are_not_refused(
    sparql: FlaskClient,
) -> None:
    query = (
        "PREFIX service: <http://example.org/> # SERVICE <http://evil/> LOAD\n"
        "SELECT ?service ?from WHERE { ?service service:from ?from "
        'FILTER(?from != \'SERVICE <http://evil/>\' && ?from != """LOAD"""@en) }'
    )
    assert get(sparql, query)[0] == 200


# --- 405, 413, 415, 422 -------------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405(sparql: FlaskClient, method: str) -> None:
    response = sparql.open("/sparql", method=method, data="ASK {}")
    assert response.status_code == 405
    assert {"GET", "POST"} <= set(response.headers["Allow"].split(", "))


def test_long_query_is_413(sparql: FlaskClient) -> None:
    query = "ASK { ?s ?p ?o } #" + "x" * 2000
    status, text = get(sparql, query)
    assert status == 413
    assert "longer than 2000 bytes (SPARQL_MAX_QUERY_BYTES)" in text
    response = sparql.post("/sparql", data=query, content_type="application/sparql-query")
    assert response.status_code == 413
    response = sparql.post(
        "/sparql",
        data="query=" + quote(query) * 10,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
def test_post_of_another_media_type_is_415(sparql: FlaskClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = sparql.post("/sparql", data=b"ASK {}", headers=headers)
    assert response.status_code == 415
    assert "application/sparql-query" in response.text


def test_result_over_the_size_limit_is_refused_not_truncated(sparql: FlaskClient) -> None:
    status, text = get(sparql, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422
    assert "larger than 300 bytes (SPARQL_MAX_RESULT_BYTES)" in text
    assert get(sparql, "SELECT ?s WHERE { ?s a ?t } LIMIT 1")[0] == 200

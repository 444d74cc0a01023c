"""The pure parts of the endpoint: the guard's verdicts, the negotiation table, the format
registry and the docstring examples of every SPARQL module."""

from __future__ import annotations

import contextlib
import doctest
import time

import pytest
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from yanvar import formats, guard, negotiation, querying, service_description, sparql, store
from yanvar.errors import BadRequest, Forbidden, NotAcceptable

POLICY = guard.Policy(
    graphs=frozenset({"http://ex.org/g", "https://w3id.org/yanvar/graph/curation"}),
    allowed_services=frozenset({"http://allowed.example/sparql"}),
    max_nesting=50,
    base_iri="https://w3id.org/yanvar/",
)

ALLOWED = [
    "SELECT * WHERE { ?s ?p ?o }",
    "SELECT ?service ?from ?load WHERE { ?service ?from ?load }",
    "PREFIX service: <http://ex.org/> SELECT * WHERE { ?s service:from service:load }",
    "SELECT * WHERE { ?s ?p 'SERVICE <http://evil/> { }' }",
    'SELECT * WHERE { ?s ?p """\nFROM <http://evil/>\nLOAD <http://evil/>""" }',
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://evil/> { }",
    "SELECT * WHERE { ?s ?p 'x'@service }",
    "SELECT * FROM <http://ex.org/g> WHERE { ?s ?p ?o }",
    "SELECT * FROM <graph/curation> WHERE { ?s ?p ?o }",
    "PREFIX g: <http://ex.org/> SELECT * FROM NAMED g:g WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <http://allowed.example/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s <http://ex.org/p> 'it''s' }",
    "SELECT * WHERE " + "{" * 50 + "}" * 50,
]

REFUSED = [
    ("SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }", Forbidden, "SERVICE <"),
    ("select * where { service <http://evil.example/> { } }", Forbidden, "SERVICE <"),
    ("SELECT * WHERE { SERVICE SILENT <http://evil.example/> { } }", Forbidden, "SERVICE <"),
    ("SELECT * WHERE { SERVICE ?x { } }", Forbidden, "variable endpoint"),
    ("SELECT * WHERE { SERVICE<http://evil.example/>{} }", Forbidden, "SERVICE <"),
    ("PREFIX e: <http://evil.example/> SELECT * { SERVICE e:s { } }", Forbidden, "evil.example/s"),
    ("BASE <http://evil.example/> SELECT * { SERVICE <s> { } }", Forbidden, "evil.example/s"),
    ("SELECT * FROM <http://evil.example/data.ttl> { ?s ?p ?o }", Forbidden, "FROM <"),
    ("SELECT * FROM NAMED <http://evil.example/g> { ?s ?p ?o }", Forbidden, "FROM <"),
    ("LOAD <http://evil.example/data.ttl>", Forbidden, "read-only"),
    ("CLEAR DEFAULT", Forbidden, "read-only"),
    ("SELECT * WHERE " + "{" * 51 + "}" * 51, BadRequest, "more than 50 deep"),
    ("SELECT * WHERE { FILTER(" + "(" * 60 + "1" + ")" * 60 + ") }", BadRequest, "deep"),
]


@pytest.mark.parametrize("query", ALLOWED)
def test_guard_allows(query: str) -> None:
    guard.check(query, POLICY)


@pytest.mark.parametrize(("query", "error", "message"), REFUSED)
def test_guard_refuses(query: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message.replace("?", r"\?")):
        guard.check(query, POLICY)


def test_guard_reports_a_dataset_clause() -> None:
    assert guard.check("SELECT * FROM <http://ex.org/g> { ?s ?p ?o }", POLICY) is True
    assert guard.check("SELECT * { ?s <http://ex.org/from> ?o }", POLICY) is False


def accept(header: str) -> MIMEAccept:
    return parse_accept_header(header, MIMEAccept)


@pytest.mark.parametrize(
    ("header", "kind", "expected"),
    [
        ("", "results", "json"),
        ("", "graph", "ttl"),
        ("*/*", "results", "json"),
        ("application/*", "graph", "nt"),
        ("text/*", "results", "csv"),
        ("application/sparql-results+json;q=0.1, text/tab-separated-values", "results", "tsv"),
        ("application/ld+json;q=0.9, application/rdf+xml", "graph", "rdf"),
        ("text/turtle;q=0, */*;q=0.1", "graph", "nt"),
        ("application/n-quads", "graph", "nq"),
        ("application/trig", "graph", "trig"),
        ("text/xml", "results", "xml"),
    ],
)
def test_negotiation_table(header: str, kind: formats.Kind, expected: str) -> None:
    assert negotiation.choose(kind, accept(header)).name == expected


@pytest.mark.parametrize(
    ("header", "kind"), [("image/png", "results"), ("text/csv", "graph"), ("*/*;q=0", "graph")]
)
def test_negotiation_refuses_with_the_offers(header: str, kind: formats.Kind) -> None:
    with pytest.raises(NotAcceptable, match="offered: "):
        negotiation.choose(kind, accept(header))


def test_every_format_name_and_media_type_finds_itself() -> None:
    for fmt in (*formats.RESULT_FORMATS, *formats.GRAPH_FORMATS):
        assert formats.by_name(fmt.name, fmt.kind) is fmt
        assert formats.by_name(fmt.media_type.upper(), fmt.kind) is fmt


@pytest.mark.parametrize(
    "module", [formats, guard, negotiation, querying, service_description, sparql, store]
)
def test_docstring_examples(module: object) -> None:
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert failures == 0


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <x:y> {}" + " " * 90_000,
        "SELECT * FROM <x:y> {} " + "#" * 90_000,
        "SELECT * FROM <x:y> {} " + "# #\n" * 20_000,
        "SELECT * FROM <x:y> { " + "( " * 40_000,
        "FROM " + "<" * 90_000,
        "FROM " + "'''" + "''\\" * 30_000,
    ],
)
def test_guard_is_linear_on_pathological_input(query: str) -> None:
    """A 100 kB query must not make the lexer backtrack for seconds (a denial of service)."""
    started = time.monotonic()
    with contextlib.suppress(Forbidden, BadRequest):
        guard.check(query, POLICY)
    assert time.monotonic() - started < 2

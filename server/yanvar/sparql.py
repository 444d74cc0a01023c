"""Blueprint: the SPARQL 1.1 Protocol endpoint at ``/sparql``, read-only and closed.

Parameters are decoded once, from the raw bytes, as strict UTF-8 (Werkzeug would
replace bad bytes silently); a query then passes the length limit, the guard
(:mod:`yanvar.guard`) and content negotiation before a query process
(:mod:`yanvar.querying`) or thread (:mod:`yanvar.query_threads`) evaluates and
serialises it.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from functools import partial

from flask import Blueprint, Config, Flask, Response, current_app, request, url_for

from yanvar import formats, guard, negotiation, service_description
from yanvar.errors import (
    BadRequest,
    Forbidden,
    NotAcceptable,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from yanvar.forms import decode_form, utf8
from yanvar.query_page import render_query_page
from yanvar.query_threads import ThreadQueryService
from yanvar.querying import QueryRunner, QueryService
from yanvar.store import GraphStore, QuerySyntaxError, UserQuery

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class Endpoint:
    """What the view needs, built once per app: the store, the workers, the policy, limits."""

    store: GraphStore
    queries: QueryRunner
    policy: guard.Policy
    max_query_bytes: int
    max_result_bytes: int


def init_app(app: Flask, store: GraphStore) -> None:
    """Start the query workers, fix the policy and register the blueprint."""
    config = app.config
    allowed = frozenset(config["SPARQL_ALLOWED_SERVICES"] or ())
    policy = guard.Policy(
        graphs=store.graph_names(),
        allowed_services=allowed,
        max_nesting=config["SPARQL_MAX_NESTING"],
        base_iri=store.scheme.base,
    )
    queries = _query_runner(store, config, isolate_network=not allowed)
    app.extensions["yanvar.sparql"] = Endpoint(
        store, queries, policy, config["SPARQL_MAX_QUERY_BYTES"], config["SPARQL_MAX_RESULT_BYTES"]
    )
    app.register_blueprint(bp)


def _query_runner(store: GraphStore, config: Config, *, isolate_network: bool) -> QueryRunner:
    """Build what runs queries, where SPARQL_QUERIES_IN says.

    :raises ValueError: for another place, or for threads without a supervisor to reload.
    """
    timeout, workers = float(config["SPARQL_TIMEOUT"]), int(config["SPARQL_WORKERS"])
    where = config["SPARQL_QUERIES_IN"]
    if where == "processes":
        return QueryService(
            store, timeout=timeout, workers=workers, isolate_network=isolate_network
        )
    if where != "threads":
        raise ValueError(f"SPARQL_QUERIES_IN must be 'threads' or 'processes', not {where!r}")
    supervisor = config["SPARQL_SUPERVISOR_PID"]
    if not supervisor:
        raise ValueError(
            "SPARQL_QUERIES_IN='threads' needs SPARQL_SUPERVISOR_PID, the process that reloads "
            "the server's workers on SIGHUP (yanvar serve sets both); use 'processes' otherwise"
        )
    return ThreadQueryService(
        store,
        timeout=timeout,
        workers=workers,
        isolate_network=isolate_network,
        on_runaway=partial(os.kill, int(supervisor), signal.SIGHUP),
    )


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a SPARQL query; without one, the query page or the service description."""
    endpoint: Endpoint = current_app.extensions["yanvar.sparql"]
    params, body_query = _parameters(endpoint.max_query_bytes)
    if "update" in params or request.mimetype == SPARQL_UPDATE:
        raise Forbidden(guard.READ_ONLY.format(word="update"))
    queries = params.get("query", [])
    if body_query is not None:
        queries = [*queries, body_query]
    if len(queries) > 1:
        raise BadRequest("give exactly one query (it was given more than once)")
    if not queries:
        if request.method == "POST":
            raise BadRequest("no query: send one as the 'query' parameter or the request body")
        return _describe(endpoint, _one(params, "format"))
    body, content_type = answer(endpoint, queries[0], params, request.headers.get("Accept", ""))
    response = Response(body, content_type=content_type)
    response.vary.add("Accept")
    return response


def answer(
    endpoint: Endpoint, query: str, params: dict[str, list[str]], accept: str
) -> tuple[bytes, str]:
    """Check, run and serialise one query; return the body and its content type.

    The one way a query is answered: the view calls it, and so does the fast path
    (:mod:`yanvar.fast_path`) for plain GETs.
    """
    if len(query.encode()) > endpoint.max_query_bytes:
        raise PayloadTooLarge(_too_long(endpoint.max_query_bytes))
    format_param = _one(params, "format") or _one(params, "output")
    results = negotiation.find_for_header("results", accept, format_param)
    graph = negotiation.find_for_header("graph", accept, format_param)
    if results is None and graph is None:
        asked = f"format={format_param!r}" if format_param else f"Accept: {accept}"
        raise NotAcceptable(
            f"no offered format matches {asked}; offered for SELECT and ASK: "
            f"{negotiation.offered('results')}; for CONSTRUCT and DESCRIBE: "
            f"{negotiation.offered('graph')}"
        )
    declares_dataset = guard.check(query, endpoint.policy)
    default_graphs = tuple(params.get("default-graph-uri", ()))
    named_graphs = tuple(params.get("named-graph-uri", ()))
    for graph_iri in (*default_graphs, *named_graphs):
        if graph_iri not in endpoint.policy.graphs:
            raise Forbidden(f"<{graph_iri}> is not a graph of this dataset")
    user_query = UserQuery(
        text=query,
        results_format=results.name if results else None,
        graph_format=graph.name if graph else None,
        accept=accept,
        format_param=format_param,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
        declares_dataset=declares_dataset,
        max_bytes=endpoint.max_result_bytes,
    )
    try:
        result = endpoint.queries.run(user_query)
    except QuerySyntaxError:
        word = guard.update_word(query)
        if word:
            raise Forbidden(guard.READ_ONLY.format(word=word)) from None
        raise
    fmt = results if result.kind == "results" else graph
    assert fmt is not None and fmt.name == result.format_name
    return result.body, fmt.content_type


def _describe(endpoint: Endpoint, format_param: str | None) -> Response:
    """Answer GET without a query: the HTML page for browsers, else the service description."""
    accept = request.accept_mimetypes
    if negotiation.prefers_html(accept) and not format_param:
        response = Response(render_query_page(), mimetype="text/html")
    else:
        fmt = negotiation.choose("graph", accept, format_param)
        url = url_for("sparql.endpoint", _external=True)
        text = service_description.describe(
            url, endpoint.policy.graphs, union_default_graph=endpoint.store.union_default_graph
        )
        response = Response(formats.convert(text, fmt), content_type=fmt.content_type)
    response.vary.add("Accept")
    return response


def _parameters(max_bytes: int) -> tuple[dict[str, list[str]], str | None]:
    """Decode the URL and body parameters once, strictly; return them and a body query.

    :raises BadRequest: for bytes that are not UTF-8.
    :raises PayloadTooLarge: for a body longer than the query limit allows.
    :raises UnsupportedMediaType: for a POST body that is neither a form nor a query.
    """
    params = decode_form(request.query_string, "the URL's query string")
    if request.method != "POST":
        return params, None
    if request.mimetype not in (FORM, SPARQL_QUERY, SPARQL_UPDATE):
        raise UnsupportedMediaType(
            f"POST a query as {FORM} or {SPARQL_QUERY}, not {request.mimetype or '(no type)'}"
        )
    limit = max_bytes * 3 + 4096  # percent-encoding triples a query's bytes
    if (request.content_length or 0) > limit:
        raise PayloadTooLarge(_too_long(max_bytes))
    body = request.stream.read(limit + 1)
    if len(body) > limit:
        raise PayloadTooLarge(_too_long(max_bytes))
    if request.mimetype == FORM:
        for name, values in decode_form(body, "the form body").items():
            params.setdefault(name, []).extend(values)
        return params, None
    if request.mimetype == SPARQL_UPDATE:
        return params, None
    return params, utf8(body, "the query body")


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name) or []
    if len(values) > 1:
        raise BadRequest(f"the parameter {name!r} was given more than once")
    return values[0] if values else None


def _too_long(limit: int) -> str:
    return f"the query is longer than {limit} bytes (SPARQL_MAX_QUERY_BYTES)"

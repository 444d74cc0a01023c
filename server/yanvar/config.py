"""Every setting, its default and why. Override with YANVAR_<NAME> environment variables."""

from __future__ import annotations

from typing import Any

from yanvar.iris import DEFAULT_BASE

DEFAULTS: dict[str, Any] = {
    # Base of every minted IRI; the curated files use relative IRIs resolved against it.
    "BASE_IRI": DEFAULT_BASE,
    # RDF files to serve instead of the curated graph (None: the validated statement graph).
    "DATA_FILES": None,
    # Validate the curated graph against the shapes before serving it (refuse to start if invalid).
    "VALIDATE_CURATED": True,
    # The query default graph is the union of all named graphs (as Fuseki/Oxigraph offer).
    "UNION_DEFAULT_GRAPH": True,
    # Where --data files are loaded once into an on-disk store and reused (None: in memory).
    "STORE_CACHE_DIR": None,
    # Seconds a SPARQL query may run before its worker is killed (pyoxigraph cannot cancel).
    "SPARQL_TIMEOUT": 30.0,
    # Where queries run: "processes" (each in a killable worker process: safe under any WSGI
    # server) or "threads" (in the server process, faster; a runaway query makes the server
    # reload gracefully, so it needs a supervisor that reloads on SIGHUP: `yanvar serve`).
    "SPARQL_QUERIES_IN": "processes",
    # The process that reloads the server's workers on SIGHUP, which "threads" needs: it is
    # signalled when a query outlives the time limit (set by `yanvar serve`: Granian's main).
    "SPARQL_SUPERVISOR_PID": None,
    # Queries that run at once in each server process (worker processes or threads).
    "SPARQL_WORKERS": 4,
    # Longest query text accepted, in UTF-8 bytes (413 beyond).
    "SPARQL_MAX_QUERY_BYTES": 100_000,
    # Largest serialised result sent, in bytes: beyond it the query fails (never truncates).
    "SPARQL_MAX_RESULT_BYTES": 64 * 1024 * 1024,
    # Deepest bracket nesting accepted: pyoxigraph's parser overflows its stack near 10,000.
    "SPARQL_MAX_NESTING": 200,
    # SERVICE endpoints queries may call (empty: none, and query workers have no network).
    "SPARQL_ALLOWED_SERVICES": [],
    # Directories holding the shipped source texts pages quote from (None: graph/sources/).
    "SOURCE_TEXT_DIRS": None,
    # Directory of `yanvar build` output served under /dumps/ (None: written once to a cache).
    "DUMPS_DIR": None,
    # Seconds a request waits for the dumps being written before a 503 with Retry-After.
    "DUMPS_WAIT": 20.0,
}

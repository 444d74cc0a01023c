"""The HTML query page a browser gets from ``GET /sparql`` without a query.

The page keeps the query in its own URL (``/sparql?q=…``), so a query can be shared and an
example runs with one click; ``static/query.js`` runs it and draws the results. Without
JavaScript the form still submits to the endpoint.
"""

from __future__ import annotations

from flask import current_app, render_template, request, url_for

from yanvar.examples import examples
from yanvar.store import GraphStore

#: Result formats offered for download, by the endpoint's ``format`` names.
RESULT_DOWNLOADS = (("json", "SPARQL JSON"), ("xml", "SPARQL XML"), ("csv", "CSV"), ("tsv", "TSV"))
GRAPH_DOWNLOADS = (
    ("ttl", "Turtle"),
    ("nt", "N-Triples"),
    ("jsonld", "JSON-LD"),
    ("rdf", "RDF/XML"),
)


def render_query_page() -> str:
    """Render the query page: the editor (holding ``?q=`` if given), the examples, the results."""
    graph: GraphStore = current_app.extensions["yanvar.store"]
    items = examples(graph.scheme)
    shared = request.args.get("q")
    return render_template(
        "query.html",
        endpoint=url_for("sparql.endpoint"),
        query=shared or items[0].query,
        run=shared is not None,
        examples=items,
        base=graph.scheme.base,
        result_downloads=RESULT_DOWNLOADS,
        graph_downloads=GRAPH_DOWNLOADS,
    )

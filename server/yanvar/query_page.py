"""The HTML query page a browser gets from ``GET /sparql`` without a query."""

from __future__ import annotations

from flask import render_template, url_for

EXAMPLE = "SELECT * WHERE {\n  ?s ?p ?o\n}\nLIMIT 10\n"


def render_query_page() -> str:
    """Render the query form (no scripts, no external assets)."""
    return render_template("query.html", endpoint=url_for("sparql.endpoint"), example=EXAMPLE)

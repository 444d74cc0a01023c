"""The naive baseline: the SPARQL endpoint someone writes in 30 lines with Flask and rdflib.

No timeout, no guard, no cache: parse the file into an rdflib Dataset, answer ``/sparql`` and
serialise the whole dataset on every ``/dump``. Run it as the benchmark does::

    NAIVE_DATA=bench/data/100k/dataset.trig .venv/bin/gunicorn -w 1 -b 127.0.0.1:8091 \\
        --chdir bench naive_endpoint:app
"""

from __future__ import annotations

import os

from flask import Flask, Response, request
from rdflib import Dataset

app = Flask(__name__)
dataset = Dataset(default_union=True)
dataset.parse(os.environ["NAIVE_DATA"], format="trig")


@app.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """Answer a SPARQL query: JSON results for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE."""
    query = request.values.get("query") or request.get_data(as_text=True)
    result = dataset.query(query)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Response(result.serialize(format="nt"), mimetype="application/n-triples")
    return Response(result.serialize(format="json"), mimetype="application/sparql-results+json")


@app.route("/dump")
def dump() -> Response:
    """Serialise the whole dataset as N-Quads."""
    return Response(dataset.serialize(format="nquads"), mimetype="application/n-quads")

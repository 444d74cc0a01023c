"""Blueprint: the dataset's VoID and DCAT description at ``/.well-known/void`` and ``/dataset``.

The description is the one ``yanvar build`` writes beside the dumps (counts, the SPARQL
endpoint, every dump with its checksum), served in every RDF format, or as a page.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import rdflib
from flask import Blueprint, Response, current_app, request
from rdflib.namespace import DCAT, DCTERMS, VOID

from yanvar import build, dumps, formats, representations
from yanvar.entities import reader, render
from yanvar.errors import NotFound

bp = Blueprint("void", __name__)

SPDX_CHECKSUM_VALUE = rdflib.URIRef("http://spdx.org/rdf/terms#checksumValue")
SPDX_CHECKSUM = rdflib.URIRef("http://spdx.org/rdf/terms#checksum")


@lru_cache(maxsize=16)
def _rdf(path: Path, mtime: float, format_name: str, base: str) -> bytes:  # mtime: cache key
    text = path.read_text(encoding="utf-8")
    return formats.convert(text, formats.graph_format(format_name), base)


@lru_cache(maxsize=4)
def _graph(path: Path, mtime: float) -> rdflib.Graph:  # mtime: cache key
    return rdflib.Graph().parse(path, format="turtle")


def _local(iri: str, base: str) -> str:
    return "/" + iri[len(base) :] if iri.startswith(base) else iri


def _page_context(graph: rdflib.Graph, base: str) -> dict[str, object]:
    dataset = rdflib.URIRef(f"{base}dataset")
    counts = [
        (label, graph.value(dataset, predicate))
        for label, predicate in (
            ("triples", VOID.triples),
            ("entities", VOID.entities),
            ("distinct subjects", VOID.distinctSubjects),
            ("properties", VOID.properties),
            ("classes", VOID.classes),
        )
        if graph.value(dataset, predicate) is not None
    ]
    distributions = []
    for item in sorted(graph.objects(dataset, DCAT.distribution), key=str):
        url = graph.value(item, DCAT.downloadURL)
        checksum = graph.value(graph.value(item, SPDX_CHECKSUM), SPDX_CHECKSUM_VALUE)
        distributions.append(
            {
                "title": graph.value(item, DCTERMS.title),
                "href": _local(str(url), base) if url else None,
                "size": graph.value(item, DCAT.byteSize),
                "sha256": checksum,
            }
        )
    endpoint = graph.value(dataset, VOID.sparqlEndpoint)
    return {
        "title": graph.value(dataset, DCTERMS.title),
        "description": graph.value(dataset, DCTERMS.description),
        "counts": counts,
        "endpoint": _local(str(endpoint), base) if endpoint else None,
        "distributions": distributions,
    }


@bp.get("/.well-known/void")
@bp.get("/.well-known/void.<extension>")
@bp.get("/dataset")
@bp.get("/dataset.<extension>")
def description(extension: str | None = None) -> Response:
    """Answer the VoID/DCAT description of the dataset, as RDF or as a page."""
    if extension is not None and extension not in {c.name for c in representations.CHOICES}:
        raise NotFound(f"{request.path} is not a representation of the dataset description")
    root = dumps.directory()
    assert root is not None
    path = root / build.DESCRIPTION
    mtime = path.stat().st_mtime
    choice = representations.choose(extension, request.accept_mimetypes)
    base = reader().scheme.base
    own = request.path.rsplit(".", 1)[0] if extension else request.path
    if choice.is_html:
        body: str | bytes = render(
            "void.html", reader(), path=own, **_page_context(_graph(path, mtime), base)
        )
    else:
        body = _rdf(path, mtime, choice.name, base)
    return representations.answer(
        request,
        body,
        choice,
        path=own,
        negotiated=extension is None,
        modified=representations.last_modified(current_app),
    )

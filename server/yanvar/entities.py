"""Blueprint: every minted IRI dereferences to an HTML page or an RDF document.

``/id/…``, ``/claim/…``, ``/inference/…``, ``/doc/…`` and ``/time/…`` answer the resource they
name (see :mod:`yanvar.representations` for the negotiation and caching rules); ``/sources/…``
answers the shipped text itself. An unknown IRI gets a 404 naming the nearest known ones.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request

from yanvar import (
    descriptions,
    entity_pages,
    formats,
    iris,
    passages,
    paths,
    reconciliation,
    representations,
)
from yanvar.errors import NotFound
from yanvar.labels import NAMES, choose_languages
from yanvar.pages import Link, Reader
from yanvar.store import GraphStore

bp = Blueprint("entities", __name__)

#: First path segment -> (what builds the page, its template).
PAGES: dict[str, tuple[Callable[[Reader, str], dict[str, object] | None], str]] = {
    "id": (entity_pages.entity, "entity.html"),
    "claim": (entity_pages.claim, "claim.html"),
    "doc": (entity_pages.document, "document.html"),
    "inference": (entity_pages.resource, "resource.html"),
    "time": (entity_pages.resource, "resource.html"),
}
#: How many near matches a 404 page suggests.
SUGGESTIONS = 5


def graph_store() -> GraphStore:
    """Return the app's loaded store."""
    store: GraphStore = current_app.extensions["yanvar.store"]
    return store


def text_dirs() -> tuple[Path, ...]:
    """Return the directories searched for shipped source texts."""
    configured = current_app.config.get("SOURCE_TEXT_DIRS")
    if configured:
        return tuple(Path(d) for d in configured)
    return (paths.graph_dir() / "sources",)


def reader() -> Reader:
    """Return a page reader in the request's language (``?lang=`` wins over Accept-Language)."""
    wanted = request.args.get("lang") or request.headers.get("Accept-Language")
    return Reader(graph_store(), choose_languages(wanted), text_dirs())


def render(template: str, page_reader: Reader, **context: object) -> str:
    """Render a page template with what every page shows (the language switch)."""
    return render_template(template, languages=NAMES, language=page_reader.languages[0], **context)


@bp.get("/<any(id, claim, inference, doc, time):kind>/<name>")
def resource(kind: str, name: str) -> Response:
    """Answer a minted IRI: its HTML page or its RDF description."""
    slug, extension = representations.split_extension(name)
    path = f"/{kind}/{slug}"
    choice = representations.choose(extension, request.accept_mimetypes)
    page_reader = reader()
    iri = page_reader.scheme.iri_of(path[1:])
    if not page_reader.exists(iri):
        return not_found(page_reader, path, choice.is_html)
    if choice.is_html:
        build, template = PAGES[kind]
        page = build(page_reader, iri) or entity_pages.resource(page_reader, iri)
        if template == "claim.html" and "claim" not in page:
            template = "resource.html"
        body: str | bytes = render(template, page_reader, page=page, path=path)
    else:
        fmt = formats.graph_format(choice.name)
        body = descriptions.describe(page_reader.graph, iri, fmt)
    return representations.answer(
        request,
        body,
        choice,
        path=path,
        negotiated=extension is None,
        modified=representations.last_modified(current_app),
    )


@bp.get("/sources/<name>")
def source_text(name: str) -> Response:
    """Answer a shipped source text, byte for byte."""
    found = passages.find(name, text_dirs())
    if found is None:
        raise NotFound(f"no shipped source text is called {name!r}")
    response = Response(found.read_bytes(), content_type="text/plain; charset=utf-8")
    response.headers["Cache-Control"] = "public, max-age=300"
    response.last_modified = representations.last_modified(current_app)
    response.add_etag()
    response.make_conditional(request)
    return response


def suggest(graph: GraphStore, path: str) -> list[str]:
    """Return the paths of known resources nearest to ``path`` (same kind first)."""
    key = "yanvar.pages.paths"
    if key not in current_app.extensions:
        rows = graph.select(
            "SELECT DISTINCT ?s WHERE { ?s a ?t "
            f'FILTER(STRSTARTS(STR(?s), "{graph.scheme.base}")) }}'
        )
        known = {graph.scheme.path_of(r["s"].value) for r in rows}
        current_app.extensions[key] = sorted(f"/{p}" for p in known if p)
    known_paths: list[str] = current_app.extensions[key]
    kind = path.split("/")[1]
    same_kind = [p for p in known_paths if p.startswith(f"/{kind}/")]
    slug = path.rsplit("/", 1)[-1]
    near = difflib.get_close_matches(path, same_kind or known_paths, n=SUGGESTIONS, cutoff=0.6)
    near += [p for p in same_kind if slug and slug in p and p not in near]
    if f"{kind}/" == iris.ENTITY:  # /id/Баку, /id/Black_January: a name, not a slug
        starting, containing = reconciliation.named(reconciliation.entity_index(), slug)
        named = (f"/{iris.ENTITY}{c.slug}" for c in (*starting, *containing))
        near += [p for p in named if p not in near]
    return near[:SUGGESTIONS]


def not_found(page_reader: Reader, path: str, html: bool) -> Response:
    """Answer 404 for an unknown IRI, naming the nearest known ones."""
    near = suggest(page_reader.graph, path)
    message = f"{path} names nothing in this dataset."
    if not html:
        hint = f" Did you mean: {', '.join(near)}?" if near else ""
        raise NotFound(message + hint)
    page_reader.labels.fetch(page_reader.scheme.iri_of(p[1:]) for p in near)
    links: list[Link] = [page_reader.link(page_reader.scheme.iri_of(p[1:])) for p in near]
    body = render(
        "error.html", page_reader, status=404, title="Not found", message=message, suggestions=links
    )
    response = Response(body, status=404, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response

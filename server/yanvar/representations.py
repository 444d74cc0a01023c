"""One resource, many representations: choosing HTML or RDF, and the headers every answer carries.

An IRI without extension is negotiated (``Accept``; no header or ``*/*`` gives the HTML page)
and answered 200 with ``Content-Location`` naming the representation's own URL, which carries
the extension (``.html``, ``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``) and is never negotiated.
Every answer has an ETag (of its bytes) and the dataset's Last-Modified, so conditional
requests get 304.

>>> split_extension("baku.ttl")
('baku', 'ttl')
>>> split_extension("baku")
('baku', None)
>>> split_extension("mfa.ru.txt")
('mfa.ru.txt', None)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, Request, Response
from werkzeug.datastructures import MIMEAccept

from yanvar import dataset, formats, paths
from yanvar.errors import NotAcceptable

#: The RDF formats a page's IRI is offered in, in order of preference after HTML.
RDF_NAMES = ("ttl", "nt", "jsonld", "rdf")
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Choice:
    """A representation: ``html`` or an RDF format name, its extension and media type."""

    name: str
    media_type: str

    @property
    def is_html(self) -> bool:
        """True for the HTML page."""
        return self.name == "html"

    @property
    def content_type(self) -> str:
        """Return the Content-Type header value."""
        if self.is_html:
            return "text/html; charset=utf-8"
        return formats.graph_format(self.name).content_type


HTML = Choice("html", "text/html")
RDF = tuple(Choice(n, formats.graph_format(n).media_type) for n in RDF_NAMES)
CHOICES = (HTML, *RDF)
_BY_EXTENSION = {c.name: c for c in CHOICES}
#: Media types (canonical first, then aliases) -> choice, HTML first so */* gives the page.
_OFFERS: list[tuple[str, Choice]] = [(t, HTML) for t in HTML_TYPES] + [
    (alias, c)
    for c in RDF
    for alias in (c.media_type, *formats.graph_format(c.name).aliases)
    if "/" in alias
]


def split_extension(name: str) -> tuple[str, str | None]:
    """Split a known representation extension off the last path segment."""
    stem, dot, extension = name.rpartition(".")
    if dot and extension in _BY_EXTENSION and "." not in stem:
        return stem, extension
    return name, None


def choose(extension: str | None, accept: MIMEAccept) -> Choice:
    """Return the representation an extension names, or else the one ``Accept`` prefers.

    :raises NotAcceptable: when the Accept header matches nothing offered.
    """
    if extension is not None:
        return _BY_EXTENSION[extension]
    if not accept.provided:
        return HTML
    best = accept.best_match([media for media, _ in _OFFERS])
    for media, choice in _OFFERS:
        if media == best:
            return choice
    offered = ", ".join(c.media_type for c in CHOICES)
    raise NotAcceptable(f"this resource is offered as {offered}")


def alternates(path: str) -> str:
    """Return the Link header naming every representation of the resource at ``path``."""
    return ", ".join(f'<{path}.{c.name}>; rel="alternate"; type="{c.media_type}"' for c in CHOICES)


def last_modified(app: Flask) -> datetime:
    """Return when the served data last changed: the newest of its files (cached per app)."""
    key = "yanvar.pages.modified"
    if key not in app.extensions:
        files = [d.path for d in dataset.data_files()]
        files += [Path(p) for p in app.config.get("DATA_FILES") or ()]
        files += [*dataset.source_texts(), paths.ontology_file()]
        newest = max((os.stat(f).st_mtime for f in files if f.exists()), default=0.0)
        app.extensions[key] = datetime.fromtimestamp(int(newest), UTC)
    modified: datetime = app.extensions[key]
    return modified


def answer(
    request: Request,
    body: bytes | str,
    choice: Choice,
    *,
    path: str | None,
    negotiated: bool,
    modified: datetime,
    status: int = 200,
) -> Response:
    """Wrap ``body`` with the negotiation and caching headers; 304 when the client has it."""
    response = Response(body, status=status, content_type=choice.content_type)
    vary = ["Accept"] if negotiated else []
    if choice.is_html:
        vary.append("Accept-Language")  # labels follow the reader's language
    if vary:
        response.headers["Vary"] = ", ".join(vary)
    if path is not None:  # a resource with representations of its own
        if negotiated:
            response.headers["Content-Location"] = f"{path}.{choice.name}"
        response.headers["Link"] = alternates(path)
    response.headers["Cache-Control"] = "public, max-age=300"
    response.last_modified = modified
    response.add_etag()
    response.make_conditional(request)
    return response

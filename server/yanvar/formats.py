"""One table of the formats yanvar speaks: name, media type, extension and pyoxigraph format.

Built on pyoxigraph's own metadata (``RdfFormat.TURTLE.media_type`` …) so a media type
cannot drift from the serialiser that writes it. Two families: *results* (SELECT and ASK)
and *graph* (CONSTRUCT, DESCRIBE, dumps). The order of each tuple is the order of
preference when a client accepts anything (``*/*`` picks the first).

>>> by_name("ttl").media_type
'text/turtle'
>>> by_name("json").kind
'results'
>>> by_name("application/sparql-results+json").name
'json'
>>> [f.name for f in GRAPH_FORMATS]
['ttl', 'nt', 'jsonld', 'rdf', 'nq', 'trig']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyoxigraph as ox

Kind = Literal["results", "graph"]


@dataclass(frozen=True)
class Format:
    """A serialisation: short ``name`` (the ``format`` parameter), media type and aliases."""

    name: str
    kind: Kind
    media_type: str
    aliases: tuple[str, ...]
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat

    @property
    def content_type(self) -> str:
        """Return the Content-Type header value (UTF-8 stated for the ``text/*`` formats)."""
        if self.media_type.startswith("text/"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


def _results(name: str, fmt: ox.QueryResultsFormat, *aliases: str) -> Format:
    media = fmt.media_type.split(";")[0]  # pyoxigraph says "text/csv; charset=utf-8"
    return Format(name, "results", media, (media, *aliases), fmt)


def _graph(name: str, fmt: ox.RdfFormat, *aliases: str) -> Format:
    return Format(name, "graph", fmt.media_type, (fmt.media_type, *aliases), fmt)


RESULT_FORMATS: tuple[Format, ...] = (
    _results("json", ox.QueryResultsFormat.JSON, "srj", "application/json"),
    _results("xml", ox.QueryResultsFormat.XML, "srx", "application/xml", "text/xml"),
    _results("csv", ox.QueryResultsFormat.CSV),
    _results("tsv", ox.QueryResultsFormat.TSV),
)

GRAPH_FORMATS: tuple[Format, ...] = (
    _graph("ttl", ox.RdfFormat.TURTLE, "turtle", "application/x-turtle"),
    _graph("nt", ox.RdfFormat.N_TRIPLES, "ntriples", "n-triples", "text/plain"),
    _graph("jsonld", ox.RdfFormat.JSON_LD, "json-ld", "json", "application/json"),
    _graph("rdf", ox.RdfFormat.RDF_XML, "rdfxml", "rdf-xml", "xml", "application/xml"),
    _graph("nq", ox.RdfFormat.N_QUADS, "nquads", "n-quads"),
    _graph("trig", ox.RdfFormat.TRIG, "application/x-trig"),
)

_BY_NAME: dict[tuple[Kind, str], Format] = {}
for _fmt in (*RESULT_FORMATS, *GRAPH_FORMATS):
    for _key in (_fmt.name, *_fmt.aliases):
        _BY_NAME.setdefault((_fmt.kind, _key.lower()), _fmt)


def graph_format(name: str) -> Format:
    """Return the RDF format called ``name``, one the table is known to hold.

    >>> graph_format("nq").media_type
    'application/n-quads'
    """
    found = by_name(name, "graph")
    assert found is not None, name
    return found


def by_name(name: str, kind: Kind | None = None) -> Format | None:
    """Return the format called ``name`` (short name, alias or media type), or None.

    Without ``kind`` the results family is tried first: ``json`` means SPARQL JSON results.

    >>> by_name("json", "graph").name
    'jsonld'
    >>> by_name("nope") is None
    True
    """
    key = name.strip().lower()
    kinds: tuple[Kind, ...] = (kind,) if kind else ("results", "graph")
    for k in kinds:
        if (k, key) in _BY_NAME:
            return _BY_NAME[(k, key)]
    return None


def rdf_format_of(path: str) -> ox.RdfFormat | None:
    """Return the RDF format a data file's extension names (``.ttl``, ``.nt``, ``.jsonld`` …).

    >>> rdf_format_of("x/data.nq").name
    'N-Quads'
    >>> rdf_format_of("data.csv") is None
    True
    """
    extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    extension = {"json": "jsonld", "n3": "ttl"}.get(extension, extension)
    return ox.RdfFormat.from_extension(extension)


def convert(turtle: str, target: Format, base_iri: str | None = None) -> bytes:
    """Re-serialise a small Turtle document (the service description) in ``target``.

    >>> convert("<http://a> <http://b> <http://c> .", by_name("nt", "graph"))
    b'<http://a> <http://b> <http://c> .\\n'
    """
    quads = ox.parse(turtle, format=ox.RdfFormat.TURTLE, base_iri=base_iri)
    assert isinstance(target.oxigraph, ox.RdfFormat)
    return ox.serialize(quads, format=target.oxigraph) or b""

"""Content negotiation as pure functions: (format parameter, Accept header, kind) -> Format.

A ``format`` parameter wins over ``Accept``; q-values are honoured (Werkzeug's parser);
no Accept header gives the first offer; an Accept that matches nothing is a 406 that
lists what is offered.

>>> from werkzeug.datastructures import MIMEAccept
>>> from werkzeug.http import parse_accept_header
>>> accept = parse_accept_header("text/csv;q=0.5, application/sparql-results+xml", MIMEAccept)
>>> choose("results", accept).name
'xml'
>>> choose("graph", parse_accept_header("", MIMEAccept)).name
'ttl'
>>> choose("results", accept, "tsv").name
'tsv'
"""

from __future__ import annotations

from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from yanvar import formats
from yanvar.errors import NotAcceptable
from yanvar.formats import Format, Kind

_FAMILY: dict[Kind, tuple[Format, ...]] = {
    "results": formats.RESULT_FORMATS,
    "graph": formats.GRAPH_FORMATS,
}
_WHAT: dict[Kind, str] = {
    "results": "SELECT and ASK results",
    "graph": "CONSTRUCT and DESCRIBE results",
}


def _media_offers(kind: Kind) -> list[tuple[str, Format]]:
    """Every media type a family answers to, the canonical ones first, in preference order."""
    family = _FAMILY[kind]
    offers = [(f.media_type, f) for f in family]
    offers += [(a, f) for f in family for a in f.aliases if "/" in a and a != f.media_type]
    return offers


_OFFERS: dict[Kind, list[tuple[str, Format]]] = {k: _media_offers(k) for k in _FAMILY}


def offered(kind: Kind) -> str:
    """Describe what a family offers, for a 406 message.

    >>> offered("results").split(", ")[2:]
    ['text/csv (csv)', 'text/tab-separated-values (tsv)']
    """
    return ", ".join(f"{f.media_type} ({f.name})" for f in _FAMILY[kind])


def not_acceptable(kind: Kind, accept: str, format_param: str | None = None) -> NotAcceptable:
    """Return the 406 error for ``kind``, naming what was asked and what is offered."""
    asked = f"format={format_param!r}" if format_param else f"Accept: {accept or '(none)'}"
    return NotAcceptable(f"{_WHAT[kind]} cannot be given as {asked}; offered: {offered(kind)}")


def find(kind: Kind, accept: MIMEAccept, format_param: str | None = None) -> Format | None:
    """Return the format to answer ``kind`` in, or None when nothing offered is acceptable."""
    if format_param:
        return formats.by_name(format_param, kind)
    if not accept.provided:
        return _FAMILY[kind][0]
    offers = _OFFERS[kind]
    best = accept.best_match([media for media, _ in offers])
    return next((f for media, f in offers if media == best), None)


@lru_cache(maxsize=1024)
def find_for_header(kind: Kind, accept: str, format_param: str | None = None) -> Format | None:
    """Return :func:`find`'s answer for a raw Accept header, remembered: clients repeat theirs.

    >>> find_for_header("graph", "application/n-triples, text/turtle;q=0.5").name
    'nt'
    """
    return find(kind, parse_accept_header(accept, MIMEAccept), format_param)


def choose(kind: Kind, accept: MIMEAccept, format_param: str | None = None) -> Format:
    """Return the format to answer ``kind`` in.

    :raises NotAcceptable: when neither the parameter nor the Accept header matches an offer.
    """
    found = find(kind, accept, format_param)
    if found is None:
        raise not_acceptable(kind, accept.to_header(), format_param)
    return found


def prefers_html(accept: MIMEAccept) -> bool:
    """Tell whether a client (a browser) prefers an HTML page to RDF.

    >>> from werkzeug.http import parse_accept_header
    >>> prefers_html(parse_accept_header("text/html,application/xml;q=0.9,*/*;q=0.8", MIMEAccept))
    True
    >>> prefers_html(parse_accept_header("*/*", MIMEAccept))
    False
    """
    offers = [media for media, _ in _OFFERS["graph"]] + ["text/html"]
    return accept.best_match(offers) == "text/html"

"""The data of the entity, claim, document and generic pages (each a dict for its template)."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from yanvar import passages
from yanvar.labels import NAMES, ORIGINAL, Label, pick
from yanvar.pages import ClaimView, Reader
from yanvar.passages import Span
from yanvar.terms import DCAT, DCT, GEO, PROV, RDF, SCHEMA, SKOS, WD, Term

Context = dict[str, Any]


def _labels_table(reader: Reader, iri: str) -> list[dict[str, Any]]:
    by_language = reader.labels.all(iri)
    order = [*NAMES, *sorted(set(by_language) - set(NAMES))]
    return [
        {"language": lang, "name": NAMES.get(lang, lang), "text": by_language[lang],
         "original": lang == ORIGINAL, "translation": lang != ORIGINAL and ORIGINAL in by_language}
        for lang in order
        if lang in by_language
    ]  # fmt: skip


def _common(reader: Reader, iri: str) -> Context:
    facts = reader.facts(iri)
    reader.labels.fetch({iri} | {o.value for _, o in facts if o.is_iri} | {p for p, _ in facts})
    by_predicate: dict[str, list[Term]] = {}
    for predicate, obj in facts:
        by_predicate.setdefault(predicate, []).append(obj)
    return {
        "iri": iri,
        "heading": reader.labels.label(iri),
        "labels": _labels_table(reader, iri),
        "types": [reader.link(t.value) for t in by_predicate.get(RDF + "type", [])],
        "facts": by_predicate,
    }


def _inferences(reader: Reader, iri: str) -> list[dict[str, Any]]:
    target = Term.iri(iri).sparql()
    rows = reader.select(
        "SELECT DISTINCT ?i ?s ?p ?o WHERE { "
        f"{{ ?i rdf:subject {target} }} UNION {{ ?i rdf:object {target} }} "
        "?i a yv:Inference ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } LIMIT 100"
    )
    reader.labels.fetch({r[k].value for r in rows for k in "ispo" if Term.of(r[k]).is_iri})
    return [
        {
            "link": reader.link(r["i"].value),
            "subject": reader.link(r["s"].value),
            "predicate": reader.link(r["p"].value),
            "value": reader.value(Term.of(r["o"]), r["p"].value, None),
        }
        for r in rows
    ]


def entity(reader: Reader, iri: str) -> Context:
    """Return the entity page: labels, Wikidata links, claims about it, what links here."""
    page = _common(reader, iri)
    facts = page["facts"]
    descriptions = {t.language or "": t.value for t in facts.get(SCHEMA + "description", [])}
    matches = [t.value for t in facts.get(SKOS + "exactMatch", []) if t.value.startswith(WD)]
    lat, long = facts.get(GEO + "lat"), facts.get(GEO + "long")
    page.update(
        alt_labels=[t for t in facts.get(SKOS + "altLabel", [])],
        description=pick(descriptions, reader.languages),
        wikidata=[(m[len(WD) :], reader.href(m)) for m in matches],
        coordinates=(lat[0].value, long[0].value) if lat and long else None,
        claims=reader.claims_where(RDF + "subject", iri),
        naming=reader.claims_where(RDF + "object", iri),
        inferences=_inferences(reader, iri),
        links_here=reader.incoming(iri, skip=(RDF + "subject", RDF + "object")),
    )
    return page


def claim(reader: Reader, iri: str) -> Context | None:
    """Return the claim page, or None when ``iri`` is not a quoted claim."""
    views = reader.claims([iri])
    if not views:
        return None
    page = _common(reader, iri)
    rows = reader.select(
        f"SELECT DISTINCT ?other WHERE {{ {Term.iri(iri).sparql()} rdf:subject ?s ; "
        "rdf:predicate ?p ; prov:wasQuotedFrom ?d . ?other rdf:subject ?s ; rdf:predicate ?p ; "
        "prov:wasQuotedFrom ?d2 . FILTER(?d2 != ?d) } LIMIT 50"
    )
    others = reader.claims(r["other"].value for r in rows)
    motivations = page["facts"].get("http://www.w3.org/ns/oa#motivatedBy", [])
    page.update(
        claim=views[0],
        motivations=[reader.link(m.value) for m in motivations if m.is_iri],
        others=others,
    )
    return page


def document(reader: Reader, iri: str) -> Context:
    """Return the document page: metadata, checksum, and the text with every quote marked."""
    page = _common(reader, iri)
    facts = page["facts"]
    source = next((t.value for t in facts.get(reader.scheme.vocab + "text", [])), None)
    claims = reader.claims_where(PROV + "wasQuotedFrom", iri, limit=5000)
    text = reader.text_of(source) if source else None
    page.update(
        titles=[t for t in facts.get(DCT + "title", [])],
        translated=[t for t in facts.get(reader.scheme.vocab + "translatedTitle", [])],
        metadata=[
            (reader.link(p), [reader.value(o, p, None) for o in facts.get(p, [])])
            for p in (DCT + "publisher", DCT + "issued", DCT + "language", SKOS + "editorialNote")
            if p in facts
        ],
        source=_source(reader, source, text) if source else None,
        claims=claims,
        segments=_segments(text, claims) if text is not None else [],
    )
    return page


def _source(reader: Reader, source: str, text: str | None) -> Context:
    facts = dict(reader.facts(source))
    rows = reader.select(
        f"SELECT ?v WHERE {{ {Term.iri(source).sparql()} spdx:checksum/spdx:checksumValue ?v }}"
    )
    checksum = rows[0]["v"].value if rows else None
    actual = hashlib.sha256(text.encode("utf-8")).hexdigest() if text is not None else None
    return {
        "link": reader.link(source),
        "format": facts.get(DCT + "format"),
        "bytes": facts.get(DCAT + "byteSize"),
        "code_points": facts.get(reader.scheme.vocab + "codePointLength"),
        "checksum": checksum,
        "verified": checksum is not None and checksum.lower() == actual,
    }


def _segments(text: str, claims: list[ClaimView]) -> list[passages.Segment]:
    spans = []
    for number, view in enumerate(claims, start=1):
        s = view.selector
        where = passages.locate(text, s.start, s.end, s.exact, s.prefix, s.suffix)
        if where:
            spans.append(Span(*where, number))
    found = passages.segments(text, spans)
    if found and not found[0].spans:  # blank lines before the first words show nothing
        found[0] = dataclasses.replace(found[0], text=found[0].text.lstrip())
    return found


def resource(reader: Reader, iri: str) -> Context:
    """Return a generic page: every property of ``iri`` and what links to it."""
    page = _common(reader, iri)
    if iri.startswith(reader.scheme.base + "time/"):
        when = reader.time(iri)
        page["heading"] = Label(when.text, "", original=False)
        page["when"] = when
    page.update(
        properties=reader.properties(iri),
        inferences=[],
        links_here=reader.incoming(iri),
    )
    return page

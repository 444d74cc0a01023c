"""What a page shows, assembled from small bounded queries (never one query of many OPTIONALs).

A :class:`Reader` holds the store, the IRI scheme and the reader's languages; it turns IRIs
into links, objects into values (dates with their precision, figures with what they count),
and claim rows into :class:`ClaimView` with the quote inside its passage of the source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yanvar import passages, times
from yanvar.labels import LANGUAGE_ITEMS, NAMES, Label, Labels
from yanvar.passages import Passage
from yanvar.store import GraphStore
from yanvar.terms import DCT, OA, PROV, RDF, RDFS, SKOS, WD, WIKIBASE, XSD, Term, prologue

#: At most this many claims are listed in one section of a page.
CLAIM_LIMIT = 500
#: At most this many incoming links are listed under "what links here".
LINK_LIMIT = 200

#: What a claim's own triples say, by the keys a claim row uses.
_CLAIM_KEYS = {
    RDF + "subject": "s",
    RDF + "predicate": "p",
    RDF + "object": "o",
    PROV + "wasQuotedFrom": "doc",
    PROV + "wasAttributedTo": "by",
    OA + "hasTarget": "target",
}
_SELECTOR_KEYS = {
    OA + "exact": "exact",
    OA + "prefix": "prefix",
    OA + "suffix": "suffix",
    OA + "start": "start",
    OA + "end": "end",
}


@dataclass(frozen=True)
class Link:
    """Something to link to: where (a local path, an outside URL or nothing) and its name."""

    iri: str
    href: str | None
    label: Label


@dataclass(frozen=True)
class Value:
    """The object of a claim, ready to show."""

    text: str
    link: Link | None = None
    language: str | None = None
    precision: str | None = None
    edtf: str | None = None
    counts: str | None = None


@dataclass(frozen=True)
class Selector:
    """Where a quote is in its source text: both Web Annotation selectors."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass
class ClaimView:
    """One claim: what it says, who says it, and its words in context."""

    link: Link
    subject: Link
    predicate: Link
    value: Value
    document: Link
    source: Link
    language: str | None
    selector: Selector
    passage: Passage | None
    part: Link | None = None
    attributed_to: Link | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Reader:
    """Page assembly for one request: the store, the scheme and the reader's languages."""

    def __init__(
        self, graph: GraphStore, languages: tuple[str, ...], text_dirs: tuple[Path, ...]
    ) -> None:
        self.graph = graph
        self.scheme = graph.scheme
        self.languages = languages
        self.text_dirs = text_dirs
        self.prologue = prologue(self.scheme.vocab)
        self.labels = Labels(
            self.facts, languages, (RDFS + "label", SKOS + "prefLabel", DCT + "title")
        )
        self._times: dict[str, Value] = {}
        self._facts: dict[str, list[tuple[str, Term]]] = {}
        self._languages: dict[str, str | None] = {}

    def select(self, query: str) -> list[dict[str, Any]]:
        """Run a SELECT written in this package, with the common prefixes."""
        return self.graph.select(self.prologue + query)

    def facts(self, iri: str) -> list[tuple[str, Term]]:
        """Return (predicate, object) of every triple about ``iri``, without duplicates."""
        if iri not in self._facts:
            quads = self.graph.quads(iri)
            self._facts[iri] = list(
                dict.fromkeys((q.predicate.value, Term.of(q.object)) for q in quads)
            )
        return self._facts[iri]

    def exists(self, iri: str) -> bool:
        """Tell whether ``iri`` is the subject of any triple."""
        return next(iter(self.graph.quads(iri)), None) is not None

    def href(self, iri: str) -> str | None:
        """Return where a page links for ``iri``: a local path, Wikidata's page, or the IRI."""
        path = self.scheme.path_of(iri)
        if path is not None:
            fragment = iri.partition("#")[2]
            return "/" + path + (f"#{fragment}" if fragment else "")
        if iri.startswith(WD):
            return "https://www.wikidata.org/wiki/" + iri[len(WD) :]
        return iri if iri.startswith(("http://", "https://")) else None

    def link(self, iri: str) -> Link:
        """Return a link to ``iri`` named by its label in the reader's language."""
        label = self.labels.label(iri)
        if not label.language and iri in LANGUAGE_ITEMS:  # a language item with no label here
            label = Label(NAMES[LANGUAGE_ITEMS[iri]], LANGUAGE_ITEMS[iri], original=False)
        return Link(iri, self.href(iri), label)

    def time(self, iri: str) -> Value:
        """Return a time value in words, with its precision and EDTF form."""
        if iri not in self._times:
            facts = dict(self.facts(iri))
            edtf = facts.get(self.scheme.vocab + "edtf")
            precision_term = facts.get(WIKIBASE + "timePrecision")
            text = edtf.value if edtf else self.labels.label(iri).text
            precision = times.precision_of(text) if edtf else None
            if precision_term is not None and precision_term.value.isdigit():
                precision = times.PRECISIONS.get(int(precision_term.value), precision)
            self._times[iri] = Value(
                times.say(text), self.link(iri), precision=precision, edtf=text
            )
        return self._times[iri]

    def value(self, term: Term, predicate: str, part: Link | None) -> Value:
        """Return the object of a claim as a reader should see it."""
        if term.is_iri:
            if term.value.startswith(self.scheme.base + "time/"):
                return self.time(term.value)
            link = self.link(term.value)
            return Value(link.label.text, link, language=link.label.language)
        if term.is_number and self.scheme.vocab in predicate:
            what = self.labels.label(predicate).text
            counts = f"{what} ({part.label.text})" if part else what
            return Value(term.value, counts=counts)
        if term.datatype == XSD + "date":
            return Value(times.say(term.value), precision="day", edtf=term.value)
        return Value(term.value, language=term.language)

    def language_of(self, document: str) -> str | None:
        """Return the BCP 47 tag of a document's language (its dct:language), if known."""
        if document not in self._languages:
            self._languages[document] = next(
                (LANGUAGE_ITEMS[o.value] for p, o in self.facts(document)
                 if p == DCT + "language" and o.value in LANGUAGE_ITEMS),
                None,
            )  # fmt: skip
        return self._languages[document]

    def text_of(self, source: str) -> str | None:
        """Return the shipped text a SourceText IRI names, or None if it is not shipped here."""
        path = self.scheme.path_of(source)
        if path is None or not path.startswith("sources/"):
            return None
        found = passages.find(path.removeprefix("sources/"), self.text_dirs)
        return passages.read(found) if found else None

    def claims_where(self, predicate: str, iri: str, limit: int = CLAIM_LIMIT) -> list[ClaimView]:
        """Return the claims whose ``predicate`` (rdf:subject, rdf:object, …) is ``iri``."""
        rows = self.select(
            f"SELECT ?c WHERE {{ ?c {Term.iri(predicate).sparql()} {Term.iri(iri).sparql()} }} "
            f"LIMIT {limit}"
        )
        return self.claims(r["c"].value for r in rows)

    def _row(self, claim: str) -> dict[str, Term] | None:
        """Gather a claim's triples, its target's and its selectors' (index lookups only)."""
        row: dict[str, Term] = {"c": Term.iri(claim)}
        for predicate, obj in self.facts(claim):
            if predicate in _CLAIM_KEYS:
                row[_CLAIM_KEYS[predicate]] = obj
            elif predicate == self.scheme.vocab + "appliesToPart":
                row["part"] = obj
        target = row.get("target")
        if target is None or not target.is_iri:
            return None  # not a quoted claim (an inference has no target)
        for predicate, obj in self.facts(target.value):
            if predicate == OA + "hasSource":
                row["src"] = obj
            elif predicate == OA + "hasSelector" and obj.is_iri:
                for key, value in self.facts(obj.value):
                    if key in _SELECTOR_KEYS:
                        row[_SELECTOR_KEYS[key]] = value
        needed = ("s", "p", "o", "doc", "src", "exact", "start", "end")
        return row if all(k in row for k in needed) else None

    def claims(self, iris: Iterable[str]) -> list[ClaimView]:
        """Return the quoted claims among ``iris``, in text order."""
        rows = [row for row in map(self._row, dict.fromkeys(iris)) if row is not None]
        self.labels.fetch(
            t.value
            for row in rows
            for k, t in row.items()
            if t.is_iri and k in ("c", "s", "p", "o", "doc", "part", "by", "src")
        )
        views = [self._claim_view(row) for row in rows]
        views.sort(key=lambda v: (v.document.iri, v.selector.start, v.link.iri))
        return views

    def _claim_view(self, row: dict[str, Term]) -> ClaimView:
        part = self.link(row["part"].value) if "part" in row else None
        predicate = row["p"].value
        selector = Selector(
            row["exact"].value,
            row["prefix"].value if "prefix" in row else "",
            row["suffix"].value if "suffix" in row else "",
            int(row["start"].value),
            int(row["end"].value),
        )
        text = self.text_of(row["src"].value)
        where = (
            passages.locate(
                text, selector.start, selector.end, selector.exact, selector.prefix, selector.suffix
            )
            if text is not None
            else None
        )
        return ClaimView(
            link=self.link(row["c"].value),
            subject=self.link(row["s"].value),
            predicate=self.link(predicate),
            value=self.value(row["o"], predicate, part),
            document=self.link(row["doc"].value),
            source=self.link(row["src"].value),
            language=self.language_of(row["doc"].value),
            selector=selector,
            passage=passages.passage(text, *where) if text is not None and where else None,
            part=part,
            attributed_to=self.link(row["by"].value) if "by" in row else None,
        )

    def incoming(self, iri: str, skip: Iterable[str] = ()) -> list[tuple[Link, Link]]:
        """Return (subject, predicate) of triples pointing at ``iri``, bounded, skipping some."""
        filters = "".join(f" FILTER(?p != {Term.iri(p).sparql()})" for p in skip)
        rows = self.select(
            f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {Term.iri(iri).sparql()} {filters} }} "
            f"LIMIT {LINK_LIMIT}"
        )
        pairs = [(r["s"].value, r["p"].value) for r in rows if Term.of(r["s"]).is_iri]
        self.labels.fetch({s for s, _ in pairs} | {p for _, p in pairs})
        return [(self.link(s), self.link(p)) for s, p in pairs]

    def properties(self, iri: str) -> list[tuple[Link, list[Value]]]:
        """Return every property of ``iri`` with its values, for a generic table."""
        grouped: dict[str, list[Term]] = {}
        for predicate, obj in self.facts(iri):
            grouped.setdefault(predicate, []).append(obj)
        self.labels.fetch(
            set(grouped) | {o.value for objs in grouped.values() for o in objs if o.is_iri}
        )
        return [
            (self.link(p), [self.value(o, p, None) for o in objs])
            for p, objs in sorted(grouped.items())
        ]

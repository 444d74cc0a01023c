"""Blueprint: the ontology and the shapes, served at their namespace IRIs.

``/ontology`` and ``/shapes`` negotiate like every other resource (HTML, Turtle, N-Triples,
JSON-LD, RDF/XML, by Accept or extension); the HTML page documents every class, property
and shape, each at an anchor named by its local name, so ``/ontology#Claim`` lands on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import rdflib
from flask import Blueprint, Response, current_app, request
from rdflib.namespace import OWL, RDF, RDFS, SH

from yanvar import formats, paths, representations, validation
from yanvar.entities import reader, render
from yanvar.errors import NotFound
from yanvar.iris import IriScheme
from yanvar.terms import WD

bp = Blueprint("vocabulary", __name__)


@dataclass
class Term:
    """One class, property or shape, with what its page says about it."""

    anchor: str
    iri: str
    label: str
    comment: str
    kinds: list[str]
    facts: list[tuple[str, list[tuple[str, str | None]]]] = field(default_factory=list)


@lru_cache(maxsize=64)
def _rdf(name: str, format_name: str, base: str) -> bytes:
    """Serialise the graph once per format (blank node labels then stay the same, as ETags)."""
    turtle = _graph(name, base).serialize(format="turtle")
    return formats.convert(turtle, formats.graph_format(format_name), base)


@lru_cache(maxsize=8)
def _graph(name: str, base: str) -> rdflib.Graph:
    """Parse the ontology, or the shapes with their SPARQL prefixes resolved as validation
    resolves them (a relative ``sh:namespace`` would break the shapes anywhere else)."""
    if name == "shapes":
        graph = validation.load_shapes(IriScheme(base))
    else:
        graph = rdflib.Graph().parse(paths.ontology_file(), format="turtle", publicID=base)
    graph.bind("schema", "http://schema.org/")
    return graph


def _english(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.URIRef) -> str:
    values = list(graph.objects(subject, predicate))
    for value in values:
        if isinstance(value, rdflib.Literal) and value.language in ("en", None):
            return str(value)
    return str(values[0]) if values else ""


def _href(iri: str, base: str) -> str | None:
    if iri.startswith(base):
        return "/" + iri[len(base) :]
    if iri.startswith(WD):
        return "https://www.wikidata.org/wiki/" + iri[len(WD) :]
    return iri if iri.startswith("http") else None


def _short(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    if isinstance(node, rdflib.URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return str(node)


@lru_cache(maxsize=8)
def terms(name: str, base: str) -> dict[str, list[Term]]:
    """Return the documented terms of the ontology or the shapes, grouped by kind (once)."""
    graph = _graph(name, base)
    namespace = f"{base}{name}#"
    groups: dict[str, list[Term]] = {}
    kinds = {
        OWL.Class: "Classes",
        OWL.ObjectProperty: "Properties",
        OWL.DatatypeProperty: "Properties",
        SH.NodeShape: "Shapes",
        SH.PropertyShape: "Property shapes",
        SH.SPARQLConstraint: "SPARQL constraints",
    }
    shown = {RDF.type, RDFS.label, RDFS.comment, SH.property, SH.sparql, SH.declare}
    for subject in sorted(set(graph.subjects()), key=str):
        if not isinstance(subject, rdflib.URIRef) or not str(subject).startswith(namespace):
            continue
        types = set(graph.objects(subject, RDF.type))
        group = next((kinds[t] for t in kinds if t in types), None)
        if group is None and SH.path in set(graph.predicates(subject)):
            group = "Property shapes"
        if group is None:
            continue
        facts = []
        for predicate in sorted(set(graph.predicates(subject)) - shown, key=str):
            values = [
                (_short(graph, o), _href(str(o), base) if isinstance(o, rdflib.URIRef) else None)
                for o in graph.objects(subject, predicate)
            ]
            facts.append((_short(graph, predicate), sorted(values)))
        groups.setdefault(group, []).append(
            Term(
                anchor=str(subject)[len(namespace) :],
                iri=str(subject),
                label=_english(graph, subject, RDFS.label) or str(subject)[len(namespace) :],
                comment=_english(graph, subject, RDFS.comment)
                or _english(graph, subject, SH.message),
                kinds=sorted(_short(graph, t) for t in types),
                facts=facts,
            )
        )
    return groups


def _answer(name: str, extension: str | None) -> Response:
    choice = representations.choose(extension, request.accept_mimetypes)
    base = reader().scheme.base
    if choice.is_html:
        graph = _graph(name, base)
        header = rdflib.URIRef(f"{base}{name}")
        body: str | bytes = render(
            "vocabulary.html",
            reader(),
            name=name,
            namespace=f"{base}{name}#",
            path=f"/{name}",
            title=_english(graph, header, RDFS.label) or name,
            description=_english(
                graph, header, rdflib.URIRef("http://purl.org/dc/terms/description")
            )
            or _english(graph, header, RDFS.comment),
            version=_english(graph, header, OWL.versionInfo),
            groups=terms(name, base),
        )
    else:
        body = _rdf(name, choice.name, base)
    return representations.answer(
        request,
        body,
        choice,
        path=f"/{name}",
        negotiated=extension is None,
        modified=representations.last_modified(current_app),
    )


@bp.get("/<any(ontology, shapes):name>")
@bp.get("/<any(ontology, shapes):name>.<extension>")
def document(name: str, extension: str | None = None) -> Response:
    """Answer the ontology or the shapes: a documentation page or the RDF itself."""
    if extension is not None and extension not in {c.name for c in representations.CHOICES}:
        raise NotFound(f"/{name}.{extension} is not a representation of /{name}")
    return _answer(name, extension)

"""Plain values for the RDF terms pages show, so page code never handles store objects.

>>> Term.iri("https://w3id.org/yanvar/id/baku").is_iri
True
>>> Term("literal", "150", datatype=XSD + "integer").is_number
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
SCHEMA = "http://schema.org/"
TIME = "http://www.w3.org/2006/time#"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
SPDX = "http://spdx.org/rdf/terms#"
SH = "http://www.w3.org/ns/shacl#"
VOID = "http://rdfs.org/ns/void#"
WIKIBASE = "http://wikiba.se/ontology#"
WD = "http://www.wikidata.org/entity/"

#: Prefixes for SPARQL written in this package (the yanvar vocabulary is added per base).
PREFIXES = {
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "dct": DCT,
    "dcat": DCAT,
    "prov": PROV,
    "oa": OA,
    "schema": SCHEMA,
    "time": TIME,
    "geo": GEO,
    "spdx": SPDX,
    "sh": SH,
    "void": VOID,
    "wikibase": WIKIBASE,
    "wd": WD,
}

#: The kind of term each store node class holds (learnt from the first node seen).
_KINDS: dict[type, str] = {}
_NUMERIC = {XSD + name for name in ("integer", "decimal", "double", "float", "int", "long")}


@dataclass(frozen=True)
class Term:
    """An IRI, a blank node or a literal, as plain strings."""

    kind: str  # "iri", "bnode" or "literal"
    value: str
    language: str | None = None
    datatype: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        """Return the IRI ``value`` as a term."""
        return cls("iri", value)

    @classmethod
    def of(cls, node: Any) -> Term:
        """Return the term for a store node (a NamedNode, BlankNode or Literal)."""
        kind = _KINDS.get(type(node))
        if kind is None:  # first node of this class: tell the kind by its behaviour, once
            kind = (
                "literal"
                if hasattr(node, "datatype")
                else "bnode"
                if str(node)[:2] == "_:"
                else "iri"
            )
            _KINDS[type(node)] = kind
        if kind == "literal":
            return cls(kind, node.value, node.language, node.datatype.value)
        return cls(kind, node.value)

    @property
    def is_iri(self) -> bool:
        """True for an IRI."""
        return self.kind == "iri"

    @property
    def is_literal(self) -> bool:
        """True for a literal."""
        return self.kind == "literal"

    @property
    def is_number(self) -> bool:
        """True for a numeric literal."""
        return self.kind == "literal" and self.datatype in _NUMERIC

    def sparql(self) -> str:
        """Return the term in SPARQL syntax (IRIs only: pages never inline literals).

        >>> Term.iri("http://example.org/a").sparql()
        '<http://example.org/a>'
        """
        if not self.is_iri or any(c in self.value for c in '<>"{}|^`\\ '):
            raise ValueError(f"not a safe IRI for a query: {self.value!r}")
        return f"<{self.value}>"


def prologue(vocab: str) -> str:
    """Return the SPARQL PREFIX lines for queries written in this package."""
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()]
    lines.append(f"PREFIX yv: <{vocab}>")
    return "\n".join(lines) + "\n"


def local_name(iri: str) -> str:
    """Return the last segment of an IRI (after ``#`` or ``/``).

    >>> local_name("http://www.w3.org/ns/oa#hasTarget")
    'hasTarget'
    """
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            iri = iri.rstrip(sep).rsplit(sep, 1)[1]
    return iri

"""Example SPARQL queries, shown on the landing page and the query page (one click runs each).

Each is written against the IRI scheme's base, so it runs on 127.0.0.1 as on w3id.org.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from yanvar.iris import IriScheme


@dataclass(frozen=True)
class Example:
    """A titled query and what it shows."""

    slug: str
    title: str
    query: str

    @property
    def href(self) -> str:
        """Return the query page URL that loads and runs this query."""
        return "/sparql?" + urlencode({"q": self.query})


_PROLOGUE = """PREFIX yv: <{base}ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

_QUERIES = (
    (
        "figures",
        "Every figure, what it counts, and the words it comes from",
        """SELECT ?claim ?subject ?counts ?number ?part ?quote WHERE {
  ?claim rdf:predicate ?counts ; rdf:subject ?subject ; rdf:object ?number ;
         oa:hasTarget/oa:hasSelector/oa:exact ?quote .
  ?counts rdfs:subPropertyOf yv:casualtyFigure .
  OPTIONAL { ?claim yv:appliesToPart ?part }
}
ORDER BY DESC(?number)""",
    ),
    (
        "dates",
        "Dates the statement gives, with their precision",
        """PREFIX wikibase: <http://wikiba.se/ontology#>
SELECT ?subject ?edtf ?earliest ?latest ?quote WHERE {
  ?claim rdf:predicate yv:date ; rdf:subject ?subject ; rdf:object ?when ;
         oa:hasTarget/oa:hasSelector/oa:exact ?quote .
  ?when yv:edtf ?edtf ; yv:earliest ?earliest ; yv:latest ?latest .
}
ORDER BY ?earliest""",
    ),
    (
        "characterisations",
        "How the statement characterises events, in its own words",
        """SELECT ?subject ?label ?words WHERE {
  ?claim rdf:predicate yv:characterisedAs ; rdf:subject ?subject ; rdf:object ?words .
  OPTIONAL { ?subject rdfs:label ?label FILTER(LANG(?label) = "en") }
}""",
    ),
    (
        "wikidata",
        "Entities and their Wikidata items",
        """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?label ?wikidata WHERE {
  ?entity skos:exactMatch ?wikidata .
  OPTIONAL { ?entity rdfs:label ?label FILTER(LANG(?label) = "en") }
}
ORDER BY ?label""",
    ),
    (
        "properties",
        "How many claims use each property",
        """SELECT ?property (COUNT(?claim) AS ?claims) WHERE {
  ?claim a yv:Claim ; rdf:predicate ?property .
}
GROUP BY ?property
ORDER BY DESC(?claims)""",
    ),
    (
        "construct",
        "A graph of who did what, according to the statement (CONSTRUCT)",
        """CONSTRUCT { ?subject ?property ?object } WHERE {
  VALUES ?property { yv:perpetrator yv:victim yv:participant yv:commander }
  ?claim rdf:predicate ?property ; rdf:subject ?subject ; rdf:object ?object .
}""",
    ),
)


def examples(scheme: IriScheme) -> list[Example]:
    """Return the example queries, written for ``scheme``'s base."""
    prologue = _PROLOGUE.format(base=scheme.base)
    return [Example(slug, title, prologue + query) for slug, title, query in _QUERIES]

"""The RDF document of an IRI: what a machine gets when it dereferences one.

The description holds every triple about the IRI, about its fragment nodes (a claim's
``#target``, ``#quote`` and ``#position``), about the shipped texts it points to (a document's
``sources/…`` file and its checksum) and about blank nodes among those objects, plus a bounded
set of the triples pointing at it (so a machine finds the claims about an entity).
"""

from __future__ import annotations

from typing import Any

from yanvar.formats import Format
from yanvar.store import GraphStore
from yanvar.terms import Term

#: At most this many incoming triples are added to a description.
INCOMING_LIMIT = 1000
#: How many hops of fragment nodes and shipped texts a description follows.
DEPTH = 3


def subjects(graph: GraphStore, iri: str) -> list[str]:
    """Return ``iri`` and the IRIs its description also covers (fragments, shipped texts)."""
    texts = graph.scheme.base + "sources/"
    found = [iri]
    frontier = [iri]
    for _ in range(DEPTH):
        following = []
        for subject in frontier:
            document = subject.split("#", 1)[0]
            for quad in graph.quads(subject):
                target = Term.of(quad.object)
                if (
                    target.is_iri
                    and target.value not in found
                    and (target.value.startswith(document + "#") or target.value.startswith(texts))
                ):
                    found.append(target.value)
                    following.append(target.value)
        frontier = following
    return found


def describe(graph: GraphStore, iri: str, fmt: Format) -> bytes:
    """Serialise the description of ``iri`` in the RDF format ``fmt``."""
    values = " ".join(Term.iri(s).sparql() for s in subjects(graph, iri))
    target = Term.iri(iri).sparql()
    query = f"""
    CONSTRUCT {{ ?s ?p ?o . ?o ?p2 ?o2 . ?x ?q {target} }} WHERE {{
      {{ VALUES ?s {{ {values} }} ?s ?p ?o
         OPTIONAL {{ FILTER(isBlank(?o)) ?o ?p2 ?o2 }} }}
      UNION
      {{ SELECT DISTINCT ?x ?q WHERE {{ ?x ?q {target} }} LIMIT {INCOMING_LIMIT} }}
    }}"""
    triples: Any = graph.store.query(  # a CONSTRUCT: its triples serialise in any RDF format
        query, base_iri=graph.scheme.base, use_default_graph_as_union=graph.union_default_graph
    )
    body = triples.serialize(format=fmt.oxigraph)
    assert isinstance(body, bytes)
    return body

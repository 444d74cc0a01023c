"""The embedded pyoxigraph store: loading the dataset and the trusted, bounded queries of pages.

This module and :mod:`yanvar.formats` are the only ones that import pyoxigraph.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from yanvar import dataset
from yanvar.iris import IriScheme

_TRIG = ox.RdfFormat.TRIG
_TURTLE = ox.RdfFormat.TURTLE


class GraphStore:
    """An in-memory pyoxigraph store holding the whole dataset, plus the IRI scheme."""

    def __init__(self, store: ox.Store, scheme: IriScheme, *, union_default_graph: bool = True):
        self.store = store
        self.scheme = scheme
        self.union_default_graph = union_default_graph

    @classmethod
    def from_curated(
        cls, scheme: IriScheme, graph_dir: Path | None = None, *, union_default_graph: bool = True
    ) -> GraphStore:
        """Load the curated graph (and the ontology) under ``scheme``'s base."""
        store = ox.Store()
        for data in dataset.data_files(graph_dir):
            fmt = _TRIG if data.format == "trig" else _TURTLE
            to_graph = ox.NamedNode(scheme.graph(data.graph)) if data.graph else None
            store.bulk_load(path=data.path, format=fmt, base_iri=scheme.base, to_graph=to_graph)
        curation = ox.NamedNode(scheme.graph(dataset.CURATION_GRAPH))
        for subject, predicate, text in dataset.source_text_triples(scheme, graph_dir):
            store.add(
                ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate), ox.Literal(text), curation)
            )
        return cls(store, scheme, union_default_graph=union_default_graph)

    def __len__(self) -> int:
        return len(self.store)

    def select(self, query: str) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        """Run a trusted SELECT (written in this package, never by a client); return rows."""
        solutions = self.store.query(
            query, base_iri=self.scheme.base, use_default_graph_as_union=self.union_default_graph
        )
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        return [
            {name: row[name] for name in names if row[name] is not None}  # type: ignore[misc]
            for row in solutions
        ]

    def quads(self, subject: str) -> Iterable[ox.Quad]:
        """Return every quad whose subject is the IRI ``subject``."""
        return self.store.quads_for_pattern(ox.NamedNode(subject), None, None, None)

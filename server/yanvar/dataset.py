"""Read the curated graph: which files exist, which named graph each fills, and loading them.

Every curated file is TriG holding exactly one named graph, written with IRIs relative
to the base (see :mod:`yanvar.iris`). The ontology (plain Turtle, so it can be served
as a document of its own) is added in the named graph ``graph/ontology``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import rdflib

from yanvar import paths
from yanvar.iris import SOURCE_TEXT, IriScheme

ONTOLOGY_GRAPH = "ontology"
CURATION_GRAPH = "curation"
#: The text of each shipped source is added as a literal, so that SPARQL (and the SHACL-SPARQL
#: quote check) can read the very characters the selectors count.
TEXT_PREDICATE = "http://schema.org/text"


@dataclass(frozen=True)
class DataFile:
    """One RDF file of the dataset and the named graph its triples go to (None: TriG decides)."""

    path: Path
    graph: str | None

    @property
    def format(self) -> str:
        """Return rdflib's format name for this file."""
        return "trig" if self.path.suffix == ".trig" else "turtle"


def data_files(graph_dir: Path | None = None, *, with_ontology: bool = True) -> list[DataFile]:
    """List the files of the dataset in a fixed order (so builds are deterministic)."""
    root = graph_dir or paths.graph_dir()
    found = [DataFile(p, None) for p in sorted(root.glob("*.trig"))]
    found += [DataFile(p, None) for p in sorted(root.glob("claims/*.trig"))]
    if with_ontology:
        found.append(DataFile(paths.ontology_file(), ONTOLOGY_GRAPH))
    return found


def source_texts(graph_dir: Path | None = None) -> Iterator[Path]:
    """Yield the shipped source documents (the texts every quote points into)."""
    root = graph_dir or paths.graph_dir()
    yield from sorted((root / "sources").glob("*.txt"))


def source_text_triples(
    scheme: IriScheme, graph_dir: Path | None = None
) -> list[tuple[str, str, str]]:
    """Return (text IRI, schema:text, content) for every shipped source text."""
    return [
        (f"{scheme.base}{SOURCE_TEXT}{path.name}", TEXT_PREDICATE, read_text(path))
        for path in source_texts(graph_dir)
    ]


def load(
    scheme: IriScheme, graph_dir: Path | None = None, *, with_ontology: bool = True
) -> rdflib.Dataset:
    """Parse the curated graph into an rdflib Dataset, every IRI resolved against the base."""
    dataset = rdflib.Dataset()
    for data in data_files(graph_dir, with_ontology=with_ontology):
        if data.graph is None:
            dataset.parse(data.path, format=data.format, publicID=scheme.base)
        else:
            target = dataset.graph(rdflib.URIRef(scheme.graph(data.graph)))
            target.parse(data.path, format=data.format, publicID=scheme.base)
    curation = dataset.graph(rdflib.URIRef(scheme.graph(CURATION_GRAPH)))
    for subject, predicate, text in source_text_triples(scheme, graph_dir):
        curation.add((rdflib.URIRef(subject), rdflib.URIRef(predicate), rdflib.Literal(text)))
    return dataset


def read_text(path: Path) -> str:
    """Read a source text exactly as shipped: UTF-8, no newline translation."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()

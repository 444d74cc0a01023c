"""Read the curated graph: which files exist, which named graph each fills, the source texts.

Every curated file is TriG holding exactly one named graph, written with IRIs relative
to the base (see :mod:`yanvar.iris`). The ontology (plain Turtle, so it can be served
as a document of its own) is added in the named graph ``graph/ontology``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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


def data_files(graph_dir: Path | None = None) -> list[DataFile]:
    """List the files of the dataset in a fixed order (so builds are deterministic)."""
    root = graph_dir or paths.graph_dir()
    found = [DataFile(p, None) for p in sorted(root.glob("*.trig"))]
    found += [DataFile(p, None) for p in sorted(root.glob("claims/*.trig"))]
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


def read_text(path: Path) -> str:
    """Read a source text exactly as shipped: UTF-8, no newline translation."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()

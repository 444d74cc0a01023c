"""The IRI scheme: every IRI yanvar mints is a path under one configurable base.

The curated files in ``graph/``, ``ontology/`` and ``shapes/`` are written with
*relative* IRIs (``<id/baku>``, ``<ontology#Claim>``) and are always parsed against
the base, so the same files publish under ``https://w3id.org/yanvar/`` or under
``http://127.0.0.1:8080/`` unchanged.

>>> scheme = IriScheme("https://w3id.org/yanvar/")
>>> scheme.entity("baku")
'https://w3id.org/yanvar/id/baku'
>>> scheme.path_of("https://w3id.org/yanvar/claim/x#target")
'claim/x'
>>> scheme.path_of("http://www.wikidata.org/entity/Q9248") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_BASE = "https://w3id.org/yanvar/"

#: The first path segment of each kind of minted IRI.
ENTITY = "id/"
CLAIM = "claim/"
INFERENCE = "inference/"
DOCUMENT = "doc/"
SOURCE_TEXT = "sources/"
TIME = "time/"
GRAPH = "graph/"
ONTOLOGY = "ontology"
SHAPES = "shapes"
DATASET = "dataset"


@dataclass(frozen=True)
class IriScheme:
    """Mint and read IRIs under one base (which must end with ``/``)."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            raise ValueError(f"the base IRI must end with '/': {self.base!r}")

    def entity(self, slug: str) -> str:
        """Return the IRI of the entity ``slug``."""
        return f"{self.base}{ENTITY}{slug}"

    def claim(self, slug: str) -> str:
        """Return the IRI of the claim ``slug``."""
        return f"{self.base}{CLAIM}{slug}"

    def graph(self, name: str) -> str:
        """Return the IRI of the named graph ``name`` (for example ``curation``)."""
        return f"{self.base}{GRAPH}{name}"

    @property
    def vocab(self) -> str:
        """The namespace of the yanvar ontology (hash namespace)."""
        return f"{self.base}{ONTOLOGY}#"

    def path_of(self, iri: str) -> str | None:
        """Return the document path of ``iri`` under the base (no fragment), or None."""
        if not iri.startswith(self.base):
            return None
        return iri[len(self.base) :].split("#", 1)[0]

    def iri_of(self, path: str) -> str:
        """Return the IRI that the request path ``path`` (no leading slash) names."""
        return f"{self.base}{path}"

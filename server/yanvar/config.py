"""Every setting, its default and why. Override with YANVAR_<NAME> environment variables."""

from __future__ import annotations

from typing import Any

from yanvar.iris import DEFAULT_BASE

DEFAULTS: dict[str, Any] = {
    # Base of every minted IRI; the curated files use relative IRIs resolved against it.
    "BASE_IRI": DEFAULT_BASE,
    # RDF files to serve instead of the curated graph (None: the validated statement graph).
    "DATA_FILES": None,
    # The query default graph is the union of all named graphs (as Fuseki/Oxigraph offer).
    "UNION_DEFAULT_GRAPH": True,
}

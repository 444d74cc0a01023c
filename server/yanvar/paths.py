"""Where the shipped data lives: graph/, ontology/ and shapes/.

In a checkout (and an editable install) they sit at the repository root beside
``server/``; a wheel carries them as the data packages ``yanvar.graph``,
``yanvar.ontology`` and ``yanvar.shapes`` (see pyproject.toml).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parents[1]


@cache
def _data_dir(name: str) -> Path:
    in_checkout = _CHECKOUT / name
    if (_CHECKOUT / "server" / "yanvar").is_dir() and in_checkout.is_dir():
        return in_checkout
    return _PACKAGE / name


def graph_dir() -> Path:
    """Return the directory of the curated graph (TriG files and the source texts)."""
    return _data_dir("graph")


def ontology_file() -> Path:
    """Return the OWL ontology in Turtle."""
    return _data_dir("ontology") / "yanvar.ttl"


def shapes_dir() -> Path:
    """Return the directory of the SHACL shapes."""
    return _data_dir("shapes")

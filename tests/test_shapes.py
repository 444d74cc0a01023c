"""Each invalid example trips the shape it is named after, on the focus node it declares.

``tests/data/invalid/<Shape>-<nn>-<why>.trig`` is added to a copy of the curated graph; its
second line says ``# focus: <path>``. All examples are validated in one run (they use distinct
nodes), then each is checked for its own shape.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.namespace import SH

from yanvar import paths, validation
from yanvar.iris import IriScheme
from yanvar.store import GraphStore

INVALID = Path(__file__).parent / "data" / "invalid"
EXAMPLES = sorted(INVALID.glob("*.trig"))


def expected(example: Path) -> tuple[str, str]:
    """Return (shape, focus) for an example: the shape from its name, the focus from line 2."""
    shape = example.name.split("-0", 1)[0]
    focus_line = example.read_text(encoding="utf-8").splitlines()[1]
    assert focus_line.startswith("# focus: "), example
    return f"shapes#{shape}", focus_line.removeprefix("# focus: ").strip()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> validation.Report:
    graph_dir = tmp_path_factory.mktemp("graph") / "graph"
    shutil.copytree(paths.graph_dir(), graph_dir)
    for example in EXAMPLES:
        shutil.copy(example, graph_dir / "claims" / example.name)
    return validation.validate(GraphStore.from_curated(IriScheme(), graph_dir))


def test_there_are_examples_for_the_main_shapes() -> None:
    shapes = {expected(e)[0] for e in EXAMPLES}
    for shape in ("ClaimShape-quote-at-offsets", "ClaimShape-figure-integer", "ClaimShape-quote"):
        assert f"shapes#{shape}" in shapes


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_invalid_example_trips_its_shape(example: Path, report: validation.Report) -> None:
    shape, focus = expected(example)
    fired = {(f.shape, f.focus) for f in report.violations}
    assert (shape, focus) in fired, [f.line() for f in report.violations if f.focus == focus]


def test_valid_nodes_are_not_reported(report: validation.Report) -> None:
    """Only the examples' own nodes fail: the curated graph stays clean beside them."""
    focuses = {expected(e)[1] for e in EXAMPLES}
    strays = [f.line() for f in report.violations if f.focus not in focuses]
    assert strays == []


SECOND_SOURCE = Path(__file__).parent / "data" / "valid" / "second-source"


def test_a_second_source_with_another_figure_fits_beside_the_statement(tmp_path: Path) -> None:
    graph_dir = tmp_path / "graph"
    shutil.copytree(paths.graph_dir(), graph_dir)
    shutil.copytree(SECOND_SOURCE, graph_dir, dirs_exist_ok=True)
    store = GraphStore.from_curated(IriScheme(), graph_dir)
    report = validation.validate(store)
    assert report.conforms, [f.line() for f in report.violations]
    rows = store.select(
        """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
           PREFIX prov: <http://www.w3.org/ns/prov#>
           SELECT ?source ?n WHERE {
             ?c rdf:subject <id/black-january> ; rdf:predicate <ontology#numberOfDeaths> ;
                rdf:object ?n ; prov:wasQuotedFrom ?source } ORDER BY ?n"""
    )
    assert [(r["source"].value.rsplit("/", 1)[1], int(r["n"].value)) for r in rows] == [
        ("mfa-az-2025-01-20-national-mourning", 150),
        ("yanvar-test-fictional-source", 999),
    ]


def test_served_shapes_declare_absolute_prefixes(client: FlaskClient) -> None:
    """The shapes as published run anywhere: their SPARQL prefixes are resolved IRIs."""
    shapes = rdflib.Graph().parse(data=client.get("/shapes.ttl").data, format="turtle")
    namespaces = {
        str(prefix): str(shapes.value(declaration, SH.namespace))
        for declaration, prefix in shapes.subject_objects(SH.prefix)
    }
    assert namespaces["yv"] == "https://w3id.org/yanvar/ontology#"

"""`yanvar validate`, `yanvar build` and `yanvar anchor` as a curator runs them."""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic
from sparql_support import FIXTURE

from yanvar import build, create_app, formats, paths
from yanvar.cli import main
from yanvar.errors import InvalidData
from yanvar.iris import IriScheme
from yanvar.store import GraphStore

CLAIMS = "claims/mfa-az-2025-01-20-national-mourning.trig"


@pytest.fixture
def graph_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "graph"
    shutil.copytree(paths.graph_dir(), copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_validate_passes_on_the_shipped_graph() -> None:
    result = CliRunner().invoke(main, ["validate", "--no-warnings"])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_validate_reports_a_shifted_offset(graph_copy: Path) -> None:
    edit(
        graph_copy / CLAIMS,
        "oa:start 1773 ;\n        oa:end 1792 .",
        "oa:start 1774 ;\n        oa:end 1793 .",
    )
    result = CliRunner().invoke(main, ["validate", str(graph_copy)])
    assert result.exit_code == 1
    assert re.search(
        r"Violation: claim/black-january-missing \[shapes#ClaimShape-quote-at-offsets\] "
        r"The quote \"?4 пропали без вести\"? is not at its offsets \[1774, 1793\)",
        result.output,
    ), result.output


def test_validate_reports_a_figure_that_is_not_an_integer(graph_copy: Path) -> None:
    edit(graph_copy / CLAIMS, "rdf:object 744 ;", 'rdf:object "744.5"^^xsd:decimal ;')
    result = CliRunner().invoke(main, ["validate", str(graph_copy)])
    assert result.exit_code == 1
    assert (
        "claim/black-january-seriously-wounded [shapes#ClaimShape-figure-integer]" in result.output
    )
    assert "must be an xsd:integer of at least 0" in result.output


def test_validate_reports_a_claim_that_lost_its_quote(graph_copy: Path) -> None:
    edit(
        graph_copy / CLAIMS,
        "        oa:hasTarget <claim/black-january-deaths#target> .",
        "        oa:motivatedBy oa:describing .",
    )
    edit(
        graph_copy / CLAIMS,
        "oa:motivatedBy oa:describing ;\n        oa:motivatedBy",
        "oa:motivatedBy",
    )
    result = CliRunner().invoke(main, ["validate", str(graph_copy)])
    assert result.exit_code == 1
    assert "claim/black-january-deaths" in result.output
    assert "[shapes#ClaimShape-quote] A claim with no quote is not published" in result.output


def test_validate_reports_a_text_that_no_longer_matches_its_checksum(graph_copy: Path) -> None:
    source = next((graph_copy / "sources").glob("*.txt"))
    source.write_bytes(source.read_bytes().replace(b"150", b"151"))
    result = CliRunner().invoke(main, ["validate", str(graph_copy)])
    assert result.exit_code == 1
    assert "SHA-256 is 773d18d5" in result.output
    assert "[shapes#ClaimShape-quote-at-offsets]" in result.output  # "151 мирных…" ≠ the quote


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dumps")
    result = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def expected() -> rdflib.Dataset:
    store = GraphStore.from_curated(IriScheme())
    nquads = formats.by_name("nq", "graph")
    assert nquads is not None
    dataset = rdflib.Dataset()
    dataset.parse(data=store.dump(nquads), format="nquads")
    return dataset


def merged(dataset: rdflib.Dataset) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@pytest.mark.parametrize(("name", "fmt"), [("yanvar.ttl", "turtle"), ("yanvar.nt", "nt")])
def test_triple_dumps_round_trip(
    dumps: Path, expected: rdflib.Dataset, name: str, fmt: str
) -> None:
    parsed = rdflib.Graph().parse(dumps / name, format=fmt)
    assert isomorphic(parsed, merged(expected))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("yanvar.trig", "trig"), ("yanvar.nq", "nquads"), ("yanvar.jsonld", "json-ld")],
)
def test_quad_dumps_round_trip_graph_by_graph(
    dumps: Path, expected: rdflib.Dataset, name: str, fmt: str
) -> None:
    parsed = rdflib.Dataset()
    parsed.parse(data=(dumps / name).read_bytes(), format=fmt)
    names = {g.identifier for g in expected.graphs() if len(g)}
    assert {g.identifier for g in parsed.graphs() if len(g)} == names
    for graph_name in names:
        assert isomorphic(parsed.graph(graph_name), expected.graph(graph_name)), graph_name


def test_build_is_deterministic(dumps: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for path in sorted(dumps.iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_gzip_copies_and_checksums_match(dumps: Path) -> None:
    sums = (dumps / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(sums) == 14
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((dumps / name).read_bytes()).hexdigest() == digest
        if name.endswith(".gz"):
            assert gzip.decompress((dumps / name).read_bytes()) == (dumps / name[:-3]).read_bytes()


def test_void_counts_and_distributions(dumps: Path, expected: rdflib.Dataset) -> None:
    void = rdflib.Graph().parse(dumps / "void.ttl", format="turtle")
    dataset = rdflib.URIRef("https://w3id.org/yanvar/dataset")
    ns = rdflib.Namespace("http://rdfs.org/ns/void#")
    assert void.value(dataset, ns.triples).toPython() == len(merged(expected))
    dumps_listed = {str(o).rsplit("/", 1)[1] for o in void.objects(dataset, ns.dataDump)}
    assert dumps_listed == {"yanvar.ttl", "yanvar.nt", "yanvar.trig", "yanvar.nq", "yanvar.jsonld"}
    assert void.value(dataset, ns.sparqlEndpoint) == rdflib.URIRef("https://w3id.org/yanvar/sparql")
    assert list(void.objects(dataset, rdflib.DCTERMS.source)) == [
        rdflib.URIRef("https://w3id.org/yanvar/doc/mfa-az-2025-01-20-national-mourning")
    ]
    title = str(void.value(dataset, rdflib.DCTERMS.title))
    assert "Statement of the MFA of Azerbaijan of 20 January 2025" in title
    assert "linked to Wikidata" in str(void.value(dataset, rdflib.DCTERMS.description))


def test_void_of_other_data_does_not_name_the_statement() -> None:
    """--data serves any RDF: its VoID describes that data, not the statement."""
    store = GraphStore.from_files([FIXTURE], IriScheme())
    text = build.describe(store, IriScheme(), {dump.file: b"" for dump in build.DUMPS}).decode()
    void = rdflib.Graph().parse(data=text, format="turtle")
    dataset = rdflib.URIRef("https://w3id.org/yanvar/dataset")
    assert str(void.value(dataset, rdflib.DCTERMS.title)) == "A dataset published with yanvar"
    assert "Wikidata" not in str(void.value(dataset, rdflib.DCTERMS.description))
    assert "statement" not in text.lower() and "20 January" not in text


def test_build_refuses_an_invalid_graph(
    graph_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(graph_copy / CLAIMS, "rdf:object 744 ;", "rdf:object -744 ;")
    monkeypatch.setattr(paths, "graph_dir", lambda: graph_copy)
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "nothing was built" in result.output
    assert not (tmp_path / "out").exists()


def test_anchor_prints_selectors_that_validate() -> None:
    result = CliRunner().invoke(main, ["anchor", "744 получили тяжелые ранения", "--slug", "x"])
    assert result.exit_code == 0, result.output
    assert "oa:start 1743 ;" in result.output and "oa:end 1771 ." in result.output
    assert 'oa:prefix " 150 мирных жителей были убиты, " ;' in result.output


def test_anchor_says_when_the_words_are_not_in_the_text() -> None:
    result = CliRunner().invoke(main, ["anchor", "151 мирный житель"])
    assert result.exit_code == 1
    assert "does not occur" in result.output


def test_the_server_refuses_an_invalid_curated_graph(
    graph_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(graph_copy / CLAIMS, "rdf:object 744 ;", 'rdf:object "744"^^xsd:string ;')
    monkeypatch.setattr(paths, "graph_dir", lambda: graph_copy)
    with pytest.raises(InvalidData, match="claim/black-january-seriously-wounded"):
        create_app({"TESTING": True})


def test_validate_under_another_base() -> None:
    """Everything is relative to the base, the shapes' SPARQL prefixes included."""
    result = CliRunner().invoke(main, ["validate", "--base-iri", "http://127.0.0.1:8080/"])
    assert result.exit_code == 0, result.output

"""The curated graph: it validates, its quotes are where they say, its links are checked ones."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from yanvar import dataset, formats, paths, validation
from yanvar.iris import IriScheme
from yanvar.store import GraphStore

BASE = "https://w3id.org/yanvar/"
YV = rdflib.Namespace(BASE + "ontology#")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
WIKIBASE = rdflib.Namespace("http://wikiba.se/ontology#")
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    """The whole curated dataset (all graphs merged) as an rdflib graph."""
    store = GraphStore.from_curated(IriScheme(BASE))
    ntriples = formats.by_name("nt", "graph")
    assert ntriples is not None
    return rdflib.Graph().parse(data=store.dump(ntriples), format="nt")


def test_shipped_graph_conforms() -> None:
    report = validation.validate(GraphStore.from_curated(IriScheme(BASE)))
    assert report.conforms, "\n".join(f.line() for f in report.violations)


def test_every_quote_is_at_its_offsets(graph: rdflib.Graph) -> None:
    """An independent check (Python slicing, not SHACL) of every claim's two selectors."""
    texts = {BASE + "sources/" + p.name: dataset.read_text(p) for p in dataset.source_texts()}
    claims = list(graph.subjects(RDF.type, YV.Claim))
    assert len(claims) >= 60
    for claim in claims:
        target = graph.value(claim, OA.hasTarget)
        text = texts[str(graph.value(target, OA.hasSource))]
        selectors = list(graph.objects(target, OA.hasSelector))
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
        start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))
        exact = str(graph.value(quote, OA.exact))
        assert text[start:end] == exact, claim
        assert text[:start].endswith(str(graph.value(quote, OA.prefix))), claim
        assert text[end:].startswith(str(graph.value(quote, OA.suffix))), claim


def test_source_text_is_the_shared_file_byte_for_byte() -> None:
    shipped = next(dataset.source_texts())
    original = SHARED / "sources" / shipped.name
    if not original.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert shipped.read_bytes() == original.read_bytes()


def test_wikidata_links_only_to_verified_reference_rows(graph: rdflib.Graph) -> None:
    reference = SHARED / "reference" / "wikidata-entities.tsv"
    if not reference.exists():
        pytest.skip("shared/ is not beside this checkout")
    with reference.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    verified = {r["qid"] for r in rows if r["qid"] and r["confidence"].startswith("verified")}
    linked = {
        str(o).rsplit("/", 1)[1]
        for s, o in graph.subject_objects(SKOS.exactMatch)
        if str(s).startswith(BASE + "id/")
    }
    assert linked, "no entity is linked to Wikidata"
    assert linked <= verified, f"links not in the verified reference: {linked - verified}"


@pytest.mark.parametrize(
    ("predicate", "value"),
    [("numberOfDeaths", 150), ("numberOfSeriouslyWounded", 744), ("numberOfMissing", 4)],
)
def test_figures_are_typed_integers_of_the_event(
    graph: rdflib.Graph, predicate: str, value: int
) -> None:
    claims = list(graph.subjects(RDF.predicate, YV[predicate]))
    assert len(claims) == 1
    claim = claims[0]
    figure = graph.value(claim, RDF.object)
    assert figure.datatype == XSD.integer and figure.toPython() == value
    assert graph.value(claim, RDF.subject) == rdflib.URIRef(BASE + "id/black-january")
    assert (claim, PROV.wasQuotedFrom, None) in graph
    exacts = [
        str(graph.value(selector, OA.exact))
        for selector in graph.objects(graph.value(claim, OA.hasTarget), OA.hasSelector)
        if (selector, RDF.type, OA.TextQuoteSelector) in graph
    ]
    assert len(exacts) == 1 and exacts[0].startswith(f"{value} ")


@pytest.mark.parametrize(
    ("time_value", "precision", "edtf"),
    [("1994-03", 10, "1994-03"), ("198X", 8, "198X"), ("2025-01-20", 11, "2025-01-20")],
)
def test_dates_carry_their_precision(
    graph: rdflib.Graph, time_value: str, precision: int, edtf: str
) -> None:
    node = rdflib.URIRef(BASE + "time/" + time_value)
    assert graph.value(node, WIKIBASE.timePrecision).toPython() == precision
    assert str(graph.value(node, YV.edtf)) == edtf


def test_the_night_of_19_to_20_january_is_an_interval(graph: rdflib.Graph) -> None:
    night = rdflib.URIRef(BASE + "time/1990-01-19_1990-01-20")
    time = rdflib.Namespace("http://www.w3.org/2006/time#")
    assert str(graph.value(night, YV.edtf)) == "1990-01-19/1990-01-20"
    assert str(graph.value(graph.value(night, time.hasBeginning), YV.edtf)) == "1990-01-19"
    assert str(graph.value(graph.value(night, time.hasEnd), YV.edtf)) == "1990-01-20"


def test_every_entity_has_ru_en_az_labels(graph: rdflib.Graph) -> None:
    classes = ["Event", "Place", "Person", "Organization", "Group", "LegalAct"]
    entities = {s for c in classes for s in graph.subjects(RDF.type, YV[c])}
    assert len(entities) > 30
    for entity in entities:
        languages = sorted(label.language for label in graph.objects(entity, RDFS.label))
        assert languages == ["az", "en", "ru"], entity


def test_the_inferred_commander_is_not_a_claim(graph: rdflib.Graph) -> None:
    inference = rdflib.URIRef(BASE + "inference/supreme-commander-is-ilham-aliyev")
    assert (inference, RDF.type, YV.Inference) in graph
    assert (inference, RDF.type, YV.Claim) not in graph
    assert (inference, OA.hasTarget, None) not in graph
    # the statement itself never names Ilham Aliyev
    text = dataset.read_text(next(dataset.source_texts()))
    assert "Ильхам" not in text


def test_the_ontology_maps_figures_to_wikidata(graph: rdflib.Graph) -> None:
    wd = rdflib.Namespace("http://www.wikidata.org/entity/")
    assert (YV.numberOfDeaths, SKOS.exactMatch, wd.P1120) in graph
    assert (YV.numberOfMissing, SKOS.exactMatch, wd.P1446) in graph
    assert (YV.numberOfSeriouslyWounded, SKOS.broadMatch, wd.P1339) in graph


def test_paths_find_the_shipped_data() -> None:
    assert (paths.graph_dir() / "sources").is_dir()
    assert paths.ontology_file().is_file()
    assert sorted(p.name for p in paths.shapes_dir().glob("*.ttl")) == [
        "core.ttl",
        "recommended.ttl",
    ]

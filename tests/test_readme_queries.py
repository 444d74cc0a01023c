"""The README's example queries run on the graph and give the answers the README promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from yanvar.iris import IriScheme
from yanvar.store import GraphStore

README = Path(__file__).resolve().parents[1] / "README.md"


def model_queries() -> list[str]:
    """Return the ```sparql blocks of the README's model section, in order."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("<!-- section:model -->") : text.index("<!-- /section:model -->")]
    return re.findall(r"```sparql\n(.*?)```", section, flags=re.S)


@pytest.fixture(scope="module")
def answers() -> list[list[dict[str, str]]]:
    store = GraphStore.from_curated(IriScheme())
    return [
        [{k: v.value for k, v in row.items()} for row in store.select(query)]
        for query in model_queries()
    ]


def test_one_query_per_kind_of_fact() -> None:
    assert len(model_queries()) == 7


def test_figures(answers: list[list[dict[str, str]]]) -> None:
    assert [(r["counts"], int(r["figure"])) for r in answers[0]] == [
        ("number of seriously wounded", 744),
        ("number of killed", 150),
        ("number of missing", 4),
    ]
    assert answers[0][1]["quote"] == "150 мирных жителей были убиты"


def test_places(answers: list[list[dict[str, str]]]) -> None:
    assert [(r["place"], r["wikidata"].rsplit("/", 1)[1]) for r in answers[1]] == [
        ("Baku", "Q9248"),
        ("Lankaran", "Q228811"),
        ("Neftçala", "Q2087800"),
        ("Sumqayit", "Q179833"),
    ]


def test_dates_with_precision(answers: list[list[dict[str, str]]]) -> None:
    by_edtf = {r["edtf"]: r.get("precision") for r in answers[2]}
    assert by_edtf["198X"] == "8"
    assert by_edtf["1994-03"] == "10"
    assert by_edtf["2025-01-20"] == "11"
    assert by_edtf["1990-01-19/1990-01-20"] is None  # an interval: precision sits on its ends


def test_date_range(answers: list[list[dict[str, str]]]) -> None:
    found = {(r["subject"].rsplit("/", 1)[1], r["edtf"]) for r in answers[3]}
    assert found == {
        ("soviet-policy-1980s", "198X"),
        ("sumgait-1988", "198X"),
        ("black-january", "1990-01-19/1990-01-20"),
        ("milli-majlis-resolution-1994", "1994-03"),
    }


def test_perpetrators(answers: list[list[dict[str, str]]]) -> None:
    quotes = {r["quote"] for r in answers[4]}
    assert quotes == {
        "совершенной бывшим СССР",
        "подразделениями Советской Армии",
        "частями специального назначения",
        "контингентом внутренних войск",
    }


def test_names_and_characterisations(answers: list[list[dict[str, str]]]) -> None:
    words = {(r["subject"], r["words"]) for r in answers[5]}
    assert ("Sumgait pogrom", "Сумгаитские события") in words
    assert ("Sumgait pogrom", "провокации") in words
    assert (
        "Black January",
        "одного из самых тяжких преступлений против человечности прошлого века",
    ) in words
    assert all(r["source"].endswith("doc/mfa-az-2025-01-20-national-mourning") for r in answers[5])


def test_inferences(answers: list[list[dict[str, str]]]) -> None:
    commander = [r for r in answers[6] if r["subject"].endswith("supreme-commander-in-chief")]
    assert [r["object"].rsplit("/", 1)[1] for r in commander] == ["ilham-aliyev"]
    assert commander[0]["basis"].endswith("claim/war-2020-commander")

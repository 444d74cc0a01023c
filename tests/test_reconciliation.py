"""The Reconciliation API (0.2) as OpenRefine uses it, checked against the spec's JSON schemas."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from flask.testing import FlaskClient
from referencing import Registry, Resource

SPECS = next(
    (
        p / "reconciliation-api-specs" / "0.2"
        for p in (
            Path(os.environ.get("CONFORMANCE_VENDOR", "/nonexistent")),
            Path(__file__).resolve().parents[2] / "shared" / "conformance-vendor",
        )
        if (p / "reconciliation-api-specs").is_dir()
    ),
    None,
)
needs_specs = pytest.mark.skipif(SPECS is None, reason="shared/conformance-vendor is not beside")


def schema_validator(name: str) -> jsonschema.protocols.Validator:
    """A validator for one of the spec's schemas; two web references are replaced offline."""
    assert SPECS is not None
    schema = json.loads((SPECS / "schemas" / name).read_text(encoding="utf-8"))
    offline = Registry().with_resources(
        [
            # The manifest schema refers to a type schema it does not ship, and to Swagger.
            (
                "https://reconciliation-api.github.io/specs/0.2/schemas/type.json",
                Resource.from_contents(
                    {
                        "$schema": "http://json-schema.org/draft-07/schema#",
                        "type": "object",
                        "required": ["id", "name"],
                    }
                ),
            ),
            (
                "http://swagger.io/v2/schema.json",
                Resource.from_contents(
                    {
                        "$schema": "http://json-schema.org/draft-07/schema#",
                        "definitions": {
                            "securityDefinitions": {"additionalProperties": {"type": "object"}}
                        },
                    }
                ),
            ),
        ]
    )
    return jsonschema.Draft7Validator(schema, registry=offline)


def reconcile(client: FlaskClient, queries: dict[str, Any], **headers: str) -> dict[str, Any]:
    response = client.post("/reconcile", data={"queries": json.dumps(queries)}, headers=headers)
    assert response.status_code == 200, response.data
    body: dict[str, Any] = response.get_json()
    return body


@needs_specs
def test_manifest_validates_against_the_spec(client: FlaskClient) -> None:
    manifest = client.get("/reconcile").get_json()
    schema_validator("manifest.json").validate(manifest)
    assert manifest["identifierSpace"] == "https://w3id.org/yanvar/id/"
    assert manifest["view"]["url"] == "http://localhost/id/{{id}}"


@needs_specs
def test_result_batch_validates_and_ranks_exact_names_first(client: FlaskClient) -> None:
    body = reconcile(
        client,
        {
            "en": {"query": "Baku"},
            "ru": {"query": "Гейдар Алиев"},
            "az": {"query": "Lənkəran"},
            "typed": {"query": "Sumgait", "type": "Event", "limit": 1},
        },
    )
    schema_validator("reconciliation-result-batch.json").validate(body)
    top = {key: body[key]["result"][0] for key in body}
    assert (top["en"]["id"], top["en"]["match"]) == ("baku", True)
    assert (top["ru"]["id"], top["ru"]["match"]) == ("heydar-aliyev", True)
    assert top["az"]["id"] == "lankaran"
    assert [r["id"] for r in body["typed"]["result"]] == ["sumgait-1988"]


def test_a_wikidata_qid_finds_the_linked_entity(client: FlaskClient) -> None:
    body = reconcile(
        client,
        {"qid": {"query": "Q734004"}, "prop": {"properties": [{"pid": "wikidata", "v": "Q9248"}]}},
    )
    assert body["qid"]["result"][0]["id"] == "black-january"
    assert body["qid"]["result"][0]["match"] is True
    assert [r["id"] for r in body["prop"]["result"]] == ["baku"]


def test_names_follow_the_readers_language(client: FlaskClient) -> None:
    body = reconcile(client, {"q": {"query": "Baku", "limit": 1}}, **{"Accept-Language": "az"})
    assert body["q"]["result"][0]["name"] == "Bakı"


def test_a_near_miss_is_a_candidate_not_a_match(client: FlaskClient) -> None:
    result = reconcile(client, {"q": {"query": "Lenkoran"}})["q"]["result"]
    assert result[0]["id"] == "lankaran"
    assert result[0]["match"] is False and result[0]["score"] < 100


@needs_specs
@pytest.mark.parametrize("example", ["example-min.json", "example-full.json", "multi-values.json"])
def test_the_specs_valid_query_batches_are_accepted(client: FlaskClient, example: str) -> None:
    assert SPECS is not None
    queries = json.loads(
        (SPECS / "examples" / "reconciliation-query-batch" / "valid" / example).read_text()
    )
    body = reconcile(client, queries)
    assert set(body) == set(queries)
    schema_validator("reconciliation-result-batch.json").validate(body)


@needs_specs
@pytest.mark.parametrize(
    ("example", "message"),
    [
        ("empty-properties.json", "needs a 'query' string or a non-empty 'properties' list"),
        ("empty-query.json", "needs a 'query' string or a non-empty 'properties' list"),
        ("misnamed-property.json", "unknown member(s) ['props']"),
    ],
)
def test_the_specs_invalid_query_batches_get_a_400(
    client: FlaskClient, example: str, message: str
) -> None:
    assert SPECS is not None
    raw = (SPECS / "examples" / "reconciliation-query-batch" / "invalid" / example).read_text()
    response = client.post(
        "/reconcile", data={"queries": raw}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert message in response.get_json()["message"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "'queries' is not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        (json.dumps({f"q{i}": {"query": "x"} for i in range(101)}), "at most 100 queries"),
        (json.dumps({"q": {"query": "x", "limit": 0}}), "'limit' must be a positive number"),
    ],
)
def test_bad_batches_get_a_clear_400(client: FlaskClient, raw: str, message: str) -> None:
    response = client.get("/reconcile", query_string={"queries": raw})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@needs_specs
def test_suggest_validates_and_completes_prefixes(client: FlaskClient) -> None:
    body = client.get("/reconcile/suggest/entity?prefix=sum").get_json()
    schema_validator("suggest-entities-response.json").validate(body)
    assert {r["id"] for r in body["result"]} == {"sumgait", "sumgait-1988"}


def test_preview_escapes_and_404s(client: FlaskClient) -> None:
    page = client.get("/reconcile/preview?id=baku")
    assert page.status_code == 200
    assert "Q9248" in page.get_data(as_text=True)
    assert client.get("/reconcile/preview?id=%3Cscript%3E").status_code == 404

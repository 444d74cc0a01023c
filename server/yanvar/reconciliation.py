"""The W3C Reconciliation API (0.2, the version OpenRefine speaks) over the dataset's entities.

``/reconcile`` answers the service manifest, or a batch of queries (``queries`` as JSON, by GET
or POST form); ``/reconcile/suggest/entity`` auto-completes names; ``/reconcile/preview`` shows
a small card. Identifiers are entity slugs: ``baku`` is ``<base>id/baku``
(``identifierSpace``). Names match in any of ru/en/az, labels and alternative labels; a Wikidata
QID matches the entity linked to it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request

from yanvar import labels
from yanvar.errors import BadRequest, NotFound
from yanvar.store import GraphStore

bp = Blueprint("reconciliation", __name__)

#: The entity classes offered as types (local names in the ontology, the schemaSpace).
TYPES = {
    "Event": "event",
    "Place": "place",
    "Person": "person",
    "Organization": "organisation",
    "Group": "group of people",
    "LegalAct": "legal act",
}
MAX_QUERIES = 100
DEFAULT_LIMIT = 5
MAX_LIMIT = 50
WIKIDATA = "http://www.wikidata.org/entity/"
QID = re.compile(r"^Q[1-9][0-9]*$")


@dataclass
class Candidate:
    """An entity as the reconciliation service sees it."""

    slug: str
    types: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    wikidata: str | None = None
    description: str | None = None


def normalise(text: str) -> str:
    """Fold case, diacritics, ё and punctuation so that names compare as people read them.

    >>> normalise("  Neftçala ")
    'neftcala'
    >>> normalise("Ёлка, «Сумгаит»")
    'елка сумгаит'
    >>> normalise("Black_January")
    'black january'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ё", "е"))
    # Every combining mark goes (й becomes и too): queries and names are folded alike.
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W_]+", stripped))


def score(query: str, candidate: Candidate) -> float:
    """Return 0–100: how close ``query`` is to the nearest of the candidate's names."""
    wanted = normalise(query)
    if not wanted:
        return 0.0
    if QID.match(query.strip()) and candidate.wikidata == query.strip():
        return 100.0
    return max(
        (100.0 * SequenceMatcher(None, wanted, name).ratio() for name in candidate.names),
        default=0.0,
    )


class EntityIndex:
    """Every entity of the store (types, labels, Wikidata link), read once with bounded queries."""

    def __init__(self, store: GraphStore) -> None:
        prefix = store.scheme.entity("")
        vocab = store.scheme.vocab
        self.candidates: dict[str, Candidate] = {}
        type_values = " ".join(f"<{vocab}{name}>" for name in TYPES)
        for row in store.select(f"SELECT ?e ?t WHERE {{ VALUES ?t {{ {type_values} }} ?e a ?t }}"):
            iri = row["e"].value
            if iri.startswith(prefix):
                slug = iri[len(prefix) :]
                self.candidates.setdefault(slug, Candidate(slug)).types.add(
                    row["t"].value[len(vocab) :]
                )
        rdfs_label = "<http://www.w3.org/2000/01/rdf-schema#label>"
        alt_label = "<http://www.w3.org/2004/02/skos/core#altLabel>"
        for row in store.select(
            f"SELECT ?e ?p ?l WHERE {{ VALUES ?p {{ {rdfs_label} {alt_label} }} ?e ?p ?l }}"
        ):
            candidate = self._of(row["e"].value, prefix)
            if candidate is None:
                continue
            text = row["l"].value
            candidate.names.add(normalise(text))
            language = getattr(row["l"], "language", None)
            if row["p"].value.endswith("#label") and language:
                candidate.labels[language] = text
        exact_match = "<http://www.w3.org/2004/02/skos/core#exactMatch>"
        for row in store.select(f"SELECT ?e ?w WHERE {{ ?e {exact_match} ?w }}"):
            candidate = self._of(row["e"].value, prefix)
            if candidate is not None and row["w"].value.startswith(WIKIDATA):
                candidate.wikidata = row["w"].value[len(WIKIDATA) :]
        description = "<http://schema.org/description>"
        for row in store.select(f"SELECT ?e ?d WHERE {{ ?e {description} ?d }}"):
            candidate = self._of(row["e"].value, prefix)
            if candidate is not None:
                candidate.description = row["d"].value

    def _of(self, iri: str, prefix: str) -> Candidate | None:
        return self.candidates.get(iri[len(prefix) :]) if iri.startswith(prefix) else None

    def get(self, slug: str) -> Candidate:
        """Return the candidate ``slug``.

        :raises NotFound: when no entity has that identifier.
        """
        if slug not in self.candidates:
            raise NotFound(f"no entity with the identifier {slug!r}")
        return self.candidates[slug]


@dataclass(frozen=True)
class Query:
    """One reconciliation query, checked."""

    text: str
    types: tuple[str, ...]
    type_strict: str
    limit: int
    wikidata: tuple[str, ...]


def parse_batch(raw: str) -> dict[str, Query]:
    """Parse and check a ``queries`` batch (the shape of the 0.2 query-batch schema).

    :raises BadRequest: with a message naming the query and what is wrong with it.
    """
    try:
        batch = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadRequest(f"'queries' is not valid JSON: {exc.msg} at character {exc.pos}") from exc
    if not isinstance(batch, dict):
        raise BadRequest("'queries' must be a JSON object mapping query keys to queries")
    if len(batch) > MAX_QUERIES:
        raise BadRequest(f"at most {MAX_QUERIES} queries per batch ({len(batch)} were sent)")
    return {key: _parse_query(key, value) for key, value in batch.items()}


def _parse_query(key: str, value: Any) -> Query:
    def fail(why: str) -> BadRequest:
        return BadRequest(f"query {key!r}: {why}")

    if not isinstance(value, dict):
        raise fail("must be a JSON object")
    unknown = set(value) - {"query", "type", "limit", "properties", "type_strict"}
    if unknown:
        raise fail(f"unknown member(s) {sorted(unknown)}")
    text = value.get("query", "")
    properties = value.get("properties", [])
    if not isinstance(text, str) or not isinstance(properties, list):
        raise fail("'query' must be a string and 'properties' a list")
    if "query" not in value and not properties:
        raise fail("needs a 'query' string or a non-empty 'properties' list")
    types = value.get("type", [])
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise fail("'type' must be a type identifier or a list of them")
    type_strict = value.get("type_strict", "any")
    if type_strict not in ("any", "all", "should"):
        raise fail("'type_strict' must be 'any', 'all' or 'should'")
    limit = value.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, int | float) or isinstance(limit, bool) or limit < 1:
        raise fail("'limit' must be a positive number")
    wikidata: list[str] = []
    for item in properties:
        if not isinstance(item, dict) or "pid" not in item or "v" not in item:
            raise fail("each property needs 'pid' and 'v'")
        if item["pid"] in ("wikidata", "P2888", "skos:exactMatch"):
            values = item["v"] if isinstance(item["v"], list) else [item["v"]]
            wikidata += [v["id"] if isinstance(v, dict) else str(v) for v in values]
    return Query(text, tuple(types), type_strict, min(int(limit), MAX_LIMIT), tuple(wikidata))


def reconcile(index: EntityIndex, query: Query, languages: tuple[str, ...]) -> list[dict[str, Any]]:
    """Return the ranked candidates for one query, in the 0.2 result format."""
    results = []
    for candidate in index.candidates.values():
        type_match = not query.types or bool(candidate.types & set(query.types))
        if query.types and query.type_strict == "all":
            type_match = set(query.types) <= candidate.types
        if not type_match and query.type_strict != "should":
            continue
        name_score = score(query.text, candidate) if query.text else 0.0
        linked = bool(query.wikidata) and candidate.wikidata in query.wikidata
        value = name_score if query.text else (100.0 if linked else 0.0)
        if query.text and query.wikidata:
            value = (name_score + (100.0 if linked else 0.0)) / 2
        if value <= 0:
            continue
        label = labels.pick(candidate.labels, languages)
        result: dict[str, Any] = {
            "id": candidate.slug,
            "name": label.text if label else candidate.slug,
            "score": round(value, 2),
            "features": [
                {"id": "name_similarity", "value": round(name_score, 2)},
                {"id": "wikidata_match", "value": linked},
                {"id": "type_match", "value": type_match},
            ],
            "type": [{"id": t, "name": TYPES[t]} for t in sorted(candidate.types)],
        }
        if candidate.description:
            result["description"] = candidate.description
        results.append(result)
    results.sort(key=lambda r: (-r["score"], r["id"]))
    results = results[: query.limit]
    for position, result in enumerate(results):
        runner_up = results[position + 1]["score"] if position + 1 < len(results) else 0.0
        result["match"] = position == 0 and result["score"] == 100.0 and runner_up < 100.0
    return results


def named(index: EntityIndex, text: str) -> tuple[list[Candidate], list[Candidate]]:
    """Return the entities with a name that starts with ``text``, and those with one that
    contains it (both folded by :func:`normalise`)."""
    wanted = normalise(text)
    starting: list[Candidate] = []
    containing: list[Candidate] = []
    for candidate in index.candidates.values() if wanted else ():
        if any(name.startswith(wanted) for name in candidate.names):
            starting.append(candidate)
        elif any(wanted in name for name in candidate.names):
            containing.append(candidate)
    return starting, containing


def entity_index() -> EntityIndex:
    """Return the app's entity index, built at its first use."""
    app = current_app
    if "yanvar.reconciliation" not in app.extensions:
        app.extensions["yanvar.reconciliation"] = EntityIndex(app.extensions["yanvar.store"])
    index: EntityIndex = app.extensions["yanvar.reconciliation"]
    return index


def _json(payload: object) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False), mimetype="application/json")


def manifest() -> dict[str, Any]:
    """Return the service manifest: identifier and schema spaces, view, preview, suggest."""
    store: GraphStore = current_app.extensions["yanvar.store"]
    root = request.url_root
    return {
        "versions": ["0.2"],
        "name": "yanvar: entities of the MFA of Azerbaijan's statement of 20 January 2025",
        "identifierSpace": store.scheme.entity(""),
        "schemaSpace": store.scheme.vocab,
        "documentation": f"{root}#reconciliation",
        "view": {"url": f"{root}id/{{{{id}}}}"},
        "preview": {"url": f"{root}reconcile/preview?id={{{{id}}}}", "width": 400, "height": 160},
        "suggest": {
            "entity": {"service_url": root.rstrip("/"), "service_path": "/reconcile/suggest/entity"}
        },
        "defaultTypes": [{"id": t, "name": name} for t, name in TYPES.items()],
    }


@bp.route("/reconcile", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer the manifest, or a batch of reconciliation queries."""
    raw = request.values.get("queries")
    if raw is None:
        return _json(manifest())
    languages = labels.choose_languages(request.headers.get("Accept-Language"))
    index = entity_index()
    batch = parse_batch(raw)
    return _json({key: {"result": reconcile(index, q, languages)} for key, q in batch.items()})


@bp.route("/reconcile/suggest/entity")
def suggest_entity() -> Response:
    """Suggest entities whose names start with (or contain) ``prefix``."""
    prefix = normalise(request.args.get("prefix", ""))
    if not prefix:
        raise BadRequest("give the start of a name as 'prefix'")
    languages = labels.choose_languages(request.headers.get("Accept-Language"))
    found = []
    for rank, candidates in enumerate(named(entity_index(), prefix)):
        for candidate in candidates:
            label = labels.pick(candidate.labels, languages)
            entry: dict[str, Any] = {
                "id": candidate.slug,
                "name": label.text if label else candidate.slug,
                "notable": [{"id": t, "name": TYPES[t]} for t in sorted(candidate.types)],
            }
            if candidate.description:
                entry["description"] = candidate.description
            found.append((rank, entry["name"], entry))
    found.sort(key=lambda item: (item[0], item[1]))
    return _json({"result": [entry for *_, entry in found[:MAX_LIMIT]]})


@bp.route("/reconcile/preview")
def preview() -> str:
    """Show a small HTML card for one entity (OpenRefine's preview pane)."""
    candidate = entity_index().get(request.args.get("id", ""))
    languages = labels.choose_languages(request.headers.get("Accept-Language"))
    label = labels.pick(candidate.labels, languages)
    return render_template(
        "reconcile_preview.html",
        candidate=candidate,
        name=label.text if label else candidate.slug,
        types=[TYPES[t] for t in sorted(candidate.types)],
    )

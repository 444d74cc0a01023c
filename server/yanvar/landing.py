"""Blueprint: the landing page — what the dataset is, its counts, a timeline, a map, examples.

The map is an inline SVG drawn from the places' own coordinates (no tile server, no
script), so it works offline and without JavaScript.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, request

from yanvar import build, dumps, representations
from yanvar.entities import reader, render
from yanvar.examples import examples
from yanvar.pages import ClaimView, Link, Reader

bp = Blueprint("landing", __name__)

#: Count of instances of these classes (local names in the yanvar vocabulary), in this order.
COUNTED = (
    ("Claim", "claims"),
    ("Inference", "inferences"),
    ("SourceDocument", "source documents"),
    ("Event", "events"),
    ("Person", "people"),
    ("Organization", "organisations"),
    ("Place", "places"),
    ("Group", "groups"),
    ("LegalAct", "legal acts"),
    ("TimeValue", "time values"),
)
#: Drawing size of the map (SVG user units).
WIDTH, HEIGHT = 800, 420


@dataclass(frozen=True)
class Place:
    """A place on the map: where it is drawn and what it links to."""

    link: Link
    lat: float
    long: float
    x: float
    y: float


@dataclass(frozen=True)
class Map:
    """The offline map: places and the graticule lines that frame them."""

    places: list[Place]
    meridians: list[tuple[float, str]]
    parallels: list[tuple[float, str]]


def counts(page_reader: Reader) -> list[tuple[str, int]]:
    """Return the dataset's triples and instances per class (computed once per app)."""
    key = "yanvar.pages.counts"
    if key not in current_app.extensions:
        values = " ".join(f"yv:{name}" for name, _ in COUNTED)
        rows = page_reader.select(
            f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?c {{ {values} }} ?s a ?c }} "
            "GROUP BY ?c"
        )
        found = {r["c"].value.rsplit("#", 1)[-1]: int(r["n"].value) for r in rows}
        current_app.extensions[key] = [("triples", len(page_reader.graph))] + [
            (label, found.get(name, 0)) for name, label in COUNTED
        ]
    result: list[tuple[str, int]] = current_app.extensions[key]
    return result


def timeline(page_reader: Reader) -> list[ClaimView]:
    """Return the claims that date something, earliest first."""
    rows = page_reader.select(
        "SELECT ?c WHERE { ?c rdf:predicate yv:date ; rdf:object ?t . ?t yv:earliest ?e } "
        "ORDER BY ?e LIMIT 100"
    )
    order = [r["c"].value for r in rows]
    views = page_reader.claims(order)
    views.sort(key=lambda v: order.index(v.link.iri))
    return views


def _step(span: float) -> float:
    for step in (0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30):
        if span / step <= 8:
            return step
    return 45


def place_map(page_reader: Reader) -> Map | None:
    """Return the places with coordinates, projected (equirectangular) to fit the drawing."""
    rows = page_reader.select(
        "SELECT ?p ?lat ?long WHERE { ?p geo:lat ?lat ; geo:long ?long } LIMIT 500"
    )
    points = [(r["p"].value, float(r["lat"].value), float(r["long"].value)) for r in rows]
    if not points:
        return None
    page_reader.labels.fetch(p for p, _, _ in points)
    lats, longs = [p[1] for p in points], [p[2] for p in points]
    scale_x = math.cos(math.radians(sum(lats) / len(lats)))  # keep shapes true at mid latitude
    span = max(max(lats) - min(lats), (max(longs) - min(longs)) * scale_x, 0.5) * 1.3
    mid_lat, mid_long = (max(lats) + min(lats)) / 2, (max(longs) + min(longs)) / 2
    unit = min(WIDTH / (span / scale_x * WIDTH / HEIGHT), HEIGHT / span)

    def x_of(long: float) -> float:
        return round(WIDTH / 2 + (long - mid_long) * scale_x * unit, 1)

    def y_of(lat: float) -> float:
        return round(HEIGHT / 2 - (lat - mid_lat) * unit, 1)

    places = [
        Place(page_reader.link(p), lat, long, x_of(long), y_of(lat)) for p, lat, long in points
    ]
    step = _step(span / scale_x * WIDTH / HEIGHT)
    half_w, half_h = WIDTH / 2 / (scale_x * unit), HEIGHT / 2 / unit
    meridians = [
        (x_of(m * step), f"{m * step:g}° E")
        for m in range(
            math.ceil((mid_long - half_w) / step), math.floor((mid_long + half_w) / step) + 1
        )
    ]
    parallels = [
        (y_of(p * step), f"{p * step:g}° N")
        for p in range(
            math.ceil((mid_lat - half_h) / step), math.floor((mid_lat + half_h) / step) + 1
        )
    ]
    return Map(places, meridians, parallels)


@bp.get("/")
def home() -> Response:
    """Answer the landing page."""
    page_reader = reader()
    scheme = page_reader.scheme
    context: dict[str, Any] = {
        "base": scheme.base,
        "counts": counts(page_reader),
        "timeline": timeline(page_reader),
        "map": place_map(page_reader),
        "examples": examples(scheme),
        "documents": [
            page_reader.link(r["d"].value)
            for r in page_reader.select("SELECT ?d WHERE { ?d a yv:SourceDocument } LIMIT 50")
        ],
        # sizes and checksums once the dumps are written; the landing page never waits for it
        "downloads": [f for f in dumps.listing(create=False) if not f.name.endswith(".gz")],
        "dump_names": [d.file for d in build.DUMPS],
        "width": WIDTH,
        "height": HEIGHT,
    }
    body = render("landing.html", page_reader, **context)
    response = representations.answer(
        request,
        body,
        representations.HTML,
        path=None,
        negotiated=False,
        modified=representations.last_modified(current_app),
    )
    response.headers["Link"] = '</.well-known/void>; rel="describedby"; type="text/turtle"'
    return response

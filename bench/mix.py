"""The query mix: the .rq files of bench/queries/, filled with parameters drawn from the data.

Each query file has ``%NAME%`` placeholders; :func:`instances` fills them from the
``params.json`` the generator wrote (IRIs, labels, years that exist in the data), with a seeded
random generator, so every server gets the very same requests and no two consecutive requests
of one query are alike (a result cache would not help). ``# mix: lookup`` in a file marks the
lookup mix.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

QUERIES = Path(__file__).resolve().parent / "queries"
BASE = "https://w3id.org/yanvar/"
FIGURES = ("numberOfDeaths", "numberOfSeriouslyWounded", "numberOfMissing")
SELECT_RESULTS = "application/sparql-results+json"
GRAPH_RESULTS = "application/n-triples"


@dataclass(frozen=True)
class Query:
    """One query of the mix: its name, template text and whether it is in the lookup mix."""

    name: str
    template: str
    lookup: bool

    @property
    def accept(self) -> str:
        """The media type to ask for: N-Triples for CONSTRUCT/DESCRIBE, JSON results else."""
        body = "\n".join(
            line for line in self.template.splitlines() if not line.startswith(("#", "PREFIX"))
        )
        return (
            GRAPH_RESULTS if body.lstrip().startswith(("CONSTRUCT", "DESCRIBE")) else SELECT_RESULTS
        )


def load_queries() -> list[Query]:
    """Read every query of bench/queries/ in name order."""
    return [
        Query(path.stem, text, "# mix: lookup" in text)
        for path in sorted(QUERIES.glob("*.rq"))
        for text in [path.read_text(encoding="utf-8")]
    ]


def draw(params: dict[str, list], rng: random.Random) -> dict[str, str]:
    """Draw one value for every placeholder (claim and its graph drawn together)."""
    claim = rng.choice(params["claims"])
    document = rng.choice(params["documents"])
    start = date(1988, 1, 1) + timedelta(days=rng.randrange(6 * 365))
    substring = rng.choice(params["en_labels"]).lower()
    cut = rng.randrange(0, 2)
    pages = max(1, len(params["documents"]) // 20)
    return {
        "EVENT": f"<{BASE}id/{rng.choice(params['events'])}>",
        "CLAIM": f"<{BASE}claim/{claim}>",
        "CLAIM_GRAPH": f"<{BASE}graph/claims/{claim.rsplit('-claim-', 1)[0]}>",
        "FIGURE_CLAIM": f"<{BASE}claim/{rng.choice(params['figure_claims'])}>",
        "DOC_GRAPH": f"<{BASE}graph/claims/{document}>",
        "SUBSTRING": substring[cut : cut + 4],
        "AZ_LABEL": '"' + rng.choice(params["az_labels"]) + '"@az',
        "FROM": start.isoformat(),
        "TO": (start + timedelta(days=60)).isoformat(),
        "FIGURE": f"<{BASE}ontology#{rng.choice(FIGURES)}>",
        "YEAR": str(rng.choice(params["issued_years"])),
        "OFFSET": str(20 * rng.randrange(pages)),
    }


def fill(template: str, values: dict[str, str]) -> str:
    """Replace each ``%NAME%`` of ``template``; fail on one left unfilled."""
    for name, value in values.items():
        template = template.replace(f"%{name}%", value)
    if "%" in template.replace("%%", ""):
        raise ValueError(f"unfilled placeholder in:\n{template}")
    return template


def instances(query: Query, params: dict[str, list], count: int, seed: int = 20) -> list[str]:
    """Return ``count`` filled copies of ``query`` (the same for every server)."""
    rng = random.Random(f"{seed}-{query.name}")
    return [fill(query.template, draw(params, rng)) for _ in range(count)]

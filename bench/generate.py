"""Generate a synthetic dataset of the statement graph's shape, at any size, deterministically.

The output follows DEVELOPERS.md: source documents with their shipped texts (sha256, byte size,
code-point length), claims reified with rdf:subject/predicate/object and anchored by a
TextQuoteSelector + TextPositionSelector whose offsets are right in the generated text, events,
places and agents labelled in ru/en/az, time values with their precision, casualty figures as
xsd:integer, one named graph ``graph/claims/<doc>`` per document and the curation in
``graph/curation`` (with each text as a ``schema:text`` literal, as yanvar loads it). The
ontology is added as ``graph/ontology`` so property paths over ``rdfs:subClassOf`` /
``rdfs:subPropertyOf`` have something to walk.

TriG is written with string formatting, not rdflib, so a million triples take seconds::

    .venv/bin/python bench/generate.py --triples 1000000 --out bench/data/1m

The directory gets ``dataset.trig``, ``sources/*.txt`` and ``params.json`` (the IRIs and values
the query mix draws its parameters from).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph as ox

BASE = "https://w3id.org/yanvar/"
ONTOLOGY_FILE = Path(__file__).resolve().parents[1] / "ontology" / "yanvar.ttl"
CLAIMS_PER_EVENT_MENTION = 9
EVENTS_PER_DOCUMENT = 4
CONTEXT = 32  # code points of oa:prefix / oa:suffix (DEVELOPERS.md)

PREFIXES = """\
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix schema: <http://schema.org/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix wikibase: <http://wikiba.se/ontology#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix spdx: <http://spdx.org/rdf/terms#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix yv: <https://w3id.org/yanvar/ontology#> .
@prefix id: <https://w3id.org/yanvar/id/> .
@prefix doc: <https://w3id.org/yanvar/doc/> .
@prefix claim: <https://w3id.org/yanvar/claim/> .
@prefix tv: <https://w3id.org/yanvar/time/> .
@prefix g: <https://w3id.org/yanvar/graph/> .
"""

# Syllables for names: (Cyrillic, Latin for en, Latin for az) so the three labels correspond.
SYLLABLES = [
    ("ба", "ba", "ba"), ("ку", "ku", "ku"), ("ша", "sha", "şa"), ("ги", "gi", "gi"),
    ("ла", "la", "la"), ("чи", "chi", "çi"), ("ран", "ran", "ran"), ("мир", "mir", "mir"),
    ("зах", "zakh", "zax"), ("тал", "tal", "tal"), ("гя", "gya", "gə"), ("ну", "nu", "nu"),
    ("сум", "sum", "sum"), ("ер", "yer", "yer"), ("дже", "dzhe", "cə"), ("оз", "oz", "öz"),
    ("аг", "ag", "ağ"), ("даш", "dash", "daş"), ("лин", "lin", "lin"), ("кан", "kan", "kan"),
]  # fmt: skip
MONTHS_RU = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip
FILLER_RU = (
    "Министерство вновь заявляет о своей позиции и призывает международное сообщество "
    "дать объективную оценку произошедшему. Память о погибших чтится ежегодно. "
    "Эти события стали поворотным моментом в истории народа. "
    "Информация о произошедшем долгое время скрывалась от общественности. "
)
FIGURES = [
    ("numberOfDeaths", "{n} мирных жителей были убиты", "killed {n}"),
    ("numberOfSeriouslyWounded", "{n} человек были тяжело ранены", "seriously wounded {n}"),
    ("numberOfMissing", "{n} человек пропали без вести", "left {n} missing"),
]
NAMED_AS = ["кровавая резня", "трагедия", "массовое убийство", "карательная операция"]
PRECISIONS = (11, 10, 9)  # day, month, year (Wikibase time precision)


@dataclass(frozen=True)
class Entity:
    """An event, place, person, organisation or group with its three labels."""

    slug: str
    kind: str
    ru: str
    en: str
    az: str


@dataclass
class Output:
    """What has been generated so far: TriG of the curation and of the claims, query parameters."""

    curation: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    triples: int = 0
    params: dict[str, list[object]] = field(default_factory=dict)

    def curate(self, text: str, triples: int) -> None:
        """Add TriG statements to the curation graph."""
        self.curation.append(text)
        self.triples += triples

    def param(self, name: str, value: object) -> None:
        """Remember a value the query mix may use as a parameter."""
        self.params.setdefault(name, []).append(value)


def lit(value: str) -> str:
    """Return ``value`` as a Turtle string literal (escaped, one line)."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def make_name(rng: random.Random, number: int) -> tuple[str, str, str]:
    """Return a (ru, en, az) name made of 2–3 syllables, unique thanks to ``number``."""
    parts = [rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))]
    ru, en, az = ("".join(p[i] for p in parts) for i in range(3))
    return (
        ru.capitalize() + f"-{number}",
        en.capitalize() + f"-{number}",
        az.capitalize() + f"-{number}",
    )


def make_entities(rng: random.Random, kind: str, count: int) -> list[Entity]:
    """Mint ``count`` entities of one kind (slug ``<kind>-<n>``)."""
    entities = []
    for n in range(1, count + 1):
        ru, en, az = make_name(rng, n)
        entities.append(Entity(f"{kind.lower()}-{n:06d}", kind, ru, en, az))
    return entities


def write_entities(out: Output, rng: random.Random, entities: list[Entity]) -> None:
    """Write the curation of entities: type, labels in three languages, places' coordinates."""
    for e in entities:
        triples = 5
        extra = ""
        if e.kind == "Place":
            lat, long = 38.5 + rng.random() * 3, 45.0 + rng.random() * 5
            extra = f' ;\n    geo:lat "{lat:.4f}"^^xsd:decimal ; geo:long "{long:.4f}"^^xsd:decimal'
            triples += 2
        elif e.kind == "Event":
            extra = f" ;\n    schema:description {lit('a synthetic event, ' + e.en)}@en"
            triples += 1
        out.curate(
            f"id:{e.slug} a yv:{e.kind} ;\n    rdfs:label {lit(e.ru)}@ru , {lit(e.en)}@en , "
            f"{lit(e.az)}@az ;\n    skos:altLabel {lit(e.ru.upper())}@ru{extra} .\n",
            triples,
        )
        out.param("en_labels", e.en)
        out.param("az_labels", e.az)


def write_time(out: Output, day: date, precision: int, written: set[str]) -> str:
    """Write the TimeValue of ``day`` at ``precision`` once; return its slug."""
    if precision == 11:
        edtf, earliest, latest = day.isoformat(), day, day
    elif precision == 10:
        edtf = day.strftime("%Y-%m")
        earliest = day.replace(day=1)
        latest = (earliest + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    else:
        edtf, earliest, latest = str(day.year), date(day.year, 1, 1), date(day.year, 12, 31)
    if edtf not in written:
        written.add(edtf)
        out.curate(
            f"tv:{edtf} a yv:TimeValue ; yv:edtf {lit(edtf)} ; wikibase:timePrecision {precision} ;"
            f' yv:earliest "{earliest}"^^xsd:date ; yv:latest "{latest}"^^xsd:date .\n',
            5,
        )
    return edtf


def write_night(out: Output, day: date, written: set[str]) -> str:
    """Write the interval TimeValue ``day``/``day + 1`` (a night, as 19–20 January); return it."""
    first, last = (
        write_time(out, day, 11, written),
        write_time(out, day + timedelta(1), 11, written),
    )
    slug = f"{first}_{last}"
    if slug not in written:
        written.add(slug)
        out.curate(
            f"tv:{slug} a yv:TimeValue ; yv:edtf {lit(first + '/' + last)} ;"
            f' yv:earliest "{first}"^^xsd:date ; yv:latest "{last}"^^xsd:date ;'
            f" time:hasBeginning tv:{first} ; time:hasEnd tv:{last} .\n",
            6,
        )
    return slug


def say_when(out: Output, rng: random.Random, times: set[str]) -> tuple[str, str]:
    """Pick a date of 1988–1994 at a random precision; return (time slug, Russian wording)."""
    day = date(1988, 1, 1) + timedelta(days=rng.randrange(7 * 365))
    month = MONTHS_RU[day.month - 1]
    precision = rng.choice((*PRECISIONS, 0))  # 0: a night, the interval of two days
    if precision == 0:
        after = day + timedelta(1)
        return write_night(out, day, times), (
            f"в ночь с {day.day} на {after.day} {MONTHS_RU[after.month - 1]} {after.year} года"
        )
    slug = write_time(out, day, precision, times)
    if precision == 11:
        return slug, f"{day.day} {month} {day.year} года"
    if precision == 10:
        return slug, f"в {month} {day.year} года"
    return slug, f"в {day.year} году"


@dataclass
class Document:
    """One source document being written: its text so far and the claims waiting for it."""

    slug: str
    pieces: list[str] = field(default_factory=list)
    length: int = 0
    pending: list[tuple[str, str, str, str, tuple[int, int], str | None]] = field(
        default_factory=list
    )

    def say(self, text: str) -> None:
        """Append text that quotes nothing."""
        self.pieces.append(text)
        self.length += len(text)

    def claim(
        self,
        subject: str,
        predicate: str,
        obj: str,
        label: str,
        exact: str,
        part: str | None = None,
    ) -> None:
        """Append ``exact`` to the text and remember the claim it anchors."""
        start = self.length
        self.say(exact)
        self.pending.append((subject, predicate, obj, label, (start, self.length), part))


def claim_trig(
    doc: str, slug: str, claim: tuple[str, str, str, str, tuple[int, int], str | None], text: str
) -> str:
    """Return the TriG of one claim, its target and its two selectors (20 or 21 triples)."""
    subject, predicate, obj, label, (start, end), part = claim
    prefix, suffix = text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
    c = f"<{BASE}claim/{slug}"
    part_line = f"    yv:appliesToPart id:{part} ;\n" if part else ""
    return (
        f"claim:{slug} a yv:Claim ;\n"
        f"    rdfs:label {lit('The statement: ' + label)}@en ;\n"
        f"    rdf:subject id:{subject} ; rdf:predicate yv:{predicate} ; rdf:object {obj} ;\n"
        f"{part_line}"
        f"    prov:wasQuotedFrom doc:{doc} ; prov:wasAttributedTo id:organization-000001 ;\n"
        f"    oa:motivatedBy oa:describing ; oa:hasTarget {c}#target> .\n"
        f"{c}#target> a oa:SpecificResource ;\n"
        f"    oa:hasSource <{BASE}sources/{doc}.ru.txt> ;\n"
        f"    oa:hasSelector {c}#quote> , {c}#position> .\n"
        f"{c}#quote> a oa:TextQuoteSelector ; oa:exact {lit(text[start:end])} ;"
        f" oa:prefix {lit(prefix)} ; oa:suffix {lit(suffix)} .\n"
        f"{c}#position> a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} .\n"
    )


def write_document(
    out: Output,
    rng: random.Random,
    number: int,
    pools: dict[str, list[Entity]],
    times: set[str],
    sources: Path,
) -> None:
    """Write one document: its text file, its claims graph and its curation."""
    d = Document(f"bench-{number:05d}")
    issued = date(2000, 1, 1) + timedelta(days=rng.randrange(25 * 365))
    d.say(
        f"Заявление № {number} от {issued.day} {MONTHS_RU[issued.month - 1]} {issued.year} г.\n\n"
    )
    for event in rng.sample(pools["events"], EVENTS_PER_DOCUMENT):
        place, group = rng.choice(pools["places"]), rng.choice(pools["groups"])
        agent = rng.choice(pools["agents"])
        e = event.slug
        edtf, when = say_when(out, rng, times)
        d.say(f"{FILLER_RU}События {event.ru} произошли ")
        d.claim(e, "date", f"tv:{edtf}", f"{event.en} happened {edtf}", when)
        d.say(" в ")
        d.claim(
            e,
            "location",
            f"id:{place.slug}",
            f"{event.en} happened in {place.en}",
            f"городе {place.ru}",
        )
        d.say(". ")
        for predicate, ru, en in FIGURES:
            n = rng.randrange(5, 500)
            d.claim(
                e, predicate, str(n), f"{event.en} {en.format(n=n)}", ru.format(n=n), group.slug
            )
            d.say(", ")
        d.say("а ответственность несёт ")
        d.claim(
            e, "perpetrator", f"id:{agent.slug}", f"{agent.en} perpetrated {event.en}", agent.ru
        )
        d.say(". Жертвами стали ")
        d.claim(e, "victim", f"id:{group.slug}", f"{group.en} were victims of {event.en}", group.ru)
        d.say(". Это была ")
        words = rng.choice(NAMED_AS)
        d.claim(e, "namedAs", f"{lit(words)}@ru", f"{event.en} is named «{words}»", words)
        d.say(". Вместе с тем, участниками были ")
        d.claim(
            e, "participant", f"id:{agent.slug}", f"{agent.en} took part in {event.en}", agent.ru
        )
        d.say(".\n\n")
        out.param("events", e)
    text = "".join(d.pieces)
    data = text.encode("utf-8")
    (sources / f"{d.slug}.ru.txt").write_bytes(data)
    claims = []
    for n, claim in enumerate(d.pending, 1):
        slug = f"{d.slug}-claim-{n:03d}"
        claims.append(claim_trig(d.slug, slug, claim, text))
        out.triples += 20 if claim[5] is None else 21
        if claim[1] == "numberOfDeaths":
            out.param("figure_claims", slug)
    out.claims.append(f"<{BASE}graph/claims/{d.slug}> {{\n{''.join(claims)}}}\n")
    out.param("documents", d.slug)
    out.param("claims", f"{d.slug}-claim-{rng.randint(1, len(d.pending)):03d}")
    out.param("issued_years", issued.year)
    source = f"<{BASE}sources/{d.slug}.ru.txt>"
    out.curate(
        f"doc:{d.slug} a yv:SourceDocument ;\n"
        f"    dct:title {lit(f'Заявление № {number}')}@ru ;\n"
        f"    yv:translatedTitle {lit(f'Statement no. {number}')}@en ,"
        f" {lit(f'Bəyanat № {number}')}@az ;\n"
        f'    dct:publisher id:organization-000001 ; dct:issued "{issued}"^^xsd:date ;\n'
        f"    dct:language wd:Q7737 ; yv:text {source} ;\n"
        f'    skos:editorialNote "Synthetic benchmark text; rights and URL unknown."@en .\n'
        f"{source} a yv:SourceText ;\n"
        f'    dct:format "text/plain; charset=utf-8" ;\n'
        f"    spdx:checksum [ a spdx:Checksum ; spdx:algorithm spdx:checksumAlgorithm_sha256 ;\n"
        f'        spdx:checksumValue "{hashlib.sha256(data).hexdigest()}"^^xsd:hexBinary ] ;\n'
        f"    dcat:byteSize {len(data)} ; yv:codePointLength {len(text)} ;\n"
        # As yanvar's loader does, so SPARQL can read the characters the selectors count.
        f"    schema:text {lit(text)} .\n",
        18,
    )


def ontology_trig() -> tuple[str, int]:
    """Return the ontology as the TriG graph ``graph/ontology``, and its number of triples."""
    quads = ox.parse(path=ONTOLOGY_FILE, format=ox.RdfFormat.TURTLE, base_iri=BASE)
    lines = [f"{q.triple} .\n" for q in quads]
    return f"<{BASE}graph/ontology> {{\n{''.join(lines)}}}\n", len(lines)


def generate(triples: int, out_dir: Path, seed: int = 1990) -> dict[str, int]:
    """Write a dataset of about ``triples`` triples to ``out_dir``; return its figures."""
    rng = random.Random(seed)
    per_document = EVENTS_PER_DOCUMENT * (CLAIMS_PER_EVENT_MENTION * 20.3 + 6) + 30
    documents = max(1, round(triples / per_document))
    sources = out_dir / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    pools = {
        "events": make_entities(rng, "Event", max(EVENTS_PER_DOCUMENT, documents)),
        "places": make_entities(rng, "Place", max(3, documents // 4)),
        "groups": make_entities(rng, "Group", max(3, documents // 20)),
        "agents": make_entities(rng, "Organization", max(3, documents // 10))
        + make_entities(rng, "Person", max(3, documents // 10)),
    }
    out = Output()
    for entities in pools.values():
        write_entities(out, rng, entities)
    times: set[str] = set()
    for number in range(1, documents + 1):
        write_document(out, rng, number, pools, times, sources)
    ontology, ontology_triples = ontology_trig()
    out.triples += ontology_triples
    trig = [PREFIXES, f"<{BASE}graph/curation> {{\n", *out.curation, "}\n", *out.claims, ontology]
    (out_dir / "dataset.trig").write_text("".join(trig), encoding="utf-8")
    params = {"triples": out.triples, **out.params}
    (out_dir / "params.json").write_text(json.dumps(params, ensure_ascii=False), encoding="utf-8")
    return {"triples": out.triples, "documents": documents}


def main() -> None:
    """Parse the command line and generate one dataset."""
    parser = argparse.ArgumentParser(description="Generate a synthetic yanvar dataset.")
    parser.add_argument("--triples", type=int, default=100_000, help="about how many triples")
    parser.add_argument("--seed", type=int, default=1990, help="the same seed gives the same bytes")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    args = parser.parse_args()
    started = time.perf_counter()
    figures = generate(args.triples, args.out, args.seed)
    elapsed = time.perf_counter() - started
    print(f"{figures['triples']} triples, {figures['documents']} documents in {elapsed:.1f} s")


if __name__ == "__main__":
    main()

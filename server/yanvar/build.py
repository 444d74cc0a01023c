"""Build the dumps: the dataset in every RDF format, gzip copies, checksums, VoID + DCAT.

Output is deterministic: quads are sorted before serialising, gzip carries no timestamp or
file name, and the description holds no build time. The same input gives the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, SKOS, VOID, XSD

from yanvar import formats, iris
from yanvar.iris import IriScheme
from yanvar.store import GraphStore

Term = ox.NamedNode | ox.BlankNode | ox.Literal

NAME = "yanvar"
CONTEXT = "context.jsonld"
DESCRIPTION = "void.ttl"
CHECKSUMS = "SHA256SUMS"
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")


@dataclass(frozen=True)
class Dump:
    """One distribution of the dataset: its file name, format and a title for DCAT."""

    file: str
    fmt: str
    title: str


#: In the order they are written: the quickest first, as each is served once written.
DUMPS = (
    Dump(f"{NAME}.nq", "nq", "N-Quads (named graphs)"),
    Dump(f"{NAME}.trig", "trig", "TriG (named graphs)"),
    Dump(f"{NAME}.nt", "nt", "N-Triples (all graphs merged)"),
    Dump(f"{NAME}.ttl", "ttl", "Turtle (all graphs merged)"),
    Dump(f"{NAME}.jsonld", "jsonld", "JSON-LD (named graphs, compacted with the yanvar context)"),
)


def prefixes(scheme: IriScheme) -> dict[str, str]:
    """Return the prefixes the dumps and the JSON-LD context use."""
    return {
        "yv": scheme.vocab,
        "id": scheme.entity(""),
        "claim": scheme.claim(""),
        "inf": f"{scheme.base}{iris.INFERENCE}",
        "doc": f"{scheme.base}{iris.DOCUMENT}",
        "time": f"{scheme.base}{iris.TIME}",
        "rdf": str(RDF),
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": str(XSD),
        "owl": "http://www.w3.org/2002/07/owl#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "dct": str(DCTERMS),
        "prov": "http://www.w3.org/ns/prov#",
        "oa": "http://www.w3.org/ns/oa#",
        "schema": "http://schema.org/",
        "wd": "http://www.wikidata.org/entity/",
        "wikibase": "http://wikiba.se/ontology#",
        "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
        "owltime": "http://www.w3.org/2006/time#",
        "dcat": str(DCAT),
        "spdx": str(SPDX),
    }


def jsonld_context(scheme: IriScheme) -> dict[str, object]:
    """Return the published JSON-LD context: the prefixes, nothing clever."""
    return {"@context": prefixes(scheme)}


def build_dumps(
    out_dir: Path, scheme: IriScheme, graph_store: GraphStore | None = None
) -> list[Path]:
    """Write every dump, its gzip copy, the context, VoID/DCAT and SHA256SUMS into ``out_dir``.

    Each file appears whole (written aside, then renamed), in the order of :data:`DUMPS`, so
    a server may hand out each one as soon as it is there; SHA256SUMS comes last.

    :return: the paths written, in a fixed order.
    """
    store = graph_store or GraphStore.from_curated(scheme)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    bodies: dict[str, bytes] = {}
    by_format = {dump.fmt: dump for dump in DUMPS}
    rdf = [formats.graph_format(dump.fmt) for dump in DUMPS if dump.fmt != "jsonld"]
    for fmt, body in store.dumps(rdf, prefixes=prefixes(scheme)):
        dump = by_format[fmt.name]
        bodies[dump.file] = body
        written += _write_with_gzip(out_dir / dump.file, body)
    jsonld = by_format["jsonld"]
    bodies[jsonld.file] = _compacted_jsonld(bodies[by_format["nq"].file], scheme)
    written += _write_with_gzip(out_dir / jsonld.file, bodies[jsonld.file])
    context = json.dumps(jsonld_context(scheme), indent=2, sort_keys=True).encode() + b"\n"
    written += _write_with_gzip(out_dir / CONTEXT, context)
    description = describe(store, scheme, bodies)
    written += _write_with_gzip(out_dir / DESCRIPTION, description)
    sums = "".join(f"{_sha256(p.read_bytes())}  {p.name}\n" for p in written)
    written.append(_write_whole(out_dir / CHECKSUMS, sums.encode("utf-8")))
    return written


def _compacted_jsonld(nquads: bytes, scheme: IriScheme) -> bytes:
    """Return the dataset as JSON-LD compacted with our context, from its N-Quads dump
    (pyoxigraph writes expanded JSON-LD; rdflib compacts)."""
    data = rdflib.Dataset()
    data.parse(data=nquads, format="nquads")
    text = data.serialize(format="json-ld", context=prefixes(scheme), auto_compact=True)
    # rdflib's node order follows Python hashing; sort every array (no @list is used, so
    # order carries no meaning) to make the bytes depend on the data alone.
    ordered = _sorted_arrays(json.loads(text))
    return json.dumps(ordered, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _sorted_arrays(node: object) -> object:
    if isinstance(node, dict):
        return {key: _sorted_arrays(value) for key, value in node.items()}
    if isinstance(node, list):
        items = [_sorted_arrays(item) for item in node]
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return node


def describe(store: GraphStore, scheme: IriScheme, bodies: dict[str, bytes]) -> bytes:
    """Return the VoID + DCAT description of the dataset and its distributions, in Turtle."""
    dataset = rdflib.URIRef(f"{scheme.base}{iris.DATASET}")
    graph = rdflib.Graph()
    for prefix, namespace in prefixes(scheme).items():
        graph.bind(prefix, namespace)
    graph.bind("void", VOID)
    add = graph.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, RDF.type, DCAT.Dataset))
    sources = store.select(
        f"SELECT ?d (SAMPLE(?name) AS ?label) WHERE {{ ?d a <{scheme.vocab}SourceDocument> "
        f"OPTIONAL {{ ?d <{RDFS.label}> ?name FILTER(langMatches(lang(?name), 'en')) }} }} "
        "GROUP BY ?d ORDER BY ?d"
    )
    linked = store.select(
        f"SELECT ?entity WHERE {{ ?entity <{SKOS.exactMatch}> ?item "
        "FILTER(STRSTARTS(STR(?item), 'http://www.wikidata.org/entity/')) } LIMIT 1"
    )
    for text in (_title(sources), _description(len(sources), bool(linked)), _rights(len(sources))):
        add((dataset, *text))
    for row in sources:  # the sources the data was drawn from, whatever the dataset
        add((dataset, DCTERMS.source, rdflib.URIRef(row["d"].value)))
    add((dataset, VOID.sparqlEndpoint, rdflib.URIRef(f"{scheme.base}sparql")))
    add((dataset, VOID.uriSpace, rdflib.Literal(scheme.base)))
    add((dataset, VOID.vocabulary, rdflib.URIRef(scheme.vocab)))
    for name, value in _counts(store).items():
        add((dataset, VOID[name], rdflib.Literal(value, datatype=XSD.integer)))
    for dump in DUMPS:
        fmt = formats.graph_format(dump.fmt)
        url = rdflib.URIRef(f"{scheme.base}dumps/{dump.file}")
        body = bodies[dump.file]
        add((dataset, VOID.dataDump, url))
        distribution = rdflib.URIRef(f"{scheme.base}dumps/{dump.file}#distribution")
        add((dataset, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCTERMS.title, rdflib.Literal(dump.title, lang="en")))
        add((distribution, DCAT.downloadURL, url))
        add(
            (
                distribution,
                DCAT.mediaType,
                rdflib.URIRef(f"https://www.iana.org/assignments/media-types/{fmt.media_type}"),
            )
        )
        add((distribution, DCAT.byteSize, rdflib.Literal(len(body), datatype=XSD.integer)))
        checksum = rdflib.URIRef(f"{scheme.base}dumps/{dump.file}#sha256")
        add((distribution, SPDX.checksum, checksum))
        add((checksum, RDF.type, SPDX.Checksum))
        add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        add((checksum, SPDX.checksumValue, rdflib.Literal(_sha256(body), datatype=XSD.hexBinary)))
    return graph.serialize(format="turtle").encode("utf-8")


def _title(sources: list[dict[str, Term]]) -> tuple[rdflib.URIRef, rdflib.Literal]:
    """Name the dataset after its source documents (the statement, for the curated graph)."""
    if len(sources) == 1 and "label" in sources[0]:
        text = f"yanvar: {sources[0]['label'].value}, as quoted claims"
    elif sources:
        text = f"yanvar: claims quoted from {len(sources)} source documents"
    else:
        text = "A dataset published with yanvar"
    return DCTERMS.title, rdflib.Literal(text, lang="en")


def _description(sources: int, linked: bool) -> tuple[rdflib.URIRef, rdflib.Literal]:
    if sources == 1:
        text = (
            "Every fact of its source document as a claim attributed to it and anchored to "
            "its exact words (Web Annotation selectors)"
        )
    elif sources:
        text = (
            f"Every fact of its {sources} source documents as a claim attributed to one of "
            "them and anchored to its exact words (Web Annotation selectors)"
        )
    else:
        text = "RDF data served as a SPARQL endpoint, dereferenceable pages and dumps"
    text += ", with entities linked to Wikidata." if linked else "."
    return DCTERMS.description, rdflib.Literal(text, lang="en")


def _rights(sources: int) -> tuple[rdflib.URIRef, rdflib.Literal]:
    text = (
        "The licence of the source documents is not known; the curators claim no rights over them."
        if sources
        else "The licence of this data is not stated in it."
    )
    return DCTERMS.rights, rdflib.Literal(text, lang="en")


def _counts(store: GraphStore) -> dict[str, int]:
    """Count what VoID counts, over the union of all graphs."""
    row = store.select(
        """SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?distinctSubjects)
                  (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?distinctObjects)
           WHERE { ?s ?p ?o }"""
    )[0]
    classes = store.select("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }")[0]["n"]
    entities = store.select(
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER STRSTARTS(STR(?s), "
        f"{json.dumps(store.scheme.entity(''))}) }}"
    )[0]["n"]
    counts = {name: int(term.value) for name, term in row.items()}
    counts["classes"] = int(classes.value)
    counts["entities"] = int(entities.value)
    return counts


def _write_with_gzip(path: Path, body: bytes) -> list[Path]:
    """Write ``body`` and its gzip twin, the twin first: a reader who finds the file finds both."""
    zipped = path.with_name(path.name + ".gz")
    packed = io.BytesIO()
    # mtime=0 and no file name inside: the .gz is as deterministic as its content. Level 6
    # (gzip's own default): at 1M triples 0.7 s for the N-Quads, 8.8 MB; level 9 took 2.3 s
    # for 7.9 MB, and the first download of each dump waits for it.
    with gzip.GzipFile(fileobj=packed, mode="wb", filename="", mtime=0, compresslevel=6) as gz:
        gz.write(body)
    _write_whole(zipped, packed.getvalue())
    return [_write_whole(path, body), zipped]


def _write_whole(path: Path, body: bytes) -> Path:
    """Write ``body`` beside ``path`` and rename it into place: no reader sees it half-written."""
    part = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.part")
    part.write_bytes(body)
    part.replace(path)
    return path


def _sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()

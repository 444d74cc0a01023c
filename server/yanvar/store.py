"""The embedded pyoxigraph store: loading the dataset, the trusted queries of pages, and
answering a client's query with a serialised, size-capped result.

This module and :mod:`yanvar.formats` are the only ones that import pyoxigraph.

Operator data (``--data``) is loaded once into an on-disk store under a cache directory,
named by a hash of the files' bytes and the base IRI, and opened read-only afterwards:
a second start on a million triples opens in milliseconds instead of re-parsing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from yanvar import dataset, formats, negotiation
from yanvar.errors import BadRequest, InvalidData, PublisherError, ResultTooLarge
from yanvar.iris import IriScheme

_TRIG = ox.RdfFormat.TRIG
_TURTLE = ox.RdfFormat.TURTLE
_COMPLETE = "yanvar-complete"
#: Every on-disk store handle opened, with the pid that opened it, kept for the life of
#: the process: closing a RocksDB handle in a process that inherited it through fork
#: crashes that process (SIGSEGV). For the same reason forked processes that have used
#: RocksDB leave with ``os._exit`` (query workers; Granian's workers, as multiprocessing does).
_OPENED: list[tuple[int, ox.Store]] = []


class QuerySyntaxError(BadRequest):
    """Raised when a client's query does not parse (pyoxigraph's message is kept)."""


class QueryFailed(PublisherError):
    """Raised when the engine fails while evaluating a query (an I/O error in the store)."""

    status = 500
    title = "Query failed"


@dataclass(frozen=True)
class UserQuery:
    """A client's query and how to answer it; picklable, so a query worker can run it."""

    text: str
    results_format: str | None  # the negotiated format name for SELECT/ASK (None: 406)
    graph_format: str | None  # the negotiated format name for CONSTRUCT/DESCRIBE (None: 406)
    accept: str = ""  # the Accept header, for the 406 message
    format_param: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    declares_dataset: bool = False  # FROM / FROM NAMED in the query: no union default graph
    max_bytes: int = 64 * 1024 * 1024


@dataclass(frozen=True)
class Answer:
    """A serialised result and the name of its format."""

    body: bytes
    format_name: str
    kind: formats.Kind


class _CappedBuffer:
    """A binary sink that refuses to grow past ``limit`` bytes, so a huge result stops early."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()

    def write(self, chunk: bytes) -> int:
        if len(self.data) + len(chunk) > self.limit:
            raise ResultTooLarge(
                f"the result is larger than {self.limit} bytes (SPARQL_MAX_RESULT_BYTES) and "
                "was not sent; add a LIMIT or narrow the query"
            )
        self.data += chunk
        return len(chunk)

    def flush(self) -> None:
        """Accept pyoxigraph's flush (nothing is buffered here)."""


class GraphStore:
    """A pyoxigraph store holding the whole dataset, plus the IRI scheme.

    ``source`` is an in-memory store, or the directory of an on-disk one: that is opened
    read-only once per process (query workers are forked, and a RocksDB handle must not
    cross a fork).
    """

    def __init__(
        self, source: ox.Store | Path, scheme: IriScheme, *, union_default_graph: bool = True
    ):
        self._source = source
        self._opened: tuple[int, ox.Store] | None = None
        self.scheme = scheme
        self.union_default_graph = union_default_graph

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store, opened for this process if it lives on disk."""
        if isinstance(self._source, ox.Store):
            return self._source
        if self._opened is None or self._opened[0] != os.getpid():
            self._opened = (os.getpid(), ox.Store.read_only(str(self._source)))
            _OPENED.append(self._opened)
        return self._opened[1]

    @classmethod
    def from_curated(
        cls, scheme: IriScheme, graph_dir: Path | None = None, *, union_default_graph: bool = True
    ) -> GraphStore:
        """Load the curated graph (and the ontology) under ``scheme``'s base."""
        store = ox.Store()
        for data in dataset.data_files(graph_dir):
            fmt = _TRIG if data.format == "trig" else _TURTLE
            to_graph = ox.NamedNode(scheme.graph(data.graph)) if data.graph else None
            store.bulk_load(path=data.path, format=fmt, base_iri=scheme.base, to_graph=to_graph)
        curation = ox.NamedNode(scheme.graph(dataset.CURATION_GRAPH))
        for subject, predicate, text in dataset.source_text_triples(scheme, graph_dir):
            store.add(
                ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate), ox.Literal(text), curation)
            )
        return cls(store, scheme, union_default_graph=union_default_graph)

    def merged(self) -> ox.Store:
        """Return a new in-memory store with every triple of every graph in its default graph
        (the data graph SHACL validates: shapes do not look into named graphs)."""
        merged = ox.Store()
        merged.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in self.store
        )
        return merged

    def dump(self, fmt: formats.Format, prefixes: dict[str, str] | None = None) -> bytes:
        """Serialise the whole dataset, quads sorted so the same data gives the same bytes.

        Formats without graphs (Turtle, N-Triples, RDF/XML, JSON-LD) get the union of all graphs.
        """
        ((_, body),) = self.dumps([fmt], prefixes)
        return body

    def dumps(
        self, fmts: Sequence[formats.Format], prefixes: dict[str, str] | None = None
    ) -> Iterator[tuple[formats.Format, bytes]]:
        """Serialise the whole dataset in each format, in turn, as :meth:`dump` does.

        The quads (and the union's triples) are sorted once for all the formats: at 1M
        triples a sort takes seconds, the serialisation about one.
        """
        quads: list[ox.Quad] | None = None
        triples: list[ox.Triple] | None = None
        for fmt in fmts:
            assert isinstance(fmt.oxigraph, ox.RdfFormat)
            terms: list[ox.Quad] | list[ox.Triple]
            if fmt.oxigraph.supports_datasets:
                terms = quads = quads or sorted(self.store, key=_quad_key)
            else:
                terms = triples = triples or sorted({q.triple for q in self.store}, key=_quad_key)
            body = ox.serialize(terms, format=fmt.oxigraph, prefixes=prefixes)
            assert body is not None  # no output file given: the bytes come back
            yield fmt, body

    @classmethod
    def from_files(
        cls,
        paths: Sequence[Path],
        scheme: IriScheme,
        *,
        cache_dir: Path | None = None,
        union_default_graph: bool = True,
    ) -> GraphStore:
        """Load operator RDF files (any format pyoxigraph parses), relative IRIs against the base.

        With ``cache_dir`` the store is built on disk once and reused while the files and
        the base are unchanged; without it, it is loaded in memory.

        :raises InvalidData: when a file is missing, of an unknown format or does not parse.
        """
        for path in paths:
            if not path.is_file():
                raise InvalidData(f"{path}: no such file")
            if formats.rdf_format_of(path.name) is None:
                raise InvalidData(f"{path}: unknown RDF format (use .ttl .nt .nq .trig .jsonld)")
        if cache_dir is None:
            store = ox.Store()
            _load(store, paths, scheme)
            return cls(store, scheme, union_default_graph=union_default_graph)
        target = cache_dir / _cache_key(paths, scheme)
        if not (target / _COMPLETE).exists():
            _build(target, paths, scheme)
        return cls(target, scheme, union_default_graph=union_default_graph)

    def __len__(self) -> int:
        return len(self.store)

    def graph_names(self) -> frozenset[str]:
        """Return the IRIs of the dataset's named graphs."""
        return frozenset(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def select(self, query: str) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        """Run a trusted SELECT (written in this package, never by a client); return rows."""
        solutions = self.store.query(
            query, base_iri=self.scheme.base, use_default_graph_as_union=self.union_default_graph
        )
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        return [{name: row[name] for name in names if row[name] is not None} for row in solutions]

    def quads(self, subject: str) -> Iterable[ox.Quad]:
        """Return every quad whose subject is the IRI ``subject``."""
        try:
            node = ox.NamedNode(subject)
        except ValueError:  # a request path that is no IRI (a space, a NUL): nothing has it
            return ()
        return self.store.quads_for_pattern(node, None, None, None)

    def answer(self, query: UserQuery) -> Answer:
        """Evaluate a client's (already guarded) query and serialise it in the chosen format.

        :raises QuerySyntaxError: when the query does not parse.
        :raises NotAcceptable: when no acceptable format exists for the result's kind.
        :raises ResultTooLarge: when the serialised result passes ``query.max_bytes``.
        """
        dataset_options: dict[str, object] = {}
        if query.default_graphs or query.named_graphs:  # the protocol's dataset wins (§2.1.4)
            dataset_options["default_graph"] = [ox.NamedNode(g) for g in query.default_graphs]
            dataset_options["named_graphs"] = [ox.NamedNode(g) for g in query.named_graphs]
        elif not query.declares_dataset:
            dataset_options["use_default_graph_as_union"] = self.union_default_graph
        try:
            result = self.store.query(query.text, base_iri=self.scheme.base, **dataset_options)  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise QuerySyntaxError(f"the query does not parse: {exc}") from exc
        kind: formats.Kind = "graph" if isinstance(result, ox.QueryTriples) else "results"
        name = query.graph_format if kind == "graph" else query.results_format
        fmt = formats.by_name(name, kind) if name else None
        if fmt is None:
            raise negotiation.not_acceptable(kind, query.accept, query.format_param)
        sink = _CappedBuffer(query.max_bytes)
        try:
            result.serialize(sink, format=fmt.oxigraph)  # type: ignore[arg-type]
        except OSError as exc:
            raise QueryFailed(f"the query failed while it was evaluated: {exc}") from exc
        return Answer(bytes(sink.data), fmt.name, kind)


def _quad_key(quad: ox.Quad | ox.Triple) -> tuple[str, str]:
    """Order by graph (TriG writes each graph once), then by the quad's N-Quads form: two
    strings made in Rust, where one per term took 2.5 times as long to sort 1M quads."""
    graph = str(quad.graph_name) if isinstance(quad, ox.Quad) else ""
    return (graph, str(quad))


def _load(store: ox.Store, paths: Iterable[Path], scheme: IriScheme) -> None:
    for path in paths:
        fmt = formats.rdf_format_of(path.name)
        try:
            store.bulk_load(path=path, format=fmt, base_iri=scheme.base)
        except SyntaxError as exc:
            raise InvalidData(f"{path}: {exc}") from exc


def _cache_key(paths: Sequence[Path], scheme: IriScheme) -> str:
    """Name a cached store by everything that decides its content: bytes, names, base, engine."""
    digest = hashlib.sha256(f"{ox.__version__}\n{scheme.base}\n".encode())
    for path in paths:
        digest.update(f"{path.name}\n".encode())
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()[:32]


def _build(target: Path, paths: Sequence[Path], scheme: IriScheme) -> None:
    """Build the on-disk store beside ``target`` and move it in place only when complete."""
    building = target.with_name(f"{target.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.parent.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(building))
    try:
        _load(store, paths, scheme)
        store.flush()
        store.optimize()
    except InvalidData:
        del store
        shutil.rmtree(building, ignore_errors=True)
        raise
    del store  # closes the RocksDB handle before the directory moves
    (building / _COMPLETE).touch()
    try:
        building.rename(target)
    except OSError:  # another process finished the same build first
        shutil.rmtree(building, ignore_errors=True)

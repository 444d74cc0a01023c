"""Blueprint: the whole dataset as files under ``/dumps/``, with checksums, caching and gzip.

The files come from ``DUMPS_DIR`` when the operator sets it (the output of ``yanvar build``).
Otherwise :func:`yanvar.build.build_dumps` writes them once, from the loaded store, into a
cache directory, so a dump always holds what the endpoint serves (curated or operator data).
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from flask import Blueprint, Response, current_app, request, send_file

from yanvar import build, representations, store
from yanvar.entities import graph_store, reader, render
from yanvar.errors import NotFound, PublisherError
from yanvar.store import GraphStore

bp = Blueprint("dumps", __name__)


class DumpsNotReady(PublisherError):
    """Raised when the dumps are still being written (503, with Retry-After)."""

    status = 503
    title = "Dumps not ready"
    headers: ClassVar[dict[str, str]] = {"Retry-After": "30"}


_BUILDING = threading.Lock()
#: Every file a dumps directory holds when complete: a request for another name is a 404 at
#: once, not a wait.
_NAMES = frozenset(
    name
    for written in (*(d.file for d in build.DUMPS), build.CONTEXT, build.DESCRIPTION)
    for name in (written, f"{written}.gz")
) | {build.CHECKSUMS}
#: The thread writing each dumps directory in this process.
_WRITERS: dict[Path, threading.Thread] = {}

#: Media types of the dump files, by suffix (the ``.gz`` twin is application/gzip).
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".gz": "application/gzip",
    ".txt": "text/plain",
    ".sha256": "text/plain",
}


@dataclass(frozen=True)
class Download:
    """One dump file: its name, size and SHA-256."""

    name: str
    size: int
    sha256: str
    media_type: str

    @property
    def href(self) -> str:
        """Return the file's URL."""
        return f"/dumps/{self.name}"


@lru_cache(maxsize=256)
def _sha256(path: Path, size: int, mtime: float) -> str:  # size, mtime: the cache key
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    """Return the SHA-256 of a file (computed once per version of the file)."""
    stat = path.stat()
    return _sha256(path, stat.st_size, stat.st_mtime)


def _cache_path() -> Path:
    """Return where the dumps of the loaded data are (or will be) written."""
    configured = current_app.config.get("DUMPS_DIR")
    if configured:
        return Path(configured)
    graph = graph_store()
    data = current_app.config.get("DATA_FILES")
    stamp = representations.last_modified(current_app).isoformat()
    for writer in (build.__file__, store.__file__):  # a changed builder or serialiser rebuilds
        stamp += f"\n{Path(writer).stat().st_mtime}"
    name = hashlib.sha256(f"{graph.scheme.base}\n{data}\n{stamp}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / "yanvar-dumps" / name


def _ready(out: Path) -> bool:
    return bool(current_app.config.get("DUMPS_DIR")) or (out / ".complete").exists()


def directory(*, create: bool = True) -> Path | None:
    """Return the directory the dumps are served from, once every dump is written.

    The dumps are written by a background thread (one per process): a request waits for it at
    most ``DUMPS_WAIT`` seconds, so a small graph answers at once and a large one (minutes at
    1M triples) never holds a request. With ``create=False`` nothing is started or awaited.

    :raises DumpsNotReady: when ``create`` and the dumps are still being written.
    """
    out = _cache_path()
    if _ready(out):
        return out
    if not create:
        return None
    _await(out, lambda: _ready(out))
    return out


def dump_file(name: str) -> Path:
    """Return the dump file called ``name`` as soon as it is written, before the others.

    :raises NotFound: when no dump has that name.
    :raises DumpsNotReady: when it is still to be written after ``DUMPS_WAIT`` seconds.
    """
    if name not in _NAMES:
        raise NotFound(f"no dump is called {name!r}; see /dumps/")
    out = _cache_path()
    path = out / name
    if not path.is_file() and not _ready(out):
        _await(out, lambda: path.is_file() or _ready(out))
    if not path.is_file():
        raise NotFound(f"no dump is called {name!r}; see /dumps/")
    return path


def _await(out: Path, done: Callable[[], bool]) -> None:
    """Start writing the dumps into ``out`` if no thread is, and wait until ``done()``.

    :raises DumpsNotReady: when ``done()`` is still false after ``DUMPS_WAIT`` seconds.
    """
    with _BUILDING:
        writer = _WRITERS.get(out)
        if writer is None or not writer.is_alive():
            writer = threading.Thread(
                target=_write, args=(out, graph_store()), name="yanvar-dumps", daemon=True
            )
            _WRITERS[out] = writer
            writer.start()
    deadline = time.monotonic() + current_app.config["DUMPS_WAIT"]
    while not done() and writer.is_alive() and time.monotonic() < deadline:
        writer.join(timeout=0.05)
    if not done():
        raise DumpsNotReady(
            "the dumps of this dataset are being written; try again in a minute "
            "(the SPARQL endpoint and the pages answer meanwhile)"
        )


def _write(out: Path, graph: GraphStore) -> None:
    """Write the dumps into ``out``, each file whole as soon as it is done (see
    :func:`yanvar.build.build_dumps`), then mark the set complete."""
    if (out / ".complete").exists():
        return
    build.build_dumps(out, graph.scheme, graph)
    (out / ".complete").touch()


def listing(*, create: bool = True) -> list[Download]:
    """Return every dump file, by name (none if ``create`` is False and none are written)."""
    root = directory(create=create)
    if root is None:
        return []
    return [
        Download(
            p.name,
            p.stat().st_size,
            sha256_of(p),
            MEDIA_TYPES.get(p.suffix, "application/octet-stream"),
        )
        for p in sorted(root.iterdir())
        if p.is_file() and not p.name.startswith(".")
    ]


@bp.get("/dumps/")
def index() -> Response:
    """Answer the list of dumps with their sizes and checksums (HTML, or sha256sum text)."""
    files = listing()
    if request.accept_mimetypes.best_match(["text/html", "text/plain"]) == "text/plain":
        body = "".join(f"{f.sha256}  {f.name}\n" for f in files)
        response = Response(body, content_type="text/plain; charset=utf-8")
    else:
        body = render("dumps.html", reader(), files=files)
        response = Response(body, content_type=representations.HTML.content_type)
    response.headers["Vary"] = "Accept"
    response.last_modified = representations.last_modified(current_app)
    response.add_etag()
    response.make_conditional(request)
    return response


@bp.get("/dumps/<name>")
def file(name: str) -> Response:
    """Answer one dump file; its gzip twin with Content-Encoding when the client takes gzip."""
    path = dump_file(name)
    media = MEDIA_TYPES.get(path.suffix, "application/octet-stream")
    packed = path.with_name(f"{name}.gz")
    if packed.is_file() and request.accept_encodings["gzip"] > 0:
        response = send_file(packed, mimetype=media, etag=sha256_of(packed), conditional=True)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = send_file(path, mimetype=media, etag=sha256_of(path), conditional=True)
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response

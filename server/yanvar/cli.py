"""The ``yanvar`` command: Flask's own commands plus validate, build, anchor and serve."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click
from flask import Config
from flask.cli import FlaskGroup

from yanvar import allocator, create_app, dataset, quotes, serving, validation
from yanvar.build import build_dumps
from yanvar.config import DEFAULTS
from yanvar.iris import IriScheme
from yanvar.store import GraphStore


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=True)
def main() -> None:
    """Publish the statement of 20 January 2025 as a knowledge graph."""


def _cache_home() -> Path:
    """Return where --data stores are cached: $XDG_CACHE_HOME/yanvar/stores."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "yanvar" / "stores"


@main.command("serve", with_appcontext=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to listen on.")
@click.option("--base-iri", help="Base of minted IRIs; relative IRIs in --data resolve to it.")
@click.option(
    "--data",
    "data_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="RDF file to serve instead of the statement graph (repeatable): "
    ".ttl .nt .nq .trig .jsonld.",
)
@click.option(
    "--union-default-graph/--no-union-default-graph",
    default=None,
    help="Query default graph: the union of all named graphs (default) or the store's own.",
)
@click.option("--timeout", type=float, help="Seconds a SPARQL query may run (default 30).")
@click.option("--workers", default=1, show_default=True, help="Server processes (Granian).")
@click.option("--threads", default=4, show_default=True, help="Threads per server process.")
@click.option(
    "--queries-in",
    type=click.Choice(["threads", "processes"]),
    default="threads",
    show_default=True,
    help="Run queries in threads of the server (fastest; a runaway query makes the server "
    "reload gracefully) or each in a killable process.",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where --data is cached as an on-disk store (default $XDG_CACHE_HOME/yanvar/stores).",
)
@click.option(
    "--in-memory",
    is_flag=True,
    help="Load --data into memory at every start instead of an on-disk store "
    "(faster queries, slower starts, more memory).",
)
def serve(
    host: str,
    port: int,
    base_iri: str | None,
    data_files: tuple[Path, ...],
    union_default_graph: bool | None,
    timeout: float | None,
    workers: int,
    threads: int,
    queries_in: str,
    cache_dir: Path | None,
    in_memory: bool,
) -> None:
    """Serve the graph (SPARQL endpoint, pages, dumps) under Granian."""
    allocator.restart_with_faster_allocator()
    settings = Config(str(Path.cwd()))
    settings.from_mapping(DEFAULTS)
    settings.from_prefixed_env("YANVAR")
    overrides = {
        "BASE_IRI": base_iri,
        "UNION_DEFAULT_GRAPH": union_default_graph,
        "SPARQL_TIMEOUT": timeout,
        "DATA_FILES": [str(p) for p in data_files] or None,
        "STORE_CACHE_DIR": str(cache_dir or _cache_home()) if data_files else None,
        "SPARQL_QUERIES_IN": queries_in,
        "SPARQL_SUPERVISOR_PID": os.getpid(),  # this process becomes Granian's main process
    }
    settings.update({k: v for k, v in overrides.items() if v is not None})
    if in_memory:
        settings["STORE_CACHE_DIR"] = None
    started = time.monotonic()
    app = create_app(dict(settings))
    store = app.extensions["yanvar.store"]
    click.echo(
        f"yanvar: {len(store)} quads ready in {time.monotonic() - started:.1f} s; "
        f"SPARQL at http://{host}:{port}/sparql (base IRI {store.scheme.base}); "
        f"memory allocator: {allocator.describe()}"
    )
    serving.run(app, host, port, workers=workers, threads=threads)


@main.command("validate", with_appcontext=False)
@click.argument(
    "graph_dir",
    required=False,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option("--base-iri", default=DEFAULTS["BASE_IRI"], show_default=True, help="Base IRI.")
@click.option("--warnings/--no-warnings", default=True, help="Also list warnings and infos.")
def validate(graph_dir: Path | None, base_iri: str, warnings: bool) -> None:
    """Validate the curated graph (default: the shipped graph/) against the SHACL shapes.

    Prints one line per finding (severity, focus node, shape, message) and exits 1 on any
    violation.
    """
    started = time.monotonic()
    graph_store = GraphStore.from_curated(IriScheme(base_iri), graph_dir)
    report = validation.validate(graph_store)
    for finding in report.findings:
        if warnings or finding.severity == "Violation":
            click.echo(finding.line())
    verdict = "conforms" if report.conforms else f"{len(report.violations)} violation(s)"
    click.echo(
        f"{len(graph_store)} quads validated in {time.monotonic() - started:.1f} s: {verdict}"
    )
    if not report.conforms:
        raise SystemExit(1)


@main.command("build", with_appcontext=False)
@click.option(
    "--out",
    "out_dir",
    default="out/dumps",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the dumps into.",
)
@click.option("--base-iri", default=DEFAULTS["BASE_IRI"], show_default=True, help="Base IRI.")
def build(out_dir: Path, base_iri: str) -> None:
    """Build the dumps (Turtle, N-Triples, TriG, N-Quads, JSON-LD, gzip, SHA256SUMS, VoID/DCAT).

    Refuses to build from a graph that does not validate.
    """
    started = time.monotonic()
    scheme = IriScheme(base_iri)
    graph_store = GraphStore.from_curated(scheme)
    report = validation.validate(graph_store)
    if not report.conforms:
        for finding in report.violations:
            click.echo(finding.line(), err=True)
        raise click.ClickException("the graph does not validate; nothing was built")
    written = build_dumps(out_dir, scheme, graph_store)
    click.echo(
        f"{len(written)} files, {len(graph_store)} quads written to {out_dir} "
        f"in {time.monotonic() - started:.1f} s"
    )


@main.command("anchor", with_appcontext=False)
@click.argument("exact")
@click.option(
    "--source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Source text (default: the one shipped source in graph/sources/).",
)
@click.option("--occurrence", default=1, show_default=True, help="Which occurrence (1-based).")
@click.option("--slug", default="SLUG", help="The claim's slug, used in the selector IRIs.")
def anchor_command(exact: str, source: Path | None, occurrence: int, slug: str) -> None:
    """Print the Web Annotation selectors (Turtle) that anchor EXACT in a source text."""
    texts = [source] if source else list(dataset.source_texts())
    if len(texts) != 1:
        raise click.UsageError("several source texts are shipped: choose one with --source")
    try:
        found = quotes.anchor(dataset.read_text(texts[0]), exact, occurrence)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(quotes.to_turtle(found, slug, texts[0].name))

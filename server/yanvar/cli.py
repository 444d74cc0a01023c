"""The ``yanvar`` command: Flask's own commands plus validate, build, anchor and serve."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click
from flask import Config
from flask.cli import FlaskGroup
from werkzeug.serving import run_simple

from yanvar import create_app
from yanvar.config import DEFAULTS


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
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where --data is cached as an on-disk store (default $XDG_CACHE_HOME/yanvar/stores).",
)
def serve(
    host: str,
    port: int,
    base_iri: str | None,
    data_files: tuple[Path, ...],
    union_default_graph: bool | None,
    timeout: float | None,
    cache_dir: Path | None,
) -> None:
    """Serve the graph (SPARQL endpoint and pages) with the development server.

    For production run the same app under gunicorn (see the README).
    """
    settings = Config(str(Path.cwd()))
    settings.from_mapping(DEFAULTS)
    settings.from_prefixed_env("YANVAR")
    overrides = {
        "BASE_IRI": base_iri,
        "UNION_DEFAULT_GRAPH": union_default_graph,
        "SPARQL_TIMEOUT": timeout,
        "DATA_FILES": [str(p) for p in data_files] or None,
        "STORE_CACHE_DIR": str(cache_dir or _cache_home()) if data_files else None,
    }
    settings.update({k: v for k, v in overrides.items() if v is not None})
    started = time.monotonic()
    app = create_app(dict(settings))
    store = app.extensions["yanvar.store"]
    click.echo(
        f"yanvar: {len(store)} quads ready in {time.monotonic() - started:.1f} s; "
        f"SPARQL at http://{host}:{port}/sparql (base IRI {store.scheme.base})"
    )
    run_simple(host, port, app, threaded=True)

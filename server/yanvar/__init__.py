"""yanvar: a source document published as a knowledge graph of quoted, attributed claims."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from yanvar import (
    dumps,
    entities,
    errors,
    fast_path,
    headers,
    landing,
    reconciliation,
    sparql,
    validation,
    vocabulary,
    void,
)
from yanvar.config import DEFAULTS
from yanvar.errors import InvalidData
from yanvar.iris import IriScheme
from yanvar.store import GraphStore

__version__ = "0.1.0"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the Flask app: configuration, the loaded store, the blueprints, the error handler."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_prefixed_env("YANVAR")
    else:
        app.config.from_mapping(test_config)
    scheme = IriScheme(app.config["BASE_IRI"])
    store = _load_store(app, scheme)
    app.extensions["yanvar.store"] = store
    errors.register(app)
    headers.init_app(app)
    sparql.init_app(app, store)
    app.register_blueprint(entities.bp)
    app.register_blueprint(landing.bp)
    app.register_blueprint(dumps.bp)
    app.register_blueprint(reconciliation.bp)
    app.register_blueprint(vocabulary.bp)
    app.register_blueprint(void.bp)
    fast_path.install(app)
    return app


def _load_store(app: Flask, scheme: IriScheme) -> GraphStore:
    """Load the operator's DATA_FILES if given, else the curated statement graph, validated.

    :raises InvalidData: when the curated graph breaks a SHACL shape (nothing invalid is served).
    """
    union = app.config["UNION_DEFAULT_GRAPH"]
    if app.config["DATA_FILES"]:
        cache = app.config["STORE_CACHE_DIR"]
        return GraphStore.from_files(
            [Path(p) for p in app.config["DATA_FILES"]],
            scheme,
            cache_dir=Path(cache) if cache else None,
            union_default_graph=union,
        )
    store = GraphStore.from_curated(scheme, union_default_graph=union)
    if app.config["VALIDATE_CURATED"]:
        report = validation.validate(store)
        if not report.conforms:
            lines = "\n".join(finding.line() for finding in report.violations)
            raise InvalidData(f"the curated graph does not validate; not serving it:\n{lines}")
    return store

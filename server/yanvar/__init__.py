"""yanvar: a source document published as a knowledge graph of quoted, attributed claims."""

from __future__ import annotations

from typing import Any

from flask import Flask

from yanvar import errors
from yanvar.config import DEFAULTS
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
    app.extensions["yanvar.store"] = GraphStore.from_curated(
        scheme, union_default_graph=app.config["UNION_DEFAULT_GRAPH"]
    )
    errors.register(app)
    return app

"""The ``yanvar`` command: Flask's own commands plus validate, build, anchor and serve."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from yanvar import create_app


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=True)
def main() -> None:
    """Publish the statement of 20 January 2025 as a knowledge graph."""

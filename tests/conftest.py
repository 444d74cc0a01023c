"""Shared fixtures: the app, its test client and CLI runner (Flask's tutorial pattern)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from yanvar import create_app

BASE = "https://w3id.org/yanvar/"


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    """One app for the session: loading the graph is the slow part and it is read-only."""
    yield create_app({"TESTING": True, "BASE_IRI": BASE})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()

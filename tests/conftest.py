"""Shared fixtures: the app, its test client and CLI runner (Flask's tutorial pattern)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sparql_support import fixture_app

from yanvar import create_app, paths

BASE = "https://w3id.org/yanvar/"
PAGES_DATA = Path(__file__).parent / "data" / "pages"


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


@pytest.fixture(scope="session")
def pages_app() -> Iterator[Flask]:
    """An app serving the small page fixture (tests/data/pages/) instead of the curated graph."""
    yield create_app(
        {
            "TESTING": True,
            "BASE_IRI": BASE,
            "DATA_FILES": [PAGES_DATA / "fixture.trig", paths.ontology_file()],
            "SOURCE_TEXT_DIRS": [paths.graph_dir() / "sources", PAGES_DATA / "sources"],
        }
    )


@pytest.fixture
def pages_client(pages_app: Flask) -> FlaskClient:
    return pages_app.test_client()


@pytest.fixture(scope="module")
def sparql_app() -> Iterator[Flask]:
    """An app on the SPARQL protocol fixture (a module may override it with other limits)."""
    with fixture_app() as app:
        yield app


@pytest.fixture
def sparql(sparql_app: Flask) -> FlaskClient:
    return sparql_app.test_client()

"""The README's SPARQL section stays true: each curl works, each setting and option is told."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from yanvar.cli import serve
from yanvar.config import DEFAULTS

README = Path(__file__).resolve().parents[1] / "README.md"
SECTION = README.read_text(encoding="utf-8").split("<!-- section:sparql -->")[1]
SECTION = SECTION.split("<!-- /section:sparql -->")[0]


def curl_examples() -> list[list[str]]:
    """Return the argument lists of the curl examples, shell variables filled in."""
    block = re.findall(r"```sh\n(.*?)```", SECTION, flags=re.S)[1]
    variables: dict[str, str] = {}
    commands = []
    for line in block.splitlines():
        assignment = re.fullmatch(r"([A-Z])='(.*)'", line)
        if assignment:
            variables[assignment[1]] = assignment[2]
        elif line.startswith("curl "):
            for name, value in variables.items():
                line = line.replace(f"${name}", value)
            commands.append(shlex.split(line, comments=True))
    return commands


def test_every_result_format_has_a_curl() -> None:
    accepts = {a.split(": ", 1)[1] for c in curl_examples() for a in c if a.startswith("Accept")}
    assert accepts >= {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
        "application/n-quads",
        "application/trig",
    }


@pytest.mark.parametrize("command", curl_examples(), ids=lambda c: " ".join(c[-2:])[:60])
def test_curl_example_works(client: FlaskClient, command: list[str]) -> None:
    """Replay one curl of the README against the statement graph."""
    args = command[1:]
    headers: dict[str, str] = {}
    params: dict[str, str] = {}
    body = None
    while args:
        flag = args.pop(0)
        if flag in ("-s", "-G") or flag.startswith("http"):
            continue
        value = args.pop(0)
        if flag == "-H":
            name, _, header = value.partition(": ")
            headers[name] = header
        elif flag in ("--data-urlencode", "-d"):
            name, _, param = value.partition("=")
            params[name] = param
        elif flag == "--data-binary":
            body = value
    if body is None:
        response = client.get("/sparql", query_string=params, headers=headers)
    else:
        response = client.post("/sparql", data=body.encode(), headers=headers)
    assert response.status_code == 200, response.text
    if "Accept" in headers:
        assert response.mimetype == headers["Accept"]


@pytest.mark.parametrize(
    "setting",
    [name for name in DEFAULTS if name.startswith("SPARQL_")] + ["UNION_DEFAULT_GRAPH"],
)
def test_every_sparql_setting_is_documented(setting: str) -> None:
    assert f"`{setting}`" in SECTION


@pytest.mark.parametrize("option", [o for p in serve.params for o in p.opts if o != "--help"])
def test_every_serve_option_is_documented(option: str) -> None:
    assert option in SECTION

"""Smoke test of the benchmark's data generator: deterministic, and its quotes are where it says."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

QUOTES = """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?source ?exact ?prefix ?suffix ?start ?end WHERE {
  ?claim oa:hasTarget ?target .
  ?target oa:hasSource ?source ; oa:hasSelector ?quote , ?position .
  ?quote oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
  ?position oa:start ?start ; oa:end ?end .
}
"""


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    """Import bench/generate.py (bench/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every file under ``root`` by relative path."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_same_seed_same_bytes(generate: ModuleType, tmp_path: Path) -> None:
    generate.generate(3000, tmp_path / "a", seed=7)
    generate.generate(3000, tmp_path / "b", seed=7)
    generate.generate(3000, tmp_path / "c", seed=8)
    a, b, c = (snapshot(tmp_path / name) for name in "abc")
    assert a == b
    assert a["dataset.trig"] != c["dataset.trig"]


def test_quotes_are_at_their_offsets(generate: ModuleType, tmp_path: Path) -> None:
    figures = generate.generate(3000, tmp_path, seed=11)
    store = ox.Store()
    store.bulk_load(path=tmp_path / "dataset.trig", format=ox.RdfFormat.TRIG)
    assert len(store) == figures["triples"]
    rows = list(store.query(QUOTES, use_default_graph_as_union=True))
    assert len(rows) >= 30
    for row in rows:
        name = row["source"].value.rsplit("/", 1)[1]
        with (tmp_path / "sources" / name).open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        start, end = int(row["start"].value), int(row["end"].value)
        assert text[start:end] == row["exact"].value
        assert text[max(0, start - 32) : start] == row["prefix"].value
        assert text[end : end + 32] == row["suffix"].value

"""The allocator `yanvar serve` restarts on: jemalloc, else tuned glibc, or the operator's."""

from __future__ import annotations

import ctypes.util
import re
import sys
from pathlib import Path

import pytest
from sparql_support import FIXTURE, free_port
from test_serve import BIN, running

from yanvar.allocator import GLIBC_TUNING, MARKER, choose


def no_library(name: str) -> None:
    return None


def test_jemalloc_is_preloaded_when_installed() -> None:
    found = {"jemalloc": "libjemalloc.so.2"}.get
    chosen = choose({}, find_library=found, libc="glibc", system="linux")
    assert chosen == {"LD_PRELOAD": "libjemalloc.so.2", MARKER: "jemalloc (libjemalloc.so.2)"}


def test_glibc_gets_a_larger_thread_cache_without_jemalloc() -> None:
    chosen = choose({}, find_library=no_library, libc="glibc", system="linux")
    assert chosen["GLIBC_TUNABLES"] == GLIBC_TUNING
    assert "LD_PRELOAD" not in chosen


def test_other_c_libraries_and_systems_are_left_alone() -> None:
    assert choose({}, find_library=no_library, libc="", system="linux") == {}
    found = {"jemalloc": "libjemalloc.2.dylib"}.get
    assert choose({}, find_library=found, libc="", system="darwin") == {}


@pytest.mark.parametrize("name", ["LD_PRELOAD", "GLIBC_TUNABLES", MARKER])
def test_the_operators_choice_and_a_restarted_process_are_left_alone(name: str) -> None:
    found = {"jemalloc": "libjemalloc.so.2"}.get
    assert choose({name: "x"}, find_library=found, libc="glibc", system="linux") == {}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_serve_workers_run_on_the_chosen_allocator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LD_PRELOAD", "GLIBC_TUNABLES", MARKER):
        monkeypatch.delenv(name, raising=False)
    port = free_port()
    command = [str(BIN / "yanvar"), "serve", "--port", str(port), "--data", str(FIXTURE)]
    command += ["--in-memory"]
    log = tmp_path / "serve.log"

    def worker() -> tuple[str, list[bytes]]:
        pid = int(re.findall(r"Spawning worker-1 with PID: (\d+)", log.read_text())[-1])
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        return Path(f"/proc/{pid}/maps").read_text(), environ

    with running(command, port, log):
        maps, environ = worker()
        if ctypes.util.find_library("jemalloc"):
            assert "libjemalloc" in maps
            assert "memory allocator: jemalloc" in log.read_text()
        else:
            assert f"GLIBC_TUNABLES={GLIBC_TUNING}".encode() in environ
            assert "memory allocator: glibc" in log.read_text()
    own = "glibc.malloc.tcache_count=7"
    with running(command, port, log, env={"GLIBC_TUNABLES": own}):
        maps, environ = worker()
        assert "libjemalloc" not in maps
        assert f"GLIBC_TUNABLES={own}".encode() in environ
        assert f"as the operator set it (GLIBC_TUNABLES={own})" in log.read_text()

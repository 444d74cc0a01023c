"""The memory allocator ``yanvar serve`` runs on: jemalloc when installed, else glibc's, tuned.

The engine (pyoxigraph, in Rust) allocates and frees many small blocks in every query. With
glibc's malloc as it comes, that churn can double a lookup's time in the engine (in-process,
on a store loaded by the same thread); in the server, jemalloc (Debian package
``libjemalloc2``) serves the lookup mix 14-17 % faster, and glibc with a larger per-thread
cache (``glibc.malloc.tcache_count``) 5-8 % (``bench/README.md``). The Oxigraph server, also
on glibc, spends a quarter of its time there.

A process picks its allocator when it starts, so ``yanvar serve`` starts itself once more with
the environment that selects one (:func:`restart_with_faster_allocator`). An operator who set
``LD_PRELOAD`` or ``GLIBC_TUNABLES`` keeps their choice.
"""

from __future__ import annotations

import ctypes.util
import os
import platform
import sys
from collections.abc import Callable, Mapping

#: Names the chosen allocator in the restarted process, and keeps it from restarting again.
MARKER = "YANVAR_ALLOCATOR"
#: Variables through which an operator chose an allocator already.
OPERATORS_OWN = ("LD_PRELOAD", "GLIBC_TUNABLES")
#: glibc's per-thread cache holds 7 blocks of each size by default; the engine frees more.
GLIBC_TUNING = "glibc.malloc.tcache_count=1000"


def choose(
    environ: Mapping[str, str],
    find_library: Callable[[str], str | None] = ctypes.util.find_library,
    libc: str | None = None,
    system: str = sys.platform,
) -> dict[str, str]:
    """Return the variables that give a new process the faster allocator ({} for no change).

    Linux only: ``LD_PRELOAD`` and glibc's tunables mean nothing elsewhere.
    """
    if system != "linux" or any(name in environ for name in (MARKER, *OPERATORS_OWN)):
        return {}
    jemalloc = find_library("jemalloc")
    if jemalloc:
        return {"LD_PRELOAD": jemalloc, MARKER: f"jemalloc ({jemalloc})"}
    if (libc if libc is not None else platform.libc_ver()[0]) == "glibc":
        return {"GLIBC_TUNABLES": GLIBC_TUNING, MARKER: f"glibc, {GLIBC_TUNING}"}
    return {}


def restart_with_faster_allocator() -> None:
    """Replace this process by itself with the faster allocator, when there is one to choose.

    Call it before anything is loaded: the process keeps its PID, arguments and environment.
    """
    chosen = choose(os.environ)
    if chosen:
        os.execve(sys.executable, sys.orig_argv, {**os.environ, **chosen})


def describe() -> str:
    """Say which allocator this process runs on, for the start-up line."""
    if MARKER in os.environ:
        return os.environ[MARKER]
    for name in OPERATORS_OWN:
        if name in os.environ:
            return f"as the operator set it ({name}={os.environ[name]})"
    return "the C library's, untuned"

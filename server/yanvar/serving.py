"""Run an app under Granian from ``yanvar serve``: production-grade in one command.

Granian parses HTTP in Rust, so a request reaches Python already parsed: 22 µs per request
on one core against gunicorn's 114 µs (bare WSGI apps, ``bench/README.md``), next to a
lookup's 60-80 µs in the engine. The app is created before Granian forks its workers (as gunicorn's
``--preload``), so the store is loaded once. Granian is also the supervisor that
:mod:`yanvar.query_threads` needs: on ``SIGHUP`` it replaces its workers gracefully.
"""

from __future__ import annotations

from flask import Flask
from granian import Granian
from granian.constants import HTTPModes, Interfaces, RuntimeModes


def run(app: Flask, host: str, port: int, *, workers: int, threads: int) -> None:
    """Serve ``app`` on ``host:port`` until interrupted (SIGINT or SIGTERM)."""
    server = Granian(
        "yanvar:create_app",  # the name Granian logs; the app itself comes from the loader
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        http=HTTPModes.http1,
        # One Rust thread per worker process: the Python side is one core's work anyway.
        runtime_mode=RuntimeModes.st,
        workers=workers,
        blocking_threads=threads,
        websockets=False,
        respawn_failed_workers=True,
        # A reload (after a runaway query) starts the new worker, waits this long, then
        # stops the old one, which may finish its accepted requests for up to the time limit.
        respawn_interval=0.5,
        workers_kill_timeout=int(app.config["SPARQL_TIMEOUT"]) + 5,
    )
    server.serve(target_loader=lambda: app, wrap_loader=False)

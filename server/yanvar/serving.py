"""Run an app under gunicorn from ``yanvar serve``: production-grade in one command.

The settings are those of :mod:`yanvar.gunicorn_conf` (the documented production
command uses the same), plus the address and the numbers of workers and threads. The app
is created before gunicorn forks, as with ``--preload``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

from yanvar import gunicorn_conf

_SETTINGS = ("worker_class", "threads", "timeout", "control_socket_disable", "worker_exit")


class _Server(BaseApplication):  # type: ignore[misc]
    """A gunicorn application serving one already-created Flask app."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            if name in self.cfg.settings:  # control_socket_disable is new in gunicorn 25
                self.cfg.set(name, value)

    def load(self) -> Flask:
        return self.application


def run(app: Flask, host: str, port: int, *, workers: int, threads: int) -> None:
    """Serve ``app`` on ``host:port`` until interrupted."""
    options = {name: getattr(gunicorn_conf, name) for name in _SETTINGS}
    options["bind"] = [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]
    options["workers"] = workers
    options["threads"] = threads
    options["timeout"] = max(gunicorn_conf.timeout, int(app.config["SPARQL_TIMEOUT"]) + 30)
    _Server(app, options).run()

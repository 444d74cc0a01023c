"""One Chromium (Debian's, through Playwright) and one live server for the browser tests."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
#: Flags for a machine without network: no first-run, sync, update or QUIC traffic.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_url(pages_app: Flask) -> Iterator[str]:
    """Serve the page fixture on a free local port for the session."""
    server = make_server("127.0.0.1", 0, pages_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="module")
def browser_context(live_url: str) -> Iterator[BrowserContext]:
    """Launch Chromium once for the browser tests, with a fresh profile.

    Every app forks query workers when it is created. One forked while the Playwright driver
    runs inherits the driver's pipe and keeps it open, and stopping the driver then waits
    for ever. So the live app is created first (``live_url``), and the browser lives only
    while the browser tests (one module) run, before any other test creates an app.
    """
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (tests/run installs it)")
    profile = tempfile.mkdtemp(prefix="yanvar-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport={"width": 1100, "height": 900},
        )
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser_context: BrowserContext) -> Iterator[Page]:
    """A new tab that fails the test on any script error."""
    tab = browser_context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.close()
    assert errors == []

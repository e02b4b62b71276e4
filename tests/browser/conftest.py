"""Browser fixtures: the built site served on 127.0.0.1, and Debian's headless Chromium
driven by Playwright (never a browser downloaded by a test tool)."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from .checks import RequestLog

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

#: The pages every check visits, by name → path under the site root.
PAGES = {
    "home": "",
    "brief": "briefs/2022-10-11-lavrov-says-russia-open-to-talks/",
    "actor": "actors/sergei-lavrov/",
    "ledger": "questions/",
    "story": "stories/russia-west-talks/",
}

DESKTOP = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1}
MOBILE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The shipped content's built site, served over HTTP on 127.0.0.1."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: sudo apt-get install chromium (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI always runs the browser tests
        pytest.skip(message)  # a developer without Chromium still gets every other test
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


OpenPage = Callable[..., AbstractContextManager[tuple[Page, RequestLog]]]


@pytest.fixture
def open_page(browser: Browser) -> OpenPage:
    """``with open_page(**context_options) as (page, log)``: a fresh browser context (own
    storage, so Material's palette follows ``color_scheme``) whose every request is logged."""

    @contextmanager
    def opener(**options: Any) -> Iterator[tuple[Page, RequestLog]]:
        context = browser.new_context(**{**DESKTOP, **options})
        try:
            log = RequestLog.attach(context)
            yield context.new_page(), log
        finally:
            context.close()

    return opener

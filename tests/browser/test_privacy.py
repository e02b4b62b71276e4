"""Privacy and speed: no request leaves 127.0.0.1, and a brief page stays within budget."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from .checks import (
    TRANSFER_BUDGET,
    RequestLog,
    compressed_sizes,
    is_search,
    transfer_size,
)
from .conftest import DESKTOP, PAGES, OpenPage


def test_no_request_leaves_127_0_0_1(open_page: OpenPage, base_url: str):
    with open_page() as (page, log):
        for path in PAGES.values():
            page.goto(base_url + path, wait_until="networkidle")
        page.keyboard.press("/")  # search, too: Pagefind (script, WebAssembly, index) loads now
        page.keyboard.type("Lavrov")
        page.locator(".md-search-result__item").first.wait_for()
        visited = {base_url + path for path in PAGES.values()}
        assert visited <= set(log.requests)
        assert any(is_search(url) and url.endswith(".pf_fragment") for url in log.requests)
        assert log.outside() == []
        assert log.failed() == []


@pytest.fixture(scope="module")
def brief_load(browser: Browser, base_url: str) -> Iterator[RequestLog]:
    """Everything a first visit to a brief page fetches (fresh cache)."""
    context = browser.new_context(**DESKTOP)
    try:
        log = RequestLog.attach(context)
        context.new_page().goto(base_url + PAGES["brief"], wait_until="networkidle")
        yield log
    finally:
        context.close()


def test_brief_page_transfers_at_most_80_kb_compressed(brief_load: RequestLog):
    assert brief_load.bodies, "nothing loaded"
    total = transfer_size(brief_load.bodies)
    breakdown = "\n".join(
        f"{size:>7} {url}" for url, size in sorted(compressed_sizes(brief_load.bodies).items())
    )
    assert total <= TRANSFER_BUDGET, f"{total} bytes compressed:\n{breakdown}"


def test_every_request_of_a_brief_page_succeeds(brief_load: RequestLog):
    assert brief_load.failed() == []


def test_search_loads_nothing_until_it_is_used(brief_load: RequestLog):
    assert any(url.endswith("assets/javascripts/search.js") for url in brief_load.requests)
    assert [url for url in brief_load.requests if is_search(url)] == []


def test_a_page_view_fetches_no_sitemap(brief_load: RequestLog):
    """Material fetches ``sitemap.xml`` beside every ``<link rel="alternate">`` (language
    versions); the feeds' links say ``alternate feed``, so nothing asks for
    ``feeds/sitemap.xml``, which no longer exists."""
    assert [url for url in brief_load.requests if "sitemap" in url] == []

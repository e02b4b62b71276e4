"""Search (Pagefind through the site's own UI, overrides/assets/javascripts/search.js): a
reader finds an actor's page by the actor's name with the keyboard alone; the open search
passes axe in both palettes and fits a phone; nothing leaves the machine."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .checks import axe_violations, horizontal_overflow, is_search
from .conftest import MOBILE, PAGES, OpenPage
from .test_accessibility import SCHEMES

ACTOR = "actors/tayyip-erdogan/"
RESULTS = "#nb-search-results a"


def search(page: Page, query: str) -> None:
    """Type ``query`` into the search box and wait until its results are listed."""
    page.locator(".md-search__input").fill(query)
    expect(page.locator("#nb-search-status")).to_contain_text("result")
    page.locator(RESULTS).first.wait_for()


def test_keyboard_finds_an_actor_page_by_name(open_page: OpenPage, base_url: str):
    with open_page() as (page, log):
        page.goto(base_url + PAGES["brief"], wait_until="networkidle")
        assert not any(is_search(url) for url in log.requests), "search loaded before use"
        page.keyboard.press("/")  # the shortcut Material readers know
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        page.keyboard.type("Erdogan")
        expect(page.locator("#nb-search-status")).to_contain_text("result")
        first = page.locator(RESULTS).first
        assert first.get_attribute("href") == "/" + ACTOR, "the actor's page is not first"
        assert "Tayyip Erdogan" in first.inner_text()
        assert "Actor" in first.inner_text()
        page.keyboard.press("ArrowDown")  # into the results
        assert first.evaluate("el => el === document.activeElement")
        page.keyboard.press("Enter")
        page.wait_for_url(base_url + ACTOR)
        assert page.locator("article h1").inner_text() == "Tayyip Erdogan"
        assert any(is_search(url) for url in log.requests)
        assert log.outside() == []
        assert log.failed() == []


def test_enter_follows_the_first_result_and_escape_closes(open_page: OpenPage, base_url: str):
    with open_page() as (page, _):
        page.goto(base_url)
        search(page, "Erdogan")
        assert page.evaluate("document.getElementById('__search').checked")
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        assert not page.locator(RESULTS).first.is_visible()
        page.keyboard.type(" ")  # typing again reopens it
        assert page.evaluate("document.getElementById('__search').checked")
        page.keyboard.press("Enter")
        page.wait_for_url(base_url + ACTOR)


@pytest.mark.parametrize(
    ("query", "address"),
    [
        ("Astana", "briefs/2022-10-13-erdogan-meets-putin-in-astana/"),  # a headline
        ("Russia, the West", "stories/russia-west-talks/"),  # a story's title
        ("diplomacy", "topics/diplomacy/"),  # a topic's name
        ("serious proposal", "questions/"),  # a question, in the ledger
    ],
)
def test_every_kind_of_page_can_be_found(
    open_page: OpenPage, base_url: str, query: str, address: str
):
    with open_page() as (page, _):
        page.goto(base_url)
        search(page, query)
        hrefs = [a.get_attribute("href") for a in page.locator(RESULTS).all()]
        assert "/" + address in hrefs, hrefs


def test_result_text_is_text_not_markup(open_page: OpenPage, base_url: str):
    with open_page() as (page, _):
        page.goto(base_url)
        search(page, "Erdogan")
        tags = page.locator("#nb-search-results").evaluate(
            "el => [...new Set([...el.querySelectorAll('*')].map(e => e.tagName))].sort()"
        )
        assert set(tags) <= {"A", "DIV", "LI", "MARK", "P", "SPAN", "STRONG"}, tags


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_search_passes_axe(open_page: OpenPage, base_url: str, scheme: str):
    with open_page(color_scheme=scheme) as (page, log):
        page.goto(base_url + PAGES["brief"])
        search(page, "Lavrov")
        page.wait_for_timeout(300)  # Material fades the results in
        assert axe_violations(page) == []
        assert log.outside() == []


def test_search_on_a_phone(open_page: OpenPage, base_url: str):
    with open_page(**MOBILE) as (page, _):
        page.goto(base_url + PAGES["brief"])
        page.locator(".md-header__button[for='__search']").click()
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        search(page, "Erdogan")
        assert page.locator(RESULTS).first.is_visible()
        # Material's overlay is a circle scaled up past the screen's edges to shade it (fixed,
        # so the page does not scroll); everything else must fit.
        found = horizontal_overflow(page)
        assert [p for p in found if not p.startswith("label.md-search__overlay ")] == []
        results = page.locator(".md-search__output").bounding_box()
        assert results is not None and results["x"] >= 0 and results["width"] <= 390
        page.wait_for_timeout(300)  # Material fades the results in
        assert axe_violations(page) == []  # target size included


def test_results_come_five_at_a_time(open_page: OpenPage, base_url: str):
    with open_page() as (page, log):
        page.goto(base_url)
        search(page, "Erdogan")  # between 6 and 10 results in the shipped content
        status = page.locator("#nb-search-status")
        expect(status).to_have_text(re.compile(r"\d+ results, the best 5 shown"))
        total = int(status.inner_text().split()[0])
        assert 5 < total <= 10
        assert page.locator(RESULTS).count() == 5
        fragments = sum(url.endswith(".pf_fragment") for url in log.requests)
        assert fragments == 5  # a result's fragment loads only when it is shown
        more = page.locator("#nb-search-more")
        more.focus()
        page.keyboard.press("Enter")
        expect(status).to_have_text(f"{total} results")
        assert page.locator(RESULTS).count() == total
        assert not more.is_visible()
        assert page.locator(RESULTS).nth(5).evaluate("el => el === document.activeElement")

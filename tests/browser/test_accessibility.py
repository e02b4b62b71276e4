"""Accessibility: axe-core finds nothing on the five kinds of page, in both palettes; the
structure a screen-reader or keyboard user relies on is there."""

from __future__ import annotations

import pytest

from .checks import axe_violations, focus_problems, structure_problems
from .conftest import PAGES, OpenPage

#: Playwright's colour-scheme emulation → the Material palette it must select.
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_axe_reports_no_violations(open_page: OpenPage, base_url: str, name: str, scheme: str):
    with open_page(color_scheme=scheme) as (page, log):
        page.goto(base_url + PAGES[name])
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
        assert axe_violations(page) == []
        assert log.outside() == []


def test_landmarks_headings_skip_link_and_table_headers(open_page: OpenPage, base_url: str):
    with open_page() as (page, _):
        found = {}
        for name, path in PAGES.items():
            page.goto(base_url + path)
            found[name] = structure_problems(page)
        assert found == {name: [] for name in PAGES}


def test_skip_link_is_first_and_leads_into_the_brief(open_page: OpenPage, base_url: str):
    with open_page() as (page, _):
        page.goto(base_url + PAGES["brief"])
        page.keyboard.press("Tab")
        skip = page.locator("a.md-skip")
        assert skip.evaluate("el => el === document.activeElement")
        page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")
        assert skip.is_visible()
        page.keyboard.press("Enter")
        h1 = page.locator("article h1")
        assert page.evaluate("location.hash") == "#" + h1.get_attribute("id")
        page.keyboard.press("Tab")  # the next stop is the brief's own first link
        assert page.evaluate("document.querySelector('article').contains(document.activeElement)")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_keyboard_stop_shows_where_focus_is(open_page: OpenPage, base_url: str, scheme: str):
    with open_page(color_scheme=scheme) as (page, _):
        page.goto(base_url + PAGES["brief"])
        assert focus_problems(page, presses=14) == []

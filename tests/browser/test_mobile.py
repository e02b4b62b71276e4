"""Mobile: at 390 px nothing overflows sideways and every control is large enough to tap."""

from __future__ import annotations

import pytest

from .checks import AXE_TARGET_SIZE, axe_violations, horizontal_overflow
from .conftest import MOBILE, PAGES, OpenPage


@pytest.mark.parametrize("name", PAGES)
def test_nothing_overflows_and_targets_are_tappable_at_390px(
    open_page: OpenPage, base_url: str, name: str
):
    with open_page(**MOBILE) as (page, log):
        page.goto(base_url + PAGES[name])
        assert page.evaluate("document.documentElement.clientWidth") == 390
        assert horizontal_overflow(page) == []
        assert axe_violations(page, AXE_TARGET_SIZE) == []  # WCAG 2.2 target size, 24 px
        assert log.outside() == []


@pytest.mark.parametrize("name", ["brief", "story"])
def test_positions_matrix_becomes_cards_on_a_phone(open_page: OpenPage, base_url: str, name: str):
    with open_page(**MOBILE) as (page, _):
        page.goto(base_url + PAGES[name])
        matrix = page.locator("article table:has(th:nth-child(4))")
        assert matrix.count() == 1, "the positions matrix is not on the page"
        box = matrix.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        label = matrix.locator("td:nth-child(2)").first.evaluate(
            "el => getComputedStyle(el, '::before').content"
        )
        assert label.startswith('"Q"'), label


def test_menu_and_search_buttons_are_large_enough(open_page: OpenPage, base_url: str):
    with open_page(**MOBILE) as (page, _):
        page.goto(base_url + PAGES["brief"])
        for control in page.locator(".md-header__button:visible").all():
            box = control.bounding_box()
            assert box is not None
            assert box["width"] >= 40 and box["height"] >= 40, control.evaluate("e => e.outerHTML")

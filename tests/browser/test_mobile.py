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


def test_positions_are_one_card_per_actor_with_the_question_in_words(
    open_page: OpenPage, base_url: str
):
    """On a phone: a card per actor, stacked, each naming the question in words (no Q1–Q4
    legend to cross-reference), the stance as text and one link (the actor)."""
    with open_page(**MOBILE) as (page, _):
        page.goto(base_url + PAGES["brief"])
        assert page.locator("article table:has(th:nth-child(4))").count() == 0  # no matrix
        cards = page.locator("article .nb-cards + ul > li")
        assert cards.count() == 3
        lefts = set()
        for card in cards.all():
            box = card.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
            lefts.add(round(box["x"]))
            assert card.locator("a").count() == 1  # the actor's name: one clear link
        assert len(lefts) == 1, "cards stack in one column on a phone"
        first = cards.first.inner_text()
        assert first.startswith("Sergei Lavrov")
        assert "Is Russia's offer to talk genuine?\nOpen to talks, no serious offer yet" in first
        assert "Q1" not in page.locator("article").inner_text()


def test_menu_and_search_buttons_are_large_enough(open_page: OpenPage, base_url: str):
    with open_page(**MOBILE) as (page, _):
        page.goto(base_url + PAGES["brief"])
        for control in page.locator(".md-header__button:visible").all():
            box = control.bounding_box()
            assert box is not None
            assert box["width"] >= 40 and box["height"] >= 40, control.evaluate("e => e.outerHTML")

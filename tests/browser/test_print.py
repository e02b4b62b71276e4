"""Print: a brief prints as a clean briefing, on white, with every source's address."""

from __future__ import annotations

import pytest

from .checks import pdf_pages, print_problems
from .conftest import PAGES, OpenPage

#: Pages the first brief takes on A4. A printed header, sidebar or navigation, or a lost
#: print stylesheet, pushes it past the upper bound; losing the content, below the lower.
FIRST_BRIEF_PAGES = range(4, 6)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_brief_prints_without_chrome_and_with_source_addresses(
    open_page: OpenPage, base_url: str, scheme: str
):
    with open_page(color_scheme=scheme) as (page, _):
        page.goto(base_url + PAGES["brief"])
        assert print_problems(page) == []


def test_first_brief_prints_on_a_few_a4_pages(open_page: OpenPage, base_url: str):
    with open_page() as (page, _):
        page.goto(base_url + PAGES["brief"])
        pdf = page.pdf(prefer_css_page_size=True)
        assert pdf_pages(pdf) in FIRST_BRIEF_PAGES

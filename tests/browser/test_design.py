"""The reader's site reads like a newsroom (issue 15): the current section is marked in the
tabs, the status is a labelled badge, the text points to numbered sources that exist, the
footer offers feeds to subscribe to, and nothing is labelled like software documentation."""

from __future__ import annotations

import pytest

from .conftest import MOBILE, PAGES, OpenPage
from .test_accessibility import _CONTRAST, SCHEMES

#: A page of each kind → the navigation tab that must be the current one.
TABS = {
    PAGES["home"]: "Latest",
    PAGES["brief"]: "Latest",
    PAGES["actor"]: "Actors",
    "actors/": "Actors",
    PAGES["story"]: "Stories",
    PAGES["ledger"]: "Open questions",
    "topics/russia/": "Topics",
    "archive/2022-10/": "Archive",
}


def test_the_current_section_is_the_active_tab_on_every_page(open_page: OpenPage, base_url: str):
    with open_page() as (page, _):
        found = {}
        for path in TABS:
            page.goto(base_url + path)
            active = page.locator(".md-tabs__item--active")
            found[path] = (
                active.count(),
                active.first.inner_text().strip() if active.count() else "",
            )
            if active.count():
                assert active.locator("a").get_attribute("aria-current") == "page"
        assert found == {path: (1, tab) for path, tab in TABS.items()}
        page.goto(base_url + "pages/about/")
        assert page.locator(".md-tabs__item--active").count() == 0  # in no section


@pytest.mark.parametrize("scheme", SCHEMES)
def test_status_is_a_labelled_badge_at_full_contrast(
    open_page: OpenPage, base_url: str, scheme: str
):
    with open_page(color_scheme=scheme) as (page, _):
        page.goto(base_url + PAGES["brief"])
        badge = page.locator("article .nb-meta .nb-status")
        assert badge.inner_text().strip().lower() == "developing story"
        assert badge.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
        assert badge.evaluate(_CONTRAST) >= 7
        meta = page.locator("article .nb-meta").inner_text()
        for part in ("Published 11 Oct 2022", "Story: Russia, the West", "Topics: diplomacy"):
            assert part in meta
        page.goto(base_url + PAGES["home"])
        badges = page.locator("article .nb-item-meta .nb-status")
        assert badges.count() == 3
        assert [b.evaluate(_CONTRAST) >= 7 for b in badges.all()] == [True] * 3


def test_numbered_references_lead_to_the_listed_sources(open_page: OpenPage, base_url: str):
    with open_page() as (page, _):
        page.goto(base_url + PAGES["brief"])
        refs = page.locator("article a[href^='#source-']")
        assert refs.count() >= 10
        listed = page.locator("article #sources + ol > li")
        assert listed.count() == 2
        for ref in refs.all():
            number = ref.inner_text().strip("[]")
            target = page.locator(f"article #sources + ol > li:nth-child({number})")
            assert target.get_attribute("id") == f"source-{number}"
        # Each source's address is shown once, in the list, not beside every citation.
        addresses = page.locator("article a[href^='https://globalnews.ca/']")
        assert addresses.count() == 1
        assert "(via" not in page.locator("article").inner_text()
        refs.first.click()
        page.wait_for_function("location.hash.startsWith('#source-')")
        hash_ = page.evaluate("location.hash")
        assert page.locator(f"article li{hash_}").is_visible()
        assert page.locator(f"article li{hash_}").evaluate("el => el.matches(':target')")


@pytest.mark.parametrize("device", ["desktop", "mobile"])
def test_footer_offers_feeds_data_and_policy_pages(open_page: OpenPage, base_url: str, device: str):
    options = MOBILE if device == "mobile" else {}
    with open_page(**options) as (page, log):
        page.goto(base_url + PAGES["brief"])
        footer = page.locator("footer .nb-footer")
        expected = {
            "Subscribe (Atom feed)": "feeds/atom.xml",
            "JSON Feed": "feeds/feed.json",
            "Data (JSON)": "data/briefs.json",
            "Corrections and sourcing": "pages/corrections-and-sourcing/",
            "About": "pages/about/",
        }
        for label, target in expected.items():
            link = footer.get_by_role("link", name=label, exact=True)
            link.scroll_into_view_if_needed()
            assert link.is_visible(), label
            box = link.bounding_box()
            assert box is not None and box["x"] + box["width"] <= (390 if options else 1280)
            assert (link.get_attribute("href") or "").endswith(target)
        for target in ("feeds/atom.xml", "data/briefs.json", "pages/about/"):
            response = page.request.get(base_url + target)
            assert response.ok, target
        page.goto(base_url + "pages/corrections-and-sourcing/")
        assert page.locator("article h1").inner_text() == "Corrections and sourcing"
        assert log.outside() == []


def test_no_documentation_labels(open_page: OpenPage, base_url: str):
    with open_page() as (page, _):
        for path in (PAGES["brief"], PAGES["actor"]):
            page.goto(base_url + path)
            text = page.locator("body").inner_text()
            assert "Table of contents" not in text and "Made with" not in text
            assert page.locator(".md-sidebar--secondary .md-nav__title").inner_text() == (
                "On this page"
            )


def test_home_is_a_news_front(open_page: OpenPage, base_url: str):
    with open_page() as (page, _):
        page.goto(base_url + PAGES["home"])
        items = page.locator("article .nb-item")
        assert items.count() == 3
        lead, second = (
            items.nth(i).evaluate("e => parseFloat(getComputedStyle(e).fontSize)") for i in (0, 1)
        )
        assert lead > second  # the newest brief leads
        meta = page.locator("article .nb-item-meta").nth(1).inner_text()
        assert "13 Oct 2022" in meta and "Russia, the West" in meta and "1 open question" in meta
        stories = page.locator("article h2#stories + ul").inner_text()
        assert "3 briefs" in stories and "1 open question" in stories


def test_open_search_results_fit_a_phone(open_page: OpenPage, base_url: str):
    """Material's scaled search backdrop once widened the phone's layout viewport: results
    ran off the right edge, and the button that closes the search with them."""
    with open_page(**MOBILE) as (page, _):
        page.goto(base_url + PAGES["home"])
        page.locator("label.md-header__button[for='__search']").click()
        page.keyboard.type("Lavrov")
        page.locator(".md-search-result__item").first.wait_for()
        assert page.evaluate("window.innerWidth") == 390
        for selector in (".md-search-result__item", "button.md-search__icon[type='reset']"):
            box = page.locator(selector).first.bounding_box()
            assert box is not None and box["x"] + box["width"] <= 390, selector


#: Text a reader reads on the new parts of the pages, by page → selectors.
READING_TEXT = {
    PAGES["brief"]: (
        "article p.nb-glance",
        "article h2.nb-glance",
        "article .nb-meta",
        "article .nb-cards + ul > li > ul > li",
        "article .nb-attribution",
    ),
    PAGES["home"]: ("article p.nb-item a", "article .nb-item-dek", "article .nb-item-meta"),
    PAGES["story"]: ("article h2#where-they-stand-now ~ ul li",),
}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_new_reading_text_meets_aaa_contrast(open_page: OpenPage, base_url: str, scheme: str):
    with open_page(color_scheme=scheme) as (page, _):
        low = []
        for path, selectors in READING_TEXT.items():
            page.goto(base_url + path)
            for selector in selectors:
                found = page.locator(selector)
                assert found.count(), selector
                ratio = found.first.evaluate(_CONTRAST)
                if ratio < 7:
                    low.append((selector, round(ratio, 2)))
        assert low == []

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


_CONTRAST = """el => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let bg = null;
  for (let node = el; node; node = node.parentElement) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length < 4 || c[3] > 0) { bg = c; break; }
  }
  bg = bg || [255, 255, 255];
  const fg = rgb(getComputedStyle(el).color), alpha = fg.length > 3 ? fg[3] : 1;
  const seen = [0, 1, 2].map(i => fg[i] * alpha + bg[i] * (1 - alpha));  /* text over page */
  const [a, b] = [lum(seen), lum(bg)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_headline_standfirst_and_quotes_meet_aaa_contrast(
    open_page: OpenPage, base_url: str, scheme: str
):
    """WCAG AAA (7:1) for what a reader reads first: the headline, the standfirst, quotes."""
    with open_page(color_scheme=scheme) as (page, _):
        page.goto(base_url + PAGES["brief"])
        for selector in ("article h1", "article .nb-dek", "article blockquote p"):
            ratio = page.locator(selector).first.evaluate(_CONTRAST)
            assert ratio >= 7, (selector, scheme, round(ratio, 2))
        assert "Made with" not in page.locator("footer").inner_text()

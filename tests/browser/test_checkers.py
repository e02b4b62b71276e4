"""Each checker, fed a deliberately broken page, reports it: the suite can fail."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .checks import (
    AXE_TARGET_SIZE,
    TRANSFER_BUDGET,
    axe_violations,
    focus_problems,
    horizontal_overflow,
    pdf_pages,
    print_problems,
    structure_problems,
    transfer_size,
)
from .conftest import MOBILE, OpenPage, serve

HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Broken</title>'
VIEWPORT = '<meta name="viewport" content="width=device-width,initial-scale=1">'
BROKEN = {
    # An image without alt text, a heading level skipped, a table without header cells,
    # no landmarks, no skip link.
    "inaccessible.html": HEAD + "</head><body><div><h1>Brief</h1><h3>Skipped</h3>"
    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    "<table><tr><td>a</td><td>b</td></tr></table></div></body></html>",
    # Focus rings removed.
    "no-focus.html": HEAD + "<style>*:focus { outline: none }</style></head><body><main>"
    '<h1>Brief</h1><p><a href="#a">one</a> <a href="#b">two</a></p></main></body></html>',
    # Controls too small to tap.
    "tiny.html": HEAD + VIEWPORT + "<style>button { width: 10px; height: 10px; padding: 0;"
    " margin: 0; border: 0 }</style></head><body><main><h1>Brief</h1>"
    "<button>a</button><button>b</button></main></body></html>",
    # A script and an image from outside.
    "outside.html": HEAD + '<script src="http://example.invalid/x.js"></script></head><body>'
    '<main><h1>Brief</h1><img src="https://example.invalid/pixel.png" alt=""></main></body></html>',
    # A heavy, incompressible script.
    "heavy.html": HEAD + '<script src="heavy.js"></script></head><body><main><h1>Brief</h1>'
    "</main></body></html>",
    # Too wide for a phone: a fixed-width block, and a table in a sideways-scrolling box.
    "wide.html": HEAD + VIEWPORT + '</head><body><main><h1>Brief</h1><div style="width: 2000px">'
    'wide</div><div style="overflow-x: auto"><table><tr><th>Who</th><th style="white-space:'
    ' nowrap">' + "a very long header cell " * 10 + "</th></tr></table></div></main></body></html>",
    # A printed header and navigation, a source link without its address, a quote that may
    # be cut, light text.
    "print.html": HEAD + "<style>body { color: #ddd }</style></head><body><header>Site</header>"
    '<nav aria-label="Site">Menu</nav><main><h1>Brief</h1><blockquote>A quote</blockquote>'
    '<p><a href="https://example.org/source">Source</a></p></main></body></html>',
    # Three printed pages.
    "three-pages.html": HEAD + "<style>div { break-after: page }</style></head><body>"
    "<div>one</div><div>two</div><div>three</div></body></html>",
}


@pytest.fixture(scope="module")
def broken_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("broken")
    for name, html in BROKEN.items():
        (root / name).write_text(html, encoding="utf-8")
    (root / "heavy.js").write_text("/*" + os.urandom(96 * 1024).hex() + "*/", encoding="ascii")
    with serve(root) as url:
        yield url


def test_axe_reports_a_missing_alt_text(open_page: OpenPage, broken_url: str):
    with open_page() as (page, _):
        page.goto(broken_url + "inaccessible.html")
        found = axe_violations(page)
    assert any(line.startswith("image-alt ") for line in found), found


def test_structure_check_reports_headings_landmarks_skip_link_and_tables(
    open_page: OpenPage, broken_url: str
):
    with open_page() as (page, _):
        page.goto(broken_url + "inaccessible.html")
        found = structure_problems(page)
    assert "0 main landmarks, expected exactly one" in found
    assert "no labelled navigation landmark" in found


def test_structure_check_reads_headings_and_tables_inside_main(
    open_page: OpenPage, broken_url: str
):
    with open_page() as (page, _):
        page.goto(broken_url + "inaccessible.html")
        page.evaluate(
            "document.querySelector('div').outerHTML = "
            "'<main>' + document.querySelector('div').innerHTML + '</main>'"
        )
        found = structure_problems(page)
    assert 'heading level skips from h1 to h3: "Skipped"' in found
    assert "the first focusable element is not a skip link into main" in found
    assert "a table has 0 header cells for 2 columns" in found


def test_focus_check_reports_an_invisible_focus(open_page: OpenPage, broken_url: str):
    with open_page() as (page, _):
        page.goto(broken_url + "no-focus.html")
        found = focus_problems(page, presses=2)
    assert found == ["no visible focus on 'a one'", "no visible focus on 'a two'"]


def test_target_size_check_reports_tiny_buttons(open_page: OpenPage, broken_url: str):
    with open_page(**MOBILE) as (page, _):
        page.goto(broken_url + "tiny.html")
        found = axe_violations(page, AXE_TARGET_SIZE)
    assert any(line.startswith("target-size ") for line in found), found


def test_request_log_records_and_blocks_outside_requests(open_page: OpenPage, broken_url: str):
    with open_page() as (page, log):
        page.goto(broken_url + "outside.html", wait_until="networkidle")
        assert sorted(log.outside()) == [
            "http://example.invalid/x.js",
            "https://example.invalid/pixel.png",
        ]
        assert log.requests[0] == broken_url + "outside.html"


def test_transfer_size_counts_every_response(open_page: OpenPage, broken_url: str):
    with open_page() as (page, log):
        page.goto(broken_url + "heavy.html", wait_until="networkidle")
        assert transfer_size(log.bodies) > TRANSFER_BUDGET
        assert transfer_size(log.bodies, exclude=["heavy.js"]) < 1024


def test_overflow_check_reports_a_wide_block_and_a_scrolling_table(
    open_page: OpenPage, broken_url: str
):
    with open_page(**MOBILE) as (page, _):
        page.goto(broken_url + "wide.html")
        found = horizontal_overflow(page)
    assert found[0].startswith("the page scrolls sideways: 2")
    assert "div spans 8..2008px in 390px" in found
    assert any(line.startswith("div scrolls sideways: ") for line in found), found


def test_print_check_reports_chrome_missing_addresses_cut_quotes_and_light_text(
    open_page: OpenPage, broken_url: str
):
    with open_page() as (page, _):
        page.goto(broken_url + "print.html")
        found = print_problems(page)
    assert "header is printed" in found
    assert "nav is printed" in found
    assert 'the address of "Source" is not printed' in found
    assert "a blockquote may be cut across pages" in found
    assert '"Brief" may end a page, apart from its text' in found
    assert "text prints light: rgb(221, 221, 221)" in found


def test_pdf_page_counter_counts_printed_pages(open_page: OpenPage, broken_url: str):
    with open_page() as (page, _):
        page.goto(broken_url + "three-pages.html")
        assert pdf_pages(page.pdf()) == 3

"""The live preview in Chromium: a banner lists the content's problems with their
``file:line:col`` while any exist, and valid briefs keep updating meanwhile."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.conftest import Server

BROKEN = "2022-10-13-erdogan-meets-putin-in-astana"
OTHER = "2022-11-10-putin-to-skip-g20-summit-in-bali"


def test_the_preview_shows_problems_until_the_next_good_save(
    server: tuple[Server, Path], browser: Browser
) -> None:
    srv, content = server
    broken, other = content / "briefs" / f"{BROKEN}.yaml", content / "briefs" / f"{OTHER}.yaml"
    good, other_text = broken.read_text("utf-8"), other.read_text("utf-8")
    page = browser.new_context().new_page()
    banner = page.locator(".nb-preview-problems")

    page.goto(srv.url + f"briefs/{OTHER}/")
    expect(page.locator("h1")).to_be_visible()
    expect(banner).to_have_count(0)

    # A bad save: the open page reloads by itself and shows the error, with where it is.
    broken.write_text(good.replace("status: developing", "status: unsure"), "utf-8")
    srv.wait_for(lambda: "broken briefs show their last good version" in "".join(srv.log))
    expect(banner).to_have_attribute("role", "alert", timeout=20_000)
    expect(banner).to_contain_text(f"briefs/{BROKEN}.yaml:6:9: error: status: 'unsure'")

    # Another brief saved meanwhile still updates; the broken one keeps its last good page.
    other.write_text(other_text.replace("title: ", "title: Revised, ", 1), "utf-8")
    srv.wait_for(lambda: "Revised, " in srv.get(f"briefs/{OTHER}/"))
    expect(page.locator("h1")).to_contain_text("Revised, ", timeout=20_000)
    page.goto(srv.url + f"briefs/{BROKEN}/")
    expect(page.locator("h1")).to_contain_text("Erdogan meets Putin in Astana")
    expect(banner).to_contain_text("1 error(s) in content")

    # Fixed: the page reloads by itself, without the banner.
    broken.write_text(good, "utf-8")
    srv.wait_for(lambda: '"problems": []' in srv.get("_newsbrief/problems.json"))
    expect(banner).to_have_count(0, timeout=20_000)
    expect(page.locator("h1")).to_be_visible()

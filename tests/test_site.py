"""End to end: the shipped content built by the real MkDocs + Material, read as HTML."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from generator.validate import validate_content
from tests.conftest import CONTENT

FIRST = "2022-10-11-lavrov-says-russia-open-to-talks"
ASTANA = "2022-10-13-erdogan-meets-putin-in-astana"
BALI = "2022-11-10-putin-to-skip-g20-summit-in-bali"


def page(site: Path, address: str) -> BeautifulSoup:
    path = site / address / "index.html" if not address.endswith(".html") else site / address
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def resolve(site: Path, address: str, href: str) -> Path:
    """The file a relative link on the page at ``address`` leads to."""
    target = urlsplit(urljoin(f"http://site/{address}/", href)).path.lstrip("/")
    path = site / target
    return path / "index.html" if path.is_dir() or not path.suffix else path


def ids_on(site: Path, file: Path) -> set[str]:
    soup = BeautifulSoup(file.read_text("utf-8"), "html.parser")
    return {str(t["id"]) for t in soup.find_all(id=True)}


def brief_id(href: str) -> str:
    match = re.search(r"(\d{4}-\d{2}-\d{2}-[a-z0-9-]+)", href)
    assert match, href
    return match.group(1)


def content_text(soup: BeautifulSoup) -> str:
    article = soup.find("article")
    assert isinstance(article, Tag)
    return " ".join(article.get_text(" ").split())


def test_every_quote_is_verbatim_attributed_and_linked(site: Path) -> None:
    corpus, _ = validate_content(CONTENT)
    assert corpus is not None
    checked = 0
    for brief in corpus.briefs:
        soup = page(site, f"briefs/{brief.id}")
        quotes = {bq.get_text().strip(): bq for bq in soup.select("article blockquote")}
        sources = {s.id: s for s in brief.sources}
        for position in brief.positions:
            speaker = corpus.actors[position.actor].name
            for quote in position.quotes:
                block = quotes[f"“{quote.text}”"]  # exactly the words, in quote marks
                attribution = block.find_next_sibling()
                assert attribution is not None and "nb-attribution" in attribution["class"]
                assert speaker in attribution.get_text()
                source = sources[quote.source]
                assert source.publisher in attribution.get_text()
                ref = attribution.find("a")  # a numbered reference into the sources list
                assert isinstance(ref, Tag) and str(ref["href"]).startswith("#source-")
                number = str(ref["href"]).removeprefix("#source-")
                assert ref.get_text() == f"[{number}]"
                entry = soup.select_one(f"#sources + ol > li{ref['href']}")
                assert entry is not None and entry.find("a")["href"] == source.url  # type: ignore[index]
                via = f", via {source.via}" if source.via else ""
                assert entry.get_text().startswith(source.publisher)
                assert via in entry.get_text()
                checked += 1
    assert checked >= 7


def test_quotes_are_exact_copies_from_the_source_article() -> None:
    """The first brief's quotes appear character for character in the seed article."""
    from tests.conftest import SEEDS

    article_path = SEEDS / "article-2022-10-11-lavrov-talks.txt"
    if not article_path.exists():
        pytest.skip("the seed article is not beside this checkout")
    article = article_path.read_text("utf-8")
    corpus, _ = validate_content(CONTENT)
    assert corpus is not None
    first = next(b for b in corpus.briefs if b.id == FIRST)
    for position in first.positions:
        for quote in position.quotes:
            assert quote.text in article


def test_brief_page_reads_in_thirty_seconds(site: Path) -> None:
    soup = page(site, f"briefs/{FIRST}")
    headings = [h.get_text(" ").strip() for h in soup.select("article h2")]
    assert headings[:4] == ["The news", "Why it matters", "Who's involved", "Where they stand"]
    assert {"Claims", "Since answered", "Timeline", "Sources"} <= set(headings)
    assert "Still open" not in headings  # every question of the first brief is answered
    assert soup.select_one("article .nb-dek") is not None
    meta = soup.select_one("article .nb-meta")
    assert meta is not None and "Published 11 Oct 2022" in meta.get_text()


def test_no_page_requests_another_host(site: Path) -> None:
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe", "source", "video", "audio"]):
            for attr in ("src", "href", "srcset"):
                value = tag.get(attr)
                if not value or (tag.name == "link" and tag.get("rel") in (["canonical"],)):
                    continue
                if tag.name == "link" and "alternate" in (tag.get("rel") or []):
                    continue  # feed links are not fetched by the page
                host = urlsplit(str(value)).netloc
                assert host in ("", "127.0.0.1:8000"), f"{html}: {tag}"


def test_internal_links_resolve(site: Path) -> None:
    for address in [f"briefs/{FIRST}", f"briefs/{BALI}", "questions", "stories/russia-west-talks"]:
        soup = page(site, address)
        for link in soup.select("article a[href]"):
            href = str(link["href"])
            if urlsplit(href).scheme:
                continue
            target = resolve(site, address, href)
            assert target.exists(), f"{address}: {href}"
            fragment = urlsplit(href).fragment
            if fragment:
                assert fragment in ids_on(site, target), f"{address}: {href}"


def test_navigation_lists_sections_not_briefs(site: Path) -> None:
    soup = page(site, "index.html")
    nav_links = [a.get_text(" ").strip() for a in soup.select("nav.md-nav--primary a")]
    assert "Stories" in nav_links and "Open questions" in nav_links
    assert not any("Lavrov" in text for text in nav_links)


def test_home_lists_latest_briefs_newest_first(site: Path) -> None:
    soup = page(site, "index.html")
    links = [a["href"] for a in soup.select("article p.nb-item a")]
    assert [brief_id(str(h)) for h in links[:3]] == [BALI, ASTANA, FIRST]


# --- across briefs (readers' issue) ------------------------------------------------------------


def test_actor_page_lists_quotes_from_every_brief(site: Path) -> None:
    soup = page(site, "actors/sergei-lavrov")
    text = content_text(soup)
    for quote in [
        "This is a lie",
        "We have not received any serious offers to make contact.",
        "We have repeatedly said that we never refuse meetings.",
        "realistic",
    ]:
        assert f"“{quote}" in text
    linked = {brief_id(str(a["href"])) for a in soup.select("article a[href*='/briefs/']")}
    assert {FIRST, BALI} <= linked


def test_ledger_shows_the_g20_question_answered_with_links_both_ways(site: Path) -> None:
    ledger = page(site, "questions")
    item = next(li for li in ledger.select("article li") if "Putin and Biden meet" in li.get_text())
    assert "Answered" in item.get_text()
    hrefs = [str(a["href"]) for a in item.find_all("a")]
    assert any(FIRST in h and h.endswith("#q-g20-meeting") for h in hrefs)
    assert any(BALI in h for h in hrefs)
    # The original brief shows the question as answered, linking to the answering brief…
    first = page(site, f"briefs/{FIRST}")
    heading = first.find(id="q-g20-meeting")
    assert isinstance(heading, Tag)
    status = heading.find_next("p").find_next("p")
    assert status is not None and status.get_text().startswith("Answered on 10 Nov 2022")
    assert any(BALI in str(a["href"]) for a in status.find_all("a"))
    # …and the answering brief links back to the question.
    bali = page(site, f"briefs/{BALI}")
    back = bali.select(f"article a[href*='{FIRST}/#q-g20-meeting']")
    assert back


def test_open_questions_come_first(site: Path) -> None:
    ledger = page(site, "questions")
    headings = [h.get_text(" ").strip() for h in ledger.select("article h2")]
    assert headings == ["Still open", "Answered or superseded"]


def test_story_timeline_is_in_date_order_without_duplicates(site: Path) -> None:
    soup = page(site, "stories/russia-west-talks")
    rows = soup.select("article table")[-1].select("tbody tr")
    events = [tuple(td.get_text(" ").strip() for td in row.find_all("td")[:2]) for row in rows]
    assert len(events) == len(set(events))
    # The three briefs all record Lavrov's offer of 11 Oct; it appears once.
    assert sum("Lavrov says Russia is open to talks" in e for _, e in events) == 1
    from datetime import datetime

    def parsed(day: str) -> datetime:
        for fmt in ("%d %b %Y", "%b %Y", "%Y"):
            try:
                return datetime.strptime(day, fmt)
            except ValueError:
                continue
        raise AssertionError(day)

    dates = [parsed(day) for day, _ in events]
    assert dates == sorted(dates)


def test_previous_and_next_links_walk_the_story(site: Path) -> None:
    def neighbours(brief: str) -> dict[str, str]:
        soup = page(site, f"briefs/{brief}")
        found = {}
        for li in soup.select("article li"):
            label = li.get_text().split(":")[0]
            if label in ("Previous", "Next"):
                found[label] = brief_id(str(li.a["href"])) if li.a else ""
        return found

    assert neighbours(FIRST) == {"Next": ASTANA}
    assert neighbours(ASTANA) == {"Previous": FIRST, "Next": BALI}
    assert neighbours(BALI) == {"Previous": ASTANA}


def test_story_lists_who_holds_which_stance_question_by_question(site: Path) -> None:
    """No actors × questions matrix (a wall of dashes as actors and questions grow): under
    each question, the actors who took a stance on it, each line text with one link."""
    soup = page(site, "stories/russia-west-talks")
    heading = soup.select_one("article h2#where-they-stand-now")
    assert heading is not None
    questions: dict[str, list[Tag]] = {}
    for node in heading.find_next_siblings():
        if node.name == "h2":
            break
        if node.name == "h3":
            current = questions.setdefault(node.get_text(" ").strip(), [])
        elif node.name == "ul":
            current.extend(node.find_all("li"))
    assert "Is Russia's offer to talk genuine?" in questions
    assert len(questions) == 6 and all(questions.values())
    lines = [li for items in questions.values() for li in items]
    assert len(lines) == 12  # every stance once; no empty cell anywhere
    for li in lines:
        assert li.strong is not None and "—" not in li.get_text()
        links = li.find_all("a")
        assert len(links) == 1 and "#matter-" in str(links[0]["href"])
    offer = [li.get_text(" ") for li in questions["Is Russia's offer to talk genuine?"]]
    assert offer[0].startswith("Sergei Lavrov : Open to talks, no serious offer yet")


def test_mkdocs_build_with_invalid_content_fails_cleanly(tmp_path: Path) -> None:
    from tests.conftest import copy_content, run_mkdocs

    content = copy_content(tmp_path)
    brief = content / "briefs" / f"{ASTANA}.yaml"
    brief.write_text(
        brief.read_text("utf-8").replace("status: developing", "status: unsure"), "utf-8"
    )
    result = run_mkdocs(
        "build",
        "--strict",
        "--site-dir",
        str(tmp_path / "site"),
        content=content,
        docs=tmp_path / "docs",
        check=False,
    )
    assert result.returncode == 1
    assert f"briefs/{ASTANA}.yaml:6:9: error: status: 'unsure' is not allowed" in result.stderr
    assert "Traceback" not in result.stderr
    assert not any((tmp_path / "docs").iterdir())  # nothing half-generated


def test_a_build_has_no_preview_banner(site: Path) -> None:
    """The problem banner is the preview's alone: a built site has neither its script
    nor its problems file."""
    assert not (site / "_newsbrief").exists()
    for page in site.rglob("*.html"):
        assert "nb-preview-problems" not in page.read_text("utf-8"), page


def test_the_favicon_is_one_small_svg_file(site: Path) -> None:
    """One file every page links to (cached after the first), not an icon inlined in each."""
    for page in (site / "index.html", site / "briefs" / FIRST / "index.html"):
        (icon,) = re.findall(r'<link rel="icon" href="([^"]+)"', page.read_text("utf-8"))
        file = (page.parent / icon).resolve()
        assert file == (site / "assets/images/favicon.svg").resolve(), icon
        assert file.read_bytes().startswith(b"<svg ") and file.stat().st_size < 1024

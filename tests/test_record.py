"""The record over time: briefs stay true as a story moves (content model v2).

Uses a fictional story (``tests/fixtures/record``): Ana Reyes was foreign
minister when she offered talks in 2020 and prime minister when she dropped the
offer in 2022; Bo Lind restated his view in new words.  The invalid catalogue
(``tests/invalid/``) covers each new error message.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.fields import PartialDate
from generator.model import Actor, Role
from generator.pipeline import generate

FIXTURE = Path(__file__).parent / "fixtures" / "record"
FIRST = "2020-05-04-reyes-offers-border-talks"
LATER = "2022-02-01-reyes-drops-call-for-talks"


def actor(*roles: Role, role: str | None = "Current title") -> Actor:
    return Actor(id="a", name="A", kind="person", role=role, roles=list(roles))


def when(text: str) -> PartialDate:
    return PartialDate.parse(text)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2019, 2, 28), "Party leader"),  # before the ministry: the party role covers it
        (date(2019, 3, 1), "Minister"),  # a month as `start` covers its first day…
        (date(2021, 6, 30), "Minister"),  # …a day as `end` covers that day
        (date(2021, 7, 1), "Prime minister"),  # overlap: the role that began last wins
        (date(2017, 12, 31), "Current title"),  # no role covers it: fall back to `role`
    ],
)
def test_the_role_held_on_a_day(day: date, expected: str) -> None:
    someone = actor(
        Role(title="Minister", start=when("2019-03"), end=when("2021-06-30")),
        Role(title="Prime minister", start=when("2021-07-01")),
        Role(title="Party leader", start=when("2018")),
    )
    assert someone.role_on(day) == expected


def test_a_partial_end_covers_the_whole_period_and_equal_starts_keep_list_order() -> None:
    someone = actor(
        Role(title="First listed", start=when("2014"), end=when("2019")),
        Role(title="Second listed", start=when("2014")),
        role=None,
    )
    assert someone.role_on(date(2019, 12, 31)) == "First listed"
    assert someone.role_on(date(2020, 1, 1)) == "Second listed"
    assert actor(role=None).role_on(date(2020, 1, 1)) is None


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("record") / "docs"
    result = generate(FIXTURE, folder)
    assert result.ok, [str(p) for p in result.problems]
    assert result.problems == []
    return folder


def page(out: Path, path: str) -> str:
    return (out / path).read_text("utf-8")


def jsonld(out: Path, brief_id: str) -> list[dict[str, Any]]:
    front = page(out, f"briefs/{brief_id}.md").split("---\n")[1]
    graph: list[dict[str, Any]] = json.loads(yaml.safe_load(front)["jsonld"])["@graph"]
    return graph


def test_each_brief_shows_the_role_held_on_its_date(out: Path) -> None:
    first, later = page(out, f"briefs/{FIRST}.md"), page(out, f"briefs/{LATER}.md")
    assert "[Ana Reyes](../actors/ana-reyes.md)**, Foreign Minister of Freedonia:" in first
    assert "— Ana Reyes, Foreign Minister of Freedonia, reported by" in first
    assert "Prime Minister" not in first.split("---\n", 2)[2]
    assert "[Ana Reyes](../actors/ana-reyes.md)**, Prime Minister of Freedonia:" in later
    titles = {
        brief: {a["name"]: a.get("jobTitle") for a in jsonld(out, brief)[0]["about"]}
        for brief in (FIRST, LATER)
    }
    assert titles[FIRST]["Ana Reyes"] == "Foreign Minister of Freedonia"
    assert titles[LATER]["Ana Reyes"] == "Prime Minister of Freedonia"


def test_the_actor_page_shows_the_whole_dated_history(out: Path) -> None:
    text = page(out, "actors/ana-reyes.md")
    assert "- Foreign Minister of Freedonia: from Mar 2019 until 30 Jun 2021" in text
    assert "- Prime Minister of Freedonia: from 1 Jul 2021" in text


def test_a_stance_changes_only_where_the_editor_says_so(out: Path) -> None:
    reyes, lind = page(out, "actors/ana-reyes.md"), page(out, "actors/bo-lind.md")
    assert "*Changed from “Talks now” (4 May 2020).*" in reyes
    # Lind's short label was reworded, but he did not change his stance.
    assert "Changed" not in lind
    assert "*Restates the position of 4 May 2020.*" in lind


def test_one_utterance_is_one_quote_with_its_variants_and_provenance(out: Path) -> None:
    text = page(out, f"briefs/{FIRST}.md")
    assert text.count("> “") == 2  # the utterance with its variant, and one more quote
    assert "· Official translation from Spanish; said 1 May 2020\n" in text
    assert "· Translated from Spanish by Wire Agency; via state television\n" in text
    assert (
        "Also reported as “We are prepared to talk as soon as tomorrow.” by "
        "Freedonia TV [\\[2\\]](#source-2) (our translation from Spanish)"
    ) in text


def test_only_our_own_verdicts_are_fact_checks(out: Path) -> None:
    _, *claims = jsonld(out, FIRST)
    by_id = {node["@id"].rsplit("#", 1)[1]: node for node in claims}
    assert by_id["claim-border-closed-by-sylvania"]["@type"] == "Claim"  # merely disputed
    review = by_id["claim-trade-halved"]
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
    }
    _, settled = jsonld(out, LATER)
    assert settled["@type"] == "ClaimReview"
    assert settled["claimReviewed"] == "Sylvania closed the border unilaterally."
    assert settled["reviewRating"]["alternateName"] == "False"


def test_a_settled_claim_links_both_ways(out: Path) -> None:
    anchor = f"settled-{FIRST}-border-closed-by-sylvania"
    first, later = page(out, f"briefs/{FIRST}.md"), page(out, f"briefs/{LATER}.md")
    assert f"({LATER}.md#{anchor}): False." in first
    assert f"{{ #{anchor} }}" in later
    assert f"({FIRST}.md#claim-border-closed-by-sylvania)" in later


def test_a_correction_is_shown_before_the_news(out: Path) -> None:
    text = page(out, f"briefs/{FIRST}.md")
    correction = text.index(
        "**Correction, 6 May 2020.** This brief said: The border closed in April"
    )
    assert correction < text.index("## The news")


def test_sources_say_via_once_with_archive_and_access_date(out: Path) -> None:
    text = page(out, f"briefs/{FIRST}.md")
    assert "(Wire Agency (via" not in text
    assert (
        "1. **Wire Agency**, 4 May 2020, via Daily Paper: <https://example.org/wire> "
        "([archived copy](https://web.archive.org/web/2020/https://example.org/wire)), "
        "read 5 May 2020\n    { #source-1 }\n"
    ) in text


def test_background_events_are_marked(out: Path) -> None:
    assert "| 2018 | The two countries sign a trade pact. *(background)* |" in page(
        out, f"briefs/{FIRST}.md"
    )


def test_a_correction_leads_the_brief_s_feed_entries(out: Path) -> None:
    items = {
        i["id"].rstrip("/").rsplit("/", 1)[1]: i
        for i in json.loads(page(out, "feeds/feed.json"))["items"]
    }
    assert items[FIRST]["content_html"].startswith(
        "<p><strong>Correction, 6 May 2020.</strong> This brief said: The border closed in April"
    )
    assert "Correction" not in items[LATER]["content_html"]
    assert "This brief said: The border closed in April 2019." in page(out, "feeds/atom.xml")


def test_bylines_reach_the_page_and_json_ld(out: Path) -> None:
    assert " · By [Maria Ortiz](https://example.org/staff/maria-ortiz) and Jon Berg  \n" in page(
        out, f"briefs/{LATER}.md"
    )
    assert jsonld(out, LATER)[0]["author"] == [
        {"@type": "Person", "name": "Maria Ortiz", "url": "https://example.org/staff/maria-ortiz"},
        {"@type": "Person", "name": "Jon Berg"},
    ]
    assert jsonld(out, FIRST)[0]["author"]["@type"] == "Organization"  # no byline: the site


@pytest.mark.site
def test_the_built_record_pages_show_no_markup_as_text(tmp_path: Path) -> None:
    """Built with the real MkDocs: every attribute list took effect (none reads as text),
    and corrections, verdicts and variants carry their classes."""
    from bs4 import BeautifulSoup

    from tests.conftest import build_site

    site = build_site(tmp_path, content=FIXTURE)
    for brief in (FIRST, LATER):
        html = (site / "briefs" / brief / "index.html").read_text("utf-8")
        article = BeautifulSoup(html, "html.parser").select_one("article")
        assert article is not None
        assert "{ ." not in article.get_text() and "{:" not in article.get_text()
    html = (site / "briefs" / FIRST / "index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("p.nb-correction") is not None
    assert soup.select_one("p.nb-verdict") is not None
    assert soup.select_one("p.nb-variant") is not None


def test_open_and_answered_questions_are_apart(tmp_path: Path) -> None:
    """A brief's questions are listed under "Still open" and "Since answered", never an
    answered one under an open-questions heading."""
    from generator.render import render_site
    from generator.validate import validate_content
    from tests.conftest import CONTENT

    corpus, _ = validate_content(CONTENT)
    assert corpus is not None
    pages = render_site(corpus)
    first = pages["briefs/2022-10-11-lavrov-says-russia-open-to-talks.md"]
    assert "## Since answered" in first and "## Still open" not in first
    later = pages["briefs/2022-10-13-erdogan-meets-putin-in-astana.md"]
    still_open = later.split("## Still open", 1)[1].split("\n## ", 1)[0]
    assert "### " in still_open and "**Answered**" not in still_open


def test_actors_without_positions_are_never_empty_or_zero() -> None:
    """A government's page says where it appears instead of "No positions recorded yet",
    and the actors index never counts "0 briefs"."""
    from generator.render import render_site
    from generator.validate import validate_content
    from tests.conftest import CONTENT

    corpus, _ = validate_content(CONTENT)
    assert corpus is not None
    pages = render_site(corpus)
    assert "(0 briefs)" not in pages["actors/index.md"]
    russia = pages["actors/russia.md"]
    assert "No positions recorded" not in russia and "## Where Russia stands" not in russia
    assert "Russia appears in the briefs through its members, listed above." in russia

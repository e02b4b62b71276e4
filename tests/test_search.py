"""Search: Pagefind indexes the pages worth finding (briefs, actors, stories, topics, the
questions ledger), weighted and without repetitive sections; Material's single index is
gone. Searching itself is tested in a real browser (tests/browser/test_search.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from generator import search

FIRST = "briefs/2022-10-11-lavrov-says-russia-open-to-talks"

#: Built pages (under site/) → the kind their search results show, or None: not indexed.
KINDS = {
    f"{FIRST}/index.html": "Brief",
    "actors/tayyip-erdogan/index.html": "Actor",
    "stories/russia-west-talks/index.html": "Story",
    "topics/diplomacy/index.html": "Topic",
    "questions/index.html": "Question",
    "index.html": None,
    "actors/index.html": None,
    "stories/index.html": None,
    "topics/index.html": None,
    "archive/index.html": None,
    "archive/2022-10/index.html": None,
    "404.html": None,
}


def soup(site: Path, path: str) -> BeautifulSoup:
    """Page ``path`` as Pagefind is given it: marked (the published page is not)."""
    return BeautifulSoup(search.mark_built(path, (site / path).read_text("utf-8")), "html.parser")


def body(site: Path, path: str) -> Tag:
    found = soup(site, path).find(attrs={"data-pagefind-body": True})
    assert isinstance(found, Tag), path
    return found


def indexed_text(element: Tag) -> str:
    """The text Pagefind indexes: the body without its ``data-pagefind-ignore`` parts."""
    copy = BeautifulSoup(str(element), "html.parser")
    for ignored in copy.select("[data-pagefind-ignore]"):
        ignored.decompose()
    return " ".join(copy.get_text(" ").split())


def test_material_search_index_is_gone_and_pagefind_bundle_is_there(site: Path) -> None:
    assert not (site / "search").exists()
    assert not (site / "assets/javascripts/lunr").exists()
    assert not list((site / "assets/javascripts").glob("workers/search.*"))
    bundle = site / search.BUNDLE
    assert (bundle / "pagefind.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    assert set(entry["languages"]) == {"en"}
    assert (bundle / "wasm.en.pagefind").is_file()
    assert not (bundle / "wasm.unknown.pagefind").exists()
    assert not [name for name in search.UNUSED if (bundle / name).exists()]


def test_only_pages_worth_finding_are_indexed(site: Path) -> None:
    for path, kind in KINDS.items():
        page = soup(site, path)
        bodies = page.find_all(attrs={"data-pagefind-body": True})
        if kind is None:
            assert bodies == [], path
        else:
            assert len(bodies) == 1 and bodies[0].name == "article", path
            assert bodies[0]["data-pagefind-meta"] == f"kind:{kind}", path


def test_published_pages_carry_no_search_marks(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    assert [p for p in pages if "data-pagefind" in p.read_text("utf-8")] == []


def test_the_index_covers_every_marked_page(site: Path) -> None:
    marked = [
        p
        for p in site.rglob("*.html")
        if "data-pagefind-body" in soup(site, p.relative_to(site).as_posix()).decode()
    ]
    entry = json.loads((site / search.BUNDLE / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(marked)
    kinds = {str(body(site, p.relative_to(site).as_posix())["data-pagefind-meta"]) for p in marked}
    assert kinds == {f"kind:{k}" for k in KINDS.values() if k}


def test_headlines_names_and_questions_weigh_more(site: Path) -> None:
    brief = body(site, f"{FIRST}/index.html")
    h1 = brief.find("h1")
    assert isinstance(h1, Tag) and h1["data-pagefind-weight"] == str(search.HEADLINE_WEIGHT)
    questions = brief.select("h3[id^='q-']")
    assert questions and all(
        q["data-pagefind-weight"] == str(search.QUESTION_WEIGHT) for q in questions
    )
    actor = body(site, "actors/tayyip-erdogan/index.html").find("h1")
    assert isinstance(actor, Tag) and actor.get_text() == "Tayyip Erdogan"
    assert actor["data-pagefind-weight"] == str(search.HEADLINE_WEIGHT)
    ledger = body(site, "questions/index.html").select("strong > a[href*='#q-']")
    assert ledger and all(a["data-pagefind-weight"] == str(search.QUESTION_WEIGHT) for a in ledger)


def test_repetitive_sections_are_not_indexed(site: Path) -> None:
    brief = body(site, f"{FIRST}/index.html")
    text = indexed_text(brief)
    assert "Russian Foreign Minister Sergei Lavrov said on state television" in text
    assert "What would Russia count as a serious proposal to negotiate?" in text
    for heading in brief.select("h2[data-search-exclude]"):
        assert heading.find_parent(attrs={"data-pagefind-ignore": True}) is not None
        section = heading.find_next_sibling()
        assert section is not None and section.get_text(" ").split()[0] not in text[-200:]
    for label in ("The news", "Why it matters", "Claims", "Timeline", "Sources", "Published"):
        assert label not in text, label  # section labels, the status line
    # Of positions, claims and questions, only the headings: not stances, quotes, answers.
    assert text.endswith("What would Russia count as a serious proposal to negotiate?")
    assert "Is Russia's offer to talk genuine?" in text  # a matter at stake
    assert "Russia is open to talks with the West on ending the war." in text  # a claim
    assert "Sergei Lavrov , Foreign Minister of Russia" in text  # who's involved: names, titles
    assert "Says Russia is open to talks with the West" not in text  # not the part played
    quote = "We have not received any serious offers to make contact."
    for detail in (quote, "Disputed by", "Ukraine replied", "Answered"):
        assert detail not in text, detail
    ledger = indexed_text(body(site, "questions/index.html"))
    assert "Will Putin and Biden meet at the G20 summit in Indonesia?" in ledger
    assert "Asked" not in ledger and "Kremlin confirmed" not in ledger
    lavrov = body(site, "actors/sergei-lavrov/index.html")
    assert indexed_text(lavrov).startswith("Sergei Lavrov Person · Foreign Minister of Russia")
    briefs = lavrov.select_one("h2#briefs")  # the list of his briefs
    assert briefs is not None and briefs.find_parent(attrs={"data-pagefind-ignore": True})
    story = indexed_text(body(site, "stories/russia-west-talks/index.html"))
    assert story.startswith("Russia, the West and talks on ending the war in Ukraine")
    assert "Briefs in order" not in story and "Timeline" not in story
    assert indexed_text(body(site, "topics/diplomacy/index.html")) == "Topic: diplomacy"


@pytest.mark.parametrize(
    ("src", "kind"),
    [
        ("briefs/2022-10-11-x.md", "Brief"),
        ("actors/sergei-lavrov.md", "Actor"),
        ("actors/sergei-lavrov/2.md", None),
        ("actors/index.md", None),
        ("stories/russia-west-talks.md", "Story"),
        ("stories/russia-west-talks/2.md", None),
        ("topics/diplomacy.md", "Topic"),
        ("topics/diplomacy/3.md", None),
        ("questions/index.md", "Question"),
        ("questions/2.md", None),  # its questions are found on their briefs
        ("index.md", None),
        ("archive/2022-10.md", None),
    ],
)
def test_page_kind(src: str, kind: str | None) -> None:
    assert search.page_kind(src) == kind
    stem = src.removesuffix(".md")
    built = f"{stem}.html" if stem.endswith("index") else f"{stem}/index.html"
    assert search.built_page_kind(built) == kind  # the same, from where the page is built


def test_mark_wraps_each_excluded_section_up_to_the_next_heading() -> None:
    html = (
        '<html><article class="md-content__inner md-typeset"><h1 id="t">Title</h1><p>a</p>'
        '<h2 id="s" data-search-exclude>Sources</h2><ol><li>x</li></ol>'
        '<h2 id="k">Kept</h2><p>b</p><h2 id="r" data-search-exclude>Related</h2><p>c</p>'
        "</article></html>"
    )
    marked = search.mark_built("briefs/x/index.html", html)
    assert marked == (
        '<html><article class="md-content__inner md-typeset" data-pagefind-body'
        ' data-pagefind-meta="kind:Brief"><h1 data-pagefind-weight="10" id="t">Title</h1>'
        '<p>a</p><div data-pagefind-ignore><h2 data-pagefind-ignore id="s" data-search-exclude>'
        'Sources</h2><ol><li>x</li></ol></div><h2 data-pagefind-ignore id="k">Kept</h2><p>b</p>'
        '<div data-pagefind-ignore><h2 data-pagefind-ignore id="r" data-search-exclude>Related'
        "</h2><p>c</p></div></article></html>"
    )
    assert search.mark_built("archive/index.html", html) == html


def test_pages_workflow_publishes_the_search_index() -> None:
    import yaml

    from tests.conftest import REPO

    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text("utf-8"))
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    build = next(i for i, run in enumerate(runs) if run.startswith("mkdocs build"))
    check = next(i for i, run in enumerate(runs) if "site/pagefind/pagefind-entry.json" in run)
    assert build < check


def test_indexer_makes_the_index_in_the_background(site: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    shutil.rmtree(copy / search.BUNDLE)
    indexer = search.Indexer()
    indexer.request(copy)
    indexer.request(copy)  # while the first runs: merged into one more run
    assert indexer.wait(timeout=60)
    assert isinstance(indexer.last, search.IndexStats)
    assert (copy / search.BUNDLE / "pagefind-entry.json").is_file()
    assert sorted(p.name for p in copy.iterdir() if p.name.startswith(".")) == []


def test_bench_measures_a_first_query(site: Path) -> None:
    """The bench's ``search_bundle_kb_first_query``, on the shipped site: Pagefind's
    WebAssembly alone is 72 KB, so less would mean the search never ran.  In a child
    process: the browser tests' Playwright may be running in this one."""
    import subprocess
    import sys

    from bench import run
    from tests.conftest import CONTENT, REPO

    if not run.CHROMIUM.exists():
        pytest.skip(f"{run.CHROMIUM} is missing")
    code = "import sys, pathlib; from bench.run import search_first_query as f; "
    code += "print(f(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])))"
    result = subprocess.run(
        [sys.executable, "-c", code, str(site), str(CONTENT)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    kb = float(result.stdout.strip().splitlines()[-1])
    assert 90 < kb < 150, kb


@pytest.mark.parametrize("src", ["briefs/x.md", "actors/x.md", "stories/x.md", "topics/x.md"])
def test_every_kind_is_in_a_folder_pagefind_reads(src: str) -> None:
    assert search.page_kind(src) and src.split("/")[0] in search.FOLDERS
    assert search.page_kind("questions/index.md") and "questions" in search.FOLDERS


def test_the_index_does_not_depend_on_the_order_pages_were_written(tmp_path: Path) -> None:
    """The same pages, written in opposite orders, give the same index (Pagefind's own
    walk follows the order a folder lists its files, which on tmpfs is that order)."""
    import random
    import tempfile

    shm = Path("/dev/shm")
    where = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else tmp_path
    words = [f"word{i}" for i in range(3000)]
    pick = random.Random(7)
    pages = {
        f"briefs/page-{i}/index.html": '<html lang="en"><body><main data-pagefind-body>'
        f"<h1>Page {i}</h1><p>{' '.join(pick.choices(words, k=40))}</p></main></body></html>"
        for i in range(400)
    }
    try:
        sites = []
        for name, order in (("one", sorted(pages)), ("two", sorted(pages, reverse=True))):
            site = where / name
            for path in order:
                (site / path).parent.mkdir(parents=True, exist_ok=True)
                (site / path).write_text(pages[path], "utf-8")
            search.build_index(site)
            sites.append(site / search.BUNDLE)
        one, two = (
            {p.relative_to(b): p.read_bytes() for p in b.rglob("*") if p.is_file()} for b in sites
        )
        assert one.keys() == two.keys()
        assert [name for name in one if one[name] != two[name]] == []
    finally:
        shutil.rmtree(where, ignore_errors=True)


def test_pagefind_is_given_only_what_it_indexes(site: Path) -> None:
    """Pages go to Pagefind cut down to their article, without the parts it ignores: the
    index is the one the whole pages give, and no page worth finding is left out."""
    from generator import pagefind

    pages = sorted(p for folder in search.FOLDERS for p in (site / folder).rglob("*.html"))
    cut = list(search._documents(site, pages))
    whole = [  # the whole pages as marked for Pagefind
        (
            "/" + p.relative_to(site).as_posix().removesuffix("index.html"),
            search.mark_built(p.relative_to(site).as_posix(), p.read_text("utf-8")),
        )
        for p in pages
    ]
    assert len(cut) == sum(1 for _, html in whole if "data-pagefind-body" in html)
    assert sum(map(len, (html for _, html in cut))) < sum(map(len, (h for _, h in whole))) / 3
    assert "data-pagefind-ignore" not in "".join(html for _, html in cut)
    assert pagefind.index_pages(cut) == pagefind.index_pages(whole)

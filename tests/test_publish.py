"""Publishing: feeds, share and search metadata, JSON-LD, data files, 404, reproducible builds.

Everything here reads what a reader's tools read (the built site), through
real parsers: feedparser for Atom, JSON Schema for JSON Feed, JSON-LD and the
data files, the standard library's HTML parser for the pages' heads.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
import yaml

from generator import export, feeds, pipeline
from generator.cli import main
from generator.model import Brief, json_data, validate
from generator.site import SiteInfo
from generator.validate import validate_content
from tests.conftest import CONTENT, REPO, build_site, copy_content

pytestmark = pytest.mark.site

SITE_URL = "https://example.org/newsbrief/"
SITE_PATH = "/newsbrief/"
BASE_ENV = {"SITE_URL": SITE_URL}
SHIPPED = validate_content(CONTENT)[0]
assert SHIPPED is not None
BRIEFS = {b.id: b for b in SHIPPED.briefs}
NEWEST, MIDDLE, OLDEST = (b.id for b in SHIPPED.briefs)

# The revised site: the middle brief gets a hostile title and two updates.
HOSTILE_TITLE = 'Talks </script><script>alert("x")</script> & <b>bold</b> — Erdoğan meets Putin'
UPDATES = [
    {"date": "2022-10-20", "change": "Added the Kremlin's account of the meeting."},
    {"date": "2022-11-02", "change": "The ceasefire quote was misattributed.", "correction": True},
]
EPOCH_DAY = date(2023, 11, 14)  # SOURCE_DATE_EPOCH=1700000000


# --- builds -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content, published under a sub-path (as GitHub project pages are)."""
    return build_site(tmp_path_factory.mktemp("published"), env={**BASE_ENV, "PYTHONHASHSEED": "1"})


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The middle brief revised (updates, hostile title), built with SOURCE_DATE_EPOCH set."""
    tmp = tmp_path_factory.mktemp("revised")
    content = revise(copy_content(tmp))
    env = {**BASE_ENV, "SOURCE_DATE_EPOCH": "1700000000"}
    return build_site(tmp, content, env=env)


def revise(
    content: Path, updates: list[dict[str, Any]] = UPDATES, title: str = HOSTILE_TITLE
) -> Path:
    path = content / "briefs" / f"{MIDDLE}.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data.update(title=title, updates=updates)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return content


def page_file(site: Path, url: str) -> Path:
    """The file a site URL is served from."""
    assert url.startswith(SITE_URL), url
    rest = url.removeprefix(SITE_URL).split("#")[0]
    return site / rest / "index.html" if rest == "" or rest.endswith("/") else site / rest


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


# --- reading a page's head --------------------------------------------------------------------


@dataclass
class Head:
    """What a crawler or share preview reads from a page's ``<head>``."""

    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    links: list[dict[str, str]] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)

    def link(self, rel: str, type_: str | None = None) -> dict[str, str]:
        found = [
            a
            for a in self.links
            if rel in a.get("rel", "").split() and a.get("type", type_) == type_
        ]
        assert len(found) == 1, (rel, type_, self.links)
        return found[0]


class HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.head = Head()
        self._in: str | None = None
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._done:
            return
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.head.meta[a.get("property") or a["name"]] = a.get("content", "")
        elif tag == "link":
            self.head.links.append(a)
        elif tag == "title" or (tag == "script" and a.get("type") == "application/ld+json"):
            self._in = tag
            if tag == "script":
                self.head.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = None
        self._done = self._done or tag == "head"

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.head.title += data
        elif self._in == "script":
            self.head.jsonld[-1] += data


def head_of(page: Path) -> Head:
    parser = HeadParser()
    parser.feed(page.read_text("utf-8"))
    return parser.head


def resolve(page: Path, site: Path, href: str) -> Path:
    """The file a (relative or site-absolute) link in ``page`` points to."""
    if href.startswith(SITE_PATH):
        return site / href.removeprefix(SITE_PATH)
    return Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), href)))


# --- reproducibility --------------------------------------------------------------------------


def test_two_builds_of_the_same_content_are_byte_identical(published: Path, tmp_path: Path) -> None:
    # Another folder, another hash seed: neither paths nor set order may leak into the site.
    again = build_site(tmp_path, env={**BASE_ENV, "PYTHONHASHSEED": "2"})
    first = {p.relative_to(published).as_posix() for p in published.rglob("*") if p.is_file()}
    second = {p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file()}
    assert first == second
    different = [
        f for f in sorted(first) if (published / f).read_bytes() != (again / f).read_bytes()
    ]
    assert different == []
    assert {"feeds/atom.xml", "feeds/feed.json", "sitemap.xml.gz", "404.html"} <= first


def test_no_build_time_reaches_the_site(published: Path) -> None:
    today = datetime.now(UTC).date().isoformat()
    sitemap = (published / "sitemap.xml").read_text("utf-8")
    for name in ("sitemap.xml", "feeds/atom.xml", "feeds/feed.json", "data/briefs.json"):
        assert today not in (published / name).read_text("utf-8"), name
    # Pages are dated by content: a brief by its last change, other pages by the newest change.
    newest = max(b.modified for b in SHIPPED.briefs).isoformat()
    assert lastmod(sitemap, SITE_URL) == newest
    assert lastmod(sitemap, f"{SITE_URL}briefs/{OLDEST}/") == BRIEFS[OLDEST].modified.isoformat()
    with gzip.open(published / "sitemap.xml.gz") as packed:
        assert packed.read().decode("utf-8") == sitemap


def test_source_date_epoch_dates_pages_without_a_date_of_their_own(revised: Path) -> None:
    sitemap = (revised / "sitemap.xml").read_text("utf-8")
    assert lastmod(sitemap, SITE_URL) == EPOCH_DAY.isoformat()
    assert lastmod(sitemap, f"{SITE_URL}archive/") == EPOCH_DAY.isoformat()
    assert lastmod(sitemap, f"{SITE_URL}briefs/{MIDDLE}/") == "2022-11-02"  # its own date wins
    gz_mtime = int.from_bytes((revised / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert datetime.fromtimestamp(gz_mtime, UTC).date() == EPOCH_DAY


def lastmod(sitemap: str, loc: str) -> str:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    for url in ET.fromstring(sitemap).findall("s:url", ns):
        if url.findtext("s:loc", namespaces=ns) == loc:
            return url.findtext("s:lastmod", default="", namespaces=ns)
    raise AssertionError(f"{loc} not in the sitemap")


# --- feeds ------------------------------------------------------------------------------------


def test_atom_feed_parses_and_lists_briefs_newest_first(published: Path) -> None:
    feed = feedparser.parse((published / "feeds/atom.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "News briefs"
    assert feed.feed.updated == f"{max(b.modified for b in SHIPPED.briefs)}T00:00:00Z"
    assert [e.link for e in feed.entries] == [f"{SITE_URL}briefs/{b.id}/" for b in SHIPPED.briefs]
    for entry in feed.entries:
        brief = BRIEFS[entry.link.removeprefix(f"{SITE_URL}briefs/").strip("/")]
        assert entry.id == entry.link
        assert entry.title == brief.title
        assert entry.summary == brief.dek
        assert entry.published == f"{brief.published}T00:00:00Z"
        assert entry.updated == f"{brief.modified}T00:00:00Z"
        assert [t.term for t in entry.tags] == brief.tags
        assert "<h2>Why it matters</h2>" in entry.content[0].value
        assert page_file(published, entry.link).is_file()


JSON_FEED_SCHEMA = {  # JSON Feed 1.1 (https://jsonfeed.org/version/1.1): required fields
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "format": "uri"},
        "feed_url": {"type": "string", "format": "uri"},
        "authors": {"type": "array", "items": {"type": "object", "required": ["name"]}},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string"},
                    "date_published": {"type": "string", "format": "date-time"},
                    "date_modified": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def test_json_feed_is_valid_json_feed_1_1(published: Path) -> None:
    feed = json.loads((published / "feeds/feed.json").read_text("utf-8"))
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    jsonschema.validate(feed, JSON_FEED_SCHEMA, format_checker=checker)
    assert feed["feed_url"] == f"{SITE_URL}feeds/feed.json"
    assert [i["id"] for i in feed["items"]] == [f"{SITE_URL}briefs/{b.id}/" for b in SHIPPED.briefs]
    for item, brief in zip(feed["items"], SHIPPED.briefs, strict=True):
        assert item["title"] == brief.title
        assert item["date_modified"] == f"{brief.modified}T00:00:00Z"
        assert page_file(published, item["url"]).is_file()


def test_every_page_links_both_feeds_in_its_head(published: Path) -> None:
    pages = [*html_pages(published), published / "404.html"]
    assert len(pages) > 20
    for page in pages:
        head = head_of(page)
        atom = head.link("alternate", "application/atom+xml")["href"]
        json_feed = head.link("alternate", "application/feed+json")["href"]
        assert resolve(page, published, atom) == published / "feeds/atom.xml", page
        assert resolve(page, published, json_feed) == published / "feeds/feed.json", page
        assert head.link("alternate", "application/atom+xml")["rel"] == feeds.FEED_REL
    assert not (published / "feeds" / "sitemap.xml").exists()  # nothing asks for one


def test_feeds_are_stable_and_an_update_changes_only_its_entry(tmp_path: Path) -> None:
    site = SiteInfo(url=SITE_URL)
    out = tmp_path / "docs"
    pipeline.generate(CONTENT, out, site)
    before = {name: (out / name).read_bytes() for name in ("feeds/atom.xml", "feeds/feed.json")}
    again = pipeline.generate(CONTENT, out, site).report
    assert again is not None and not {"feeds/atom.xml", "feeds/feed.json"} & set(again.written)

    content = revise(copy_content(tmp_path), updates=UPDATES[:1], title=BRIEFS[MIDDLE].title)
    changed = pipeline.generate(content, out, site).report
    assert changed is not None and "feeds/atom.xml" in changed.written
    old = feedparser.parse(before["feeds/atom.xml"])
    new = feedparser.parse((out / "feeds/atom.xml").read_bytes())
    assert [e.id for e in new.entries] == [e.id for e in old.entries]  # ids never change
    for old_entry, new_entry in zip(old.entries, new.entries, strict=True):
        expected = (
            "2022-10-20T00:00:00Z" if new_entry.id.endswith(f"/{MIDDLE}/") else old_entry.updated
        )
        assert new_entry.updated == expected
    assert new.feed.updated == old.feed.updated  # the newest brief is still newer
    items = json.loads((out / "feeds/feed.json").read_text("utf-8"))["items"]
    assert items[1]["date_modified"] == "2022-10-20T00:00:00Z"


def test_feed_escapes_text_from_yaml(revised: Path) -> None:
    feed = feedparser.parse((revised / "feeds/atom.xml").read_bytes())
    assert not feed.bozo
    assert feed.entries[1].title == HOSTILE_TITLE
    raw = ET.parse(revised / "feeds/atom.xml").getroot()
    assert not raw.findall(".//{http://www.w3.org/2005/Atom}script")  # no markup was injected
    items = json.loads((revised / "feeds/feed.json").read_text("utf-8"))["items"]
    assert items[1]["title"] == HOSTILE_TITLE


# --- share and search metadata ----------------------------------------------------------------


def test_every_page_has_canonical_url_description_and_share_tags(published: Path) -> None:
    for page in html_pages(published):
        head = head_of(page)
        folder = page.parent.relative_to(published).as_posix()
        url = SITE_URL if folder == "." else f"{SITE_URL}{folder}/"
        assert head.link("canonical")["href"] == url, page
        assert head.meta["og:url"] == url
        assert head.meta["description"] and head.meta["og:description"] == head.meta["description"]
        assert head.meta["og:title"]
        # X falls back on og:title and og:description: its own copies would only repeat them.
        assert "twitter:title" not in head.meta and "twitter:description" not in head.meta
        assert head.title.startswith(head.meta["og:title"])
        assert head.meta["og:site_name"] == "News briefs"
        large = "/images/briefs/" in head.meta["og:image"]  # a brief's lead image
        assert head.meta["twitter:card"] == ("summary_large_image" if large else "summary")
        assert head.meta["og:image"].startswith(SITE_URL)  # absolute, on the site itself
        assert (published / head.meta["og:image"].removeprefix(SITE_URL)).is_file()


def test_brief_pages_are_articles_with_their_dates(published: Path) -> None:
    for brief in SHIPPED.briefs:
        head = head_of(published / "briefs" / brief.id / "index.html")
        assert head.meta["og:type"] == "article"
        assert head.meta["og:title"] == brief.title
        assert head.meta["description"] == brief.dek  # escaped once, read back exactly
        assert head.meta["article:published_time"] == brief.published.isoformat()
        assert head.meta["article:modified_time"] == brief.modified.isoformat()
    assert head_of(published / "index.html").meta["og:type"] == "website"


def test_hostile_title_stays_text_in_every_head_field(revised: Path) -> None:
    page = revised / "briefs" / MIDDLE / "index.html"
    head = head_of(page)
    assert head.meta["og:title"] == HOSTILE_TITLE
    assert head.title == f"{HOSTILE_TITLE} - News briefs"
    html = page.read_text("utf-8")
    assert html.count("<script>alert") == 0
    (script,) = head.jsonld
    assert not re.search(r"[<>&]", script)  # nothing in it can end the element
    assert json.loads(script)["@graph"][0]["headline"] == HOSTILE_TITLE


# --- JSON-LD ----------------------------------------------------------------------------------

THING = {"type": "object", "required": ["@type", "name"]}
ACTOR = {
    "type": "object",
    "required": ["@type", "name"],
    "properties": {
        "@type": {"enum": ["Person", "Organization"]},
        "sameAs": {"type": "string", "pattern": r"^https://www\.wikidata\.org/wiki/Q[1-9][0-9]*$"},
    },
}
CREATIVE_WORK = {
    "type": "object",
    "required": ["@type", "url", "name", "publisher"],
    "properties": {"url": {"type": "string", "format": "uri"}, "publisher": THING},
}
DAY = {"type": "string", "format": "date"}
NEWS_ARTICLE = {
    "type": "object",
    "required": [
        "@type",
        "@id",
        "url",
        "headline",
        "datePublished",
        "dateModified",
        "author",
        "publisher",
        "citation",
        "about",
    ],
    "properties": {
        "@type": {"const": "NewsArticle"},
        "url": {"type": "string", "format": "uri"},
        "headline": {"type": "string", "minLength": 1},
        "datePublished": DAY,
        "dateModified": DAY,
        "author": THING,
        "publisher": THING,
        "citation": {"type": "array", "minItems": 1, "items": CREATIVE_WORK},
        "about": {"type": "array", "items": ACTOR},
        "mentions": {"type": "array", "items": ACTOR},
    },
}
CLAIM_REVIEW = {
    "type": "object",
    "required": ["@type", "url", "claimReviewed", "author", "reviewRating", "itemReviewed"],
    "properties": {
        "@type": {"const": "ClaimReview"},
        "url": {"type": "string", "format": "uri"},
        "claimReviewed": {"type": "string", "minLength": 1},
        "author": THING,
        "reviewRating": {
            "type": "object",
            "required": ["@type", "alternateName"],
            "properties": {"@type": {"const": "Rating"}},
        },
        "itemReviewed": {
            "type": "object",
            "required": ["@type", "author", "appearance"],
            "properties": {
                "@type": {"const": "Claim"},
                "author": ACTOR,
                "appearance": CREATIVE_WORK,
            },
        },
    },
}
CLAIM = {
    "type": "object",
    "required": ["@type", "@id", "text", "author", "appearance"],
    "properties": {
        "@type": {"const": "Claim"},
        "text": {"type": "string", "minLength": 1},
        "author": ACTOR,
        "appearance": CREATIVE_WORK,
    },
}
JSONLD_SCHEMA = {
    "type": "object",
    "required": ["@context", "@graph"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@graph": {
            "type": "array",
            "prefixItems": [NEWS_ARTICLE],
            "items": {"oneOf": [CLAIM_REVIEW, CLAIM]},
        },
    },
}


def resolved(data: Any) -> Any:
    """``data`` with every node reference (``{"@id": …}`` alone) replaced by the node of
    that ``@id``: the graph as a JSON-LD reader sees it.  Each id is defined once, and
    every reference finds its node."""
    nodes: dict[str, dict[str, Any]] = {}

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            if "@id" in value and value.keys() != {"@id"}:
                assert value["@id"] not in nodes, f"{value['@id']} is defined twice"
                nodes[value["@id"]] = value
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    def resolve(value: Any) -> Any:
        if isinstance(value, dict):
            if value.keys() == {"@id"} and not value["@id"].endswith("#article"):
                assert value["@id"] in nodes, f"{value['@id']} refers to no node"
                return resolve(nodes[value["@id"]])
            return {key: resolve(item) for key, item in value.items()}
        if isinstance(value, list):
            return [resolve(item) for item in value]
        return value

    collect(data)
    return resolve(data)


def jsonld_of(site: Path, brief_id: str) -> dict[str, Any]:
    (script,) = head_of(site / "briefs" / brief_id / "index.html").jsonld
    data: dict[str, Any] = resolved(json.loads(script))
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    jsonschema.Draft202012Validator(JSONLD_SCHEMA, format_checker=checker).validate(data)
    return data


def test_brief_jsonld_is_a_news_article_with_its_claims(published: Path) -> None:
    """No shipped claim has our own verdict, so none is a ClaimReview: a claim that a
    rival disputes is not this site's fact-check (tests/test_record.py has verdicts)."""
    for brief in SHIPPED.briefs:
        article, *claims = jsonld_of(published, brief.id)["@graph"]
        assert article["headline"] == brief.title
        assert article["url"] == f"{SITE_URL}briefs/{brief.id}/"
        assert [c["url"] for c in article["citation"]] == [s.url for s in brief.sources]
        assert [a["name"] for a in article["about"]] == [
            SHIPPED.actors[ref.actor].name for ref in brief.actors
        ]
        assert [c["text"] for c in claims] == [c.claim for c in brief.claims]
        assert {c["@type"] for c in claims} <= {"Claim"}
        for node, claim in zip(claims, brief.claims, strict=True):
            assert node["author"]["name"] == SHIPPED.actors[claim.by].name
            assert node["@id"].endswith(f"#claim-{claim.id}")
            source = next(s for s in brief.sources if s.id == claim.source)
            assert node["appearance"]["url"] == source.url
    article = jsonld_of(published, OLDEST)["@graph"][0]
    people = {a["name"]: a for a in article["about"]}
    assert people["Vladimir Putin"]["@type"] == "Person"
    assert people["Vladimir Putin"]["sameAs"] == "https://www.wikidata.org/wiki/Q7747"
    assert people["Group of 20"]["@type"] == "Organization"
    assert "sameAs" not in people["Sergei Lavrov"]  # no Wikidata id in the registry


def test_claim_review_anchors_exist_on_the_page(published: Path) -> None:
    for brief in SHIPPED.briefs:
        html = (published / "briefs" / brief.id / "index.html").read_text("utf-8")
        for claim in brief.claims:
            assert f'id="claim-{claim.id}"' in html
        (script,) = head_of(published / "briefs" / brief.id / "index.html").jsonld
        for source in re.findall(r'"@id":"#(source-[0-9]+)"', script):
            assert f'id="{source}"' in html  # a claim's source is the page's own entry


def test_only_brief_pages_carry_jsonld(published: Path) -> None:
    for page in html_pages(published):
        is_brief = page.parent.parent.name == "briefs"
        assert len(head_of(page).jsonld) == (1 if is_brief else 0), page


# --- revision history -------------------------------------------------------------------------


def test_updates_render_what_changed_and_date_the_page(revised: Path) -> None:
    page = revised / "briefs" / MIDDLE / "index.html"
    html = page.read_text("utf-8")
    section = html.split('id="what-changed"', 1)[1].split("<h2", 1)[0]
    assert "20 Oct 2022" in section and "Added the Kremlin" in section
    assert re.search(r"2 Nov 2022:\s*<strong>Correction\.</strong>\s*The ceasefire quote", section)
    assert "Correction" not in section.split("2 Nov 2022")[0]  # only the correction is marked
    head = head_of(page)
    assert head.meta["article:modified_time"] == "2022-11-02"
    assert json.loads(head.jsonld[0])["@graph"][0]["dateModified"] == "2022-11-02"
    feed = feedparser.parse((revised / "feeds/atom.xml").read_bytes())
    assert feed.entries[1].updated == "2022-11-02T00:00:00Z"
    assert feed.entries[1].published == f"{BRIEFS[MIDDLE].published}T00:00:00Z"


def test_a_brief_without_updates_has_no_what_changed_section(published: Path) -> None:
    assert not any(b.updates for b in SHIPPED.briefs)
    for brief in SHIPPED.briefs:
        html = (published / "briefs" / brief.id / "index.html").read_text("utf-8")
        assert 'id="what-changed"' not in html


# --- machine-readable data --------------------------------------------------------------------


def test_each_brief_is_published_as_its_validated_model(published: Path) -> None:
    schema = json.loads((REPO / "generator/schemas/brief.schema.json").read_text("utf-8"))
    for brief in SHIPPED.briefs:
        text = (published / "data/briefs" / f"{brief.id}.json").read_text("utf-8")
        data = json.loads(text)
        jsonschema.validate(data, schema)
        assert validate(Brief, data) == brief
        assert text == export.dump(json_data(brief, compact=True))  # pydantic-core's, stable
        assert '"updates":[]' not in text and '"status":"open"' not in text  # the defaults


def test_briefs_index_lists_every_brief_newest_first(published: Path) -> None:
    index = json.loads((published / "data/briefs.json").read_text("utf-8"))
    assert index["version"] == 1
    assert [e["id"] for e in index["briefs"]] == [b.id for b in SHIPPED.briefs]
    for entry in index["briefs"]:
        brief = BRIEFS[entry["id"]]
        assert entry["modified"] == brief.modified.isoformat()
        assert page_file(published, entry["url"]).is_file()
        assert page_file(published, entry["data_url"]).is_file()
    actors = json.loads(page_file(published, index["actors_url"]).read_text("utf-8"))
    schema = json.loads((REPO / "generator/schemas/actors.schema.json").read_text("utf-8"))
    jsonschema.validate(actors, schema)
    assert {a["id"] for a in actors["actors"]} == set(SHIPPED.actors)
    stories = json.loads(page_file(published, index["stories_url"]).read_text("utf-8"))
    assert {s["id"] for s in stories["stories"]} == set(SHIPPED.stories)


# --- 404 --------------------------------------------------------------------------------------


def test_404_page_works_at_any_depth(published: Path) -> None:
    page = published / "404.html"
    html = page.read_text("utf-8")
    assert "<h1>Page not found</h1>" in html
    head = head_of(page)
    stylesheets = [a["href"] for a in head.links if a.get("rel") == "stylesheet"]
    assert stylesheets and all(h.startswith(SITE_PATH) for h in stylesheets)
    assert all((published / h.removeprefix(SITE_PATH)).is_file() for h in stylesheets)
    assert f'href="{SITE_PATH}archive/"' in html
    assert "og:url" not in head.meta  # a 404 has no canonical address


# --- the site address from the command line ---------------------------------------------------


def test_newsbrief_build_takes_the_site_url(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert main(["build", "-q", "--out", str(out), "--site-url", "https://news.example/b"]) == 0
    feed = json.loads((out / "feeds/feed.json").read_text("utf-8"))
    assert feed["home_page_url"] == "https://news.example/b/"
    assert feed["items"][0]["url"] == f"https://news.example/b/briefs/{NEWEST}/"
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--out", str(out), "--site-url", "javascript:alert(1)"])
    assert exit_.value.code == 2

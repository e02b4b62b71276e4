"""The feeds: Atom (``feeds/atom.xml``) and JSON Feed 1.1 (``feeds/feed.json``) of the briefs.

Both are functions of the content alone, never of the clock: an entry's
``updated`` is its brief's :attr:`~generator.model.Brief.modified` (midnight
UTC), and the feed's own ``updated`` is its newest entry's.  So rebuilding an
unchanged site gives byte-identical feeds, and a feed reader sees an entry
change exactly when its brief records an update.

Text from YAML reaches the feeds only through :mod:`xml.etree` (which escapes
it) or :func:`json.dumps`; the HTML content is the brief's rich text rendered
by :func:`generator.markup.rich`, which already allows no raw HTML.
"""

from __future__ import annotations

import functools
import json
import xml.etree.ElementTree as ET
from datetime import date
from typing import TYPE_CHECKING, Any

import markdown  # type: ignore[import-untyped]

from . import markup
from .memo import Output, job
from .model import Brief, Update

if TYPE_CHECKING:
    from .model import Corpus
    from .site import SiteInfo

ATOM_PATH = "feeds/atom.xml"
JSON_FEED_PATH = "feeds/feed.json"
FEED_LIMIT = 50
"""The newest briefs a feed carries: readers poll feeds, so their size must not grow forever."""
EPOCH = "1970-01-01T00:00:00Z"
"""A feed without entries still needs an ``updated``; any clock reading would break stability."""
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FEED_REL = "alternate feed"
"""The ``rel`` of the feeds' ``<link>`` in every page's head (overrides/main.html): an
alternate representation that is a feed.  Material's script fetches ``sitemap.xml`` beside
every link whose ``rel`` is exactly ``alternate`` (it takes them for language versions of
the site), which for ``feeds/atom.xml`` meant a request for ``feeds/sitemap.xml`` on every
page view; with the ``feed`` token it leaves them alone, while feed readers, which look for
the ``alternate`` token and the feed's type, still find them."""


def feed_jobs(corpus: Corpus, site: SiteInfo) -> list[tuple[str, Output]]:
    """Both feeds, as the jobs that write them."""
    briefs = corpus.briefs[:FEED_LIMIT]  # the corpus is newest first
    return [
        (ATOM_PATH, job(functools.partial(atom_feed, briefs, site))),
        (JSON_FEED_PATH, job(functools.partial(json_feed, briefs, site, _images(corpus, site)))),
    ]


def _images(corpus: Corpus, site: SiteInfo) -> dict[str, str]:
    """The lead images' absolute addresses, by brief id."""
    return {brief_id: site.file_url(p.path) for brief_id, p in corpus.images.items()}


def timestamp(day: date) -> str:
    """RFC 3339 at midnight UTC: briefs are dated to the day, feeds want an instant."""
    return f"{day.isoformat()}T00:00:00Z"


def feed_updated(briefs: tuple[Brief, ...]) -> str:
    """The newest change among the entries, never the build time."""
    return timestamp(max(b.modified for b in briefs)) if briefs else EPOCH


def content_html(brief: Brief) -> str:
    """Corrections first, then the news and why it matters, as HTML (the rich text
    allows no raw HTML; plain text is escaped)."""
    text = "".join(f"{correction_line(update)}\n\n" for update in corrections(brief))
    text += (
        f"{markup.rich(brief.summary)}\n\n## Why it matters\n\n{markup.rich(brief.why_it_matters)}"
    )
    return _html(text)


@functools.lru_cache(maxsize=256)
def _html(text: str) -> str:
    """Markdown → HTML, remembered: both feeds hold the same 50 entries, and in a long
    ``mkdocs serve`` every save makes the feeds again, while few entries change."""
    return str(markdown.markdown(text))


def corrections(brief: Brief) -> list[Update]:
    return [update for update in brief.updates if update.correction]


def correction_line(update: Update) -> markup.Markdown:
    """``**Correction, 13 Oct 2022.** This brief said: … It now says: …``: the same
    words at the top of the brief's page and of its feed entries."""
    day = f"{update.date.day} {update.date:%b %Y}"
    if update.was and update.now:
        said = (
            f"This brief said: {markup.plain(update.was)} It now says: {markup.plain(update.now)}"
        )
    else:
        said = markup.plain(update.change)
    return markup.Markdown(f"**Correction, {day}.** {said}")


# --- Atom -------------------------------------------------------------------------------------


def atom_feed(briefs: tuple[Brief, ...], site: SiteInfo) -> str:
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "en"})
    _text(feed, "id", site.url)
    _text(feed, "title", site.name)
    if site.description:
        _text(feed, "subtitle", site.description)
    _text(feed, "updated", feed_updated(briefs))
    ET.SubElement(
        feed, "link", rel="self", type="application/atom+xml", href=site.file_url(ATOM_PATH)
    )
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=site.url)
    _text(ET.SubElement(feed, "author"), "name", site.name)
    _text(feed, "generator", "newsbrief")
    for brief in briefs:
        feed.append(atom_entry(brief, site))
    ET.indent(feed)
    return f'<?xml version="1.0" encoding="utf-8"?>\n{ET.tostring(feed, encoding="unicode")}\n'


def atom_entry(brief: Brief, site: SiteInfo) -> ET.Element:
    url = site.brief_url(brief.id)
    entry = ET.Element("entry")
    _text(entry, "id", url)  # the canonical page address: stable for the brief's lifetime
    _text(entry, "title", brief.title, type="text")
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
    _text(entry, "published", timestamp(brief.published))
    _text(entry, "updated", timestamp(brief.modified))
    _text(entry, "summary", brief.dek, type="text")
    _text(entry, "content", content_html(brief), type="html")
    for tag in brief.tags:
        ET.SubElement(entry, "category", term=tag)
    return entry


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


# --- JSON Feed 1.1 ----------------------------------------------------------------------------


def json_feed(
    briefs: tuple[Brief, ...], site: SiteInfo, images: dict[str, str] | None = None
) -> str:
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": site.name,
        "home_page_url": site.url,
        "feed_url": site.file_url(JSON_FEED_PATH),
        "language": "en",
        "authors": [{"name": site.name, "url": site.url}],
    }
    if site.description:
        feed["description"] = site.description
    feed["items"] = [json_item(brief, site, (images or {}).get(brief.id)) for brief in briefs]
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def json_item(brief: Brief, site: SiteInfo, image: str | None = None) -> dict[str, Any]:
    url = site.brief_url(brief.id)
    item: dict[str, Any] = {
        "id": url,
        "url": url,
        "title": brief.title,
        "summary": brief.dek,
        "content_html": content_html(brief),
        "date_published": timestamp(brief.published),
        "date_modified": timestamp(brief.modified),
    }
    if image:
        item["image"] = image  # the brief's lead image, as published
    if brief.tags:
        item["tags"] = list(brief.tags)
    return item

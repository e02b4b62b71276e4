"""Stage 3, render: a validated corpus → Markdown pages, through Jinja templates.

The layout of every page lives in ``generator/templates``; this module only
decides *which* pages exist (:func:`plan`) and what each is given.  Aggregate
pages (actors, stories, topics, the ledger) are cut into pages of a bounded
size, so no page grows with the size of the site.

The templates, and the filters and functions they call, are set up in
:mod:`generator.templating`.
"""

from __future__ import annotations

import functools
import itertools
import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from . import export, feeds, parallel, redirects
from .catalog import Catalog
from .markup import page_body
from .memo import Memo, OnDisk, Output
from .model import Corpus
from .parallel import Job
from .site import SiteInfo, brief_path
from .templating import environment
from .write import Encoded, PageText, Unchanged

T = TypeVar("T")

HOME_LATEST = 12
PER_PAGE = 100
"""Items on a page of a listing: a topic's briefs, the ledger's questions, an actor's stances.
Each page also carries the theme's header, navigation and scripts (about 9 KB): fewer,
fuller pages make a smaller site (still under 70 KB a page at 10,000 briefs)."""
ACTOR_FIRST_PAGE = 50
"""An actor's stances on its first page, the one search indexes (generator/search.py):
Pagefind holds every indexed word in memory, so that page stays the size it was."""
ACTOR_BRIEFS = 20  # the briefs listed on an actor's first page
STORY_PER_PAGE = 20  # a story page also merges its briefs' timelines: keep it short


@dataclass(frozen=True)
class Page:
    """One Markdown file to generate: where it goes, which template, with what."""

    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    inputs: tuple[object, ...] | None = None
    """All the page depends on, when known: an unchanged page is not rendered again."""

    @functools.cached_property
    def folder(self) -> str:
        """The folder links on this page are relative to."""
        return posixpath.dirname(self.path)


@dataclass(frozen=True)
class Pager:
    """Where one page of a paginated listing sits among its siblings."""

    number: int
    count: int
    paths: tuple[str, ...]

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None


def render_outputs(corpus: Corpus, site: SiteInfo | None = None) -> dict[str, str]:
    """Everything the generator publishes, as ``{path relative to docs_dir: text}``.

    The Markdown pages, plus files MkDocs copies into the site unchanged: the
    feeds (:mod:`generator.feeds`), the machine-readable data
    (:mod:`generator.export`) and the pages at renamed briefs' former addresses
    (:mod:`generator.redirects`).
    """
    return {path: text_of(page) for path, page in iter_outputs(corpus, site)}


def render_site(corpus: Corpus, site: SiteInfo | None = None) -> dict[str, str]:
    """Every page of the site, as ``{path relative to docs_dir: Markdown}``."""
    return {path: text_of(page) for path, page in iter_site(corpus, site)}


def text_of(page: PageText) -> str:
    if isinstance(page, Unchanged):  # only with an `on_disk` check, which render_site has not
        raise TypeError("an unchanged page has no text here")
    return page.data.decode("utf-8") if isinstance(page, Encoded) else page


def iter_site(corpus: Corpus, site: SiteInfo | None = None) -> Iterator[tuple[str, PageText]]:
    """The pages one at a time, so the write stage never holds the whole site in memory."""
    return parallel.made_in_order(_site_jobs(corpus, site or SiteInfo()))


def iter_outputs(
    corpus: Corpus,
    site: SiteInfo | None = None,
    on_disk: OnDisk | None = None,
    pages: dict[str, str] | None = None,
) -> Iterator[tuple[str, PageText]]:
    """:func:`render_outputs`, one file at a time (what the pipeline writes from).

    ``pages`` are the site's own pages (``content/pages/``, read by
    :func:`generator.load.read_pages`).  Pages and data files alternate, so that
    writing them keeps pace with the workers making them instead of trailing behind.
    """
    site = site or SiteInfo()
    made = _site_jobs(corpus, site, on_disk, pages)
    data = [
        *feeds.feed_jobs(corpus, site),
        *export.data_jobs(corpus, site, on_disk),
        *redirects.redirect_jobs(corpus, site),
    ]
    return parallel.made_in_order(_alternate(made, data))


def _site_jobs(
    corpus: Corpus,
    site: SiteInfo,
    on_disk: OnDisk | None = None,
    pages: dict[str, str] | None = None,
) -> list[tuple[str, Output]]:
    """Every page, as the job that renders it or, if its inputs are those of the last
    run in this process, as unchanged (see :mod:`generator.memo`)."""
    catalog = Catalog(corpus)
    env = environment()
    context = {"catalog": catalog, "corpus": corpus, "site": site}

    def render(page: Page) -> str:
        return env.get_template(page.template).render(context, page=page, **page.context)

    _PAGES.start(on_disk)
    outputs: list[tuple[str, Output]] = []
    for page in plan(catalog, pages or {}):
        inputs = None if page.inputs is None else (page.template, site, page.inputs)
        output = _PAGES.output(page.path, inputs, functools.partial(render, page))
        if isinstance(output, Job):
            env.get_template(page.template)  # compiled once, before any worker is forked
        outputs.append((page.path, output))
    return outputs


def _alternate(*lists: Sequence[T]) -> Iterator[T]:
    """One item of each list in turn, until all are used up."""
    for round_ in itertools.zip_longest(*lists, fillvalue=_GAP):
        yield from (item for item in round_ if item is not _GAP)


_GAP: Any = object()

_PAGES = Memo("pages")
"""The pages made by the last run in this process."""


def forget() -> None:
    """Drop what the last run made: the next renders every page and data file again."""
    _PAGES.forget()
    export.forget()


def plan(catalog: Catalog, pages: dict[str, str] | None = None) -> Iterator[Page]:
    """All pages of the site, in a stable order; ``pages``: the site's own, by name."""
    corpus = catalog.corpus
    yield Page("index.md", "home.md.j2", {"latest": corpus.briefs[:HOME_LATEST]})
    for brief in corpus.briefs:
        sources = {s.id: s for s in brief.sources}
        numbers = {s.id: n for n, s in enumerate(brief.sources, 1)}
        yield Page(
            brief_path(brief.id),
            "brief.md.j2",
            {"brief": brief, "sources": sources, "numbers": numbers},
            (catalog.brief_inputs(brief), corpus.images.get(brief.id)),
        )
    yield Page("actors/index.md", "actors.md.j2")
    for actor in corpus.actors.values():
        points = catalog.stances.get(actor.id, [])
        listed = tuple(catalog.briefs_by_actor.get(actor.id, [])[:ACTOR_BRIEFS])
        context = {"actor": actor, "briefs": listed}
        yield from paginated(
            f"actors/{actor.id}",
            points,
            "actor.md.j2",
            context,
            inputs=(corpus.actors,),
            first_page=ACTOR_FIRST_PAGE,
        )
    yield Page("stories/index.md", "stories.md.j2")
    for story in corpus.stories.values():
        newest_first = catalog.briefs_by_story.get(story.id, [])[::-1]
        yield from paginated(
            f"stories/{story.id}",
            newest_first,
            "story.md.j2",
            {"story": story},
            inputs=(corpus.actors,),
            per_page=STORY_PER_PAGE,
        )
    yield from paginated("questions/index", catalog.ledger, "questions.md.j2")
    yield Page("topics/index.md", "topics.md.j2")
    for tag, briefs in catalog.briefs_by_tag.items():
        yield from paginated(f"topics/{tag}", briefs, "topic.md.j2", {"tag": tag})
    yield Page("archive/index.md", "archive.md.j2")
    for month, briefs in catalog.briefs_by_month.items():
        context = {"month": month, "briefs": briefs}
        yield Page(f"archive/{month}.md", "month.md.j2", context, (month, tuple(briefs)))
    for name, text in sorted((pages or {}).items()):
        title, body = page_body(text)
        context = {"title": title or name.replace("-", " ").capitalize(), "body": body}
        yield Page(f"pages/{name}.md", "page.md.j2", context, (text,))


def paginated(
    base: str,
    items: Sequence[T],
    template: str,
    context: dict[str, Any] | None = None,
    inputs: tuple[object, ...] = (),
    per_page: int = PER_PAGE,
    first_page: int | None = None,
) -> Iterator[Page]:
    """``base.md`` with the first ``first_page`` items (``per_page`` if not given), then
    ``base/2.md``, ``base/3.md``… with ``per_page`` each.

    A page shows its items, its context and ``inputs`` (what the template reads
    from the catalog beyond them), so those are what it is rendered from.
    """
    first = per_page if first_page is None else first_page
    rest = range(first, len(items), per_page)
    chunks = [items[:first], *(items[i : i + per_page] for i in rest)]
    paths = tuple(
        f"{base}.md" if n == 1 else f"{base.removesuffix('/index')}/{n}.md"
        for n in range(1, len(chunks) + 1)
    )
    for number, chunk in enumerate(chunks, 1):
        pager = Pager(number, len(chunks), paths)
        page_context = {**(context or {}), "items": chunk, "pager": pager}
        key = (tuple(chunk), pager, tuple((context or {}).values()), *inputs)
        yield Page(paths[number - 1], template, page_context, key)

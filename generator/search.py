"""Site search with Pagefind: which built pages are worth finding, and the index.

Material's own search ships one index that every reader downloads whole on the
first search (8.9 MB at 1,000 briefs) and covers briefs only.  Pagefind
(``pagefind[bin]`` from PyPI, a binary inside the package) indexes the
finished site into small chunks, and a reader downloads only the few a query
needs.  So the index is made from the built HTML, by :func:`build_index` (or,
in a one-off build, alongside it: :mod:`generator.indexing`), and what it covers
is decided here, per page, by :func:`mark_built`, on the page as Pagefind is given it
(:func:`document`): the published pages carry none of Pagefind's attributes.

* Only pages worth finding get ``data-pagefind-body`` on their ``<article>``
  (Pagefind then skips every other page, and all the chrome around the
  article): briefs, actors, stories, topics and the open-questions ledger.
  Listings (home, archive, section indexes) and the later pages of a
  paginated actor, story or topic would only repeat those, so they are left
  out.  So are the later pages of the questions ledger: every question on them
  is found, weighted, on the brief that asks it (at 10,000 briefs they are 600
  pages, 90 MB of Pagefind's memory).
* Headlines and names (a page's ``<h1>``) and questions weigh more than body
  text; each result says what kind of page it is (``data-pagefind-meta``).
* Repetitive sections are ignored: those the templates mark
  ``data-search-exclude`` (a brief's timeline, sources, related briefs…, an
  actor's list of briefs), a story's lists, matrix and timeline (only its
  title and summary are indexed), a topic's brief list (its name is what a
  reader looks for), section headings (the same labels on every page) and a
  brief's status line.
* Of the sections marked ``data-search-headings`` (a brief's positions, claims
  and questions) only the headings are indexed: the matters at stake, the
  claims, the questions; not the stances, quotes and answers under them.  The
  ledger indexes its questions, not where they were asked or how answered; a
  brief's "Who's involved" (``data-search-names``) its names and titles, not
  the part each plays.
  Pagefind holds every indexed word in memory while it indexes (about 250
  bytes each): this halves the words, so 10,000 briefs index in under 1.5 GB.

The index is always made from the whole finished site (after a ``--dirty``
build, the hook has removed the built pages of deleted briefs first).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import pagefind

log = logging.getLogger("mkdocs.hooks.newsbrief")

#: The folder under site_dir Pagefind writes its bundle to (what the search UI loads).
BUNDLE = "pagefind"
OWN_FOLDERS = (BUNDLE, f".{BUNDLE}-new", f".{BUNDLE}-old")
"""The folders of site_dir that indexing writes: the bundle, and the next one being made."""

#: Files of Pagefind's own UIs; the site has its own small UI
#: (overrides/assets/javascripts/search.js), so these are never loaded and not published.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",  # the site's script runs Pagefind in the page (noWorker)
)

_AFTER_H1 = re.compile(r"(?<=</h1>)")
_BEFORE_H2 = re.compile(r"(?=<h2\b)")

#: What a generated page is, from its path under docs_dir: (pattern, kind shown in
#: results, where indexing stops (everything after the match is ignored), or None).
_KINDS: tuple[tuple[re.Pattern[str], str, re.Pattern[str] | None], ...] = (
    (re.compile(r"briefs/[^/]+\.md"), "Brief", None),
    (re.compile(r"actors/(?!index\.md)[^/]+\.md"), "Actor", None),
    (re.compile(r"stories/(?!index\.md)[^/]+\.md"), "Story", _BEFORE_H2),
    (re.compile(r"topics/(?!index\.md)[^/]+\.md"), "Topic", _AFTER_H1),
    (re.compile(r"questions/index\.md"), "Question", None),
)

#: The folders those pages are in: Pagefind reads only these (a third faster than reading
#: every page only to find most listings unmarked).
FOLDERS = ("briefs", "actors", "stories", "topics", "questions")

#: Weights (Pagefind's scale: body text 1, an <h1> 7 by default, at most 10).
HEADLINE_WEIGHT = 10
QUESTION_WEIGHT = 8

_ARTICLE = re.compile(r"<article\b[^>]*>")
_IGNORED = re.compile(r"<(\w+)\b[^>]*\sdata-pagefind-ignore\b[^>]*>")
_LANG = re.compile(r'<html\b[^>]*\blang="([^"]*)"')
_H1 = re.compile(r"<h1\b")
_EXCLUDED_H2 = re.compile(r"<h2\b[^>]*\bdata-search-exclude\b")
_HEADINGS_H2 = re.compile(r"<h2\b[^>]*\bdata-search-headings\b")
_BEFORE_H3 = re.compile(r"(?=<h3\b)")
_NAMES_H2 = re.compile(r"<h2\b[^>]*\bdata-search-names\b[^>]*>")
#: An item of "Who's involved": a name (and title) up to the colon, then the part played.
_NAMED_ITEM = re.compile(r"(<li><strong>.*?</strong>[^<:]*:)(.*?)(</li>)", re.S)
#: A ledger entry: its question (weighted), then where it was asked and how it was answered.
_LEDGER_DETAIL = re.compile(r"(</strong><br />)(.*?)(</li>)", re.S)
_BLOCK = re.compile(r"</?(?:p|ul|ol|li|div|blockquote|table)\b")
_NEXT_H2 = re.compile(r"<h2\b")
#: A brief's open questions and the earlier questions it answers, and the ledger's entries.
_QUESTION = re.compile(r'<h3 (?=id="(?:q|answer)-)|<strong><a (?=href="[^"]*#q-)')
_IGNORE_OPEN = "<div data-pagefind-ignore>"
_H2 = re.compile(r"<h2\b")
_BRIEF_META = '<p class="nb-meta">'
_IGNORE_CLOSE = "</div>"


#: Material's own search: lunr and its languages, and the worker that loads its index
#: (1.2 MB).  Its script never fetches them without Material's search box, so they go.
MATERIAL_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")


def is_material_search(src_uri: str) -> bool:
    """Whether a theme file belongs to Material's search, which Pagefind replaces."""
    return src_uri.startswith(MATERIAL_SEARCH)


def page_kind(src_uri: str) -> str | None:
    """The kind of a generated page (``briefs/x.md`` → ``Brief``), or None when the page
    is not worth finding on its own (listings, later pages of a paginated page)."""
    for pattern, kind, _ in _KINDS:
        if pattern.fullmatch(src_uri):
            return kind
    return None


def built_page_kind(relative: str) -> str | None:
    """:func:`page_kind` of the page built at ``relative`` in the site (``briefs/x/index.html``
    was ``briefs/x.md``; ``questions/index.html`` was ``questions/index.md``)."""
    if relative == "index.html" or relative.endswith("/index.html"):
        base = relative.removesuffix("index.html").rstrip("/")
        sources = [f"{base}.md", f"{base}/index.md"] if base else ["index.md"]
    elif relative.endswith(".html"):
        sources = [relative.removesuffix(".html") + ".md"]
    else:
        return None
    return next((kind for src in sources if (kind := page_kind(src))), None)


def mark_built(relative: str, html: str) -> str:
    """``html`` (the page built at ``relative`` in the site) with Pagefind's attributes:
    the article is the body of a page worth finding, weighted and with its repetitive
    sections ignored.  Pages that are not worth finding are returned as they are."""
    kind = built_page_kind(relative)
    return html if kind is None else _marked(html, kind)


def _marked(html: str, kind: str) -> str:
    article = _ARTICLE.search(html)
    end = html.rfind("</article>")
    if article is None or end < article.end():
        return html
    body = html[article.end() : end]
    body = _H1.sub(f'<h1 data-pagefind-weight="{HEADLINE_WEIGHT}"', body, count=1)
    body = _QUESTION.sub(lambda m: m.group(0) + f'data-pagefind-weight="{QUESTION_WEIGHT}" ', body)
    body = _ignore_excluded_sections(body)
    body = _keep_only_headings(body)
    body = _keep_only_names(body)
    if kind == "Question":
        body = _LEDGER_DETAIL.sub(_ignored_detail, body)
    # Section headings are the same labels on every page ("The news", "Claims"…): indexed,
    # they would match every page and swell the index's most common words.
    body = _H2.sub("<h2 data-pagefind-ignore", body)
    if kind == "Brief":  # status, dates, story and topics: found on their own pages
        body = body.replace(_BRIEF_META, '<p class="nb-meta" data-pagefind-ignore>', 1)
    lead_end = _lead_end(kind)
    if lead_end is not None:
        cut = lead_end.search(body)
        if cut is not None:
            body = body[: cut.start()] + _IGNORE_OPEN + body[cut.start() :] + _IGNORE_CLOSE
    opening = article.group(0)[:-1] + f' data-pagefind-body data-pagefind-meta="kind:{kind}">'
    return html[: article.start()] + opening + body + html[end:]


def _lead_end(kind: str) -> re.Pattern[str] | None:
    return next(stop for _, k, stop in _KINDS if k == kind)


def _keep_only_headings(body: str) -> str:
    """In each ``<h2 data-search-headings>`` section, index the ``<h3>`` headings (the
    questions at stake, the claims, the open questions) and ignore what is under them:
    stances, quotes, answers.  Indexed text is what Pagefind holds in memory (about
    250 bytes a word): this halves a brief's, and the headings are what readers look for."""
    parts: list[str] = []
    position = 0
    for heading in _HEADINGS_H2.finditer(body):
        if heading.start() < position:
            continue
        start = body.index("</h2>", heading.end()) + len("</h2>")
        following = _NEXT_H2.search(body, start)
        stop = following.start() if following else len(body)
        parts.append(body[position:start])
        for piece in _BEFORE_H3.split(body[start:stop]):
            end = piece.find("</h3>") + len("</h3>") if piece.startswith("<h3") else 0
            parts.append(piece[:end])
            if piece[end:].strip():
                parts += [_IGNORE_OPEN, piece[end:], _IGNORE_CLOSE]
        position = stop
    parts.append(body[position:])
    return "".join(parts)


def _keep_only_names(body: str) -> str:
    """In an ``<h2 data-search-names>`` section (a brief's "Who's involved"), index each
    item's name and title, not the part the actor plays (after the colon): names are
    what readers look for, and the part is told again in the news."""
    heading = _NAMES_H2.search(body)
    if heading is None:
        return body
    following = _NEXT_H2.search(body, heading.end())
    stop = following.start() if following else len(body)
    section = _NAMED_ITEM.sub(_ignored_detail, body[heading.end() : stop])
    return body[: heading.end()] + section + body[stop:]


def _ignored_detail(match: re.Match[str]) -> str:
    """An entry's detail, ignored: a ledger entry's (where it was asked, the answer: the
    briefs hold it), a name's (the part its actor plays)."""
    detail = match.group(2)
    if _BLOCK.search(detail):
        return match.group(0)
    return f"{match.group(1)}<span data-pagefind-ignore>{detail}</span>{match.group(3)}"


def _ignore_excluded_sections(body: str) -> str:
    """Wrap each ``<h2 data-search-exclude>`` section (up to the next ``<h2>``) in an
    element Pagefind ignores: Markdown sections are flat, with nothing to mark."""
    parts: list[str] = []
    position = 0
    for heading in _EXCLUDED_H2.finditer(body):
        if heading.start() < position:
            continue
        following = _NEXT_H2.search(body, heading.end())
        stop = following.start() if following else len(body)
        parts += [body[position : heading.start()], _IGNORE_OPEN, body[heading.start() : stop]]
        parts.append(_IGNORE_CLOSE)
        position = stop
    parts.append(body[position:])
    return "".join(parts)


@dataclass(frozen=True)
class IndexStats:
    """What one indexing run made: for the log and the benchmark."""

    seconds: float
    files: int
    bytes: int

    def __str__(self) -> str:
        return (
            f"search index: {self.files} files, {self.bytes / 1e6:.1f} MB in {self.seconds:.1f} s"
        )


def build_index(site_dir: Path) -> IndexStats:
    """Index the finished site into ``site_dir/pagefind``.

    The new bundle is made beside the old one and swapped in when complete, so no chunk of
    an earlier index survives, and a preview's search is never half-written.
    """
    started = time.perf_counter()
    site_dir = site_dir.resolve()
    pages = sorted(page for folder in FOLDERS for page in (site_dir / folder).rglob("*.html"))
    try:
        files = pagefind.index_pages(_documents(site_dir, pages))
    except (OSError, ValueError, KeyError, pagefind.PagefindError) as error:
        raise RuntimeError(f"pagefind failed: {error}") from None
    return put_bundle(site_dir, files, started)


def put_bundle(site_dir: Path, files: dict[str, bytes], started: float | None = None) -> IndexStats:
    """Write the bundle Pagefind made into ``site_dir/pagefind``, whole or not at all."""
    started = time.perf_counter() if started is None else started
    bundle, new, old = (site_dir / name for name in OWN_FOLDERS)
    for leftover in (new, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        _write_bundle(files, new)
    except (OSError, ValueError, KeyError) as error:
        shutil.rmtree(new, ignore_errors=True)
        raise RuntimeError(f"pagefind failed: {error}") from None
    if bundle.exists():
        bundle.rename(old)
    new.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)
    written = [p for p in bundle.rglob("*") if p.is_file()]
    return IndexStats(
        seconds=time.perf_counter() - started,
        files=len(written),
        bytes=sum(p.stat().st_size for p in written),
    )


def _documents(site_dir: Path, pages: list[Path]) -> Iterator[pagefind.Document]:
    """The pages worth finding (those :func:`mark_built` marked), in the given order, each cut
    down to what Pagefind indexes (the article, without its ignored parts): the same
    index, from a fifth of the HTML to parse."""
    for page in pages:
        found = document(page.relative_to(site_dir).as_posix(), page.read_text("utf-8", "replace"))
        if found is not None:
            yield found


def document(relative: str, html: str) -> pagefind.Document | None:
    """A built page (at ``relative`` in the site) as Pagefind is given it: its address
    and its article, marked (:func:`mark_built`), without the ignored parts; ``None`` for a
    page not worth finding.  Pages are published unmarked: the marks are for Pagefind."""
    kind = built_page_kind(relative)
    if kind is None:
        return None
    html = _marked(html, kind)
    article = html.find("<article ")
    if article < 0 or "data-pagefind-body" not in html[article : article + 200]:
        return None
    end = html.rfind("</article>") + len("</article>")
    url = "/" + (
        relative.removesuffix("index.html") if relative.endswith("index.html") else relative
    )
    lang = _LANG.search(html, 0, article)
    head = f'<html lang="{lang.group(1)}">' if lang else "<html>"
    body = _without_ignored(html[article:end])
    return url, f"<!doctype html>{head}<body>{body}</body></html>"


def _without_ignored(html: str) -> str:
    """``html`` without the elements marked ``data-pagefind-ignore`` (each up to its own
    closing tag, nested elements of the same name counted)."""
    parts: list[str] = []
    position = 0
    for opening in _IGNORED.finditer(html):
        if opening.start() < position:
            continue  # inside an element already dropped
        name, depth = opening.group(1), 1
        tags = re.compile(rf"<(/?){name}\b[^>]*>")
        for tag in tags.finditer(html, opening.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                parts.append(html[position : opening.start()])
                position = tag.end()
                break
        else:
            break  # unbalanced: keep the rest as it is
    parts.append(html[position:])
    return "".join(parts)


class Indexer:
    """Makes the index in a background thread, for ``mkdocs serve``.

    Indexing reads every page of the site (4 s at 1,000 briefs), while a rebuild after
    one edit takes half a second: run in the build, it would make every save wait.  So
    the preview reloads as soon as its pages are built, and search catches up a few
    seconds later.  Requests made while an index is being made are merged into one more
    run after it, so the last index always starts after the last build has finished.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wanted: Path | None = None
        self._running = False
        self._idle = threading.Event()
        self._idle.set()
        self.last: IndexStats | Exception | None = None

    def request(self, site_dir: Path) -> None:
        """Index ``site_dir`` soon (returns at once)."""
        with self._lock:
            self._wanted = site_dir
            self._idle.clear()
            if not self._running:
                self._running = True
                threading.Thread(target=self._run, name="pagefind", daemon=True).start()

    def wait(self, timeout: float | None = None) -> bool:
        """Until no index is being made or wanted; False if ``timeout`` passed first."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                site, self._wanted = self._wanted, None
                if site is None:
                    self._running = False
                    self._idle.set()
                    return
            try:
                self.last = build_index(site)
                log.info(f"newsbrief: {self.last}")
            except (OSError, RuntimeError) as error:
                self.last = error
                log.error(f"newsbrief: the search index was not made: {error}")


#: The one indexer of this process (the hook's module may be loaded more than once).
INDEXER = Indexer()


def _write_bundle(files: dict[str, bytes], folder: Path) -> None:
    """Write the search bundle, without Pagefind's own UIs (the site has its own) and
    without the WebAssembly modules of languages no page is in: Pagefind makes one per
    language plus one for pages without a language (70 KB each); every page here says
    which it is in, so only the modules the index's entry file names are kept."""
    entry = json.loads(files["pagefind-entry.json"])
    used = {f"wasm.{language['wasm']}.pagefind" for language in entry["languages"].values()}
    for name in sorted(files):
        if name in UNUSED or (name.startswith("wasm.") and name not in used):
            continue
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[name])

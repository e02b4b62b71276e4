"""MkDocs hooks (``hooks: [generator/hook.py]`` in mkdocs.yml): a thin adapter.

* Every ``mkdocs build`` and ``mkdocs serve`` rebuild regenerates the Markdown
  first (only changed files are written, so ``--dirty`` rebuilds stay small).
* ``mkdocs serve`` watches the content folder instead of the generated one, so
  saving a YAML file triggers exactly one rebuild; it keeps watching when the
  folder is deleted and made again (a ``git checkout``, a restore).
* A commit that a killed run left half done is finished before anything else,
  and a disk that cannot be written fails the build with one line, no traceback.
* A clean ``mkdocs build`` (or ``gh-deploy``) builds beside site_dir and swaps
  the finished site in: a build killed midway, or failed in strict mode, leaves
  the previous site whole.
* Invalid content fails ``mkdocs build`` with clickable ``file:line:col``
  errors; while serving, it prints the same errors and keeps serving the last
  good site.
* The site's address and name (``site_url``, ``site_name``) reach the
  generator, which needs absolute URLs for feeds, JSON-LD and the data index.
* Search: after each build the finished site is indexed with Pagefind
  (``generator/search.py``), whose attributes ``on_post_page`` adds to the
  pages worth finding; while serving, in the background.
* ``mkdocs build --dirty`` (``make build``) is incremental: only the pages
  whose Markdown changed are built again, into a copy of the last site, and
  the result is the site a clean build makes (``generator/sitedir.py``).
  After any ``--dirty`` build, the built pages of deleted or renamed briefs
  are removed.
* Builds are reproducible: a page's sitemap date is its content's date (a
  brief's last change; for other pages the newest change to any brief), not
  the day of the build.  An explicit ``SOURCE_DATE_EPOCH`` still sets the
  date of pages without one of their own, as MkDocs does.

Only the MkDocs hook API is used (no virtual files, no plugin classes), which
MkDocs 1.6 and ProperDocs share.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import CountHandler

from generator import pipeline, search, sitedir, write
from generator.diagnostics import printable
from generator.indexing import PageIndexer
from generator.load import ContentFolderError
from generator.site import DEFAULT_SITE_URL, SiteInfo

log = logging.getLogger("mkdocs.hooks.newsbrief")
_serving = False
_dirty = False
_latest: date | None = None
_dates: dict[str, date] = {}  # pages with a date of their own, by path in docs_dir


def on_startup(command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    global _serving, _dirty
    _serving = command == "serve"
    _dirty = dirty
    if dirty:
        _explain_dirty_builds()


class _DirtyWarning(logging.Filter):
    """Drops MkDocs' warning about ``--dirty``: here it rebuilds exactly the pages whose
    Markdown changed, and a build still makes the site a clean build would (the preview
    says so once; ``make build`` says what it rebuilds)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not message.startswith(_DIRTY_NOTICES)


_DIRTY_NOTICES = (
    "A 'dirty' build is being performed",
    "The directory contains stale files",  # they are removed: see _prune
)


def _explain_dirty_builds() -> None:
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarning())
    if _serving:
        log.info(
            "newsbrief: the preview rebuilds only the pages whose Markdown changed (--dirty), "
            "so saves show in about a second"
        )


def content_dir(config: Any) -> Path:
    """The YAML sources: ``extra.newsbrief.content`` in mkdocs.yml, relative to it."""
    configured = (config.extra.get("newsbrief") or {}).get("content") or "content"
    return Path(config.config_file_path).parent / configured


def site_info(config: Any) -> SiteInfo:
    """mkdocs.yml's ``site_url`` (set with SITE_URL), ``site_name`` and ``site_description``."""
    return SiteInfo(
        url=config.site_url or DEFAULT_SITE_URL,
        name=config.site_name,
        description=config.site_description or "",
    )


def on_config(config: Any) -> Any:
    global _latest, _dates, _problems
    out = Path(config.docs_dir)
    result = _generate(content_dir(config), out, site_info(config))
    _latest, _dates = result.latest, result.dates
    _problems = [str(p) for p in result.problems]
    for problem in result.problems:
        (log.error if problem.severity == "error" else log.info)(str(problem))
    if result.ok:
        log.info(f"newsbrief: {result.report}")
        if result.errors:  # only while serving: see pipeline.generate(preview=True)
            log.error("newsbrief: content has errors; broken briefs show their last good version")
        _build_aside(config)
        if not _serving:  # a one-off build: MkDocs may have the memory the corpus held
            pipeline.forget()
        gc.freeze()  # see on_post_build
        return config
    if _serving and pipeline.has_output(out):
        log.error("newsbrief: content has errors; still serving the last good version")
        return config
    raise PluginError(f"newsbrief: {len(result.errors)} error(s) in content; nothing generated")


def _generate(content: Path, out: Path, site: SiteInfo) -> pipeline.Result:
    """Generate, after finishing any commit a killed run left half done (even when the
    content now has errors, so ``serve`` never shows a mix of old and new).

    A disk that is full or read-only, a link in the way…: one line, no traceback.
    """
    try:
        write.recover(out)
        return pipeline.generate(content, out, site, preview=_serving)
    except (write.OutputError, ContentFolderError) as exc:
        raise PluginError(f"newsbrief: {printable(str(exc))}") from None
    except OSError as exc:
        where = f"{printable(os.fsdecode(exc.filename))}: " if exc.filename else ""
        raise PluginError(f"newsbrief: {where}{exc.strerror or exc}") from None


@event_priority(-100)  # after every plugin's (search writes its index in on_post_build)
def on_post_build(config: Any) -> None:
    """Let the collector see everything again once MkDocs has built the site, and, in
    the preview, publish the current problems for its banner.

    The generator keeps the content it validated (``mkdocs serve`` regenerates
    from it in a tenth of a second); while MkDocs builds, every full collection
    would walk those millions of objects again, a tenth of the build.  So
    :func:`on_config` freezes them, and after the build (or a failed one) they
    are unfrozen, so that what a ``serve`` rebuild leaves behind is collected.

    Then the site built aside is swapped in, unless strict mode is about to
    fail the build (MkDocs counts the warnings only after this event).
    """
    gc.unfreeze()
    if config is not None:  # None only when a test calls this for the collector alone
        _prune(config)
        _index_for_search(config)
    elif _indexer is not None:
        _stop_indexing()
    if _aside is not None:
        _finish_aside(swap=not _strict_fails(config))
    if _serving:
        _write_problems(Path(config.site_dir))


def _index_for_search(config: Any) -> None:
    """Make the Pagefind index from the finished site (every page in site_dir, so after
    a ``--dirty`` rebuild it still covers the pages that were not rebuilt).  While
    serving, in the background: the preview reloads without waiting for it."""
    global _indexer
    if _serving:
        search.INDEXER.request(Path(config.site_dir))
        return
    indexer, _indexer = _indexer, None
    try:
        stats = indexer.finish() if indexer else search.build_index(Path(config.site_dir))
    except (OSError, RuntimeError) as error:
        raise PluginError(f"newsbrief: {error}") from error
    log.info(f"newsbrief: {stats}")


_indexer: PageIndexer | None = None
"""The index of a one-off build, made while MkDocs builds the pages (see
:mod:`generator.indexing`)."""


def _start_indexing(files: Any, config: Any) -> None:
    """Start feeding Pagefind the pages worth finding, unless serving (the preview
    indexes in the background after each build, see :class:`generator.search.Indexer`)."""
    global _indexer
    _stop_indexing()
    if _serving:
        return
    pages = [
        (f.dest_uri, not _dirty or f.is_modified())
        for f in files.documentation_pages()
        if f.inclusion.is_included() and search.page_kind(f.src_uri)
    ]
    _indexer = PageIndexer(Path(config.site_dir), pages)
    _indexer.start()


def _stop_indexing() -> None:
    global _indexer
    if _indexer is not None:
        _indexer.abandon()
        _indexer = None


def on_build_error(error: Exception) -> None:
    gc.unfreeze()  # as on_post_build, which a failed build never reaches
    _stop_indexing()
    site = _aside[1].final if _aside is not None else None
    _finish_aside(swap=False)
    if isinstance(error, OSError) and site is not None:
        # A disk that is full or read-only while MkDocs writes the site: MkDocs re-raises
        # what it did not expect, with a traceback; one line says it all.
        raise SystemExit(
            f"ERROR   -  newsbrief: the site could not be written ({error.strerror or error}); "
            f"{printable(str(site))} is unchanged"
        ) from None


def on_shutdown() -> None:
    _stop_indexing()
    _finish_aside(swap=False)  # a build stopped between the events above


# --- site/ is built aside and swapped in whole, and rebuilt in part (generator/sitedir.py) ----

_aside: tuple[Any, sitedir.Aside] | None = None
"""The config whose site_dir points aside, and the site being built there."""
_files: Any = None
"""The files of the build under way (MkDocs' ``Files``), for :func:`_prune`."""


def _build_aside(config: Any) -> None:
    """Point a ``mkdocs build`` (or ``gh-deploy``) at a folder beside site_dir, swapped in
    at the end.  With ``--dirty`` that folder starts as the last site, when the stamp
    says nothing but Markdown changed since (see :mod:`generator.sitedir`).

    Not for ``serve``, which builds into a temporary folder of its own.
    """
    global _aside
    if _serving:
        return
    final = Path(config.site_dir)
    aside = sitedir.start(final, sitedir.build_stamp(config), incremental=_dirty)
    config.site_dir = str(aside.building)
    _aside = (config, aside)
    if _dirty:
        how = "only what changed" if aside.incremental else _FULL_BUILD_REASON
        log.info(f"newsbrief: incremental build: rebuilding {how}")


_FULL_BUILD_REASON = "everything (first build, or the configuration, theme or generator changed)"


def _detach_writes(files: Any, config: Any) -> None:
    """In an incremental build, unlink each path MkDocs is about to write (see
    :func:`generator.sitedir.detach`)."""
    if _aside is None or not _aside[1].incremental:
        return
    about_to_write = [f.dest_uri for f in files if f.is_modified()] + _templates(config)
    sitedir.detach(Path(config.site_dir), about_to_write)


def _prune(config: Any) -> None:
    """After a ``--dirty`` build (the preview's, or an incremental one), remove what a
    clean build would not have made: the built pages of deleted or renamed briefs,
    files no longer generated.  MkDocs never removes a built file itself, so a
    deleted brief would stay served (and found) at its old address."""
    if not _dirty or _files is None:
        return
    keep = {f.dest_uri for f in _files if f.inclusion.is_included()} | set(_templates(config))
    folders = (*search.OWN_FOLDERS, PROBLEMS_FILE.partition("/")[0])
    gone = sitedir.prune(Path(config.site_dir), keep, folders)
    if gone:
        log.info(f"newsbrief: removed {gone} built file(s) of deleted content")


def _templates(config: Any) -> list[str]:
    """The files MkDocs writes from templates, on every build."""
    names = sorted(config.theme.static_templates) + list(config.extra_templates)
    return names + [f"{n}.gz" for n in names if n == "sitemap.xml"]


def _finish_aside(*, swap: bool) -> None:
    """Swap the finished site in, or drop it; site_dir is the real one again
    (gh-deploy publishes it)."""
    global _aside
    if _aside is None:
        return
    config, aside = _aside
    _aside = None
    config.site_dir = str(aside.final)
    sitedir.finish(aside, swap=swap)
    if swap and aside.building != aside.final:
        log.info(f"newsbrief: built beside {aside.final.name}/, then swapped in whole")


def _strict_fails(config: Any) -> bool:
    """Whether ``--strict`` will abort this build: MkDocs counts warnings in a handler."""
    if not config.strict:
        return False
    handlers = logging.getLogger("mkdocs").handlers
    return any(isinstance(h, CountHandler) and h.get_counts() for h in handlers)


def on_files(files: Any, config: Any) -> Any:
    """Leave Material's own search files out of the site: Pagefind replaces them."""
    for file in [f for f in files if search.is_material_search(f.src_uri)]:
        files.remove(file)
    return files


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Let go of a page's Markdown once it is HTML: nothing reads it again, and MkDocs
    holds every page at once before it writes any (at 10,000 briefs, hundreds of MB)."""
    page.markdown = None
    return html


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Date every page by its content, so the sitemap does not change with the calendar
    (also the pages an incremental build does not read); then, in an incremental
    build, clear the way for what MkDocs writes next."""
    global _files
    epoch = "SOURCE_DATE_EPOCH" in os.environ
    for file in files.documentation_pages():
        if file.page is None:
            continue
        own = _dates.get(file.src_uri)
        if own:
            file.page.update_date = own.isoformat()
        elif _latest and not epoch:
            file.page.update_date = _latest.isoformat()
    _files = files
    _detach_writes(files, config)
    _start_indexing(files, config)
    return env


# --- the preview's problem banner ---------------------------------------------------------
#
# While serving, every page carries a small script that reads the problems of the
# latest generation from a file beside the pages and shows them at the top.  The
# file changes on every save; the pages do not, so nothing is rebuilt for it, and
# `mkdocs build` has neither the file nor the script.

PROBLEMS_FILE = "_newsbrief/problems.json"
_problems: list[str] = []

_BANNER = """<script>(function () {
  fetch(%(url)s, {cache: "no-store"}).then(function (r) { return r.ok ? r.json() : null; })
  .then(function (found) {
    if (!found || !found.problems.length) return;
    var errors = found.problems.filter(function (p) { return / error: /.test(p); }).length;
    var box = document.createElement("div"), title = document.createElement("strong");
    var list = document.createElement("ul");
    box.setAttribute("role", "alert");
    box.className = "nb-preview-problems";
    box.style.cssText = "position:sticky;top:0;z-index:1000;margin:0;padding:.6rem 1rem;" +
      "font:14px/1.4 monospace;color:#fff;background:" + (errors ? "#9b1c1c" : "#7a4d00");
    title.textContent = errors
      ? "newsbrief: " + errors + " error(s) in content; broken briefs show their last good version"
      : "newsbrief: warnings in content";
    found.problems.forEach(function (p) {
      var item = document.createElement("li");
      item.textContent = p;  /* text, never markup: problems quote the editor's words */
      list.appendChild(item);
    });
    list.style.cssText = "margin:.3rem 0 0;padding-left:1.2rem";
    box.appendChild(title);
    box.appendChild(list);
    document.body.insertBefore(box, document.body.firstChild);
  });
})();</script>"""


def _write_problems(site_dir: Path) -> None:
    target = site_dir / PROBLEMS_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"problems": _problems}, ensure_ascii=False), "utf-8")


def _with_banner(output: str, config: Any) -> str:
    url = urlsplit(config.site_url or DEFAULT_SITE_URL).path.rstrip("/") + "/" + PROBLEMS_FILE
    script = _BANNER % {"url": json.dumps(url)}
    return output.replace("</body>", script + "</body>", 1)


_INDENT = re.compile(r"\n\s+")
_VERBATIM = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>|<script\b.*?</script>)", re.S)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Drop the theme's indentation (about 5% of a brief page, gzipped) but never a
    word break: every run of whitespace with a line break keeps one line break, and
    ``<pre>``, ``<textarea>`` and ``<script>`` stay exactly as they are.  Then hand the
    page to the search index under way, if any (:mod:`generator.indexing`)."""
    parts = _VERBATIM.split(output)  # text, verbatim, text, verbatim, …, text
    compact = "".join(part if i % 2 else _INDENT.sub("\n", part) for i, part in enumerate(parts))
    if _indexer is not None:
        _indexer.built(page.file.dest_uri, compact)
    return _with_banner(compact, config) if _serving else compact


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    # Rebuild on content changes; the generated folder changes only as a result of those.
    if hasattr(server, "unwatch"):
        server.unwatch(config.docs_dir)
    content = os.path.abspath(content_dir(config))  # noqa: PTH100 - MkDocs keys watches by it
    server.watch(content)
    if hasattr(server, "unwatch"):
        threading.Thread(
            target=_keep_watching, args=(server, content), daemon=True, name="newsbrief-watch"
        ).start()
    return server


REWATCH_INTERVAL = 0.5


def _keep_watching(server: Any, path: str) -> None:
    """Watch ``path`` again whenever it is replaced (deleted and made again).

    MkDocs' polling watcher stops for good once its folder disappears
    (watchdog queues a folder event, which MkDocs ignores, and ends): after a
    ``git checkout`` or a restore, saves would never rebuild again.  So, twice
    a second, this checks that the folder is the same one and still has a live
    watcher, and watches it again if not.
    """
    seen = _identity(path)
    while True:
        time.sleep(REWATCH_INTERVAL)
        now = _identity(path)
        if now is None:
            if seen is not None:
                log.warning("newsbrief: the content folder is gone; waiting for it to come back")
            seen = None
        elif now != seen or not _watched(server, path):
            try:
                server.unwatch(path)
                server.watch(path)
            except Exception as exc:  # a MkDocs whose watcher differs: warn once, no traceback
                log.warning(f"newsbrief: cannot watch the content folder again ({exc}); restart")
                return
            log.info("newsbrief: watching the content folder again")
            seen = now


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)  # noqa: PTH116 - a string path, polled
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _watched(server: Any, path: str) -> bool:
    """Whether a running watcher still watches ``path`` (true when it cannot be told)."""
    observer = getattr(server, "observer", None)
    if observer is None or not observer.is_alive():
        return True  # not started yet, or not a watchdog observer
    return any(e.watch.path == path and e.is_alive() for e in observer.emitters)

"""MkDocs hooks (``hooks: [generator/hook.py]`` in mkdocs.yml): a thin adapter.

* Every ``mkdocs build`` and ``mkdocs serve`` rebuild regenerates the Markdown
  first (only changed files are written, so ``--dirty`` rebuilds stay small).
* ``mkdocs serve`` watches the content folder instead of the generated one, so
  saving a YAML file triggers exactly one rebuild.
* Invalid content fails ``mkdocs build`` with clickable ``file:line:col``
  errors; while serving, it prints the same errors and keeps serving the last
  good site.
* The site's address and name (``site_url``, ``site_name``) reach the
  generator, which needs absolute URLs for feeds, JSON-LD and the data index.
* Search: after each build the finished site is indexed with Pagefind
  (``generator/search.py``), whose attributes ``on_post_page`` adds to the
  pages worth finding; while serving, in the background.  Under ``mkdocs
  serve --dirty``, built pages of deleted or renamed briefs are removed.
* Builds are reproducible: a page's sitemap date is its content's date (a
  brief's last change; for other pages the newest change to any brief), not
  the day of the build.  An explicit ``SOURCE_DATE_EPOCH`` still sets the
  date of pages without one of their own, as MkDocs does.

Only the MkDocs hook API is used (no virtual files, no plugin classes), which
MkDocs 1.6 and ProperDocs share.
"""

from __future__ import annotations

import gc
import logging
import os
import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

from mkdocs.exceptions import PluginError

from generator import pipeline, search
from generator.site import DEFAULT_SITE_URL, SiteInfo
from generator.write import generated_files

log = logging.getLogger("mkdocs.hooks.newsbrief")
_serving = False
_latest: date | None = None
_generated: set[str] | None = None  # what docs_dir held at the last build (see _prune_stale)


def on_startup(command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


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
    global _latest
    out = Path(config.docs_dir)
    result = pipeline.generate(content_dir(config), out, site_info(config))
    _latest = result.latest
    for problem in result.problems:
        (log.error if problem.severity == "error" else log.info)(str(problem))
    if result.ok:
        log.info(f"newsbrief: {result.report}")
        gc.freeze()  # see on_post_build
        return config
    if _serving and pipeline.has_output(out):
        log.error("newsbrief: content has errors; still serving the last good version")
        return config
    raise PluginError(f"newsbrief: {len(result.errors)} error(s) in content; nothing generated")


def on_post_build(config: Any) -> None:
    """Let the collector see everything again once MkDocs has built the site.

    The generator keeps the content it validated (``mkdocs serve`` regenerates
    from it in a tenth of a second); while MkDocs builds, every full collection
    would walk those millions of objects again, a tenth of the build.  So
    :func:`on_config` freezes them, and after the build (or a failed one) they
    are unfrozen, so that what a ``serve`` rebuild leaves behind is collected.
    """
    gc.unfreeze()
    if config is not None:  # None only when a test calls this for the collector alone
        _prune_stale(config)
        _index_for_search(config)


def _prune_stale(config: Any) -> None:
    """Remove the built pages of generated files that are gone since the last build.

    ``mkdocs serve --dirty`` never removes a built page, so a deleted or renamed
    brief would stay served (and found) at its old address.  A plain ``mkdocs
    build`` starts from an empty site_dir; there this finds nothing to remove.
    """
    global _generated
    now = generated_files(Path(config.docs_dir))
    if _generated is not None:
        gone = search.prune_stale(
            Path(config.site_dir), sorted(_generated - now), config.use_directory_urls
        )
        if gone:
            log.info(f"newsbrief: removed {gone} built page(s) of deleted content")
    _generated = now


def _index_for_search(config: Any) -> None:
    """Make the Pagefind index from the finished site (every page in site_dir, so after
    a ``--dirty`` rebuild it still covers the pages that were not rebuilt).  While
    serving, in the background: the preview reloads without waiting for it."""
    if _serving:
        search.INDEXER.request(Path(config.site_dir))
        return
    try:
        stats = search.build_index(Path(config.site_dir))
    except (OSError, RuntimeError) as error:
        raise PluginError(f"newsbrief: {error}") from error
    log.info(f"newsbrief: {stats}")


def on_build_error(error: Exception) -> None:
    gc.unfreeze()  # as on_post_build, which a failed build never reaches


def on_files(files: Any, config: Any) -> Any:
    """Leave Material's own search files out of the site: Pagefind replaces them."""
    for file in [f for f in files if search.is_material_search(f.src_uri)]:
        files.remove(file)
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Date the page by its content, so the sitemap does not change with the calendar."""
    own = (page.meta or {}).get("modified")
    if own:
        page.update_date = str(own)
    elif _latest and "SOURCE_DATE_EPOCH" not in os.environ:
        page.update_date = _latest.isoformat()
    return markdown


_INDENT = re.compile(r"\n\s+")
_VERBATIM = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>|<script\b.*?</script>)", re.S)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Drop the theme's indentation (about 5% of a brief page, gzipped) but never a
    word break: every run of whitespace with a line break keeps one line break, and
    ``<pre>``, ``<textarea>`` and ``<script>`` stay exactly as they are.  Then mark the
    page for Pagefind (:func:`generator.search.mark`)."""
    parts = _VERBATIM.split(output)  # text, verbatim, text, verbatim, …, text
    output = "".join(part if i % 2 else _INDENT.sub("\n", part) for i, part in enumerate(parts))
    return search.mark(output, page.file.src_uri)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    # Rebuild on content changes; the generated folder changes only as a result of those.
    if hasattr(server, "unwatch"):
        server.unwatch(config.docs_dir)
    server.watch(str(content_dir(config)))
    return server

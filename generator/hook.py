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
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from generator import pipeline
from generator.site import DEFAULT_SITE_URL, SiteInfo

log = logging.getLogger("mkdocs.hooks.newsbrief")
_serving = False
_latest: date | None = None


def on_startup(command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    global _serving
    _serving = command == "serve"
    if _serving and dirty:
        _explain_dirty_builds()


class _DirtyWarning(logging.Filter):
    """Drops MkDocs' warning about ``--dirty``: the preview rebuilds only the pages the
    generator rewrote, on purpose, and :func:`_explain_dirty_builds` says so once."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _explain_dirty_builds() -> None:
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarning())
    log.info(
        "newsbrief: the preview rebuilds only the pages whose Markdown changed (--dirty), "
        "so saves show in about a second; `make build` always builds the whole site"
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
    global _latest, _problems
    out = Path(config.docs_dir)
    result = pipeline.generate(content_dir(config), out, site_info(config), preview=_serving)
    _latest = result.latest
    _problems = [str(p) for p in result.problems]
    for problem in result.problems:
        (log.error if problem.severity == "error" else log.info)(str(problem))
    if result.ok:
        log.info(f"newsbrief: {result.report}")
        if result.errors:  # only while serving: see pipeline.generate(preview=True)
            log.error("newsbrief: content has errors; broken briefs show their last good version")
        gc.freeze()  # see on_post_build
        return config
    if _serving and pipeline.has_output(out):
        log.error("newsbrief: content has errors; still serving the last good version")
        return config
    raise PluginError(f"newsbrief: {len(result.errors)} error(s) in content; nothing generated")


def on_post_build(config: Any) -> None:
    """Let the collector see everything again once MkDocs has built the site, and, in
    the preview, publish the current problems for its banner.

    The generator keeps the content it validated (``mkdocs serve`` regenerates
    from it in a tenth of a second); while MkDocs builds, every full collection
    would walk those millions of objects again, a tenth of the build.  So
    :func:`on_config` freezes them, and after the build (or a failed one) they
    are unfrozen, so that what a ``serve`` rebuild leaves behind is collected.
    """
    gc.unfreeze()
    if _serving:
        _write_problems(Path(config.site_dir))


def on_build_error(error: Exception) -> None:
    gc.unfreeze()  # as on_post_build, which a failed build never reaches


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Date the page by its content, so the sitemap does not change with the calendar."""
    own = (page.meta or {}).get("modified")
    if own:
        page.update_date = str(own)
    elif _latest and "SOURCE_DATE_EPOCH" not in os.environ:
        page.update_date = _latest.isoformat()
    return markdown


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
    ``<pre>``, ``<textarea>`` and ``<script>`` stay exactly as they are."""
    parts = _VERBATIM.split(output)  # text, verbatim, text, verbatim, …, text
    compact = "".join(part if i % 2 else _INDENT.sub("\n", part) for i, part in enumerate(parts))
    return _with_banner(compact, config) if _serving else compact


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    # Rebuild on content changes; the generated folder changes only as a result of those.
    if hasattr(server, "unwatch"):
        server.unwatch(config.docs_dir)
    server.watch(str(content_dir(config)))
    return server

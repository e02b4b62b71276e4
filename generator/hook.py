"""MkDocs hooks (``hooks: [generator/hook.py]`` in mkdocs.yml): a thin adapter.

* Every ``mkdocs build`` and ``mkdocs serve`` rebuild regenerates the Markdown
  first (only changed files are written, so ``--dirty`` rebuilds stay small).
* ``mkdocs serve`` watches the content folder instead of the generated one, so
  saving a YAML file triggers exactly one rebuild.
* Invalid content fails ``mkdocs build`` with clickable ``file:line:col``
  errors; while serving, it prints the same errors and keeps serving the last
  good site.

Only the MkDocs hook API is used (no virtual files, no plugin classes), which
MkDocs 1.6 and ProperDocs share.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Literal

from mkdocs.exceptions import PluginError

from generator import pipeline

log = logging.getLogger("mkdocs.hooks.newsbrief")
_serving = False


def on_startup(command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def content_dir(config: Any) -> Path:
    """The YAML sources: ``extra.newsbrief.content`` in mkdocs.yml, relative to it."""
    configured = (config.extra.get("newsbrief") or {}).get("content") or "content"
    return Path(config.config_file_path).parent / configured


def on_config(config: Any) -> Any:
    out = Path(config.docs_dir)
    result = pipeline.generate(content_dir(config), out)
    for problem in result.problems:
        (log.error if problem.severity == "error" else log.info)(str(problem))
    if result.ok:
        log.info(f"newsbrief: {result.report}")
        return config
    if _serving and any(out.iterdir()):
        log.error("newsbrief: content has errors; still serving the last good version")
        return config
    raise PluginError(f"newsbrief: {len(result.errors)} error(s) in content; nothing generated")


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    # Rebuild on content changes; the generated folder changes only as a result of those.
    if hasattr(server, "unwatch"):
        server.unwatch(config.docs_dir)
    server.watch(str(content_dir(config)))
    return server

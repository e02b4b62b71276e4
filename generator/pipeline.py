"""The pipeline: load → validate → render → write, as one call.

Adapters (the CLI, the MkDocs hook) call :func:`generate`; they never reach
into a stage themselves.  A run with errors in the content stops before the
write stage, so the previous output stays exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .diagnostics import Problem, Severity
from .render import SiteInfo, render_outputs
from .validate import validate_content
from .write import WriteReport, write_pages

DEFAULT_CONTENT = Path("content")
DEFAULT_OUT = Path("docs")


@dataclass
class Result:
    problems: list[Problem] = field(default_factory=list)
    report: WriteReport | None = None
    """``None`` when content errors stopped the run before anything was written."""
    latest: date | None = None
    """The newest change to any brief: the date of pages that have none of their own."""

    @property
    def ok(self) -> bool:
        return self.report is not None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def check(content: Path = DEFAULT_CONTENT) -> Result:
    """Load and validate only (what ``newsbrief validate`` does)."""
    _, problems = validate_content(content)
    return Result(problems)


def generate(
    content: Path = DEFAULT_CONTENT, out: Path = DEFAULT_OUT, site: SiteInfo | None = None
) -> Result:
    """Turn the YAML under ``content`` into Markdown, feeds and data under ``out``.

    ``site`` says where the site is published; feeds and JSON-LD need its
    absolute address (the hook passes mkdocs.yml's ``site_url``).
    """
    corpus, problems = validate_content(content)
    if corpus is None:
        return Result(problems)
    report = write_pages(out, render_outputs(corpus, site or SiteInfo()))
    latest = max((b.modified for b in corpus.briefs), default=None)
    return Result(problems, report, latest)

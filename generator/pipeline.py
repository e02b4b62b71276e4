"""The pipeline: load → validate → render → write, as one call.

Adapters (the CLI, the MkDocs hook) call :func:`generate`; they never reach
into a stage themselves.  A run with errors in the content stops before the
write stage, so the previous output stays exactly as it was.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import fidelity, images, memo, parallel, render, validate
from .cache import Cache
from .diagnostics import Problem, Severity
from .load import list_texts, read_pages
from .model import Corpus
from .render import iter_outputs
from .site import SiteInfo, brief_path
from .validate import validate_content
from .write import PageText, WriteReport, generated_files, still_written, write_pages

DEFAULT_CONTENT = Path("content")
DEFAULT_OUT = Path("docs")


@dataclass
class Result:
    problems: list[Problem] = field(default_factory=list)
    report: WriteReport | None = None
    """``None`` when content errors stopped the run before anything was written."""
    latest: date | None = None
    """The newest change to any brief: the date of pages that have none of their own."""
    quotes_proved: tuple[int, int] | None = None
    """(quotes proved against a stored source text, all quotes), for valid content."""
    dates: dict[str, date] = field(default_factory=dict)
    """The pages with a date of their own (a brief's last change), by generated path."""

    @property
    def ok(self) -> bool:
        return self.report is not None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def forget() -> None:
    """Let go of the last run's corpus and everything made from it.

    A long-running ``mkdocs serve`` keeps them, so that a save costs only what it
    changed; a one-off build has no next run, and at 10,000 briefs they hold a third
    of a gigabyte that MkDocs could use while it builds the site.
    """
    validate.forget()
    render.forget()
    images.forget()


def has_output(out: Path) -> bool:
    """Whether an earlier run left generated files in ``out`` (a last good version)."""
    return bool(generated_files(out))


def check(content: Path = DEFAULT_CONTENT) -> Result:
    """Load and validate only (what ``newsbrief validate`` does)."""
    corpus, problems = validate_content(content)
    problems += read_pages(content)[1]
    proved = fidelity.coverage(corpus, list_texts(content)) if corpus else None
    return Result(problems, quotes_proved=proved)


def generate(
    content: Path = DEFAULT_CONTENT,
    out: Path = DEFAULT_OUT,
    site: SiteInfo | None = None,
    *,
    preview: bool = False,
) -> Result:
    """Turn the YAML under ``content`` into Markdown, feeds and data under ``out``.

    ``site`` says where the site is published; feeds and JSON-LD need its
    absolute address (the hook passes mkdocs.yml's ``site_url``).  With
    ``preview`` (``mkdocs serve``), a broken brief does not hold back the
    others: it keeps its last good page while they are written (the problems
    are still reported).
    """
    cache = Cache(out)
    corpus, problems = validate_content(content, preview=preview, cache=cache)
    pages, page_problems = read_pages(content)
    problems = [*problems, *page_problems]
    if corpus is None or page_problems:
        cache.discard()
        return Result(problems)
    memo.begin(cache, shared=(corpus.actors, corpus.stories))
    written = False
    try:
        report = _write(corpus, out, site or SiteInfo(), pages)
        written = True
    finally:
        memo.finish(keep=written)
        if written:
            cache.commit()
        else:
            cache.discard()
    dates = {brief_path(b.id): b.modified for b in corpus.briefs}
    return Result(problems, report, max(dates.values(), default=None), dates=dates)


def _write(corpus: Corpus, out: Path, site: SiteInfo, pages: dict[str, str]) -> WriteReport:
    """Render and write: pages whose inputs did not change, in this process or an earlier
    one, are neither rendered nor written again (see :mod:`generator.memo`); then the
    lead images, likewise."""
    on_disk = still_written(out)
    pictures: Iterator[tuple[str, PageText]]
    pictures = parallel.made_in_order(images.image_jobs(corpus, on_disk))
    with _corpus_frozen():
        outputs = iter_outputs(corpus, site, on_disk, pages)
        return write_pages(out, itertools.chain(outputs, pictures))


@contextmanager
def _corpus_frozen() -> Iterator[None]:
    """Keep the cycle collector off everything that exists before rendering starts.

    Rendering makes garbage all the time, and each full collection would walk
    every object of the corpus again (10,000 briefs are millions of them): a
    third of the time of a large run.  Frozen objects are still freed as usual
    once unreferenced.  The forked render workers also stop copying the pages
    that a collection would have touched.
    """
    if gc.get_freeze_count():  # someone froze objects already: theirs to thaw, not ours
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()

"""The search index of a one-off build, made while MkDocs builds the pages.

Pagefind runs on one core, and MkDocs builds pages on one core: indexing after the
build (as :func:`generator.search.build_index` does) leaves a core idle for as long
as either takes.  So, from the moment MkDocs knows its pages (``on_env``), Pagefind
is fed the pages worth finding in the order :func:`~generator.search.build_index`
would read them, the order that fixes the index (see :mod:`generator.pagefind`):
a page MkDocs will not build (an incremental build keeps it) is read from the site
at once, a page it builds is taken from ``on_post_page`` as soon as it is made.

The index is the very one :func:`~generator.search.build_index` makes from the
finished site: the same pages, the same HTML, the same order.  Should MkDocs build a
page that was read already (it never should), the index is made again afterwards
from the finished site.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from . import pagefind, search


class PageIndexer:
    """Pagefind, fed in a thread from the pages of a build under way.

    ``pages``: each HTML page of the site worth indexing (relative to ``site_dir``),
    and whether MkDocs will build it in this build.
    """

    def __init__(self, site_dir: Path, pages: list[tuple[str, bool]]) -> None:
        self.site_dir = site_dir.resolve()
        ordered = sorted((self.site_dir / rel, built) for rel, built in pages)
        self._pages = [(p.relative_to(self.site_dir).as_posix(), built) for p, built in ordered]
        self._awaited = {rel for rel, built in self._pages if built}
        self._made: dict[str, pagefind.Document | None] = {}
        self._read: set[str] = set()
        self._changed = threading.Condition()
        self._ended = self._stopped = self._surprise = False
        self._files: dict[str, bytes] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True, name="newsbrief-index")

    def start(self) -> None:
        self._thread.start()

    def built(self, rel: str, html: str) -> None:
        """MkDocs made page ``rel``: ``html`` is what it writes (``on_post_page``'s result)."""
        if rel not in self._awaited:
            with self._changed:
                self._surprise = self._surprise or rel in self._read
            return
        document = search.document(rel, html)  # only what Pagefind reads is kept meanwhile
        with self._changed:
            self._made[rel] = document
            self._changed.notify_all()

    def finish(self) -> search.IndexStats:
        """Every page is built: wait for the index, then put it in place."""
        self._end(stop=False)
        if self._surprise:  # a page was read before MkDocs rebuilt it: index the site itself
            return search.build_index(self.site_dir)
        if self._error is not None or self._files is None:
            raise RuntimeError(f"pagefind failed: {self._error}")
        return search.put_bundle(self.site_dir, self._files)

    def abandon(self) -> None:
        """The build failed: stop Pagefind, and leave the site alone."""
        self._end(stop=True)

    def _end(self, *, stop: bool) -> None:
        with self._changed:
            self._ended, self._stopped = True, stop
            self._changed.notify_all()
        self._thread.join()

    def _run(self) -> None:
        try:
            self._files = pagefind.index_pages(self._documents())
        except (OSError, ValueError, KeyError, pagefind.PagefindError) as error:
            self._error = error

    def _documents(self) -> Iterator[pagefind.Document]:
        for rel, built in self._pages:
            found = self._wait_for(rel) if built else None
            if found is None:
                with self._changed:
                    if self._stopped:
                        raise ValueError("the build failed")  # ends Pagefind
                    self._read.add(rel)
                html = (self.site_dir / rel).read_text("utf-8", errors="replace")
                found = (search.document(rel, html),)
            if found[0] is not None:
                yield found[0]

    def _wait_for(self, rel: str) -> tuple[pagefind.Document | None] | None:
        """Page ``rel`` as MkDocs made it; ``None`` if the build ended without making it."""
        with self._changed:
            while rel not in self._made and not self._ended:
                self._changed.wait()
            if rel not in self._made:
                return None
            return (self._made.pop(rel),)

"""What each output was made from last time in this process, so as not to make it again.

``mkdocs serve`` regenerates on every save.  The render stage (pages) and the
data export (JSON files) each keep a :class:`Memo`: per file, what it was made
from and the fingerprint of what was made (never the text: 10,000 briefs'
pages are hundreds of megabytes).  A file whose inputs are equal to last
time's, and whose file is still the one written from it (``on_disk``), is
handed to the write stage as :class:`~generator.write.Unchanged`;
any other becomes a :class:`~generator.parallel.Job`, made in a worker, which
encodes and fingerprints it there.  Inputs compare instantly when unchanged:
validation hands back the very same objects for files whose bytes did not change.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from .parallel import Job
from .write import Encoded, PageText, Unchanged, encoded

OnDisk = Callable[[str, bytes], bool]
"""Whether the file at a path (relative to the output) is still the one written with
this fingerprint: the write stage's own record (:func:`generator.write.still_written`)."""


def _nowhere(path: str, fingerprint: bytes) -> bool:
    return False


Output = Job | PageText
"""A file on its way to the write stage: made already, to be made, or unchanged."""


def job(make: Callable[[], str | bytes], made: Callable[[Encoded], None] | None = None) -> Job:
    """``make`` as a job whose result is encoded and fingerprinted where it runs."""
    return Job(functools.partial(_encode, make), made)


def _encode(make: Callable[[], str | bytes]) -> Encoded:
    return encoded(make())


class Memo:
    """Per file, the inputs it was last made from and the fingerprint of the result."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[object, bytes]] = {}
        self._now: dict[str, tuple[object, bytes]] = {}
        self._on_disk: OnDisk = _nowhere

    def start(self, on_disk: OnDisk | None = None) -> None:
        """A new run: what the last one made is what this one may reuse, where
        ``on_disk(path, fingerprint)`` says the file written from it is still there."""
        self._last, self._now = self._now, {}
        self._on_disk = on_disk or _nowhere

    def forget(self) -> None:
        """Drop what the last run made (and the objects its inputs hold)."""
        self._last, self._now = {}, {}

    def output(self, path: str, inputs: object, make: Callable[[], str | bytes]) -> Output:
        """``path`` as made from ``inputs`` (``None``: not known, always made) by ``make``."""
        if inputs is None:
            return job(make)
        last = self._last.get(path)
        if last is not None and last[0] == inputs and self._on_disk(path, last[1]):
            self._now[path] = last
            return Unchanged(last[1])
        return job(make, functools.partial(self._remember, path, inputs))

    def _remember(self, path: str, inputs: object, made: Encoded) -> None:
        self._now[path] = (inputs, made.fingerprint)

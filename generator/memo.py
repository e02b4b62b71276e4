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

A new process (every ``make build``) has none of those objects.  For it, each
memo also keeps, per file, the :mod:`digest <generator.digest>` of the inputs
and the fingerprint made from them, in the output's :class:`~generator.cache.Cache`:
the pipeline loads them (:func:`begin`) and stores them after a good write
(:func:`finish`).  Rendering is a pure function of its inputs and the code, and
the cache is kept per version of the code, so a stored pair is true for good;
``on_disk`` still decides whether the file holds it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

from .cache import Cache
from .digest import Digester, Undigestable, name_by_source, unname
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


def _encode_digested(make: Callable[[], str | bytes], inputs: object) -> Encoded:
    """:func:`_encode`, with the digest of ``inputs`` worked out here too: in a worker,
    on every core, rather than in the process that hands out the jobs.  With a digester
    of its own, which lets go of what it saw once done: a worker's memory stays that of
    the page it makes (what all pages share is named at :func:`begin`)."""
    try:
        made_from: bytes | None = Digester().of(inputs)
    except Undigestable:
        made_from = None
    return encoded(make())._replace(made_from=made_from)


Entry = tuple[object, bytes | None, bytes]
"""What a file was made from (the objects, and their digest when known) and the
fingerprint of what was made."""


class Memo:
    """Per file, the inputs it was last made from and the fingerprint of the result."""

    def __init__(self, name: str | None = None) -> None:
        self.name = name
        """Its name in the cache; one without a name is kept in this process only."""
        self._last: dict[str, Entry] = {}
        self._now: dict[str, Entry] = {}
        self._stored: dict[str, tuple[bytes, bytes]] = {}
        self._on_disk: OnDisk = _nowhere
        self._kept: bytes | None = None
        """The table this process last stored, while it is the table of ``_last``."""
        if name is not None:
            _MEMOS[name] = self

    def start(self, on_disk: OnDisk | None = None) -> None:
        """A new run: what the last one made is what this one may reuse, where
        ``on_disk(path, fingerprint)`` says the file written from it is still there.
        A process's first run reuses what earlier processes stored, if anything."""
        self._last, self._now = self._now, {}
        self._on_disk = on_disk or _nowhere
        cache, name = _run.cache, self.name
        self._stored = _load(cache, name) if cache and name and not self._last else {}

    def forget(self) -> None:
        """Drop what the last run made (and the objects its inputs hold)."""
        self._last, self._now, self._stored = {}, {}, {}

    def output(self, path: str, inputs: object, make: Callable[[], str | bytes]) -> Output:
        """``path`` as made from ``inputs`` (``None``: not known, always made) by ``make``."""
        if inputs is None:
            return job(make)
        last = self._last.get(path)
        if last is not None and last[0] == inputs and self._on_disk(path, last[2]):
            self._now[path] = last
            return Unchanged(last[2])
        stored = self._stored.get(path)
        digest = None
        if stored and self._on_disk(path, stored[1]):  # made by an earlier process: from this?
            digest = _run.digest(inputs)
            if digest == stored[0]:
                self._now[path] = (inputs, digest, stored[1])
                return Unchanged(stored[1])
        remember = functools.partial(self._remember, path, inputs, digest)
        if digest is None and _run.digester is not None:  # the worker works the digest out
            return Job(functools.partial(_encode_digested, make, inputs), remember)
        return job(make, remember)

    def _remember(self, path: str, inputs: object, digest: bytes | None, made: Encoded) -> None:
        self._now[path] = (inputs, digest or made.made_from, made.fingerprint)

    def _table(self) -> bytes:
        """The table to store: the one stored last time if every entry is the same."""
        last = self._last
        if (
            self._kept is None
            or len(last) != len(self._now)
            or any(last.get(path) is not entry for path, entry in self._now.items())
        ):
            pairs = {p: f"{d.hex()} {f.hex()}" for p, (_, d, f) in sorted(self._now.items()) if d}
            self._kept = json.dumps(pairs, separators=(",", ":")).encode()
        return self._kept


def _load(cache: Cache, name: str) -> dict[str, tuple[bytes, bytes]]:
    """A memo's table as :meth:`Memo._table` stored it; a damaged one is no table."""
    raw = cache.read(TABLES, [name]).get(name)
    try:
        pairs = json.loads(raw) if raw else {}
        found = {}
        for path, value in pairs.items():
            digest, fingerprint = value.split(" ")
            found[path] = (bytes.fromhex(digest), bytes.fromhex(fingerprint))
        return found
    except (ValueError, TypeError, AttributeError):
        return {}


TABLES = "memo"
_MEMOS: dict[str, Memo] = {}


class _Run:
    """The cache of the run in progress, and its digests (see :func:`begin`)."""

    def __init__(self) -> None:
        self.cache: Cache | None = None
        self.digester: Digester | None = None
        self.shared: tuple[object, ...] = ()

    def digest(self, inputs: object) -> bytes | None:
        if self.digester is None:
            return None
        try:
            return self.digester.of(inputs)
        except Undigestable:
            return None


_run = _Run()


def begin(cache: Cache | None, shared: tuple[object, ...] = ()) -> None:
    """Start a run whose memos may reuse, and will store, results kept in ``cache``.
    ``shared``: values that many pages are made from (the registries), digested once
    here and named by their digest for the run."""
    _run.cache = cache
    _run.digester = Digester() if cache else None
    _run.shared = ()
    for value in shared if cache else ():
        try:
            name_by_source(value, Digester().of(value))
        except Undigestable:  # then each page walks it, or is made
            continue
        _run.shared += (value,)


def finish(*, keep: bool) -> None:
    """End the run; with ``keep`` (the write succeeded), stage every memo's table."""
    if keep and _run.cache:
        tables = [(name, m._table()) for name, m in _MEMOS.items()]
        _run.cache.stage(TABLES, lambda: tables, keep=set())
    else:
        for each in _MEMOS.values():
            each._kept = None
    for value in _run.shared:
        unname(value)
    _run.cache, _run.digester, _run.shared = None, None, ()

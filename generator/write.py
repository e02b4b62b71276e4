"""Stage 4, write: rendered pages → files, incrementally and all-or-nothing.

* **Incremental.** A file is written only when its bytes change, so MkDocs'
  ``--dirty`` rebuild and ``mkdocs serve`` see only real changes.
* **Owned.** A manifest records which files the generator made; only those are
  ever removed (a stale brief disappears, anything else is left alone), and
  nothing is written outside the output folder.
* **All-or-nothing.** Changed files are first written completely into a
  staging folder beside the output; only then are they moved into place, one
  atomic rename each.  A failure while rendering or staging leaves the
  previous output exactly as it was; no reader ever sees a half-written file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

MANIFEST = ".newsbrief-manifest"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{len(self.written)} written, {len(self.removed)} removed, {self.unchanged} unchanged"
        )


class UnsafePathError(ValueError):
    """A page path that would land outside the output folder."""


class Encoded(NamedTuple):
    """A file's text, encoded and fingerprinted where it was made: in a worker process,
    so that this stage, in the parent, only has to compare and write.  The
    fingerprint (16 bytes) is what producers and this stage remember of a file,
    instead of its text."""

    data: bytes
    fingerprint: bytes


def encoded(text: str | bytes) -> Encoded:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return Encoded(data, _digest(data))


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class Unchanged(NamedTuple):
    """A file's text, as a producer that knows it is the text it made last time.

    The producer kept only its fingerprint.  If the file on disk is still the
    one written from it, nothing is made or read; only otherwise (another
    folder, a file edited by hand) is ``text`` called to make it again.
    """

    fingerprint: bytes
    text: Callable[[], str]


PageText = str | Encoded | Unchanged


def write_pages(
    out_dir: Path, pages: Mapping[str, PageText] | Iterable[tuple[str, PageText]]
) -> WriteReport:
    """Make ``out_dir`` hold exactly ``pages`` (plus any files the generator does not own).

    ``pages`` may also be an iterable of ``(path, text)`` pairs, consumed once, so
    a renderer can hand over one page at a time instead of the whole site in memory.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(out_dir)
    items = pages.items() if isinstance(pages, Mapping) else pages
    folder = out_dir.resolve()
    last = _WRITTEN.get(folder, {})
    written: dict[str, tuple[bytes, tuple[int, int] | None]] = {}
    with _Staging(out_dir) as staging:
        for path, page in items:
            key = _checked(path)
            target = out_dir / key
            known = last.get(key)
            intact = known is not None and known[1] == _stat(target)  # untouched since written
            if isinstance(page, Unchanged):
                if intact and known and known[0] == page.fingerprint:
                    written[key] = known  # the very file we wrote last time: not even read
                    continue
                page = page.text()
            data, digest = page if isinstance(page, Encoded) else encoded(page)
            if intact and known and known[0] == digest:
                written[key] = known
                continue
            written[key] = (digest, None)  # its size and time are taken once it is in place
            if not _same(target, data):
                staging.add(key, data)  # staged now, so no changed file is held in memory
        staging.commit()  # reached only when every page rendered, checked and staged
    paths = written.keys()
    previous = generated_files(out_dir)
    stale = sorted(previous - paths)
    changed = sorted(staging.staged)
    report = WriteReport(written=changed, removed=stale, unchanged=len(paths) - len(changed))
    for path in stale:
        (out_dir / path).unlink(missing_ok=True)
        _prune_empty_parents(out_dir, out_dir / path)
    if previous != paths:
        _write_manifest(out_dir, paths)
    _WRITTEN[folder] = {p: (d, stat or _stat(out_dir / p)) for p, (d, stat) in written.items()}
    _MANIFESTS[folder] = _stat(out_dir / MANIFEST)
    return report


_WRITTEN: dict[Path, dict[str, tuple[bytes, tuple[int, int] | None]]] = {}
"""Per output folder, what the last :func:`write_pages` in this process left there:
each file's fingerprint, size and modification time.  16 bytes and two numbers a
file, where the texts of 10,000 briefs' pages would take hundreds of megabytes."""
_MANIFESTS: dict[Path, tuple[int, int] | None] = {}


def _stat(path: Path | str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)  # noqa: PTH116 - output_intact passes strings, for speed
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def output_intact(out_dir: Path) -> bool:
    """Whether ``out_dir`` still holds exactly what :func:`write_pages` last wrote there.

    Lets a caller that knows its input did not change skip rendering and
    writing altogether (``mkdocs serve`` regenerating after a theme edit),
    yet still repair the output if someone deleted or edited a generated file.
    Checks sizes and modification times only: a stat per file, no reads.
    """
    folder = out_dir.resolve()
    before = _WRITTEN.get(folder)
    if before is None or _MANIFESTS.get(folder) != _stat(out_dir / MANIFEST):
        return False
    prefix = f"{out_dir}{os.sep}"  # strings, not paths: 25,000 of them at 10,000 briefs
    return all(stat == _stat(prefix + path) for path, (_, stat) in before.items())


def _checked(path: str) -> str:
    """Reject absolute paths and ``..``: ids are slugs, but this stage trusts nothing."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in path:
        raise UnsafePathError(f"refusing to write outside the output folder: {path!r}")
    return pure.as_posix()


def _same(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


class _Staging:
    """Changed files, written completely beside the output before any is moved into place.

    The staging folder is made on the first changed file (a run with no change
    touches nothing) and always removed on exit; if anything fails before
    :meth:`commit`, the output folder is exactly as it was.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.folder: Path | None = None
        self.staged: list[str] = []
        self.made: set[PurePosixPath] = set()  # each folder made once, not once per file

    def __enter__(self) -> _Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def add(self, path: str, data: bytes) -> None:
        if self.folder is None:
            prefix = f".{self.out_dir.name}.staging-{os.getpid()}-"
            self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=self.out_dir.parent))
        parent = PurePosixPath(path).parent
        if parent not in self.made:
            (self.folder / parent).mkdir(parents=True, exist_ok=True)
            self.made.add(parent)
        (self.folder / path).write_bytes(data)
        self.staged.append(path)

    def commit(self) -> None:
        """Everything is staged: now only renames, which cannot half-happen."""
        if self.folder is None:
            return
        for parent in self.made:
            (self.out_dir / parent).mkdir(parents=True, exist_ok=True)
        for path in sorted(self.staged):
            os.replace(self.folder / path, self.out_dir / path)  # noqa: PTH105 - tests spy on it


def generated_files(out_dir: Path) -> set[str]:
    """The files an earlier run generated in ``out_dir`` (from its manifest)."""
    try:
        lines = (out_dir / MANIFEST).read_text("utf-8").splitlines()
    except OSError:
        return set()
    paths = set()
    for line in lines:
        try:
            paths.add(_checked(line))
        except UnsafePathError:
            continue  # a tampered manifest must not make us delete outside the folder
    return paths


def _write_manifest(out_dir: Path, paths: object) -> None:
    text = "".join(f"{p}\n" for p in sorted(paths))  # type: ignore[call-overload]
    temp = out_dir / f"{MANIFEST}.tmp"
    temp.write_text(text, "utf-8")
    os.replace(temp, out_dir / MANIFEST)  # noqa: PTH105


def _prune_empty_parents(root: Path, path: Path) -> None:
    parent = path.parent
    while parent != root and parent.is_relative_to(root):
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def _remove_abandoned(out_dir: Path) -> None:
    """Remove staging folders left by runs that were killed: their process is gone.

    A folder's name carries the id of the process that made it, so a run never
    removes the staging folder of another run that is still going.
    """
    for folder in out_dir.parent.glob(f".{out_dir.name}.staging-*"):
        pid = folder.name.removeprefix(f".{out_dir.name}.staging-").split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True

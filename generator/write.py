"""Stage 4, write: rendered pages → files, incrementally and all-or-nothing.

* **Incremental.** A file is written only when its bytes change, so MkDocs'
  ``--dirty`` rebuild and ``mkdocs serve`` see only real changes.
* **Owned.** A manifest records which files the generator made; only those are
  ever removed (a stale brief disappears, anything else is left alone).  A file
  it did not make, at a path it would write, is an error that names the file.
* **Confined.** Every path is walked one folder at a time from the output
  folder, never following a symbolic link (``O_NOFOLLOW`` and folder
  descriptors): a link inside the output is refused, so nothing outside it is
  ever written or deleted, even if a link appears while the run is going.
* **All-or-nothing.** Changed files are first written completely into a
  staging folder *inside* the output (``.newsbrief/``: the same file system,
  so a mounted docs_dir works; hidden, so MkDocs ignores it).  Then a journal
  that lists every rename and deletion is put in place with one atomic rename:
  that is the commit point.  The journal is replayed, and removed once done.
  A run killed before the commit point leaves the output as it was; one
  killed after it is finished by the next run (or by :func:`recover`), which
  replays the same journal.  A lock keeps concurrent runs apart.
* **One-way.** Committing replays the journal on disk and nothing else: it
  never calls back into rendering, so a run that is repaired later does the
  very same thing as one that was never interrupted.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from .diagnostics import display_path

MANIFEST = ".newsbrief-manifest"
STATE = ".newsbrief"
"""The writer's own folder in the output: its lock, journal and staging folders.
MkDocs excludes names starting with a dot from docs_dir (``.*`` in its default
``exclude_docs``), so nothing in it is ever built, copied or served."""
LOCK = "lock"
JOURNAL = "journal"
RECORD = "written"
"""What the last run left in the output: each file's fingerprint, size and time (see
:func:`still_written`), so that a new process need not read a file to trust it."""
CACHE = "cache"
"""Results kept between processes by :mod:`generator.cache`; the writer leaves it alone."""
LOCK_TIMEOUT = 120.0
"""Seconds a run waits for another one writing the same folder (a cold 10,000-brief run is 15 s)."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    """What the writer repaired on its way (a damaged manifest); shown with the counts."""

    def __str__(self) -> str:
        counts = (
            f"{len(self.written)} written, {len(self.removed)} removed, {self.unchanged} unchanged"
        )
        return "; ".join([counts, *self.notes])


class UnsafePathError(ValueError):
    """A page path that would land outside the output folder: a bug in a producer."""


class OutputError(Exception):
    """The output folder cannot be written as asked: a full disk, a read-only mount, a
    link or a hand-written file in the way.  The message is one line that says what
    to do; the caller shows it as it is (exit code 3, or a MkDocs PluginError)."""


class Encoded(NamedTuple):
    """A file's text, encoded and fingerprinted where it was made: in a worker process,
    so that this stage, in the parent, only has to compare and write.  The
    fingerprint (16 bytes) is what producers and this stage remember of a file,
    instead of its text."""

    data: bytes
    fingerprint: bytes
    made_from: bytes | None = None
    """The digest of what it was made from, when the worker worked it out (see
    :mod:`generator.memo`); this stage has no use for it."""


def encoded(text: str | bytes) -> Encoded:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return Encoded(data, _digest(data))


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class Unchanged(NamedTuple):
    """A file its producer made last time, unchanged, and (by :func:`still_written`) still
    on disk as written: the writer leaves it alone and never asks for its text."""

    fingerprint: bytes


PageText = str | Encoded | Unchanged

_fault: Callable[[str], None] | None = None
"""Called at each named step of a run (``staged``, ``journal``, ``put``, ``delete``,
``manifest``, ``done``).  Tests set it to kill the writer at an exact point; it is
never set otherwise."""


def _step(name: str) -> None:
    if _fault is not None:
        _fault(name)


def write_pages(
    out_dir: Path, pages: Mapping[str, PageText] | Iterable[tuple[str, PageText]]
) -> WriteReport:
    """Make ``out_dir`` hold exactly ``pages`` (plus any files the generator does not own).

    ``pages`` may also be an iterable of ``(path, text)`` pairs, consumed once, so
    a renderer can hand over one page at a time instead of the whole site in memory.
    Raises :class:`OutputError` when the output cannot be written; the output is
    then as it was, or (if committing had started) finished by the next run.
    """
    items = pages.items() if isinstance(pages, Mapping) else pages
    with _opened(out_dir, create=True) as tree:
        assert tree is not None
        return _Run(tree).write(items)


def still_written(out_dir: Path) -> Callable[[str, bytes], bool]:
    """Whether the file at a path under ``out_dir`` is still the one the last
    :func:`write_pages` wrote with a fingerprint (same size and modification time;
    nothing is read), in this process or, from its record, in an earlier one.
    Producers ask it before they hand over :class:`Unchanged`, so the writer is given
    every text it needs, never calls back.
    """
    try:
        written = _record_of(out_dir.resolve())
    except (OSError, OutputError):
        written = {}

    def check(rel: str, fingerprint: bytes) -> bool:
        known = written.get(rel)
        if known is None or known[0] != fingerprint or known[1] is None:
            return False
        return _lstat(out_dir / rel) == known[1]

    return check


def _lstat(path: Path) -> tuple[int, int] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns) if stat.S_ISREG(info.st_mode) else None


def recover(out_dir: Path) -> None:
    """Finish a commit that a killed run left half done, if any.

    The MkDocs hook calls it before anything else, so that even a build whose
    content has errors (which writes nothing) never serves a mix of old and new.
    """
    if not (out_dir / STATE).is_dir():
        return
    with _opened(out_dir, create=False):
        pass  # opening takes the lock and replays a pending journal


_WRITTEN: dict[Path, dict[str, tuple[bytes, tuple[int, int] | None]]] = {}
"""Per output folder, what the last :func:`write_pages` in this process left there:
each file's fingerprint, size and modification time.  16 bytes and two numbers a
file, where the texts of 10,000 briefs' pages would take hundreds of megabytes."""
_MANIFESTS: dict[Path, tuple[int, int] | None] = {}

Record = dict[str, tuple[bytes, tuple[int, int] | None]]
_RECORDED: dict[Path, Record] = {}
"""Per output folder, the record this process last put on disk (not written again)."""


def kept_state(out_dir: Path) -> list[str]:
    """What the writer's folder holds besides its record and the cache: after a run,
    whether it failed or not, only the lock (no staging folder, no journal)."""
    return sorted(p.name for p in (out_dir / STATE).iterdir() if p.name not in (RECORD, CACHE))


def _record_of(folder: Path, tree: _Tree | None = None) -> Record:
    """What the last run wrote in ``folder``: this process's, or the one on disk (read
    through ``tree`` when the folder is open already)."""
    known = _WRITTEN.get(folder)
    if known is None:
        if tree is None:
            with _opened(folder, create=False) as opened:
                raw = opened.read(f"{STATE}/{RECORD}") if opened is not None else None
        else:
            raw = tree.read(f"{STATE}/{RECORD}")
        known = _WRITTEN[folder] = _parse_record(raw or b"")
    return known


def _parse_record(raw: bytes) -> Record:
    """A record as :func:`_record_bytes` wrote it; a damaged one is no record at all."""
    try:
        data = json.loads(raw) if raw else {}
        return {p: (bytes.fromhex(f), (int(z), int(t))) for p, (f, z, t) in data.items()}
    except (ValueError, TypeError, AttributeError):
        return {}


def _record_bytes(record: Record) -> bytes:
    data = {p: [f.hex(), *st] for p, (f, st) in sorted(record.items()) if st is not None}
    return json.dumps(data, separators=(",", ":")).encode()


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
    if (out_dir / STATE / JOURNAL).exists():  # another process was killed while committing
        return False
    prefix = f"{out_dir}{os.sep}"  # strings, not paths: 25,000 of them at 10,000 briefs
    return all(stat == _stat(prefix + path) for path, (_, stat) in before.items())


def _checked(path: str) -> str:
    """Reject absolute paths and ``..``: ids are slugs, but this stage trusts nothing."""
    pure = PurePosixPath(path)
    if (
        pure.is_absolute()
        or ".." in pure.parts
        or not pure.parts
        or "\\" in path
        or "\0" in path
        or pure.parts[0] in (STATE, MANIFEST)  # the writer's own
    ):
        raise UnsafePathError(f"refusing to write outside the output folder: {path!r}")
    return pure.as_posix()


def generated_files(out_dir: Path) -> set[str]:
    """The files an earlier run generated in ``out_dir`` (from its manifest)."""
    try:
        fd = os.open(out_dir / MANIFEST, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return set()
    with os.fdopen(fd, "rb") as file:
        return _parse_manifest(file.read())[0]


def _parse_manifest(raw: bytes) -> tuple[set[str], bool]:
    """The paths a manifest lists, and whether it was damaged (then: the paths that
    could still be read).  A damaged line never makes us delete outside the folder."""
    text = raw.decode("utf-8", "replace")
    damaged = "\ufffd" in text
    paths = set()
    for line in text.splitlines():
        try:
            paths.add(_checked(line))
        except UnsafePathError:
            damaged = True
    return paths, damaged


# --- the output folder, without following links -------------------------------------------

_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _split(rel: str) -> tuple[str, str]:
    parent, _, name = rel.rpartition("/")
    return parent, name


class _Tree:
    """A folder whose subfolders are opened one component at a time, never through a link.

    Every operation takes a folder descriptor and a plain name, so a link
    anywhere below the root (made before or during the run) is refused rather
    than followed.  The root itself is what the user configured and may be one.
    """

    def __init__(self, root: Path, fd: int) -> None:
        self.root = root
        self.fds: dict[str, int] = {"": fd}
        self.at = ""
        """The path being worked on, so that an OSError can name it."""

    def close(self) -> None:
        for fd in self.fds.values():
            os.close(fd)
        self.fds.clear()

    def shown(self, rel: str) -> str:
        return display_path(self.root / rel if rel else self.root)

    def folder(self, rel: str, *, create: bool) -> int | None:
        """The descriptor of folder ``rel``; ``None`` if it does not exist and is not made."""
        fd = self.fds.get(rel)
        if fd is not None:
            return fd
        parent, name = _split(rel)
        above = self.folder(parent, create=create)
        if above is None:
            return None
        self.at = rel
        try:
            fd = os.open(name, _DIR | os.O_NOFOLLOW, dir_fd=above)
        except FileNotFoundError:
            if not create:
                return None
            with suppress(FileExistsError):
                os.mkdir(name, dir_fd=above)
            return self.folder(rel, create=False)
        except OSError as exc:
            if exc.errno in (errno.ENOTDIR, errno.ELOOP):
                raise OutputError(self._not_a_folder(rel, above)) from None
            raise
        self.fds[rel] = fd
        return fd

    def _not_a_folder(self, rel: str, above: int) -> str:
        shown = self.shown(rel)
        if stat.S_ISLNK(os.stat(_split(rel)[1], dir_fd=above, follow_symlinks=False).st_mode):
            return (
                f"{shown} is a symbolic link; newsbrief never writes or deletes through links "
                "in its output folder: replace it with a real folder (or remove it) and run again"
            )
        return f"{shown} is a file where newsbrief needs a folder: move it away and run again"

    def lstat(self, rel: str) -> os.stat_result | None:
        parent, name = _split(rel)
        fd = self.folder(parent, create=False)
        if fd is None:
            return None
        self.at = rel
        try:
            return os.stat(name, dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            return None

    def read(self, rel: str, limit: int | None = None) -> bytes | None:
        """The bytes of regular file ``rel`` (at most ``limit``); ``None`` if it is none."""
        parent, name = _split(rel)
        fd = self.folder(parent, create=False)
        if fd is None:
            return None
        self.at = rel
        try:
            file = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=fd)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return None  # a link: not ours to read
            raise
        with os.fdopen(file, "rb") as handle:
            if not stat.S_ISREG(os.fstat(file).st_mode):
                return None
            return handle.read(-1 if limit is None else limit)

    def create(self, rel: str, data: bytes) -> None:
        """Write a new file completely (the staging folder's files, the journal)."""
        fd = self.folder(_split(rel)[0], create=True)
        self.at = rel
        file = os.open(_split(rel)[1], _NEW_FILE, 0o666, dir_fd=fd)
        with os.fdopen(file, "wb") as handle:
            handle.write(data)

    def remove_file(self, rel: str) -> bool:
        parent, name = _split(rel)
        fd = self.folder(parent, create=False)
        if fd is None:
            return False
        self.at = rel
        try:
            os.unlink(name, dir_fd=fd)
        except FileNotFoundError:
            return False
        return True

    def prune(self, rel: str) -> None:
        """Remove folder ``rel`` and its parents while they are empty (never the root)."""
        while rel:
            parent, name = _split(rel)
            fd = self.fds.pop(rel, None)
            if fd is not None:
                os.close(fd)
            above = self.folder(parent, create=False)
            if above is None:
                return
            try:
                os.rmdir(name, dir_fd=above)
            except OSError:
                return
            rel = parent


@contextmanager
def _opened(out_dir: Path, *, create: bool) -> Iterator[_Tree | None]:
    """The output folder, locked against other runs, with any pending journal replayed.

    Every OSError on the way (and in the body) becomes an :class:`OutputError`
    that names the file and says what to do.
    """
    tree: _Tree | None = None
    try:
        if create:
            out_dir.mkdir(parents=True, exist_ok=True)
        elif not out_dir.is_dir():
            yield None
            return
        tree = _Tree(out_dir, os.open(out_dir, _DIR))
        state = tree.folder(STATE, create=True)
        assert state is not None
        with _locked(state, tree.shown(f"{STATE}/{LOCK}")):
            _recover(tree)
            yield tree
    except OSError as exc:
        where = tree.shown(_page_of(tree.at)) if tree is not None else display_path(out_dir)
        raise OutputError(_explain(exc, where, after_commit=_pending(tree))) from None
    except OutputError as exc:
        if not _pending(tree):
            raise
        raise OutputError(f"{exc} ({_FINISHES})") from None
    finally:
        if tree is not None:
            tree.close()


def _page_of(rel: str) -> str:
    """The page a staged file will become: messages name what the person knows."""
    parts = rel.split("/", 2)
    staged = len(parts) == 3 and parts[0] == STATE and parts[1].startswith("stage-")
    return parts[2] if staged else rel


def _pending(tree: _Tree | None) -> bool:
    """Whether a journal is waiting to be replayed (the next run finishes the job)."""
    if tree is None or STATE not in tree.fds:
        return False
    with suppress(OSError):
        os.stat(JOURNAL, dir_fd=tree.fds[STATE], follow_symlinks=False)
        return True
    return False


@contextmanager
def _locked(state: int, shown: str) -> Iterator[None]:
    """Hold the output's lock; wait (up to :data:`LOCK_TIMEOUT`) while another run has it.

    An ``flock`` dies with its process, so a killed run never leaves it held.
    """
    fd = os.open(LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666, dir_fd=state)
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputError(
                        f"another newsbrief run is writing this output folder (it holds {shown}) "
                        f"and has not finished in {LOCK_TIMEOUT:g} s; wait for it, or stop it"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


# --- the journal: what a commit does, replayed until done --------------------------------


def _recover(tree: _Tree) -> None:
    """Replay a journal a killed run left, then clear whatever else it left (staging folders)."""
    state = tree.fds[STATE]
    tree.at = f"{STATE}/{JOURNAL}"
    raw = tree.read(f"{STATE}/{JOURNAL}")
    if raw is not None:
        _replay(tree, _parse_journal(raw, tree.shown(f"{STATE}/{JOURNAL}")))
    for name in os.listdir(state):  # noqa: PTH208 - a folder descriptor, not a path
        if name not in (LOCK, RECORD, CACHE):
            tree.at = f"{STATE}/{name}"
            _remove_any(state, name)


def _remove_any(folder: int, name: str) -> None:
    if stat.S_ISDIR(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode):
        shutil.rmtree(name, dir_fd=folder)  # never follows links (the safe rmtree)
    else:
        os.unlink(name, dir_fd=folder)


def _parse_journal(raw: bytes, shown: str) -> dict[str, Any]:
    try:
        journal = json.loads(raw)
        if isinstance(journal, dict) and isinstance(journal.get("stage"), str):
            for key in ("put", "delete"):
                journal[key] = [_checked(p) for p in journal[key]]
            return journal
    except (ValueError, KeyError, TypeError):
        pass
    raise OutputError(
        f"{shown} (the record of an unfinished commit) is damaged, so the output folder "
        "may hold a mix of old and new files: delete the output folder and run again"
    )


def _replay(tree: _Tree, journal: dict[str, Any]) -> None:
    """Do what ``journal`` says, skipping what is done already: safe to repeat after a kill."""
    stage_rel = f"{STATE}/{journal['stage']}"
    for rel in journal["put"]:
        _put(tree, f"{stage_rel}/{rel}", rel)
        _step("put")
    for rel in journal["delete"]:
        if tree.remove_file(rel):
            tree.prune(_split(rel)[0])
        _step("delete")
    if journal.get("manifest"):
        _put(tree, f"{stage_rel}/{MANIFEST}", MANIFEST)
        _step("manifest")
    tree.at = f"{STATE}/{JOURNAL}"
    os.unlink(JOURNAL, dir_fd=tree.fds[STATE])
    _step("done")


def _put(tree: _Tree, staged: str, rel: str) -> None:
    """Move a staged file into place (one atomic rename), unless it was moved already."""
    source = tree.folder(_split(staged)[0], create=False)
    if source is None or tree.lstat(staged) is None:
        return  # moved by the run that was killed
    target = tree.folder(_split(rel)[0], create=True)
    tree.at = rel
    name = _split(rel)[1]
    os.replace(name, name, src_dir_fd=source, dst_dir_fd=target)


# --- one run ------------------------------------------------------------------------------


class _Run:
    """One :func:`write_pages`: compare and stage every page, then commit through the journal."""

    def __init__(self, tree: _Tree) -> None:
        self.tree = tree
        self.folder = tree.root.resolve()
        raw = tree.read(MANIFEST)
        self.previous, self.damaged = _parse_manifest(raw or b"")
        self.stage = f"stage-{os.getpid()}-{secrets.token_hex(4)}"
        self.staged: list[str] = []

    def write(self, items: Iterable[tuple[str, PageText]]) -> WriteReport:
        tree = self.tree
        last = _record_of(self.folder, self.tree)
        written: Record = {}
        try:
            for path, page in items:
                key = _checked(path)
                written[key] = self._page(key, page, last.get(key))
            paths = written.keys()
            stale = sorted(self.previous - paths)
            for rel in stale:
                tree.folder(_split(rel)[0], create=False)  # refuses a link before committing
            manifest = self.previous != paths or self.damaged
            if manifest:
                tree.create(f"{STATE}/{self.stage}/{MANIFEST}", _manifest(paths))
            if self.staged or stale or manifest:
                self._commit(sorted(self.staged), stale, manifest=manifest)
        finally:
            self._discard()
        return self._done(written, stale)

    def _page(
        self, key: str, page: PageText, known: tuple[bytes, tuple[int, int] | None] | None
    ) -> tuple[bytes, tuple[int, int] | None]:
        """Stage ``page`` if the file at ``key`` does not hold it; what to remember of it."""
        info = self.tree.lstat(key)
        now = (info.st_size, info.st_mtime_ns) if info else None
        intact = known is not None and info is not None and known[1] == now
        if isinstance(page, Unchanged):
            if intact and known and known[0] == page.fingerprint:
                return known  # the very file we wrote last time: not even read
            raise OutputError(
                f"{self.tree.shown(key)} changed while newsbrief was writing the output "
                "(another program, or a hand edit); run again"
            )
        data, digest, _ = page if isinstance(page, Encoded) else encoded(page)
        if intact and known and known[0] == digest:
            return known
        if info is not None and self._same(key, info, data):
            return digest, now
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise OutputError(
                f"{self.tree.shown(key)} is a folder where newsbrief generates a page: "
                "move it out of the output folder and run again"
            )
        if info is not None and not self._ours(key, known):
            raise OutputError(_in_the_way(self.tree.shown(key), self.tree.shown(MANIFEST)))
        self.tree.create(f"{STATE}/{self.stage}/{key}", data)  # staged now: not held in memory
        self.staged.append(key)
        _step("staged")
        return digest, None  # its size and time are taken once it is in place

    def _ours(self, key: str, known: object) -> bool:
        """Whether the file at ``key`` is one the generator made: listed in the manifest, or
        written by this process; anything goes when the manifest was damaged (see README)."""
        return key in self.previous or known is not None or self.damaged

    def _same(self, key: str, info: os.stat_result, data: bytes) -> bool:
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        return self.tree.read(key, len(data) + 1) == data

    def _commit(self, put: list[str], delete: list[str], *, manifest: bool) -> None:
        """The commit point is the journal's rename; from there on, only the journal is used."""
        journal = {"stage": self.stage, "put": put, "delete": delete, "manifest": manifest}
        temp = f"{STATE}/{JOURNAL}.{self.stage}"
        self.tree.create(temp, json.dumps(journal).encode())
        _step("journal")
        state = self.tree.fds[STATE]
        os.replace(_split(temp)[1], JOURNAL, src_dir_fd=state, dst_dir_fd=state)
        _replay(self.tree, journal)

    def _keep_record(self, record: Record) -> None:
        """Put the record on disk for the next process, whole or not at all.  A record that
        cannot be written is removed: files are then read to be compared, never trusted."""
        if _RECORDED.get(self.folder) == record:  # what this process put there last
            return
        _RECORDED.pop(self.folder, None)
        temp = f"{STATE}/{RECORD}.{self.stage}"
        state = self.tree.fds[STATE]
        data = _record_bytes(record)
        try:
            if self.tree.read(f"{STATE}/{RECORD}") != data:
                self.tree.create(temp, data)
                os.replace(_split(temp)[1], RECORD, src_dir_fd=state, dst_dir_fd=state)
            _RECORDED[self.folder] = record
        except OSError:
            for name in (_split(temp)[1], RECORD):
                with suppress(OSError):
                    os.unlink(name, dir_fd=state)

    def _discard(self) -> None:
        """Remove this run's staging folder, unless a journal still needs it."""
        state = self.tree.fds.get(STATE)
        if state is None or _pending(self.tree):
            return
        for name in (self.stage, f"{JOURNAL}.{self.stage}"):
            with suppress(OSError):
                _remove_any(state, name)
        for rel in [r for r in self.tree.fds if r.startswith(f"{STATE}/")]:
            os.close(self.tree.fds.pop(rel))

    def _done(
        self, written: dict[str, tuple[bytes, tuple[int, int] | None]], stale: list[str]
    ) -> WriteReport:
        changed = sorted(self.staged)
        record = {p: (d, st or _stat_of(self.tree.lstat(p))) for p, (d, st) in written.items()}
        _WRITTEN[self.folder] = record
        _MANIFESTS[self.folder] = _stat(self.tree.root / MANIFEST)
        self._keep_record(record)
        notes = []
        if self.damaged:
            notes.append(f"{self.tree.shown(MANIFEST)} was damaged and has been rebuilt")
        return WriteReport(changed, stale, len(written) - len(changed), notes)


def _stat_of(info: os.stat_result | None) -> tuple[int, int] | None:
    return (info.st_size, info.st_mtime_ns) if info else None


def _manifest(paths: Iterable[str]) -> bytes:
    return "".join(f"{p}\n" for p in sorted(paths)).encode("utf-8")


def _in_the_way(shown: str, manifest: str) -> str:
    return (
        f"{shown} was not made by newsbrief (it is not in {manifest}), but newsbrief "
        "generates a page there: move it out of the output folder (pages come from "
        "content/) and run again"
    )


_ADVICE = {
    errno.ENOSPC: ("no space left on the device", "free some space"),
    errno.EDQUOT: ("disk quota exceeded", "free some space"),
    errno.EROFS: ("the file system is read-only", "build on a writable disk"),
    errno.EACCES: ("permission denied", "check who owns the output folder"),
    errno.EPERM: ("operation not permitted", "check the file's owner and attributes"),
    errno.ELOOP: ("too many levels of symbolic links (a link loop?)", "remove the link"),
    errno.EXDEV: ("it is on another file system", "keep the output folder on one file system"),
    errno.EMFILE: ("too many open files", "raise the limit (ulimit -n)"),
}


_FINISHES = "the next run finishes the update it started"


def _explain(exc: OSError, where: str, *, after_commit: bool) -> str:
    """One line that says what failed, why, and what to do."""
    reason, advice = _ADVICE.get(exc.errno or 0, (exc.strerror or str(exc), "fix it"))
    state = _FINISHES if after_commit else "the output folder is unchanged"
    return f"cannot write {where}: {reason}; {advice} and run again ({state})"

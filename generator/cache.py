"""Results kept between processes, so that a new ``make build`` costs what changed.

Every build is a new process.  Without this, it would parse and type every
file and render every page again only to find most of them unchanged.  The
validate stage keeps each file's typed result here, by the digest of its bytes;
the memos keep, for each output, the digest of its inputs
(:mod:`generator.digest`) and the fingerprint of what was made from them.

The cache lives in the output folder, in the writer's hidden ``.newsbrief/``
(MkDocs never builds or copies it), under a folder named by
:func:`~generator.digest.code_digest`: results made by other code are removed
when it is opened.  Every folder and file is opened relative to the one above
without following links, so a link planted there is never read or written
through.  A cache that cannot be read or written is no error: the run makes
everything, as it would without one.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .digest import code_digest
from .write import CACHE, STATE

_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class Cache:
    """Named byte strings, kept in ``<out>/.newsbrief/cache/<code digest>/<part>/``."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._code = code_digest().hex()
        self._cleared = False
        self._pending: list[tuple[str, Callable[[], Iterable[tuple[str, bytes]]], set[str] | None]]
        self._pending = []
        self._later: dict[str, list[tuple[str, str]]] = {}
        self._committing = False

    def put_later(self, part: str, name: str, data: bytes) -> None:
        """Write ``data`` now under a temporary name, and put it in place at :meth:`commit`:
        large results (the typed files of a cold run) are not held in memory until then.
        What a run that never commits leaves is removed by the next commit of ``part``."""
        with self.part(part, create=True) as fd:
            temp = f".{name}.{secrets.token_hex(4)}.later"
            if fd is not None and _write(fd, temp, data):
                self._later.setdefault(part, []).append((temp, name))

    def stage(
        self,
        part: str,
        files: Callable[[], Iterable[tuple[str, bytes]]],
        keep: set[str] | None = None,
    ) -> None:
        """Write ``files()`` into ``part`` at :meth:`commit` (see :meth:`write`)."""
        self._pending.append((part, files, keep))

    def commit(self) -> None:
        """Write what was staged: called once the output is written, so that a run that
        fails leaves the output folder, this cache included, as it was."""
        self._committing = True
        later, self._later = self._later, {}
        for part, names in later.items():
            with self.part(part) as fd:
                for temp, name in names if fd is not None else ():
                    with suppress(OSError):
                        os.replace(temp, name, src_dir_fd=fd, dst_dir_fd=fd)
        pending, self._pending = self._pending, []
        for part, files, keep in pending:
            self.write(part, files(), keep)

    @contextmanager
    def part(self, name: str, *, create: bool = False) -> Iterator[int | None]:
        """A descriptor of the folder for ``name`` (``None`` if absent or unusable)."""
        fds: list[int] = []
        try:
            fds.append(os.open(self.out_dir, _DIR & ~os.O_NOFOLLOW))  # the root may be a link
            for component in (STATE, CACHE, self._code, name):
                if component == self._code and create and self._committing and not self._cleared:
                    _clear_others(fds[-1], self._code)
                    self._cleared = True
                fds.append(_subfolder(fds[-1], component, create=create))
        except OSError:
            fds.append(-1)
        try:
            yield fds[-1] if fds[-1] >= 0 else None
        finally:
            for opened in fds:
                if opened >= 0:
                    os.close(opened)

    def read(self, part: str, names: Iterable[str]) -> dict[str, bytes]:
        """The files of ``part`` among ``names`` that exist."""
        found: dict[str, bytes] = {}
        with self.part(part) as fd:
            if fd is None:
                return found
            for name in names:
                data = _read(fd, name)
                if data is not None:
                    found[name] = data
        return found

    def discard(self) -> None:
        """Forget what was staged, and remove what :meth:`put_later` wrote: the run failed."""
        self._pending = []
        later, self._later = self._later, {}
        for part, names in later.items():
            with self.part(part) as fd:
                for temp, _ in names if fd is not None else ():
                    with suppress(OSError):
                        os.unlink(temp, dir_fd=fd)

    def write(
        self, part: str, files: Iterable[tuple[str, bytes]], keep: set[str] | None = None
    ) -> None:
        """Put ``files`` in ``part``, each atomically and only if it changed; with
        ``keep``, remove every file that is neither written nor kept."""
        with self.part(part, create=True) as fd:
            if fd is None:
                return
            kept = set(keep or ())
            for name, data in files:
                kept.add(name)
                if _read(fd, name) != data and not _write(fd, name, data):
                    return
            if keep is not None:
                with suppress(OSError):
                    for left in set(os.listdir(fd)) - kept:  # noqa: PTH208 - a descriptor
                        os.unlink(left, dir_fd=fd)


def _subfolder(above: int, name: str, *, create: bool) -> int:
    try:
        return os.open(name, _DIR, dir_fd=above)
    except FileNotFoundError:
        if not create:
            raise
        with suppress(FileExistsError):
            os.mkdir(name, dir_fd=above)
        return os.open(name, _DIR, dir_fd=above)


def _clear_others(cache: int, keep: str) -> None:
    """Remove the results of other code (another version of the generator)."""
    with suppress(OSError):
        for name in os.listdir(cache):
            if name != keep:
                info = os.stat(name, dir_fd=cache, follow_symlinks=False)
                if stat.S_ISDIR(info.st_mode):
                    shutil.rmtree(name, dir_fd=cache)  # the safe rmtree: never follows links
                else:
                    os.unlink(name, dir_fd=cache)


def _read(folder: int, name: str) -> bytes | None:
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return file.read()


def _write(folder: int, name: str, data: bytes) -> bool:
    """Write ``name`` whole or not at all; ``False`` when the disk refuses (then stop)."""
    temp = f".{name}.{secrets.token_hex(4)}"
    try:
        fd = os.open(
            temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=folder
        )
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:  # a full disk, say: the results are made again next time
        with suppress(OSError):
            os.unlink(temp, dir_fd=folder)
        return False
    return True

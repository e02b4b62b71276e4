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

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = ".newsbrief-manifest"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{len(self.written)} written, {len(self.removed)} removed, "
            f"{self.unchanged} unchanged"
        )


class UnsafePathError(ValueError):
    """A page path that would land outside the output folder."""


def write_pages(out_dir: Path, pages: Mapping[str, str]) -> WriteReport:
    """Make ``out_dir`` hold exactly ``pages`` (plus any files the generator does not own)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {_checked(path) for path in pages}  # every path is checked before anything is written
    changed: dict[str, bytes] = {}  # only changed files are held as bytes: memory stays small
    for path, text in sorted(pages.items()):
        key, data = _checked(path), text.encode("utf-8")
        if not _same(out_dir / key, data):
            changed[key] = data
    previous = _read_manifest(out_dir)
    stale = sorted(previous - paths)
    report = WriteReport(written=sorted(changed), removed=stale, unchanged=len(paths) - len(changed))
    if changed:
        _replace_all(out_dir, changed)
    for path in stale:
        (out_dir / path).unlink(missing_ok=True)
        _prune_empty_parents(out_dir, out_dir / path)
    if previous != paths:
        _write_manifest(out_dir, paths)
    return report


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


def _replace_all(out_dir: Path, changed: Mapping[str, bytes]) -> None:
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.staging-", dir=out_dir.parent))
    try:
        for path, data in changed.items():
            staged = staging / path
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_bytes(data)
        for path in changed:  # everything is staged: now only renames, which cannot half-happen
            target = out_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / path, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _read_manifest(out_dir: Path) -> set[str]:
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
    os.replace(temp, out_dir / MANIFEST)


def _prune_empty_parents(root: Path, path: Path) -> None:
    parent = path.parent
    while parent != root and parent.is_relative_to(root):
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent

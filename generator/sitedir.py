"""The built site folder (site_dir): built aside, swapped in whole, and rebuilt in part.

A clean ``mkdocs build`` empties site_dir and fills it page by page, so a
build killed midway would leave a half-built site that a static server, or a
deploy step that does not build again, would publish.  So every build that
publishes (``build``, ``gh-deploy``; not ``serve``) writes into a folder
beside site_dir, and the finished folder is swapped in with two renames.

**Incremental builds** (``mkdocs build --dirty``, which ``make build`` and the
Pages workflow run): the folder beside starts as a copy of the last site made
of hard links (cheap: no page is copied), MkDocs rebuilds only the pages whose
Markdown is newer than their built page, and what no longer belongs to the site
is removed.  The result is the site a clean build would make, byte for byte,
because everything else a page depends on is the same as last time: that is
what the *stamp* checks.  It hashes what affects every page (mkdocs.yml and its
effective values, SITE_URL included; the theme overrides; the generator's own
source; the installed packages; Python), and lives beside site_dir, not in it,
so that the published site does not depend on the machine that built it.
When the stamp differs, or there is none, the build starts from an empty folder:
a full build.

A hard link shares its file with the published site, and MkDocs writes by
opening a path and truncating it.  So before MkDocs writes anything,
:func:`detach` removes from the copy every path it is about to write (the pages
and files it finds modified, the theme's templates): each is then written as a
new file, and the published site is never written through.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ASIDE = "newsbrief-building"
"""Folders beside site_dir are named ``.<site>.newsbrief-building-<pid>``."""
STAMP_SUFFIX = "newsbrief-stamp"
"""The stamp of ``site/`` is ``.site.newsbrief-stamp`` beside it."""

_GENERATOR = Path(__file__).resolve().parent
_LOCK_FILES = ("pyproject.toml", "constraints.txt")
_CONFIG_KEYS = (
    "site_url",
    "site_name",
    "site_description",
    "site_author",
    "copyright",
    "use_directory_urls",
    "repo_url",
    "edit_uri",
    "extra",
    "nav",
    "markdown_extensions",
    "mdx_configs",
    "extra_css",
    "extra_javascript",
    "extra_templates",
)


# --- the stamp: what every page depends on besides its own Markdown ---------------------------


def build_stamp(config: Any) -> str:
    """A digest of everything besides a page's own Markdown that its built HTML depends on.

    Paths of the checkout are left out (the same project built from another folder
    may reuse its site), except as names relative to their folder.
    """
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    config_file = Path(config.config_file_path)
    add("mkdocs.yml", config_file.read_bytes())
    values = {key: config.get(key) for key in _CONFIG_KEYS}
    theme = {key: config.theme[key] for key in config.theme}
    values["theme"] = {"name": config.theme.name, **theme}
    add("effective", json.dumps(values, sort_keys=True, default=_stable).encode())
    custom_dir = config.theme.custom_dir
    if custom_dir:
        for name, data in _tree(Path(custom_dir)):
            add(f"overrides/{name}", data)
    for name, data in _tree(_GENERATOR):
        add(f"generator/{name}", data)
    for name in _LOCK_FILES:
        lock = config_file.parent / name
        if lock.is_file():
            add(name, lock.read_bytes())
    add("packages", "\n".join(_installed()).encode())
    add("python", sys.version.encode())
    return digest.hexdigest()


def _stable(value: object) -> object:
    """JSON for config values that are objects: their fields, never a memory address."""
    if isinstance(value, Mapping):  # MkDocs' sub-configs: their values, not their file's path
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(map(str, value))
    fields = getattr(value, "__dict__", None)
    if fields is not None:
        return {k: v for k, v in sorted(fields.items()) if not k.startswith("_")}
    return str(value)


def _tree(root: Path) -> Iterator[tuple[str, bytes]]:
    """Every file under ``root`` (but caches), by relative path, in a fixed order."""
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path.relative_to(root).as_posix(), path.read_bytes()


def _installed() -> list[str]:
    names = {(d.metadata["Name"] or "?", d.version) for d in metadata.distributions()}
    return sorted(f"{name.lower()}=={version}" for name, version in names)


def stamp_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.{STAMP_SUFFIX}")


def stamp_of(final: Path) -> str | None:
    """The stamp the site in ``final`` was built with, if it is known."""
    try:
        return stamp_path(final).read_text("utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


# --- building aside ---------------------------------------------------------------------------


@dataclass
class Aside:
    """A site being built beside the published one (``final``)."""

    final: Path
    building: Path
    stamp: str
    incremental: bool
    """Whether ``building`` started as a copy of the last site (else it started empty)."""


def start(final: Path, stamp: str, *, incremental: bool) -> Aside:
    """Make the folder to build into: a hard-linked copy of the last site when
    ``incremental`` and the stamps agree, else an empty folder (a full build).

    A site_dir that is a mount point cannot be swapped: that one is built in place.
    """
    if final.is_mount():
        return Aside(final, final, stamp, _in_place(final, stamp, incremental=incremental))
    remove_leftovers(final)
    building = final.with_name(f".{final.name}.{ASIDE}-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    reuse = incremental and final.is_dir() and stamp_of(final) == stamp
    if reuse:
        _clone(final, building)
    else:
        building.mkdir(parents=True)
    return Aside(final, building, stamp, reuse)


def _clone(source: Path, target: Path) -> None:
    """Copy the folder ``source`` as hard links (copies where links cannot be made).

    Only folders and regular files are copied: a link planted in the site is not
    carried over, so MkDocs can never write through it to somewhere else.
    """
    target.mkdir(parents=True)
    with os.scandir(source) as entries:
        for entry in entries:
            into = target / entry.name
            if entry.is_dir(follow_symlinks=False):
                _clone(Path(entry.path), into)
            elif entry.is_file(follow_symlinks=False):
                try:
                    os.link(entry.path, into, follow_symlinks=False)
                except OSError:  # a file system without hard links
                    shutil.copy2(entry.path, into, follow_symlinks=False)


def detach(site_dir: Path, about_to_write: Iterable[str]) -> None:
    """Remove from the copy each path (relative to ``site_dir``) that MkDocs is about
    to write, and any file in the way of its folders: MkDocs then writes new files
    instead of writing through the links into the published site."""
    root = site_dir.resolve()
    for rel in about_to_write:
        target = root / rel
        for above in reversed(target.relative_to(root).parents[:-1]):
            folder = root / above
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                folder.unlink()
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.is_symlink() or target.exists():
            target.unlink()


def prune(site_dir: Path, keep: set[str], own_folders: Iterable[str] = ()) -> int:
    """Remove every file under ``site_dir`` that is not in ``keep`` (relative paths), and
    folders left empty; the top-level ``own_folders`` (the search bundle, made again
    from the finished site) are left alone.  Returns how many files went."""
    gone = 0
    skipped = tuple(own_folders)
    for folder, dirs, names in os.walk(site_dir, topdown=False):
        here = Path(folder)
        rel = here.relative_to(site_dir).as_posix()
        if rel.split("/")[0] in skipped:
            continue
        for name in names:
            path = f"{name}" if rel == "." else f"{rel}/{name}"
            if path not in keep:
                (here / name).unlink()
                gone += 1
        for name in dirs:
            sub = here / name
            if rel == "." and name in skipped:
                continue
            if sub.is_symlink():
                sub.unlink()
            elif not any(sub.iterdir()):
                sub.rmdir()
    return gone


def finish(aside: Aside, *, swap: bool) -> None:
    """Swap the finished site in, or drop it.

    The stamp goes first and comes back last: a kill in between leaves no stamp,
    and the next build is a full one, never an incremental one on the wrong site.
    Two renames swap the folders: a kill between them leaves no site, never a
    half-built one.
    """
    stamp = stamp_path(aside.final)
    if aside.building == aside.final:  # built in place
        if swap:
            stamp.write_text(aside.stamp + "\n", "utf-8")
        return
    if not swap:
        shutil.rmtree(aside.building, ignore_errors=True)
        return
    stamp.unlink(missing_ok=True)
    old = aside.final.with_name(f".{aside.final.name}.{ASIDE}-old-{os.getpid()}")
    if aside.final.exists():
        aside.final.rename(old)
    aside.building.rename(aside.final)
    shutil.rmtree(old, ignore_errors=True)
    stamp.write_text(aside.stamp + "\n", "utf-8")


def _in_place(final: Path, stamp: str, *, incremental: bool) -> bool:
    """For a site_dir built where it is: forget the stamp for the duration (a kill
    leaves none), and empty the folder when the build cannot reuse it.  Returns
    whether the build is incremental."""
    reuse = incremental and stamp_of(final) == stamp
    stamp_path(final).unlink(missing_ok=True)
    if not reuse:
        for child in final.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    return reuse


def remove_leftovers(final: Path) -> None:
    """Remove what builds that were killed left beside site_dir (their process is gone)."""
    for folder in final.parent.glob(f".{final.name}.{ASIDE}-*"):
        pid = folder.name.rpartition("-")[2]
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

"""Stage 1, load: the content folder → documents, each value's line and column kept.

This stage knows the content folder's layout (which file holds what), reads
and fingerprints every file, and parses those that changed (on every core when
there are many), with :mod:`generator.parse` doing the YAML itself.  What it
hands on is plain data: the validate stage types and checks it.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import FieldPath, Problem, Severity, display_path, format_field
from .fields import FORBIDDEN_CHARS
from .parse import MAX_FILE_BYTES, LoadError, compose, parse

__all__ = ["MAX_FILE_BYTES", "LoadError"]


@dataclass
class Document:
    """One loaded YAML file: its data, and where in the file each value is.

    The node graph is only needed to point at a problem, and keeping ten
    thousand of them alive (two marks per node), or even their texts, costs far
    more than composing one again from the file: so :meth:`mark` composes it
    the first time it is asked.  The validate stage keeps a document only
    while the file's bytes are the ones it was loaded from.
    """

    path: Path
    data: Any
    digest: bytes
    """The :func:`content_digest` of the bytes loaded: the file read again must match it."""
    root: yaml.Node | None = field(default=None, repr=False)
    kept: dict[FieldPath, tuple[int, ...]] = field(default_factory=dict, repr=False)
    """Where the model lost list items that failed (:mod:`generator.salvage`): for each
    list, the file's indexes of the items kept, so problems point at the file's lines."""

    @property
    def name(self) -> str:
        return display_path(self.path)

    def graph(self) -> yaml.Node | None:
        """The node graph, composed from the file now if it was not kept.

        ``None`` if the file no longer holds the bytes that were loaded (an
        editor saved again meanwhile): positions in other bytes would be wrong.
        """
        if self.root is None:
            raw = read_file(self.path)
            if isinstance(raw, Problem) or content_digest(raw) != self.digest:
                return None
            try:
                self.root = compose(raw)
            except LoadError:
                return None
        return self.root

    def mark(self, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of its key.

        Walks as deep as the path exists, so a missing field points at the
        mapping that should hold it.
        """
        node = self.graph()
        if node is None:
            return 1, 1
        here = node.start_mark
        for depth, part in enumerate(path):
            last = depth == len(path) - 1
            found: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == part:
                        found = k if key and last else v
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                found = node.value[part]
            if found is None:
                break
            node, here = found, found.start_mark
        return here.line + 1, here.column + 1

    def problem(
        self,
        path: FieldPath,
        message: str,
        *,
        key: bool = False,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        path = self.in_file(path)
        line, col = self.mark(path, key=key)
        return Problem(self.name, line, col, severity, format_field(path), message)

    def in_file(self, path: FieldPath) -> FieldPath:
        """A path into the model as a path into the file (see :attr:`kept`)."""
        if not self.kept:
            return path
        out: list[str | int] = []
        for part in path:
            kept = self.kept.get(tuple(out)) if isinstance(part, int) else None
            if kept is not None and isinstance(part, int) and part < len(kept):
                part = kept[part]
            out.append(part)
        return tuple(out)


def content_digest(raw: bytes) -> bytes:
    """What identifies a file's bytes: equal digests, equal bytes."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def load_file(path: Path) -> Document | Problem:
    """Load one YAML file, or say (as one :class:`Problem`) why it cannot be read."""
    raw = read_file(path)
    return raw if isinstance(raw, Problem) else load_bytes(path, raw)


def read_file(path: Path) -> bytes | Problem:
    """A file's bytes, or the :class:`Problem` that says why it cannot be read.

    Refuses, without reading a byte, a link to a file outside the content
    folder (its text would be published, or echoed in an error in public CI
    logs) and anything but a regular file of at most :data:`MAX_FILE_BYTES`
    (checked with ``fstat`` first: a huge file is never read into memory).
    """
    try:
        return _read_bounded(path)
    except _Refused as exc:
        message = str(exc)
    except OSError as exc:
        message = f"cannot read file: {_os_reason(exc)}"
    return Problem(display_path(path), 1, 1, Severity.ERROR, "", message)


def load_bytes(path: Path, raw: bytes) -> Document | Problem:
    """:func:`load_file` for bytes already read (the validate stage reads once, to hash too)."""
    try:
        _, data = parse(raw)
    except LoadError as exc:
        name = display_path(path)
        return Problem(
            name, exc.line, exc.col, Severity.ERROR, format_field(exc.field), exc.message
        )
    return Document(path, data, content_digest(raw))  # the graph is dropped: see Document


def iter_yaml(folder: Path) -> Iterator[Path]:
    """YAML files under ``folder`` in a stable order.

    Listed with ``os.scandir``, which knows from the listing itself which
    entries are files, rather than ``Path.rglob`` and a ``stat`` per file.
    A folder directly in ``folder`` that is a link (``briefs`` kept elsewhere
    in the project) is followed if it stays inside the project; otherwise
    :class:`ContentFolderError` is raised: a linked folder is never silently
    empty, which would unpublish every brief in it.
    """
    _register_root(folder)
    linked = [f for link in _linked_folders(folder) for f in _yaml_entries(str(link), top=False)]
    yield from sorted([*_yaml_entries(str(folder)), *linked])


def _suffix(name: str) -> str:
    """``Path(name).suffix``, without making a path: a file named ``.yaml`` has none."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


# --- reading content files safely (read_file, iter_yaml) ----------------------------------


class ContentFolderError(Exception):
    """A folder of the content cannot be listed, or is a link that leads outside the
    project or nowhere: its briefs would silently disappear, so the run stops."""


class _Refused(Exception):
    """A content file that is not read at all; the message says why."""


_ROOTS: dict[Path, Path] = {}
"""Content folders listed by :func:`iter_yaml` (as given, made absolute) → the real
folders a content file may resolve into: the folder itself and the linked folders
followed inside it."""


def _register_root(folder: Path) -> None:
    _ROOTS[Path(folder).absolute()] = Path(folder).resolve()


def _allowed(path: Path) -> list[Path]:
    """The real folders a link at ``path`` may point into: its content folder's
    (the longest registered one that holds it), else the link's own folder."""
    where = Path(path).absolute()
    roots = [r for r in _ROOTS if where.is_relative_to(r)]
    if not roots:
        return [where.parent.resolve()]
    best = max(roots, key=lambda r: len(r.parts))
    return [_ROOTS[r] for r in _ROOTS if r.is_relative_to(best)]


def _real(path: Path | str) -> Path:
    """Where ``path`` leads; OSError if nowhere (RuntimeError is Python 3.11's loop)."""
    try:
        return Path(path).resolve(strict=True)
    except RuntimeError:
        raise OSError(errno.ELOOP, "symbolic link loop") from None


_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _read_bounded(path: Path) -> bytes:
    try:
        fd = os.open(path, _READ)
    except OSError as exc:
        if exc.errno != errno.ELOOP:  # ELOOP: the file is a link (or a loop of them)
            raise
        fd = os.open(_link_target(path), _READ)
    with os.fdopen(fd, "rb") as file:  # closes fd, however this ends
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Refused("not a regular file: content files are YAML files")
        if info.st_size > MAX_FILE_BYTES:
            raise _Refused(_too_big(info.st_size))
        data = file.read(MAX_FILE_BYTES + 1)  # it may have grown since fstat
    if len(data) > MAX_FILE_BYTES:
        raise _Refused(_too_big(len(data)))
    return data


def _too_big(size: int) -> str:
    return f"file is {size // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB"


def _link_target(path: Path) -> str:
    """Where the link at ``path`` leads, if that is inside the content folder."""
    try:
        real = _real(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _Refused("symbolic link loop: this link leads back to itself") from None
        raise _Refused("symbolic link to a file that does not exist") from None
    if not any(real.is_relative_to(folder) for folder in _allowed(path)):
        raise _Refused(
            "symbolic link to a file outside the content folder: not read; "
            "copy the file into the content folder instead"
        )
    return str(real)


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links (a link loop?)"
    return exc.strerror or str(exc)


def _linked_folders(folder: Path) -> Iterator[str]:
    """The links to folders directly in ``folder``, each checked to stay in the project.

    The project is the folder that holds the content folder.  A link to a
    folder above the content folder would list it again (a loop), so it is
    refused too, as is a link that leads nowhere.
    """
    try:
        entries = [e for e in os.scandir(folder) if e.is_symlink()]
    except OSError:
        return
    content = Path(folder).resolve()
    project = content.parent
    for entry in entries:
        shown = display_path(Path(entry.path))
        try:
            real = _real(entry.path)
        except OSError:
            raise ContentFolderError(
                f"{shown} is a symbolic link that leads nowhere (or to itself); "
                "fix or remove it: its briefs would silently disappear"
            ) from None
        if not real.is_dir():
            continue  # a linked file: read_file checks where it leads
        if not real.is_relative_to(project) or content.is_relative_to(real):
            raise ContentFolderError(
                f"{shown} is a symbolic link to {display_path(real)}, outside the project "
                f"({display_path(project)}) or around the content folder: move that "
                "folder into the project, or replace the link with the folder itself"
            )
        _ROOTS[Path(entry.path).absolute()] = real
        yield entry.path


def _yaml_entries(folder: str, *, top: bool = True) -> Iterator[Path]:
    """YAML files under ``folder``, and links named like them wherever they lead.

    Linked folders are not entered (no loops); a linked *file* is listed
    without being followed, so that :func:`read_file` reports one that leads
    outside, nowhere, or round in a loop, instead of it vanishing silently
    (or ``is_file`` raising ELOOP).  A content folder that does not exist has
    nothing in it (validation says what is missing); a folder inside it that
    cannot be listed (no permission) stops the run rather than lose its briefs.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) or (top and isinstance(exc, NotADirectoryError)):
            return  # no content folder, or a folder deleted while being listed
        raise ContentFolderError(
            f"{display_path(Path(folder))}: cannot list this folder ({_os_reason(exc)}); "
            "its files would silently be left out: fix it and run again"
        ) from None
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _yaml_entries(entry.path, top=False)
        elif _suffix(entry.name) in (".yaml", ".yml") and (
            entry.is_symlink() or entry.is_file(follow_symlinks=False)
        ):
            yield Path(entry.path)


# --- the content folder ----------------------------------------------------------------------

ACTORS_FILE = "actors.yaml"
STORIES_FILE = "stories.yaml"
BRIEFS_DIR = "briefs"
TEXTS_DIR = "texts"
"""Stored source texts, for quote checks only: ``texts/<brief-id>/<source-id>.txt``."""


class Kind(StrEnum):
    """What a content file holds, by where it is."""

    ACTORS = "actors"
    STORIES = "stories"
    BRIEF = "brief"


def kind_of(content: Path, path: Path) -> Kind | None:
    """What ``path`` under ``content`` holds; ``None``: it is not content."""
    actors, stories, briefs = _layout(content)
    if path == actors:
        return Kind.ACTORS
    if path == stories:
        return Kind.STORIES
    return Kind.BRIEF if path.parent == briefs else None


@functools.lru_cache(maxsize=8)
def _layout(content: Path) -> tuple[Path, Path, Path]:
    """Where each kind of file is, made once per content folder (it is asked per file)."""
    return content / ACTORS_FILE, content / STORIES_FILE, content / BRIEFS_DIR


Fingerprints = dict[Path, bytes | Problem]
"""Every YAML file of a run: the digest of its bytes, or why it cannot be read.  What a
run finds depends only on these (and on the working directory, for display names)."""

Parsed = tuple[bytes, Any]
"""A file parsed: the digest of the bytes parsed, and their plain data or the
:class:`Problem` that stops them loading."""


def fingerprint_all(content: Path) -> Fingerprints:
    """Read and hash every YAML file, keeping no bytes: 10,000 briefs are 80 MB."""
    files: Fingerprints = {}
    for path in iter_yaml(content) if content.is_dir() else ():
        raw = read_file(path)
        files[path] = content_digest(raw) if isinstance(raw, bytes) else raw
    return files


def parse_file(path: Path) -> Parsed:
    """One file's digest, and its plain data or the :class:`Problem` that stops it loading.

    Plain data, which the validate stage types, in forked workers when there are
    many files (a cold start).
    """
    raw = read_file(path)
    if isinstance(raw, Problem):
        return b"", raw
    doc = load_bytes(path, raw)
    return (content_digest(raw), doc) if isinstance(doc, Problem) else (doc.digest, doc.data)


def list_texts(content: Path) -> dict[tuple[str, str], Path]:
    """Stored source texts by (brief id, source id), from ``content/texts/``."""
    found: dict[tuple[str, str], Path] = {}
    try:
        folders = [e for e in os.scandir(content / TEXTS_DIR) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return found
    for folder in folders:
        try:
            entries = list(os.scandir(folder.path))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".txt") and entry.is_file(follow_symlinks=False):
                found[(folder.name, entry.name.removesuffix(".txt"))] = Path(entry.path)
    return found


PAGES_DIR = "pages"
"""The site's own pages (about, corrections and sourcing): ``pages/<name>.md``, Markdown."""

_PAGE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def read_pages(content: Path) -> tuple[dict[str, str], list[Problem]]:
    """The site's own pages, ``{name: text}``, sorted by name, and why any could not be read.

    Read like every content file (no link out of the content folder, size-bounded);
    the text is rendered by :func:`generator.markup.page_body`, never as live HTML.
    """
    folder = content / PAGES_DIR
    pages: dict[str, str] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return pages, problems
    if not folder.resolve().is_relative_to(content.resolve()):
        message = "the pages folder links out of the content folder; none of it is read"
        return pages, [Problem(display_path(folder), 1, 1, Severity.ERROR, "", message)]
    for path in sorted(folder.iterdir()):
        if path.suffix != ".md" or path.name.startswith("."):
            continue
        where = display_path(path)
        if not _PAGE_NAME.fullmatch(path.stem):
            message = "page names are lower-case letters, digits and hyphens, e.g. about.md"
            problems.append(Problem(where, 1, 1, Severity.ERROR, "", message))
            continue
        raw = read_file(path)
        if isinstance(raw, Problem):
            problems.append(raw)
            continue
        try:
            text = raw.decode("utf-8").replace("\r\n", "\n")
        except UnicodeDecodeError as exc:
            message = f"not UTF-8 text (byte {exc.start + 1})"
            problems.append(Problem(where, 1, 1, Severity.ERROR, "", message))
            continue
        if bad := FORBIDDEN_CHARS.search(text):
            line = text.count("\n", 0, bad.start()) + 1
            message = f"contains the invisible character U+{ord(bad.group()):04X}; delete it"
            problems.append(Problem(where, line, 1, Severity.ERROR, "", message))
            continue
        pages[path.stem] = text
    return pages, problems

"""Stage 1, load: the content folder → documents, each value's line and column kept.

This stage knows the content folder's layout (which file holds what), reads
and fingerprints every file, and parses those that changed (on every core when
there are many), with :mod:`generator.parse` doing the YAML itself.  What it
hands on is plain data: the validate stage types and checks it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from . import parallel
from .diagnostics import FieldPath, Problem, Severity, display_path, format_field
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
    """A file's bytes, or the :class:`Problem` that says why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        message = f"cannot read file: {exc.strerror}"
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
    """
    yield from sorted(_yaml_files(str(folder)))


def _yaml_files(folder: str) -> Iterator[Path]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):  # as rglob: no linked folders, no loops
            yield from _yaml_files(entry.path)
        elif _suffix(entry.name) in (".yaml", ".yml") and entry.is_file():
            yield Path(entry.path)


def _suffix(name: str) -> str:
    """``Path(name).suffix``, without making a path: a file named ``.yaml`` has none."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


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
    if path == content / ACTORS_FILE:
        return Kind.ACTORS
    if path == content / STORIES_FILE:
        return Kind.STORIES
    return Kind.BRIEF if path.parent == content / BRIEFS_DIR else None


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

    Plain data only, so that forked workers can parse files side by side and
    send back what they found cheaply (:func:`parse_files`).
    """
    raw = read_file(path)
    if isinstance(raw, Problem):
        return b"", raw
    doc = load_bytes(path, raw)
    return (content_digest(raw), doc) if isinstance(doc, Problem) else (doc.digest, doc.data)


def parse_files(paths: list[Path]) -> Iterator[Parsed]:
    """:func:`parse_file` for each path, in order: on every core when there are many
    (a cold start), here when there are few (an editor's save)."""
    return parallel.ordered_map(lambda n: parse_file(paths[n]), len(paths))


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

"""Stage 1, load: YAML files → plain data, with every node's line and column kept.

PyYAML's ``safe_load`` throws line numbers away, silently keeps the last of two
duplicate keys and happily expands a billion-laughs alias bomb.  So we only let
libyaml *compose* the node graph (fast, C) and build the Python values
ourselves, which lets us:

* report every problem as ``file:line:col`` (:meth:`Document.mark`);
* reject duplicate keys, non-string keys, merge keys and any tag beyond the
  plain JSON-like core (no Python objects, no sets, no binary);
* bound nesting depth and alias expansion, so hostile input fails fast;
* keep timestamps as the text the editor typed, so date checking (and its
  error message) belongs to one place: the model.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .diagnostics import FieldPath, Problem, Severity, display_path, format_field

try:  # libyaml is several times faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class _Loader(_BaseLoader):
    """The safe loader, minus Python work libyaml asks for on every node.

    libyaml calls back into Python to resolve each node's tag.  Most scalars
    are text whose first character no implicit resolver (bool, int, float,
    null, timestamp…) is registered for: those are ``str`` without trying a
    single pattern, exactly as :meth:`Resolver.resolve` would decide.  The
    loader has no path resolvers, so tracking the path is a no-op too.
    """

    _resolved_by_pattern = frozenset(k for k in _BaseLoader.yaml_implicit_resolvers if k)

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and value and value[0] not in self._resolved_by_pattern:
                return _STR_TAG
        elif not self.yaml_path_resolvers:  # a collection: its default tag, as the base would
            return _MAP_TAG if kind is yaml.MappingNode else _SEQ_TAG
        tag: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return tag

    if not _BaseLoader.yaml_path_resolvers:

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None


MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 32
MAX_NODES = 100_000

_TAG = "tag:yaml.org,2002:"
_SCALARS = SafeConstructor()


class LoadError(Exception):
    """A problem that stops a file from loading at all."""

    def __init__(self, line: int, col: int, message: str, field: FieldPath = ()) -> None:
        super().__init__(message)
        self.line, self.col, self.message, self.field = line, col, message, field


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
                self.root = _compose(raw)
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
        line, col = self.mark(path, key=key)
        return Problem(self.name, line, col, severity, format_field(path), message)


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
        root = _compose(raw)
        data = _Builder().build(root)
    except LoadError as exc:
        name = display_path(path)
        return Problem(
            name, exc.line, exc.col, Severity.ERROR, format_field(exc.field), exc.message
        )
    return Document(path, data, content_digest(raw))  # the graph is dropped: see Document


def parse(raw: bytes) -> tuple[yaml.Node | None, Any]:
    """Bytes → (node graph, data).  Raises :class:`LoadError` with a position."""
    root = _compose(raw)
    return root, _Builder().build(root)


def _compose(raw: bytes) -> yaml.Node:
    """Bytes → node graph, after the checks that need the raw file."""
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(
            1, 1, f"file is {len(raw) // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB"
        )
    text = _decode(raw)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise LoadError(1, 1, "file is empty; a brief is a YAML mapping of fields")
    _reject_tab_indentation(text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        raise LoadError(line, col, f"YAML syntax error: {what}") from None
    except yaml.YAMLError as exc:
        raise LoadError(1, 1, f"YAML syntax error: {exc}") from None
    if root is None:
        raise LoadError(1, 1, "file is empty; a brief is a YAML mapping of fields")
    return root


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(
            line, col, f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        ) from None


def _reject_tab_indentation(text: str) -> None:
    if "\t" not in text:  # the usual case, checked in C rather than line by line
        return
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise LoadError(
                number, indent.index("\t") + 1, "tab used for indentation; YAML needs spaces"
            )


class _Builder:
    """Builds plain Python values from a composed node graph, within limits."""

    def __init__(self) -> None:
        self.nodes = 0

    def build(self, node: yaml.Node, path: FieldPath = ()) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._error(node, f"document expands to over {MAX_NODES} values (alias bomb?)")
        if len(path) > MAX_DEPTH:
            raise self._error(node, f"nesting deeper than {MAX_DEPTH} levels", path)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                raise self._unsupported(node, path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        if node.tag != _TAG + "map":
            raise self._unsupported(node, path)
        out: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise self._error(key_node, "merge keys (<<) are not supported; write fields out")
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _TAG + "str":
                raise self._error(key_node, "keys must be plain text", path)
            key = key_node.value
            if key in seen:
                first = seen[key].start_mark.line + 1
                raise self._error(
                    key_node, f"duplicate key '{key}' (first defined on line {first})", (*path, key)
                )
            seen[key] = key_node
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: yaml.Node, path: FieldPath) -> Any:
        if node.tag == _STR_TAG:  # most values
            return node.value
        tag = node.tag.removeprefix(_TAG)
        try:
            if tag in ("str", "timestamp"):  # dates are checked (and explained) by the model
                return node.value
            if tag == "int":
                return _SCALARS.construct_yaml_int(node)  # type: ignore[arg-type]
            if tag == "float":
                return _SCALARS.construct_yaml_float(node)  # type: ignore[arg-type]
            if tag == "bool":
                return _SCALARS.construct_yaml_bool(node)  # type: ignore[arg-type]
            if tag == "null":
                return None
        except ValueError:
            raise self._error(node, f"cannot read {node.value!r} as {tag}", path) from None
        raise self._unsupported(node, path)

    @classmethod
    def _unsupported(cls, node: yaml.Node, path: FieldPath) -> LoadError:
        tag = node.tag.removeprefix(_TAG)
        return cls._error(
            node, f"unsupported tag '!!{tag}': only plain YAML values are allowed", path
        )

    @staticmethod
    def _error(node: yaml.Node, message: str, path: FieldPath = ()) -> LoadError:
        return LoadError(node.start_mark.line + 1, node.start_mark.column + 1, message, path)


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

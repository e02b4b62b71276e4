"""Digests of what a page is made from, equal in every process that sees equal content.

Within one process, the render stage knows a page is unchanged when its inputs
are the very same objects as last time (:mod:`generator.memo`).  A new process
(every ``make build``) has new objects, so it needs a name for the inputs that
does not depend on the process: this digest.

Walking every field of every brief would cost as much as rendering it, so the
validate stage names each value it typed from a file by that file's digest
(:func:`name_by_source`: a model value is a pure function of the file's bytes,
its path and the code).  The walk stops at those; it goes through the rest
(tuples, lists, dicts, dataclasses such as the catalog's entries, plain
values, and value types with a ``digest_key()``).  Anything else raises
:class:`Undigestable`, and the caller makes the page instead of trusting a
digest that could miss a change.

The code is not part of a digest: whoever keeps digests between processes keys
them by :func:`code_digest` as a whole.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import importlib.metadata
import sys
from datetime import date
from pathlib import Path, PurePath
from typing import Any

DIGEST_SIZE = 16


class Undigestable(TypeError):
    """A value of a type this module cannot name stably."""


_BY_SOURCE: dict[int, tuple[object, bytes]] = {}
"""Values typed from a file, by ``id``: the value (kept alive, so its id stays its own)
and the digest of the file it came from."""


def name_by_source(value: object, source: bytes) -> None:
    """Let ``value``'s digest be ``source`` (the digest of the file, path and model it was
    typed from); the value must never change afterwards (models are frozen)."""
    _BY_SOURCE[id(value)] = (value, source)


def unname(value: object) -> None:
    """Forget ``value``'s name (see :func:`name_by_source`)."""
    _BY_SOURCE.pop(id(value), None)


def name_with_parts(value: object, source: bytes, fields: tuple[str, ...]) -> None:
    """:func:`name_by_source`, and each item of the value's lists ``fields`` by its place
    in them: pages are made from a brief's positions, questions and claims as often
    as from the brief, and walking each of those costs more than the rest of the run.
    A value named so in the last run keeps its names (the same object: the same file).
    A part's name is only bytes (400,000 parts at 10,000 briefs): the value, which
    the whole holds, keeps it alive, so its id stays its own."""
    key = id(value)
    _named_now.add(key)
    if key in _PARTS and _BY_SOURCE[key][1] == source:
        return
    _drop(key)
    name_by_source(value, source)
    parts = _PARTS[key] = []
    for number, name in enumerate(fields):
        for index, item in enumerate(getattr(value, name)):
            if dataclasses.is_dataclass(item):  # its own object (a string may be shared)
                _PART_NAMES[id(item)] = source + bytes((number,)) + index.to_bytes(4, "little")
                parts.append(id(item))


_PARTS: dict[int, list[int]] = {}
"""The values named with their parts, by ``id``: the ids of their parts."""
_PART_NAMES: dict[int, bytes] = {}
_named_now: set[int] = set()


def start_naming() -> None:
    """A validation run begins: the values it names are all that will be named after it."""
    _named_now.clear()


def end_naming() -> None:
    """Forget the names of values the run did not name (deleted or edited files)."""
    for key in [k for k in _PARTS if k not in _named_now]:
        _drop(key)


def _drop(key: int) -> None:
    for part in _PARTS.pop(key, ()):
        _PART_NAMES.pop(part, None)
    _BY_SOURCE.pop(key, None)


def forget_sources() -> None:
    """Drop every name."""
    _BY_SOURCE.clear()
    _PARTS.clear()
    _PART_NAMES.clear()
    _named_now.clear()


class Digester:
    """Digests of values, remembered by identity for as long as this object lives.

    One is made per run: the objects it has seen are kept alive by it, so an ``id``
    is never reused for another object while it remembers that id.
    """

    def __init__(self) -> None:
        self._seen: dict[int, tuple[object, bytes]] = {}

    def of(self, value: object) -> bytes:
        """The digest of ``value`` (raises :class:`Undigestable`)."""
        hasher = hashlib.blake2b(digest_size=DIGEST_SIZE)
        self._feed(hasher, value)
        return hasher.digest()

    def _feed(self, hasher: Any, value: object) -> None:
        kind = type(value)
        if value is None or kind is bool:
            hasher.update(b"N" if value is None else b"T" if value else b"F")
        elif kind is str:
            _chunk(hasher, b"s", value.encode("utf-8", "surrogatepass"))  # type: ignore[attr-defined]
        elif kind is int:
            _chunk(hasher, b"i", str(value).encode())
        elif kind is float:
            _chunk(hasher, b"f", repr(value).encode())
        elif kind is bytes:
            _chunk(hasher, b"b", value)  # type: ignore[arg-type]
        elif kind is date or isinstance(value, (date, PurePath, enum.Enum)):
            _chunk(hasher, kind.__qualname__.encode(), str(value).encode())
        else:
            hasher.update(self._compound(value))

    def _compound(self, value: object) -> bytes:
        """Containers and dataclasses, digested once each and remembered by identity."""
        key = id(value)
        seen = self._seen.get(key)
        if seen is not None:
            return seen[1]
        named = _BY_SOURCE.get(key)
        part = _PART_NAMES.get(key) if named is None else None
        if named is not None:
            digest = b"@" + named[1]
        elif part is not None:
            digest = b"#" + part
        else:
            hasher = hashlib.blake2b(digest_size=DIGEST_SIZE)
            self._walk(hasher, value)
            digest = hasher.digest()
        self._seen[key] = (value, digest)
        return digest

    def _walk(self, hasher: Any, value: object) -> None:
        kind = type(value)
        if kind is tuple or kind is list:
            hasher.update(b"(" if kind is tuple else b"[")
            for item in value:  # type: ignore[attr-defined]
                self._feed(hasher, item)
            hasher.update(b")")
        elif kind is dict:
            hasher.update(b"{")
            for name, item in value.items():  # type: ignore[attr-defined]
                self._feed(hasher, name)
                self._feed(hasher, item)
            hasher.update(b"}")
        elif kind is frozenset or kind is set:
            parts = sorted(self.of(item) for item in value)  # type: ignore[attr-defined]
            hasher.update(b"<" + b"".join(parts) + b">")
        elif hasattr(value, "digest_key"):  # a value type that says what it is
            hasher.update(b"K" + kind.__module__.encode() + b"." + kind.__qualname__.encode())
            self._feed(hasher, value.digest_key())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            hasher.update(b"D" + kind.__module__.encode() + b"." + kind.__qualname__.encode())
            for name in _field_names(kind):
                self._feed(hasher, getattr(value, name))
        else:
            raise Undigestable(f"cannot digest a {kind.__module__}.{kind.__qualname__}")


def _chunk(hasher: Any, tag: bytes, data: bytes) -> None:
    hasher.update(tag + len(data).to_bytes(8, "little") + data)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


# The packages whose behaviour shapes what the generator makes from the same content.
_PACKAGES = ("pydantic", "pydantic-core", "PyYAML", "Jinja2", "Markdown", "MarkupSafe", "pillow")
_CODE: bytes | None = None


def code_digest() -> bytes:
    """The generator's own code (every file of the package, templates included), the
    packages it renders with, and the Python version: what results kept between
    processes were made by.  Any change in them makes those results worthless."""
    global _CODE
    if _CODE is None:
        hasher = hashlib.blake2b(digest_size=DIGEST_SIZE)
        root = Path(__file__).parent
        for path in sorted(
            p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ):
            _chunk(hasher, path.relative_to(root).as_posix().encode(), path.read_bytes())
        for package in _PACKAGES:
            try:
                version = importlib.metadata.version(package)
            except importlib.metadata.PackageNotFoundError:
                version = "-"
            _chunk(hasher, package.encode(), version.encode())
        _chunk(hasher, b"python", sys.version.encode())
        _CODE = hasher.digest()
    return _CODE

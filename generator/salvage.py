"""Keep the valid parts of a file that fails its model, so that one run reports everything.

A brief with a misspelled field and an unknown actor has two problems; if the
misspelling stopped the file there, the editor would meet the second only on
the next run.  So when a file fails its model, the values that failed are set
aside and the rest is typed again: an unknown or optional field is dropped, a
broken list item is dropped, and a required field of the file itself gets a
stand-in value that the cross-reference checks are told not to trust
(:attr:`Salvaged.unsure`).  What failed is reported once, by the model; the
checks then see a model of everything that is sound.

Dropping list items shifts the indexes after them, so :attr:`Salvaged.kept`
maps them back: problems found in the salvaged model point at the editor's
own lines (:meth:`generator.load.Document.problem` applies it).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, get_args, get_origin

from pydantic import TypeAdapter, ValidationError

from .diagnostics import FieldPath
from .load import Document
from .model import fields_of, model_at, unwrap, validate

M = TypeVar("M")

#: Stand-ins tried, in order, for a required top-level field whose value failed.
_STAND_INS: tuple[Any, ...] = ("x", "https://example.invalid/", "2000-01-01", [], False)

#: The keys whose values other records refer to: a dropped item's is still "known".
_ID_KEYS = ("id", "actor")


@dataclass(frozen=True)
class Typed(Generic[M]):
    """One file as its model: whole, or only the parts that are sound."""

    value: M
    doc: Document
    whole: bool = True
    """False when parts failed the model and were set aside (their problems are reported)."""
    dropped_ids: dict[str, set[str]] = field(default_factory=dict)
    """Ids of list items set aside, by list: they exist, so are not "unknown" elsewhere."""
    unsure: frozenset[str] = frozenset()
    """Top-level fields holding a stand-in value: checks that read them are skipped."""

    def lost_items(self, path: FieldPath) -> bool:
        """Whether the list at ``path`` (in the model) lost items that failed: a check
        that counts them would report what is already reported."""
        return self.doc.in_file(path) in self.doc.kept

    def known(self, list_name: str, present: Iterable[str]) -> set[str]:
        """The ids of a list's items: those ``present`` and those set aside.  If an id
        itself was broken, any reference may have meant it: all count as known."""
        dropped = self.dropped_ids.get(list_name, set())
        return _AnyId() if _BROKEN_ID in dropped else set(present) | dropped


_BROKEN_ID = "\0broken"


class _AnyId(set[str]):
    """The ids of a list whose item's own id was broken: every reference may be right."""

    def __contains__(self, item: object) -> bool:
        return True


@dataclass
class Salvaged:
    """What of a failed file could be typed, and what to make of it."""

    value: Any
    """The model of the sound parts."""
    kept: dict[FieldPath, tuple[int, ...]] = field(default_factory=dict)
    """For each list that lost items (by its path in the file): the file's indexes of the
    items kept, in order."""
    dropped_ids: dict[str, set[str]] = field(default_factory=dict)
    """For each top-level list, the ids of the items dropped: they exist, but are broken,
    so references to them are not reported as unknown."""
    unsure: set[str] = field(default_factory=set)
    """Top-level fields that hold a stand-in: checks that read them are skipped."""


def salvage(
    model: type[Any], data: Any, errors: Iterable[tuple[FieldPath, str]]
) -> Salvaged | None:
    """The model of ``data`` without the values at the ``(loc, error type)`` pairs
    that failed, or ``None`` when nothing sound is left to check."""
    if not isinstance(data, dict):
        return None
    data = copy.deepcopy(data)
    found = Salvaged(value=None)
    removals: list[FieldPath] = []
    for loc, kind in errors:
        target = _removal(model, _in_file(model, data, loc), kind)
        if target is None:
            return None
        if len(target) == 1 and _is_required(model, str(target[0])):
            stand_in = _stand_in(model, str(target[0]))
            if stand_in is _NONE:
                return None
            data[target[0]] = stand_in
            found.unsure.add(str(target[0]))
        else:
            removals.append(target)
    broken_ids = {loc[:3] for loc, _ in errors if len(loc) >= 3 and loc[2] in _ID_KEYS}
    _remove_all(data, removals, found, broken_ids)
    try:
        found.value = validate(model, data)
    except ValidationError:  # what was left still fails (an emptied list, say): give up
        return None
    return found


def _in_file(model: type[Any], data: Any, loc: FieldPath) -> FieldPath:
    """``loc`` without the parts that name no place in the file (pydantic adds the names
    of union members and validators), keeping a missing field's name."""
    here = data
    for i, part in enumerate(loc):
        if isinstance(here, dict) and isinstance(part, str):
            if part in here:
                here = here[part]
                continue
            owner = model_at(model, loc[:i])
            return loc[: i + 1] if owner and part in fields_of(owner) else loc[:i]
        if isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            here = here[part]
            continue
        return loc[:i]
    return loc


def _removal(model: type[Any], loc: FieldPath, kind: str) -> FieldPath | None:
    """The smallest part of the file whose removal takes the error at ``loc`` away."""
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return loc
    for end in range(len(loc), 0, -1):
        part = loc[end - 1]
        if isinstance(part, int):
            return loc[:end]
        if end == 1 or not _is_required_at(model, loc[: end - 1], part):
            return loc[:end]
    return None


def _is_required_at(model: type[Any], parent: FieldPath, name: str) -> bool:
    owner = model_at(model, parent)
    info = fields_of(owner).get(name) if owner else None
    return info is not None and info.is_required()


def _is_required(model: type[Any], name: str) -> bool:
    return _is_required_at(model, (), name)


class _Missing:
    pass


_NONE = _Missing()


def _stand_in(model: type[Any], name: str) -> Any:
    """A value that the top-level field ``name`` accepts, or ``_NONE``."""
    info = fields_of(model)[name]
    annotation = unwrap(info.annotation)
    candidates: list[Any] = list(_STAND_INS)
    if get_origin(annotation) is Literal:
        candidates.insert(0, get_args(annotation)[0])
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    for candidate in candidates:
        try:
            adapter.validate_python(candidate)
        except ValidationError:
            continue
        if info.metadata and isinstance(candidate, list):
            continue  # a length constraint (sources: at least one) no stand-in meets
        return candidate
    return _NONE


def _remove_all(
    data: dict[str, Any], removals: list[FieldPath], found: Salvaged, broken_ids: set[FieldPath]
) -> None:
    """Remove every target, deepest and last first, so earlier paths stay valid."""
    dropped: dict[FieldPath, set[int]] = {}
    for target in sorted(set(removals), key=_sort_key, reverse=True):
        parent = _walk(data, target[:-1])
        last = target[-1]
        if isinstance(last, int) and isinstance(parent, list) and 0 <= last < len(parent):
            if any(target[: len(d)] == d and len(d) < len(target) for d in _as_items(dropped)):
                continue  # inside an item that is dropped anyway
            item = parent[last]
            if len(target) == 2 and isinstance(item, dict):
                _note_ids(found, target, item, broken_ids)
            dropped.setdefault(target[:-1], set()).add(last)
        elif isinstance(last, str) and isinstance(parent, dict):
            parent.pop(last, None)
    for list_path, indexes in sorted(
        dropped.items(), key=lambda kv: _sort_key(kv[0]), reverse=True
    ):
        items = _walk(data, list_path)
        found.kept[list_path] = tuple(i for i in range(len(items)) if i not in indexes)
        items[:] = [item for i, item in enumerate(items) if i not in indexes]


def _as_items(dropped: dict[FieldPath, set[int]]) -> Iterable[FieldPath]:
    return ((*path, i) for path, indexes in dropped.items() for i in indexes)


def _note_ids(
    found: Salvaged, target: FieldPath, item: dict[str, Any], broken_ids: set[FieldPath]
) -> None:
    """Remember the ids of a dropped top-level item (``target``), or that its id was broken."""
    ids = found.dropped_ids.setdefault(str(target[0]), set())
    for key in _ID_KEYS:
        if isinstance(item.get(key), str):
            ids.add(item[key])
        if (*target, key) in broken_ids:
            ids.add(_BROKEN_ID)


def _walk(data: Any, path: FieldPath) -> Any:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _sort_key(path: FieldPath) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in path)

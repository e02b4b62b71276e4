"""``newsbrief migrate``: bring briefs written for content model v1 up to v2, in place.

A newsroom's archive must never be stranded by a new rule.  The v2 rules that
a v1 brief can break mechanically are rewritten here, as small edits to the
editor's own text (comments, order and layout are kept):

* a timeline event without a source gets ``background: true``: v1 showed it
  unsourced, and v2 says so openly;
* a publisher written ``Reuters (via Prothom Alo)`` becomes ``publisher:
  Reuters`` and ``via: Prothom Alo``;
* a quote pasted with its own quote marks loses them.

What needs an editor's judgement (two positions of one actor on one matter)
is left to ``newsbrief validate``, which says how to fix it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .fields import unwrapped_quote
from .load import BRIEFS_DIR, iter_yaml, read_file
from .parse import LoadError, compose

_VIA = re.compile(r"^(?P<publisher>.+?)\s*\(\s*via\s+(?P<via>[^()]+?)\s*\)$")


@dataclass(order=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


@dataclass
class Migration:
    """What migrating one file changes: the edits, and one line per change for the editor."""

    path: Path
    edits: list[Edit] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    def note(self, node: yaml.Node, what: str) -> None:
        self.changes.append(f"{self.path}:{node.start_mark.line + 1}: {what}")


def migrate_content(content: Path, *, write: bool) -> list[str]:
    """Migrate every brief under ``content``; the changes made (or, without ``write``,
    that would be made), one line each."""
    changes: list[str] = []
    for path in iter_yaml(content / BRIEFS_DIR):
        raw = read_file(path)
        if not isinstance(raw, bytes):
            continue  # unreadable: `newsbrief validate` says why
        text = raw.decode("utf-8-sig", errors="replace")
        migration = plan(path, raw)
        if migration is None or not migration.edits:
            continue
        changes += migration.changes
        if write:
            _replace(path, apply(text, migration.edits))
    return changes


def plan(path: Path, raw: bytes) -> Migration | None:
    """The edits that bring one brief to v2; ``None`` if it is not valid YAML."""
    try:
        root = compose(raw)
    except LoadError:
        return None
    migration = Migration(path)
    if not isinstance(root, yaml.MappingNode):
        return migration
    text = raw.decode("utf-8-sig")
    for item in _items(root, "sources"):
        _split_via(item, text, migration)
    for position in _items(root, "positions"):
        for quote in _items(position, "quotes"):
            _unwrap_quote(quote, migration)
    for event in _items(root, "timeline"):
        _mark_background(event, text, migration)
    return migration


def apply(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, reverse=True):
        text = text[: edit.start] + edit.new + text[edit.end :]
    return text


def _items(mapping: yaml.MappingNode, key: str) -> Iterator[yaml.MappingNode]:
    value = _get(mapping, key)
    if isinstance(value, yaml.SequenceNode):
        yield from (item for item in value.value if isinstance(item, yaml.MappingNode))


def _get(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((v for k, v in mapping.value if getattr(k, "value", None) == key), None)


def _inline(node: yaml.Node) -> bool:
    """A one-line scalar that can be replaced in place (not a block scalar)."""
    return (
        isinstance(node, yaml.ScalarNode)
        and node.style not in ("|", ">")
        and node.start_mark.line == node.end_mark.line
    )


def _split_via(source: yaml.MappingNode, text: str, migration: Migration) -> None:
    publisher = _get(source, "publisher")
    if publisher is None or _get(source, "via") is not None or not _inline(publisher):
        return
    found = _VIA.match(str(publisher.value))
    if not found:
        return
    migration.edits.append(
        Edit(publisher.start_mark.index, publisher.end_mark.index, _scalar(found["publisher"]))
    )
    _insert_field(source, text, f"via: {_scalar(found['via'])}", migration)
    migration.note(publisher, f"publisher '{publisher.value}' split into publisher and `via`")


def _unwrap_quote(quote: yaml.MappingNode, migration: Migration) -> None:
    words = _get(quote, "text")
    if words is None or not _inline(words):
        return
    inner = unwrapped_quote(str(words.value))
    if inner is None:
        return
    migration.edits.append(Edit(words.start_mark.index, words.end_mark.index, _scalar(inner)))
    migration.note(words, "quote marks removed from a quote (the site adds its own)")


def _mark_background(event: yaml.MappingNode, text: str, migration: Migration) -> None:
    if _get(event, "source") is not None or _get(event, "background") is not None:
        return
    if event.flow_style:
        migration.note(event, "unsourced event in {…} style: add `source` or `background: true`")
        return
    _insert_field(event, text, "background: true", migration)
    migration.note(event, "unsourced timeline event marked `background: true`")


def _insert_field(mapping: yaml.MappingNode, text: str, line: str, migration: Migration) -> None:
    """Add ``line`` as the mapping's last field, indented like its first key."""
    indent = " " * mapping.value[0][0].start_mark.column
    end = mapping.value[-1][1].end_mark.index
    if end == 0 or text[end - 1] != "\n":
        newline = text.find("\n", end)
        end = len(text) if newline < 0 else newline + 1
    prefix = "" if end == 0 or text[end - 1] == "\n" else "\n"
    migration.edits.append(Edit(end, end, f"{prefix}{indent}{line}\n"))


def _scalar(value: str) -> str:
    """A YAML scalar for ``value``: plain where YAML reads it back as the same text."""
    try:
        plain = yaml.safe_load(value) == value and "#" not in value and ": " not in value
    except yaml.YAMLError:
        plain = False
    return value if plain and value.strip() == value else json.dumps(value, ensure_ascii=False)


def _replace(path: Path, text: str) -> None:
    """Write ``text`` over ``path`` atomically: an editor never sees half a brief."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

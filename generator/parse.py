"""YAML bytes → plain data, with every node's line and column kept, within limits.

PyYAML's ``safe_load`` throws line numbers away, silently keeps the last of two
duplicate keys and happily expands a billion-laughs alias bomb.  So we only let
libyaml *compose* the node graph (fast, C) and build the Python values
ourselves, which lets us:

* report every problem as ``file:line:col`` (see :class:`generator.load.Document`);
* reject duplicate keys, non-string keys, merge keys and any tag beyond the
  plain JSON-like core (no Python objects, no sets, no binary);
* bound nesting depth and alias expansion, so hostile input fails fast;
* keep timestamps as the text the editor typed, so date checking (and its
  error message) belongs to one place: the model.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .diagnostics import FieldPath

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


def parse(raw: bytes) -> tuple[yaml.Node | None, Any]:
    """Bytes → (node graph, data).  Raises :class:`LoadError` with a position."""
    root = compose(raw)
    return root, _Builder().build(root)


def compose(raw: bytes) -> yaml.Node:
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
        line, col, hint = syntax_hint(what, text.splitlines(), line, col)
        raise LoadError(line, col, f"YAML syntax error: {hint or what}") from None
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


_QUOTE_MARKS = "\"'"


def syntax_hint(problem: str, lines: list[str], line: int, col: int) -> tuple[int, int, str]:
    """What most likely caused libyaml's ``problem`` at ``line:col``, and the fix, in
    an editor's words ("" when there is no better guess than libyaml's own); the
    position may move to the spot where the fix is needed."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if problem.startswith("mapping values are not allowed"):
        return (
            line,
            col,
            ("text containing ': ' must be quoted: put the whole value in double quotes"),
        )
    if problem.startswith("did not find expected key"):
        value = text.partition(": ")[2].lstrip()
        if value and value[0] in _QUOTE_MARKS and value.count(value[0]) >= 2:
            return (
                line,
                col,
                (
                    f"the value starts with {value[0]}, so YAML ends it at the next {value[0]} "
                    "and the words after it are not allowed: wrap the whole value in the other "
                    "kind of quote marks, or reword it so that it does not start with one"
                ),
            )
        return line, col, _indent_hint(lines, line)
    if problem.startswith("did not find expected '-' indicator"):
        return line, col, _indent_hint(lines, line)
    if problem.startswith("did not find expected ',' or ']'"):
        return line, col, "a [list] is not closed: end it with ']' on the same line"
    if problem.startswith("found unexpected end of stream"):
        for number in range(min(line, len(lines)), 0, -1):
            opened = lines[number - 1].partition(": ")[2].lstrip()
            if opened and opened[0] in _QUOTE_MARKS and opened.count(opened[0]) == 1:
                start = lines[number - 1].index(opened) + 1
                return number, start, f"the quote mark {opened[0]} here is never closed"
    return line, col, ""


def _indent_hint(lines: list[str], line: int) -> str:
    """Compare the line's indentation with the field lines above it."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    own = len(text) - len(text.lstrip(" "))
    for above in reversed(lines[: line - 1]):
        stripped = above.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(above) - len(stripped)
        if stripped.startswith("- "):
            indent += 2  # the fields of a list item line up after its '- '
        if indent != own:
            return (
                f"this line is indented {own} spaces but the line above {indent}: "
                "fields of one mapping must line up (indentation is structure in YAML)"
            )
        break
    return "check this line's indentation, and quote text that contains ': '"

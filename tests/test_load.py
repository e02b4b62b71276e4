"""Stage 1: YAML → data, with positions, limits and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import Problem
from generator.load import Document, iter_yaml, load_file
from generator.parse import MAX_DEPTH, MAX_FILE_BYTES, LoadError, parse


def test_values_are_plain_and_dates_stay_text() -> None:
    _, data = parse(b"a: 1\nb: [x, 2.5, true, null]\nc: 2022-10-11\n")
    assert data == {"a": 1, "b": ["x", 2.5, True, None], "c": "2022-10-11"}


def test_marks_point_at_values_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: T\nsources:\n  - id: a\n    url: u\n", "utf-8")
    doc = load_file(path)
    assert isinstance(doc, Document)
    assert doc.mark(("sources", 0, "url")) == (4, 10)
    assert doc.mark(("sources", 0, "url"), key=True) == (4, 5)
    # A path that does not exist points at the deepest part that does.
    assert doc.mark(("sources", 0, "missing")) == (3, 5)


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        ("a: 1\na: 2\n", 2, 1, "duplicate key 'a' (first defined on line 1)"),
        ("a:\n\t- 1\n", 2, 1, "tab used for indentation; YAML needs spaces"),
        ("a: [1\n", 2, 1, "YAML syntax error"),
        ("a: !!binary aGk=\n", 1, 4, "unsupported tag '!!binary'"),
        ("a: !!set {x}\n", 1, 4, "unsupported tag '!!set'"),
        ("a: 1\n<<: {b: 2}\n", 2, 1, "merge keys (<<) are not supported"),
        ("? [x]\n: 1\n", 1, 3, "keys must be plain text"),
        ("", 1, 1, "file is empty"),
        ("# only a comment\n", 1, 1, "file is empty"),
    ],
)
def test_load_errors_have_positions(text: str, line: int, col: int, message: str) -> None:
    with pytest.raises(LoadError) as caught:
        parse(text.encode())
    assert (caught.value.line, caught.value.col) == (line, col)
    assert message in caught.value.message


def test_non_utf8_points_at_the_byte() -> None:
    with pytest.raises(LoadError) as caught:
        parse(b"a: ok\nb: caf\xe9\n")
    assert (caught.value.line, caught.value.col) == (2, 7)


def test_size_limit() -> None:
    with pytest.raises(LoadError, match="the limit is"):
        parse(b"a: " + b"x" * MAX_FILE_BYTES)


def test_depth_limit() -> None:
    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)
    with pytest.raises(LoadError, match="nesting deeper"):
        parse(deep.encode())


def test_recursive_alias_is_bounded() -> None:
    with pytest.raises(LoadError):
        parse(b"a: &x [*x]\n")


def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    result = load_file(tmp_path / "missing.yaml")
    assert isinstance(result, Problem)
    assert "cannot read file" in result.message


def test_positions_are_not_taken_from_bytes_saved_after_loading(tmp_path: Path) -> None:
    """Positions are found by reading the file again; if an editor saved meanwhile,
    pointing at the start of the file beats pointing at the wrong line."""
    path = tmp_path / "x.yaml"
    path.write_text("title: T\nsources:\n  - id: a\n", "utf-8")
    doc = load_file(path)
    assert isinstance(doc, Document)
    path.write_text("# five\n# new\n# lines\n# on\n# top\ntitle: T\nsources:\n  - id: a\n")
    assert doc.mark(("sources", 0, "id")) == (1, 1)


def test_yaml_files_are_listed_by_suffix_like_pathlib(tmp_path: Path) -> None:
    for name in ["b.yaml", "a.yml", ".yaml", "notes.txt", "sub/c.yaml", "sub/.yml"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("a: 1\n", "utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_yaml(tmp_path)]
    assert found == ["a.yml", "b.yaml", "sub/c.yaml"]

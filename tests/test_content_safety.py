"""Content files are read only from inside content/, within limits, and named safely.

A brief that links to a file elsewhere is refused without a byte of it being
read (its text would be published, or echoed into public CI logs); a linked
briefs folder is followed inside the project or refused loudly, never
silently empty; a huge file is refused by its size before it is read; and a
file name holding undecodable bytes or line breaks prints as one safe line.
"""

from __future__ import annotations

import errno
import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from generator import load
from generator.cli import main
from generator.load import MAX_FILE_BYTES, read_file
from generator.pipeline import check, generate
from tests.conftest import copy_content

FIRST = "2022-10-11-lavrov-says-russia-open-to-talks"
SECRET = "root:x:0:0:SECRET-FIRST-LINE"


def everything(folder: Path) -> str:
    return "".join(p.read_text("utf-8", "replace") for p in folder.rglob("*") if p.is_file())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- links out of content/ ----------------------------------------------------------------


def test_a_brief_linked_to_a_file_outside_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = copy_content(tmp_path)
    secret = tmp_path / "passwd"
    brief = (content / "briefs" / f"{FIRST}.yaml").read_text("utf-8")
    secret.write_text(f"{SECRET}\n" + brief.replace("title:", "title: SECRET-TITLE", 1))
    (content / "briefs" / "2022-10-12-linked.yaml").symlink_to(secret)
    code, out, err = run(capsys, "build", "--content", str(content), "--out", str(tmp_path / "o"))
    assert code == 1
    assert "2022-10-12-linked.yaml:1:1: error: symbolic link to a file outside the content" in err
    assert "SECRET" not in out + err
    assert not (tmp_path / "o").exists()


def test_a_registry_linked_outside_is_refused(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    outside = tmp_path / "actors.yaml"
    (content / "actors.yaml").rename(outside)
    (content / "actors.yaml").symlink_to(outside)
    problems = [str(p) for p in check(content).errors]
    assert any("actors.yaml:1:1: error: symbolic link to a file outside" in p for p in problems)


def test_a_link_inside_content_is_read(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    (content / "briefs" / f"{FIRST}.yaml").rename(content / f"{FIRST}.yaml")
    (content / "briefs" / f"{FIRST}.yaml").symlink_to(content / f"{FIRST}.yaml")
    result = generate(content, tmp_path / "out")
    assert result.ok, result.problems
    assert (tmp_path / "out" / "briefs" / f"{FIRST}.md").exists()


def test_a_link_loop_is_a_problem_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = copy_content(tmp_path)
    (content / "briefs" / "2022-10-12-loop.yaml").symlink_to("2022-10-12-loop.yaml")
    (content / "briefs" / "2022-10-12-loop-b.yaml").symlink_to("2022-10-12-loop-c.yaml")
    (content / "briefs" / "2022-10-12-loop-c.yaml").symlink_to("2022-10-12-loop-b.yaml")
    code, _, err = run(capsys, "validate", "--content", str(content))
    assert code == 1
    assert "2022-10-12-loop.yaml:1:1: error: symbolic link loop" in err
    assert "2022-10-12-loop-b.yaml:1:1: error: symbolic link loop" in err
    assert "internal error" not in err


# --- a linked briefs folder ---------------------------------------------------------------


def linked_briefs(tmp_path: Path, target: Path) -> Path:
    content = copy_content(tmp_path / "project")
    (content / "briefs").rename(target)
    (content / "briefs").symlink_to(target)
    return content


def test_a_briefs_folder_linked_inside_the_project_is_followed(tmp_path: Path) -> None:
    content = linked_briefs(tmp_path, tmp_path / "project" / "shared-briefs")
    result = generate(content, tmp_path / "out")
    assert result.ok, result.problems
    assert (tmp_path / "out" / "briefs" / f"{FIRST}.md").exists()


@pytest.mark.parametrize("where", ["outside", "nowhere", "around"])
def test_a_briefs_folder_linked_elsewhere_is_refused_loudly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    content = linked_briefs(tmp_path, tmp_path / "elsewhere")
    out = tmp_path / "out"
    assert main(["build", "--content", str(content), "--out", str(out)]) == 3
    assert not out.exists()  # never an empty site that unpublishes every brief
    capsys.readouterr()
    if where == "nowhere":
        (tmp_path / "elsewhere").rename(tmp_path / "gone")
    elif where == "around":  # a link to the project itself would list it all again
        (content / "briefs").unlink()
        (content / "briefs").symlink_to(tmp_path / "project")
    code, _, err = run(capsys, "build", "--content", str(content), "--out", str(out))
    assert code == 3 and not out.exists()
    assert "briefs is a symbolic link" in err and len(err.splitlines()) == 1
    assert "bug" not in err


def test_a_briefs_folder_that_cannot_be_listed_stops_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads any folder, so the permission error is injected where it would arise."""
    content = copy_content(tmp_path)
    real = os.scandir

    def denied(path: Any = ".") -> Any:
        if str(path).endswith("briefs"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(load.os, "scandir", denied)
    out = tmp_path / "out"
    code, _, err = run(capsys, "build", "--content", str(content), "--out", str(out))
    assert code == 3 and not out.exists()  # not a site without its briefs
    assert "briefs: cannot list this folder (Permission denied)" in err


# --- size ---------------------------------------------------------------------------------


def test_a_huge_file_is_refused_by_its_size_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as file:
        file.truncate(64 * 1024 * 1024)  # sparse: no disk used
    tracemalloc.start()
    try:
        found = read_file(huge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not isinstance(found, bytes)
    assert found.message == f"file is 65536 KiB; the limit is {MAX_FILE_BYTES // 1024} KiB"
    assert peak < MAX_FILE_BYTES  # not even the limit's worth was read


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"#" * MAX_FILE_BYTES)
    assert read_file(exact) == b"#" * MAX_FILE_BYTES


# --- file names ---------------------------------------------------------------------------


def test_an_undecodable_file_name_prints_with_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = copy_content(tmp_path)
    name = os.fsencode(content / "briefs") + b"/2022-10-12-caf\xe9.yaml"
    with open(name, "wb") as file:  # noqa: PTH123 - a bytes name, which Path cannot make
        file.write((content / "briefs" / f"{FIRST}.yaml").read_bytes())
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, err = run(capsys, "validate", "--content", str(content))
    assert code == 1
    assert "2022-10-12-caf\\xe9.yaml:" in err
    assert "file=" in out and "caf\\xe9.yaml" in out


def test_a_file_name_with_a_line_break_cannot_inject_workflow_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = copy_content(tmp_path)
    hostile = content / "briefs" / "x\n::warning file=a,line=1::pwned\n.yaml"
    hostile.write_text("id: nope\n", "utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, err = run(capsys, "validate", "--content", str(content))
    assert code == 1
    assert out and all(line.startswith("::error file=") for line in out.splitlines())
    assert not any(line.startswith("::") for line in err.splitlines())
    assert "x\\n::warning file=a,line=1::pwned\\n.yaml" in err


def test_an_undecodable_output_folder_name_prints_with_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = copy_content(tmp_path)
    out = os.fsdecode(os.fsencode(tmp_path) + b"/out-caf\xe9")
    code, printed, err = run(capsys, "build", "--content", str(content), "--out", out)
    assert code == 0, err
    assert "out-caf\\xe9: " in printed

"""The invalid-brief corpus: every case gives exactly the reviewed error lines.

Each ``tests/invalid/<case>.yaml`` is dropped into a copy of the shipped
content as ``content/briefs/<case>.yaml``; ``tests/invalid/expected.txt``
holds, per case, the exact lines ``newsbrief validate`` prints for that file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.validate import validate_content
from tests.conftest import CONTENT, REPO

CASES_DIR = REPO / "tests" / "invalid"
CASES = sorted(p.name for p in CASES_DIR.glob("*.yaml"))


def expected_lines(case: str) -> list[str]:
    lines = (CASES_DIR / "expected.txt").read_text("utf-8").splitlines()
    return [line for line in lines if line.startswith(f"content/briefs/{case}:")]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped content in a folder that is also the working directory."""
    shutil.copytree(CONTENT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


def test_every_case_has_expectations() -> None:
    for case in CASES:
        assert expected_lines(case), f"{case} has no lines in expected.txt"


@pytest.mark.parametrize("case", CASES)
def test_case_gives_exactly_the_expected_problems(case: str, workspace: Path) -> None:
    (workspace / "content" / "briefs" / case).write_bytes((CASES_DIR / case).read_bytes())
    corpus, problems = validate_content(Path("content"))
    assert corpus is None
    found = [str(p) for p in problems if p.file == f"content/briefs/{case}"]
    assert found == expected_lines(case)


def test_cli_exit_codes_and_no_traceback(workspace: Path) -> None:
    """The real command on every case: exit 1, the expected lines, never a traceback."""
    briefs = workspace / "content" / "briefs"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for case in CASES:
        (briefs / case).write_bytes((CASES_DIR / case).read_bytes())
        result = subprocess.run(
            [sys.executable, "-m", "generator", "validate", "--content", "content"],
            capture_output=True,
            text=True,
            env=env,
            cwd=workspace,
        )
        (briefs / case).unlink()
        assert result.returncode == 1, (case, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout, case
        for line in expected_lines(case):
            assert line in result.stderr.splitlines(), (case, line)


def test_the_fix_for_a_long_quote_in_quote_marks_says_it_is_cut() -> None:
    from generator.fields import _check_quote_text

    words = "We are evaluating the available information that this agreement will continue"
    with pytest.raises(ValueError, match=r"write: We are evaluating .{40,}…$"):
        _check_quote_text(f"“{words}.”")

"""The ``newsbrief`` command as editors and scripts use it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.cli import main
from generator.validate import validate_content
from tests.conftest import CONTENT, REPO, copy_content


def newsbrief(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )


def test_validate_clean_content_exits_zero() -> None:
    result = newsbrief("validate", "--content", str(CONTENT))
    assert result.returncode == 0, result.stderr
    assert "content is valid" in result.stdout


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "newsbrief"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("build", "validate", "new", "schema"):
        assert command in result.stdout


@pytest.mark.parametrize("args", [["frobnicate"], ["validate", "--bogus"], [], ["new"]])
def test_bad_usage_exits_two(args: list[str]) -> None:
    result = newsbrief(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_invalid_content_exits_one_with_sorted_clickable_lines(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    brief = content / "briefs" / "2022-10-13-erdogan-meets-putin-in-astana.yaml"
    text = brief.read_text("utf-8").replace("status: developing", "status: maybe")
    brief.write_text(text.replace("  - id: trend\n", "  - id: Trend\n"), "utf-8")
    result = newsbrief("validate", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(lines) == 2
    assert [int(line.split(":")[1]) for line in lines] == [6, 25]  # sorted by line
    assert lines[0].startswith(
        "content/briefs/2022-10-13-erdogan-meets-putin-in-astana.yaml:6:9: error: status:"
    )
    assert "sources[0].id: 'Trend' is not a valid id" in lines[1]


def test_github_annotations(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    (content / "briefs" / "2022-10-13-erdogan-meets-putin-in-astana.yaml").write_text("id: [\n")
    result = newsbrief(
        "validate", "--content", "content", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"}
    )
    assert result.returncode == 1
    assert result.stdout.startswith(
        "::error file=content/briefs/2022-10-13-erdogan-meets-putin-in-astana.yaml,line=2,col=1,"
    )


def test_build_refuses_invalid_content_and_writes_nothing(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    (content / "actors.yaml").write_text("actors: nope\n")
    result = newsbrief("build", "--content", "content", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / "out").exists()
    assert "nothing written" in result.stderr


def test_internal_errors_never_show_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("generator.pipeline.check", broken)
    monkeypatch.delenv("NEWSBRIEF_DEBUG", raising=False)
    assert main(["validate"]) == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err


# --- newsbrief new ------------------------------------------------------------------------------


def test_new_scaffolds_a_brief_that_validation_then_guides(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    result = newsbrief(
        "new",
        "Zelenskiy rules out talks: what next?",
        "--date",
        "2022-10-14",
        "--story",
        "russia-west-talks",
        "--content",
        "content",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    path = content / "briefs" / "2022-10-14-zelenskiy-rules-out-talks-what-next.yaml"
    assert result.stdout.strip() == str(Path("content/briefs") / path.name)
    text = path.read_text("utf-8")
    modeline = text.partition("\n")[0]
    assert modeline.startswith("# yaml-language-server: $schema=")
    schema = (path.parent / modeline.split("=", 1)[1]).resolve()
    assert schema == REPO / "generator" / "schemas" / "brief.schema.json"
    assert 'title: "Zelenskiy rules out talks: what next?"' in text
    # The empty fields are exactly what validation asks for, with lines.
    _, problems = validate_content(content)
    fields = {p.field for p in problems if p.file.endswith(path.name)}
    assert {"dek", "summary", "why_it_matters", "sources[0].url"} <= fields


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    copy_content(tmp_path)
    args = ("new", "Same title", "--date", "2022-10-14", "--content", "content")
    assert newsbrief(*args, cwd=tmp_path).returncode == 0
    target = tmp_path / "content" / "briefs" / "2022-10-14-same-title.yaml"
    target.write_text("edited by hand\n")
    second = newsbrief(*args, cwd=tmp_path)
    assert second.returncode == 1 and "already exists" in second.stderr
    assert target.read_text() == "edited by hand\n"


def test_validate_strict_fails_on_warnings_only(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    brief = next((content / "briefs").glob("2022-10-13-*.yaml"))
    brief.write_text(brief.read_text("utf-8").replace("id: 2022-10-13-", "id: 2022-10-14-"))
    brief.rename(brief.with_name(brief.name.replace("2022-10-13-", "2022-10-14-")))
    lenient = newsbrief("validate", "--content", "content", cwd=tmp_path)
    assert lenient.returncode == 0 and ": warning: id: the id is dated" in lenient.stderr
    strict = newsbrief("validate", "--strict", "--content", "content", cwd=tmp_path)
    assert strict.returncode == 1 and "warnings are errors with --strict" in strict.stderr


def test_new_refuses_an_unknown_story_before_making_a_file(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    before = sorted((content / "briefs").iterdir())
    args = ("new", "A title", "--story", "russia-west-talk", "--content", "content")
    result = newsbrief(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert "unknown story 'russia-west-talk'; add it to" in result.stderr
    assert result.stderr.rstrip().endswith("did you mean 'russia-west-talks'?")
    assert sorted((content / "briefs").iterdir()) == before


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "The Kremlin says Putin is one of the last leaders in",
            "the-kremlin-says-putin-is-one-of-the-last-leaders",
        ),
        (
            "Erdogan meets Putin in Astana to discuss talks in eastern Ukraine",
            "erdogan-meets-putin-in-astana-to-discuss-talks",
        ),
        ("Лавров: Россия открыта к переговорам", "lavrov-rossiia-otkryta-k-peregovoram"),
    ],
)
def test_new_ids_are_cut_between_words_and_transliterated(title: str, expected: str) -> None:
    from generator.scaffold import brief_id

    made = brief_id(title, date(2022, 10, 13))
    assert made == f"2022-10-13-{expected}"
    assert len(made) <= 60


def test_new_asks_for_an_id_when_the_title_spells_none(tmp_path: Path) -> None:
    copy_content(tmp_path)
    refused = newsbrief("new", "!!!", "--date", "2022-10-14", "--content", "content", cwd=tmp_path)
    assert refused.returncode == 1 and "pass one with --id" in refused.stderr
    args = ("new", "!!!", "--date", "2022-10-14", "--id", "Putin skips", "--content", "content")
    made = newsbrief(*args, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "content" / "briefs" / "2022-10-14-putin-skips.yaml").is_file()


def test_new_warns_about_a_near_duplicate_of_the_same_day(tmp_path: Path) -> None:
    copy_content(tmp_path)
    args = ("new", "Lavrov says Russia is open to talks", "--date", "2022-10-11")
    result = newsbrief(*args, "--content", "content", cwd=tmp_path)
    assert result.returncode == 0
    assert "warning: 2022-10-11-lavrov-says-russia-open-to-talks.yaml, of the same day" in (
        result.stderr
    )
    other = newsbrief(
        "new",
        "Kremlin confirms G20 plans",
        "--date",
        "2022-10-11",
        "--content",
        "content",
        cwd=tmp_path,
    )
    assert other.returncode == 0 and "warning" not in other.stderr


def test_new_defaults_to_today(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    assert main(["new", "A title", "--content", str(tmp_path / "content")]) == 0
    assert (tmp_path / "content" / "briefs" / f"{date.today().isoformat()}-a-title.yaml").exists()


def test_pre_commit_hook_validates_content_changes() -> None:
    import re

    import yaml

    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert hook["entry"] == ".venv/bin/newsbrief validate"
    assert re.search(hook["files"], "content/briefs/x.yaml")
    assert not re.search(hook["files"], "generator/model.py")
    script = Path(sys.executable).parent / "newsbrief"
    result = subprocess.run([str(script), "validate"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

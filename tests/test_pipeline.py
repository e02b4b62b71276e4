"""The whole pipeline: golden output, determinism, incremental writes, safe failure."""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest

from generator.pipeline import generate
from generator.render import render_site
from generator.validate import validate_content
from tests.conftest import CONTENT, REPO, copy_content

FIRST = "2022-10-11-lavrov-says-russia-open-to-talks"
GOLDEN = REPO / "tests" / "golden"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def contents(folder: Path) -> dict[str, bytes]:
    """The generated files (not the writer's state and cache, in ``.newsbrief/``)."""
    return {
        path: data
        for path, (data, _) in snapshot(folder).items()
        if not path.startswith(".newsbrief/")
    }


#: One page of each kind → its reviewed golden file in tests/golden/.
GOLDEN_PAGES = {
    f"briefs/{FIRST}.md": f"{FIRST}.md",
    "actors/sergei-lavrov.md": "actor-sergei-lavrov.md",
    "stories/russia-west-talks.md": "story-russia-west-talks.md",
    "questions/index.md": "questions.md",
    "index.md": "home.md",
}


@pytest.mark.parametrize("path", GOLDEN_PAGES)
def test_pages_match_the_reviewed_golden_files(path: str) -> None:
    """Reviewed line by line; after a deliberate change, UPDATE_GOLDEN=1 and review the diff."""
    corpus, problems = validate_content(CONTENT)
    assert corpus is not None, problems
    page = render_site(corpus)[path]
    golden = GOLDEN / GOLDEN_PAGES[path]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(page, "utf-8")
    assert page == golden.read_text("utf-8")


def test_shipped_content_is_clean() -> None:
    corpus, problems = validate_content(CONTENT)
    assert corpus is not None
    assert problems == []  # not even a warning


def test_rendering_is_deterministic() -> None:
    first, _ = validate_content(CONTENT)
    second, _ = validate_content(CONTENT)
    assert first is not None and second is not None
    assert render_site(first) == render_site(second)


def test_second_run_rewrites_nothing(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    first = generate(CONTENT, out)
    assert first.report is not None and first.report.written
    before = snapshot(out)
    second = generate(CONTENT, out)
    assert second.report is not None
    assert second.report.written == [] and second.report.removed == []
    assert snapshot(out) == before


def test_one_edit_rewrites_only_affected_pages(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    out = tmp_path / "docs"
    generate(content, out)
    path = content / "briefs" / "2022-10-13-erdogan-meets-putin-in-astana.yaml"
    text = path.read_text("utf-8")
    assert "sidelines of the sixth summit" in text
    path.write_text(
        text.replace("sidelines of the sixth summit", "sidelines of the 6th summit"), "utf-8"
    )
    result = generate(content, out)
    assert result.report is not None
    pages = [path for path in result.report.written if path.endswith(".md")]
    assert pages == ["briefs/2022-10-13-erdogan-meets-putin-in-astana.md"]


def test_pages_kept_as_fingerprints_are_made_again_when_their_file_is_not_ours(
    tmp_path: Path,
) -> None:
    """In one process, unchanged pages reach the write stage as fingerprints only; a file
    edited or deleted by hand, or another output folder, still gets the real text."""
    content = copy_content(tmp_path)
    first, second = tmp_path / "docs", tmp_path / "other"
    generate(content, first)
    expected = tmp_path / "expected"
    shutil.copytree(first, expected)
    brief = content / "briefs" / f"{FIRST}.yaml"
    brief.write_text(brief.read_text("utf-8") + "\n", "utf-8")  # new bytes, same content
    (first / "index.md").write_text("edited by hand", "utf-8")
    (first / f"data/briefs/{FIRST}.json").unlink()
    result = generate(content, first)
    assert result.report is not None
    assert sorted(result.report.written) == [f"data/briefs/{FIRST}.json", "index.md"]
    assert contents(first) == contents(expected)
    generate(content, second)  # every page "unchanged" for the caches, but not in this folder
    assert contents(second) == contents(expected)


def test_failed_generation_leaves_previous_output_untouched(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    out = tmp_path / "docs"
    generate(content, out)
    before = snapshot(out)
    brief = content / "briefs" / f"{FIRST}.yaml"
    brief.write_text(brief.read_text("utf-8").replace("status: developing", "status: ???"), "utf-8")
    result = generate(content, out)
    assert not result.ok
    assert [p.field for p in result.errors] == ["status"]
    assert snapshot(out) == before


def test_removed_brief_disappears(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    out = tmp_path / "docs"
    generate(content, out)
    (out / "notes.md").write_text("an editor's own file")
    # The last brief of the story can go without breaking any reference.
    (content / "briefs" / "2022-11-10-putin-to-skip-g20-summit-in-bali.yaml").unlink()
    result = generate(content, out)
    assert result.report is not None
    assert "briefs/2022-11-10-putin-to-skip-g20-summit-in-bali.md" in result.report.removed
    assert (out / "notes.md").exists()


@pytest.mark.parametrize("missing", ["content", "actors"])
def test_missing_content_is_an_error_not_a_crash(tmp_path: Path, missing: str) -> None:
    content = tmp_path / "content"
    if missing == "actors":
        shutil.copytree(CONTENT / "briefs", content / "briefs")
    result = generate(content, tmp_path / "docs")
    assert not result.ok
    assert "actor registry" in result.errors[0].message


def test_has_output_means_generated_files_not_any_file(tmp_path: Path) -> None:
    """`make serve` keeps serving on bad content only if a good version was generated."""
    from generator.pipeline import has_output

    out = tmp_path / "docs"
    out.mkdir()
    (out / ".gitignore").write_text("*\n")  # as committed in the repository
    assert not has_output(out)
    generate(CONTENT, out)
    assert has_output(out)


def test_the_collector_sees_everything_again_after_a_build_good_or_failed() -> None:
    """The hook freezes the generator's objects while MkDocs builds; under `mkdocs serve`
    a failed build must not leave them (and the build's garbage) frozen for good."""
    from generator import hook

    for end in (lambda: hook.on_post_build(config=None), lambda: hook.on_build_error(error=None)):
        gc.freeze()
        try:
            end()
            assert gc.get_freeze_count() == 0
        finally:
            gc.unfreeze()

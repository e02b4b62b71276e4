"""Rendering reuses unchanged pages, validation and rendering fork workers: none of it may
change a single byte or a single problem reported."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.corpus import write_corpus
from generator import export, pipeline, render, validate
from generator.memo import Memo
from generator.render import render_outputs
from generator.site import SiteInfo
from generator.validate import validate_content
from generator.write import generated_files
from tests.conftest import REPO


def outputs(content: Path) -> dict[str, str]:
    """Generate into one folder again and again, as ``mkdocs serve`` does; read it back.

    Unchanged pages reach the write stage as fingerprints, so a cache that
    wrongly thought a page unchanged would leave its old file in place.
    """
    out = content.parent / "docs"
    result = pipeline.generate(content, out, SiteInfo())
    assert result.ok, result.problems
    return {path: (out / path).read_text("utf-8") for path in generated_files(out)}


def from_scratch(content: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The same outputs rendered with every render cache emptied first."""
    with monkeypatch.context() as m:
        m.setattr(render, "_PAGES", Memo())
        m.setattr(export, "_BRIEFS", Memo())
        corpus, problems = validate_content(content)
        assert corpus is not None, problems
        return render_outputs(corpus, SiteInfo())


def edit(path: Path, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def rename_actor(registry: dict, actor_id: str) -> None:  # type: ignore[type-arg]
    (actor,) = [a for a in registry["actors"] if a["id"] == actor_id]
    actor["name"] = "Renamed Actor"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "content", 40, seed=3)


def test_cached_pages_equal_fresh_ones_after_every_kind_of_edit(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefs = sorted((content / "briefs").glob("*.yaml"))
    used_actor = yaml.safe_load(briefs[0].read_text("utf-8"))["positions"][0]["actor"]
    outputs(content)  # warm the caches
    changes: list[tuple[Path, Callable[[dict], None]]] = [  # type: ignore[type-arg]
        (briefs[10], lambda d: d.update(summary="An edited summary.")),
        (briefs[20], lambda d: d.update(title="A new title that other pages show")),
        (content / "actors.yaml", lambda d: rename_actor(d, used_actor)),
        (content / "stories.yaml", lambda d: d["stories"][0].update(title="Renamed story")),
        (briefs[5], lambda d: d["positions"][0].update(stance="A changed stance.")),
    ]
    for path, change in changes:
        edit(path, change)
        assert outputs(content) == from_scratch(content, monkeypatch), path.name
    briefs[-1].unlink()  # the newest brief goes: neighbours and listings change
    assert outputs(content) == from_scratch(content, monkeypatch)


FORKED_RUN = """
import hashlib, json, sys
from pathlib import Path
from generator import parallel
from generator.render import render_outputs
from generator.site import SiteInfo
from generator.validate import validate_content
from generator.write import generated_files
from tests.conftest import REPO
parallel.MIN_ITEMS = 1
corpus, _ = validate_content(Path(sys.argv[1]))
outputs = render_outputs(corpus, SiteInfo())
digest = hashlib.sha256(json.dumps(outputs, sort_keys=True).encode()).hexdigest()
print(parallel.can_fork(), len(outputs), digest)
"""


def test_forked_workers_render_exactly_what_one_process_does(content: Path) -> None:
    """In fresh single-threaded processes (forking is only done from those)."""

    def run(jobs: str) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", FORKED_RUN, str(content)],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={**os.environ, "NEWSBRIEF_JOBS": jobs, "PYTHONPATH": str(REPO)},
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    forked, alone = run("2"), run("1")
    assert forked[0] == "True" and alone[0] == "False"  # workers were, and were not, used
    assert int(forked[1]) > 100
    assert forked[1:] == alone[1:]


FORKED_CHECK = """
import sys
from pathlib import Path
from generator import parallel
from generator.validate import validate_content
parallel.MIN_ITEMS = 1
corpus, problems = validate_content(Path(sys.argv[1]))
print(parallel.can_fork(), corpus is None)
print("\\n".join(map(str, problems)))
"""


def test_forked_validation_reports_exactly_what_one_process_does(content: Path) -> None:
    """Files are parsed side by side in workers; their problems must not change."""
    cases = ["duplicate-key", "not-a-date", "tab-indent", "several-errors"]
    broken = sorted((content / "briefs").glob("*.yaml"))[: len(cases)]
    for case, target in zip(cases, broken, strict=True):
        target.write_bytes((REPO / "tests/invalid" / f"{case}.yaml").read_bytes())

    def run(jobs: str) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", FORKED_CHECK, str(content)],
            capture_output=True,
            text=True,
            cwd=content.parent,
            env={**os.environ, "NEWSBRIEF_JOBS": jobs, "PYTHONPATH": str(REPO)},
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    forked, alone = run("2"), run("1")
    assert forked[0] == "True True" and alone[0] == "False True"
    assert len(forked) > 5
    assert forked[1:] == alone[1:]


def test_a_file_saved_while_it_is_checked_is_checked_again_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are hashed, then read again to be parsed.  An editor's save in between (a
    truncating save, then the full text) must not leave the next run with the result
    of the bytes that were there for an instant."""
    content = write_corpus(tmp_path / "content", 3, seed=5)
    target = sorted((content / "briefs").glob("*.yaml"))[0]
    good = target.read_bytes()
    hashed = validate.fingerprint_all

    def save_midway(folder: Path) -> Any:
        files = hashed(folder)
        target.write_bytes(b"")  # the editor's save has emptied the file, not yet refilled it
        return files

    with monkeypatch.context() as m:
        m.setattr(validate, "fingerprint_all", save_midway)
        corpus, problems = validate_content(content)
    assert corpus is None and "file is empty" in str(problems[0])
    target.write_bytes(good)  # the save completes: the very bytes that were hashed
    corpus, problems = validate_content(content)
    assert corpus is not None, problems

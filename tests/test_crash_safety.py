"""Killing the generator midway never leaves a half-written or missing page."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.pipeline import generate
from tests.conftest import REPO, copy_content

FIRST = "2022-10-11-lavrov-says-russia-open-to-talks"
CLONES = 200


def make_content(tmp: Path, name: str, summary_suffix: str) -> Path:
    content = copy_content(tmp / name)
    source = (content / "briefs" / f"{FIRST}.yaml").read_text("utf-8")
    for n in range(CLONES):
        brief_id = f"2022-10-11-clone-{n:03d}"
        text = source.replace(FIRST, brief_id).replace(
            "Russian Foreign Minister", f"Russian Foreign Minister{summary_suffix}", 1
        )
        (content / "briefs" / f"{brief_id}.yaml").write_text(text, "utf-8")
    return content


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def versions(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    tmp = tmp_path_factory.mktemp("crash")
    old_content = make_content(tmp, "old", "")
    new_content = make_content(tmp, "new", " (edited)")
    assert generate(old_content, tmp / "old-out").ok
    assert generate(new_content, tmp / "new-out").ok
    return new_content, files(tmp / "old-out"), files(tmp / "new-out")


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.4, 0.6, 0.9, 1.3])
def test_sigkill_at_any_moment_leaves_every_page_whole(
    tmp_path: Path, versions: tuple[Path, dict[str, bytes], dict[str, bytes]], delay: float
) -> None:
    new_content, old, new = versions
    out = tmp_path / "docs"
    out.mkdir()
    for path, data in old.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--quiet",
            "--content",
            str(new_content),
            "--out",
            str(out),
        ],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    now = files(out)
    assert set(old) <= set(now)  # nothing the reader had is gone
    for path, data in now.items():
        assert data in (old.get(path), new.get(path)), f"{path} is neither old nor new"
    # The next run finishes the job and clears what the killed one left beside the output.
    assert generate(new_content, out).ok
    assert files(out) == new
    assert not list(tmp_path.glob(".docs.staging-*"))
    shutil.rmtree(out)

"""A ``mkdocs build`` killed midway (or failed) leaves the previous site/ whole, never a
half-built one.

The build is killed (SIGKILL) at a fixed point inside MkDocs, by a second hook
that kills its own process while the second page is being written; or it fails
in strict mode, which MkDocs decides only after the whole site is written.  Both,
for a clean build and for an incremental one (``--dirty``, which starts from
hard links to the published site's files).  The second hook is in every build,
and acts only when told by the environment, so that it does not change the
stamp that lets a build be incremental.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_content, serving
from tests.test_serve import BRIEF, TITLE
from tests.test_serve_replaced import EDITED

pytestmark = pytest.mark.site

SABOTEUR = """
import logging, os, signal
_pages = 0
def on_post_page(output, page, config):
    global _pages
    _pages += 1
    if os.environ.get("SABOTAGE") == "kill" and _pages == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("SABOTAGE") == "warn":
        logging.getLogger("mkdocs.hooks.warner").warning("a warning: --strict fails the build")
    return output
"""


def config(tmp_path: Path, extra: str) -> Path:
    """The repository's mkdocs.yml, its paths made absolute, plus an ``extra`` hook if any."""
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    hooks = f"  - {REPO / 'generator' / 'hook.py'}\n"
    if extra:
        (tmp_path / "extra.py").write_text(extra, "utf-8")
        hooks += f"  - {tmp_path / 'extra.py'}\n"
    text = text.replace("  - generator/hook.py\n", hooks)
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, "utf-8")
    return path


def build(tmp_path: Path, content: Path, sabotage: str = "", *flags: str) -> int:
    (tmp_path / "docs").mkdir(exist_ok=True)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            *flags,
            "-f",
            str(config(tmp_path, SABOTEUR)),
        ],
        cwd=REPO,
        env={
            **os.environ,
            "NEWSBRIEF_CONTENT": str(content),
            "NEWSBRIEF_DOCS": str(tmp_path / "docs"),
            "NO_MKDOCS_2_WARNING": "1",
            "SABOTAGE": sabotage,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("flags", [(), ("--dirty",)], ids=["clean", "incremental"])
@pytest.mark.parametrize(
    ("sabotage", "code"), [("kill", -9), ("warn", 1)], ids=["killed", "strict"]
)
def test_a_killed_or_failed_build_leaves_the_previous_site_whole(
    tmp_path: Path, sabotage: str, code: int, flags: tuple[str, ...]
) -> None:
    content = copy_content(tmp_path)
    assert build(tmp_path, content, "", *flags) == 0
    before = files(tmp_path / "site")
    brief = next((content / "briefs").glob("*.yaml"))
    brief.write_text(brief.read_text("utf-8").replace("dek: ", "dek: Edited. ", 1), "utf-8")

    assert build(tmp_path, content, sabotage, *flags) == code
    assert files(tmp_path / "site") == before  # whole, and still the old one

    assert build(tmp_path, content, "", *flags) == 0
    assert files(tmp_path / "site") != before
    assert any(b"Edited. " in data for data in files(tmp_path / "site").values())
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert leftovers == [".site.newsbrief-stamp"]  # what the next incremental build checks


def test_serve_with_clean_builds_still_serves_each_rebuild(tmp_path: Path) -> None:
    """``serve --clean`` starts like a build (command "build", not dirty) but serves its
    folder while rebuilding: the swap must happen at the end of every build, not at exit."""
    content = copy_content(tmp_path)
    with serving(content, tmp_path / "docs", "--clean") as srv:
        page = f"briefs/{BRIEF}/"
        assert TITLE in srv.get(page)
        brief = content / "briefs" / f"{BRIEF}.yaml"
        brief.write_text(brief.read_text("utf-8").replace(TITLE, EDITED), "utf-8")
        srv.wait_for(lambda: EDITED in srv.get(page))

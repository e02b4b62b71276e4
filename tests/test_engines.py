"""The generated Markdown is engine-neutral: ProperDocs builds it like MkDocs does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import CONTENT, REPO

FIRST = "2022-10-11-lavrov-says-russia-open-to-talks"


def article(site: Path, address: str) -> str:
    soup = BeautifulSoup((site / address / "index.html").read_text("utf-8"), "html.parser")
    found = soup.find("article")
    assert found is not None
    return str(found)


def test_properdocs_builds_the_same_pages(site: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    env = {
        **os.environ,
        "NEWSBRIEF_CONTENT": str(CONTENT),
        "NEWSBRIEF_DOCS": str(docs),
        "NO_MKDOCS_2_WARNING": "1",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "properdocs",
            "build",
            "--strict",
            "-f",
            str(REPO / "mkdocs.yml"),
            "--site-dir",
            str(tmp_path / "site"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for address in (
        f"briefs/{FIRST}",
        "questions",
        "stories/russia-west-talks",
        "actors/sergei-lavrov",
    ):
        assert article(tmp_path / "site", address) == article(site, address), address

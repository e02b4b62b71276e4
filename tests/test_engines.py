"""The generated Markdown is engine-neutral: ProperDocs builds it like MkDocs does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
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


def zensical_build(tmp_path: Path, variant: str | None) -> Path:
    """``newsbrief build``, then ``zensical build`` with the repository's mkdocs.yml and
    overrides (copied into ``tmp_path``: Zensical resolves folders beside its config, and
    stops on absolute ones), in Zensical's default variant or ``variant``."""
    docs, site = tmp_path / "docs", tmp_path / "site"
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [str(bin_dir / "newsbrief"), "build", "-q", "--content", str(CONTENT), "--out", str(docs)],
        check=True,
    )
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    config = config.replace("docs_dir: !ENV [NEWSBRIEF_DOCS, docs]", "docs_dir: docs")
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    if variant:
        config = config.replace("  language: en\n", f"  language: en\n  variant: {variant}\n")
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    result = subprocess.run(
        [str(bin_dir / "zensical"), "build", "--clean", "-f", str(tmp_path / "mkdocs.yml")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.mark.parametrize("variant", [None, "classic"])
def test_zensical_builds_the_pages_with_the_overrides(
    site: Path, tmp_path: Path, variant: str | None
) -> None:
    built = zensical_build(tmp_path, variant)
    for address in (f"briefs/{FIRST}", "questions", "stories/russia-west-talks"):
        ours = BeautifulSoup((built / address / "index.html").read_text("utf-8"), "html.parser")
        theirs = BeautifulSoup((site / address / "index.html").read_text("utf-8"), "html.parser")
        h1, h1_mkdocs = ours.select_one("article h1"), theirs.select_one("article h1")
        assert h1 is not None and h1_mkdocs is not None
        assert h1.get_text() == h1_mkdocs.get_text(), address
        assert ours.select_one('link[href$="assets/stylesheets/newsbrief.css"]'), address
        assert ours.select_one('meta[property="og:title"]'), address  # main.html's metadata
        # Zensical's own search in its own box: not the MkDocs build's (Pagefind) box.
        assert ours.select_one('[data-md-component="search"] .md-search__button'), address
        assert ours.select_one("[data-nb-search]") is None
        assert ours.select_one('script[src$="javascripts/search.js"]') is None
    assert (built / "search.json").is_file()

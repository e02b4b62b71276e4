"""Shared fixtures: the repository, and real MkDocs builds into temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
SEEDS = REPO.parent / "shared" / "seeds"


def _mkdocs(
    args: tuple[str, ...], content: Path, docs: Path, env: dict[str, str] | None
) -> tuple[list[str], dict[str, str]]:
    docs.mkdir(parents=True, exist_ok=True)  # MkDocs checks docs_dir before any hook runs
    full_env = {
        **os.environ,
        "NEWSBRIEF_CONTENT": str(content),
        "NEWSBRIEF_DOCS": str(docs),
        "NO_MKDOCS_2_WARNING": "1",
        **(env or {}),
    }
    return [sys.executable, "-m", "mkdocs", *args, "-f", str(REPO / "mkdocs.yml")], full_env


def run_mkdocs(
    *args: str,
    content: Path = CONTENT,
    docs: Path,
    env: dict[str, str] | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run the real ``mkdocs`` with the repository's mkdocs.yml on ``content``.

    The generated Markdown goes to ``docs`` (never the repository's docs/), so
    tests neither depend on nor disturb a developer's working copy.
    """
    command, full_env = _mkdocs(args, content, docs, env)
    return subprocess.run(
        command, cwd=REPO, env=full_env, capture_output=True, text=True, check=check
    )


def run_mkdocs_command(
    *args: str, content: Path = CONTENT, docs: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """Start a long-running ``mkdocs`` command (``serve``); stderr is a text pipe."""
    command, full_env = _mkdocs(args, content, docs, env)
    return subprocess.Popen(
        command,
        cwd=REPO,
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def build_site(tmp: Path, content: Path = CONTENT, env: dict[str, str] | None = None) -> Path:
    """``mkdocs build --strict`` of ``content`` into ``tmp/site``; returns the site folder."""
    site = tmp / "site"
    result = run_mkdocs(
        "build",
        "--strict",
        "--site-dir",
        str(site),
        content=content,
        docs=tmp / "docs",
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return site


def copy_content(tmp: Path) -> Path:
    """A private copy of the shipped content that a test may change."""
    target = tmp / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content, built once per test session with the real MkDocs + Material."""
    return build_site(tmp_path_factory.mktemp("shipped"))

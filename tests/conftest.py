"""Shared fixtures: the repository, and real MkDocs builds into temporary folders."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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


# --- a live preview: `mkdocs serve --dirty` on a copy of the content ------------------------


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    log: list[str] = field(default_factory=list)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=5) as response:
            return str(response.read().decode("utf-8"))

    def wait_for(self, condition: Callable[[], bool], timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            assert self.process.poll() is None, "".join(self.log)
            time.sleep(0.1)
        raise AssertionError("timed out; server log:\n" + "".join(self.log))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(content: Path, docs: Path, mode: str = "--dirty") -> Iterator[Server]:
    """``mkdocs serve`` (``--dirty`` or ``--clean``) of ``content`` on a free port, its log
    collected, until the block ends."""
    port = free_port()
    process = run_mkdocs_command(
        "serve", mode, "--dev-addr", f"127.0.0.1:{port}", content=content, docs=docs
    )
    srv = Server(process, f"http://127.0.0.1:{port}/")
    threading.Thread(
        target=lambda: srv.log.extend(iter(process.stderr.readline, "")),  # type: ignore[union-attr]
        daemon=True,
    ).start()
    try:
        srv.wait_for(lambda: "Serving on" in "".join(srv.log), timeout=60)
        yield srv
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    content = copy_content(tmp_path)
    with serving(content, tmp_path / "docs") as srv:
        yield srv, content

"""``make deploy``: the real Makefile target, pushing to a real (local, bare) git remote.

The project is copied into a fresh repository whose ``origin`` is a bare
repository in a temporary folder, so the test can never push anywhere else.
Git runs without the user's or the system's configuration.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

from generator.validate import validate_content
from tests.conftest import CONTENT, REPO

pytestmark = pytest.mark.site

SITE_URL = "https://example.org/newsbrief/"
PROJECT = ["Makefile", "mkdocs.yml", "pyproject.toml", "constraints.txt", ".gitignore"]
PROJECT += ["docs/.gitignore"]  # a clone has docs_dir: MkDocs checks it exists before any hook
PROJECT_DIRS = ["content", "generator", "overrides"]


def git_env(home: Path) -> dict[str, str]:
    identity = {"NAME": "Newsbrief Test", "EMAIL": "test@example.org"}
    return {
        **os.environ,
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        **{
            f"GIT_{who}_{what}": value
            for who in ("AUTHOR", "COMMITTER")
            for what, value in identity.items()
        },
    }


def git(env: dict[str, str], *args: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run(
        ["git", *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A clone-like working copy of the project, with a local bare repository as origin."""
    env = git_env(tmp_path)
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    git(env, "init", "--quiet", "--bare", "--initial-branch=main", origin)
    work.mkdir()
    for name in PROJECT:
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, work / name)
    for name in PROJECT_DIRS:
        shutil.copytree(REPO / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    git(env, "init", "--quiet", "--initial-branch=main", cwd=work)
    git(env, "add", "--all", cwd=work)
    git(env, "commit", "--quiet", "-m", "The project", cwd=work)
    git(env, "remote", "add", "origin", origin, cwd=work)
    git(env, "push", "--quiet", "origin", "main", cwd=work)
    return work, origin, env


def make_deploy(work: Path, env: dict[str, str], **extra: str) -> subprocess.CompletedProcess[str]:
    """``make deploy`` with the repository's virtual environment (never reinstalled: STAMP=)."""
    full_env = {
        **{k: v for k, v in env.items() if not k.startswith("NEWSBRIEF_")},
        "PYTHONPATH": str(work),  # the hook imports the copied generator, not the original
        "NO_MKDOCS_2_WARNING": "1",
        **extra,
    }
    return subprocess.run(
        ["make", "--no-print-directory", "deploy", f"VENV={REPO / '.venv'}", "STAMP="],
        cwd=work,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_make_deploy_publishes_the_site_to_gh_pages_of_origin(
    project: tuple[Path, Path, dict[str, str]],
) -> None:
    work, origin, env = project
    main_before = git(env, "rev-parse", "main", cwd=origin)

    result = make_deploy(work, env, SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stdout + result.stderr

    files = set(git(env, "ls-tree", "-r", "--name-only", "gh-pages", cwd=origin).splitlines())
    corpus = validate_content(CONTENT)[0]
    assert corpus is not None
    expected = {
        "index.html",
        ".nojekyll",
        "404.html",
        "sitemap.xml",
        "feeds/atom.xml",
        "feeds/feed.json",
        "data/briefs.json",
    }
    expected |= {f"briefs/{b.id}/index.html" for b in corpus.briefs}
    expected |= {f"data/briefs/{b.id}.json" for b in corpus.briefs}
    assert expected <= files
    assert not any(f.endswith(".md") or f.startswith(("content/", "generator/")) for f in files)

    feed = feedparser.parse(git(env, "show", "gh-pages:feeds/atom.xml", cwd=origin).encode())
    assert not feed.bozo
    assert [e.link for e in feed.entries] == [f"{SITE_URL}briefs/{b.id}/" for b in corpus.briefs]

    # main is untouched, locally and on origin; the working tree has no tracked change.
    assert git(env, "rev-parse", "main", cwd=origin) == main_before
    assert git(env, "rev-parse", "HEAD", cwd=work) == main_before
    assert git(env, "symbolic-ref", "--short", "HEAD", cwd=work) == "main"
    assert git(env, "status", "--porcelain", "--untracked-files=no", cwd=work) == ""
    message = git(env, "log", "-1", "--format=%s", "gh-pages", cwd=origin)
    assert main_before[:7] in message  # gh-pages says which commit it was built from

    # A second deploy replaces the branch (no history), and still leaves main alone.
    again = make_deploy(work, env, SITE_URL=SITE_URL)
    assert again.returncode == 0, again.stdout + again.stderr
    assert git(env, "rev-list", "--count", "gh-pages", cwd=origin) == "1"
    assert git(env, "rev-parse", "main", cwd=origin) == main_before


def test_make_deploy_refuses_without_site_url(
    project: tuple[Path, Path, dict[str, str]],
) -> None:
    work, origin, env = project
    env = {k: v for k, v in env.items() if k != "SITE_URL"}
    result = make_deploy(work, env)
    assert result.returncode != 0
    assert "set SITE_URL" in result.stderr
    assert git(env, "branch", "--list", "gh-pages", cwd=origin) == ""


def test_make_deploy_refuses_uncommitted_content(
    project: tuple[Path, Path, dict[str, str]],
) -> None:
    work, origin, env = project
    (work / "content" / "stories.yaml").write_text("stories: []\n", "utf-8")
    result = make_deploy(work, env, SITE_URL=SITE_URL)
    assert result.returncode != 0
    assert "commit your changes first" in result.stderr
    assert git(env, "branch", "--list", "gh-pages", cwd=origin) == ""

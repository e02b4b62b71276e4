"""One configuration: ``newsbrief build`` reads mkdocs.yml, so it writes exactly what
``mkdocs build`` writes, and a command-line flag still overrides a setting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.settings import read_settings
from tests.conftest import CONTENT, REPO, run_mkdocs

SITE_URL = "https://example.org/briefs/"


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def test_newsbrief_build_and_mkdocs_build_write_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_mkdocs, by_cli = tmp_path / "mkdocs-docs", tmp_path / "cli-docs"
    env = {"SITE_URL": SITE_URL}
    result = run_mkdocs(
        "build", "--site-dir", str(tmp_path / "site"), docs=by_mkdocs, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    monkeypatch.setenv("SITE_URL", SITE_URL)
    monkeypatch.setenv("NEWSBRIEF_DOCS", str(by_cli))
    monkeypatch.setenv("NEWSBRIEF_CONTENT", str(CONTENT))
    assert main(["build", "-q", "--config", str(REPO / "mkdocs.yml")]) == 0
    made = files_of(by_cli)
    assert "feeds/atom.xml" in made
    assert b"<subtitle>Structured, sourced briefs" in made["feeds/atom.xml"]  # site_description
    assert made == files_of(by_mkdocs)


def test_settings_come_from_mkdocs_yml_and_flags_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "site.yml"
    config.write_text(
        "site_name: The Desk\nsite_url: !ENV [DESK_URL, 'http://localhost/']\n"
        "docs_dir: out\nextra:\n  newsbrief:\n    content: sources\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:x.y\n",
        "utf-8",
    )
    monkeypatch.setenv("DESK_URL", "https://desk.example/")
    settings = read_settings(config)
    assert settings.site.url == "https://desk.example/" and settings.site.name == "The Desk"
    assert (settings.content, settings.docs) == (tmp_path / "sources", tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    shutil.copytree(CONTENT, tmp_path / "sources")
    args = ["build", "-q", "--config", str(config), "--site-url", "https://other.example/"]
    assert main(args) == 0
    assert b"https://other.example/" in (tmp_path / "out" / "feeds" / "atom.xml").read_bytes()


def test_an_unreadable_config_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: [unclosed\n", "utf-8")
    assert main(["validate", "--config", str(config)]) == 2

"""Incremental publishing: ``mkdocs build --dirty`` (what ``make build`` runs) rebuilds only
the pages whose Markdown changed, and the site it leaves is the one a clean build makes.

Builds here run the real MkDocs with the project's mkdocs.yml and hook, in this process
(as MkDocs' own command line does: on_startup, build, on_shutdown), to keep the many
builds of the property test affordable.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator import sitedir
from generator.validate import validate_content
from tests.conftest import CONTENT, REPO

pytestmark = pytest.mark.site

LONG = bool(os.environ.get("NEWSBRIEF_FUZZ"))


class Project:
    """A copy of the shipped content with its own generated docs and published site."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.content = root / "content"
        shutil.copytree(CONTENT, self.content)
        self.site = root / "site"
        self.monkeypatch = monkeypatch
        self.full_builds = 0

    @property
    def briefs(self) -> list[Path]:
        return sorted((self.content / "briefs").glob("*.yaml"))

    def build(self, *, dirty: bool = True, site: Path | None = None, docs: str = "docs") -> bool:
        """One ``mkdocs build --strict [--dirty]``; False when it failed (invalid content)."""
        (self.root / docs).mkdir(exist_ok=True)
        self.monkeypatch.setenv("NEWSBRIEF_CONTENT", str(self.content))
        self.monkeypatch.setenv("NEWSBRIEF_DOCS", str(self.root / docs))
        config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site or self.site), strict=True)
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            build(config, dirty=dirty)
        except Abort:
            return False
        finally:
            config.plugins.on_shutdown()
        return True

    def full_build(self) -> Path:
        """A clean build of the current content, from nothing, in a folder of its own."""
        self.full_builds += 1
        site = self.root / f"full-{self.full_builds}"
        assert self.build(dirty=False, site=site, docs=f"docs-full-{self.full_builds}")
        return site


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return Project(tmp_path, monkeypatch)


def files_of(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def assert_same_site(built: Path, reference: Path) -> None:
    ours, theirs = files_of(built), files_of(reference)
    assert sorted(ours.keys() - theirs.keys()) == [], "files a clean build does not make"
    assert sorted(theirs.keys() - ours.keys()) == [], "files a clean build makes"
    assert [name for name in sorted(ours) if ours[name] != theirs[name]] == []


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}


def linked_copy(site: Path, target: Path) -> Path:
    """Hard links to every file of ``site``: a write through any of them shows here."""
    shutil.copytree(site, target, copy_function=os.link)
    return target


def retitle(brief: Path, suffix: str) -> None:
    text = brief.read_text("utf-8")
    brief.write_text(re.sub(r"(?m)^title: (.*)$", rf"title: \1 {suffix}", text, count=1), "utf-8")


# --- one edit ---------------------------------------------------------------------------------


def test_one_edit_rebuilds_only_its_pages_and_gives_the_clean_build(project: Project) -> None:
    assert project.build()  # the first: from nothing
    before = inodes(project.site)
    published = files_of(project.site)
    through = linked_copy(project.site, project.root / "links")

    retitle(project.briefs[1], "(revised)")
    assert project.build()

    assert_same_site(project.site, project.full_build())
    after = inodes(project.site)
    rebuilt = sorted(page for page in after if after[page] != before.get(page))
    brief_id = project.briefs[1].stem
    assert f"briefs/{brief_id}/index.html" in rebuilt
    assert "404.html" in rebuilt  # a theme template: written every time
    kept = [page for page in after if after[page] == before.get(page)]
    assert len(kept) > len(rebuilt)  # the other briefs, actors, topics… were not built again
    # Nothing was written through the links the build started from: the old site is intact.
    assert files_of(through) == published


def test_a_deleted_brief_leaves_the_site(project: Project) -> None:
    assert project.build()
    last = project.briefs[-1]  # nothing refers to the latest brief
    last.unlink()
    assert project.build()
    assert not (project.site / "briefs" / last.stem).exists()
    assert_same_site(project.site, project.full_build())


def test_what_every_page_depends_on_forces_a_full_build(
    project: Project, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SITE_URL", "https://one.example/")
    assert project.build()
    before = inodes(project.site)
    monkeypatch.setenv("SITE_URL", "https://two.example/")
    with caplog.at_level("INFO"):
        assert project.build()
    assert "rebuilding everything" in caplog.text
    after = inodes(project.site)
    assert not [page for page in after if after[page] == before.get(page)]
    assert "https://two.example/" in (project.site / "index.html").read_text("utf-8")
    assert_same_site(project.site, project.full_build())


def test_the_stamp_covers_settings_theme_and_generator(tmp_path: Path) -> None:
    def stamp_with(overrides: Path, extra: str = "") -> str:
        """The stamp of the project's mkdocs.yml, moved to ``tmp_path`` with its overrides."""
        text = (REPO / "mkdocs.yml").read_text("utf-8") + extra
        text = text.replace("custom_dir: overrides", f"custom_dir: {overrides.name}")
        text = text.replace("- generator/hook.py", f"- {REPO / 'generator' / 'hook.py'}")
        config_file = overrides.parent / "mkdocs.yml"
        config_file.write_text(text, "utf-8")
        return sitedir.build_stamp(load_config(str(config_file)))

    for project in ("a", "b"):
        (tmp_path / project / "docs").mkdir(parents=True)
    one = shutil.copytree(REPO / "overrides", tmp_path / "a" / "overrides")
    two = shutil.copytree(REPO / "overrides", tmp_path / "b" / "overrides")
    stamp = stamp_with(one)
    assert stamp == stamp_with(one)  # stable
    assert stamp_with(two) == stamp  # where the project is does not matter
    (two / "main.html").write_text("{% extends 'base.html' %}\n")
    assert stamp_with(two) != stamp  # what the overrides say does
    assert stamp_with(one, "\ncopyright: Us\n") != stamp  # and the settings


def test_no_stamp_or_a_killed_swap_means_a_full_build(project: Project) -> None:
    assert project.build()
    before = inodes(project.site)
    sitedir.stamp_path(project.site).unlink()  # as a kill between the swap and the stamp leaves
    retitle(project.briefs[0], "(again)")
    assert project.build()
    after = inodes(project.site)
    assert not [page for page in after if after[page] == before.get(page)]
    assert sitedir.stamp_of(project.site)


def test_a_failed_build_leaves_site_and_stamp_as_they_were(project: Project) -> None:
    assert project.build()
    published, stamp = files_of(project.site), sitedir.stamp_of(project.site)
    project.briefs[0].write_text("title: [unclosed\n", "utf-8")
    assert not project.build()
    assert files_of(project.site) == published
    assert sitedir.stamp_of(project.site) == stamp
    assert not list(project.root.glob(".site.newsbrief-building-*"))


def test_a_disk_that_fills_up_midway_leaves_the_site_and_says_so_in_one_line(
    project: Project,
) -> None:
    """Files may grow only so large (RLIMIT_FSIZE, as a full disk would stop them): the
    Markdown is written, then MkDocs fails on the first page, which is larger."""
    assert project.build()
    published = files_of(project.site)
    retitle(project.briefs[0], "(edited)")
    docs = project.root / "docs"
    texts = [p for p in docs.rglob("*") if p.suffix in {".md", ".json", ".xml"}]
    limit = max(p.stat().st_size for p in texts) + 2048  # the edit rewrites some of these
    assert min(p.stat().st_size for p in project.site.rglob("briefs/*/index.html")) > limit

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # then a write fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    site_args = ["-f", str(REPO / "mkdocs.yml"), "--site-dir", str(project.site)]
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--dirty", "-q", *site_args],
        env={
            **os.environ,
            "NEWSBRIEF_CONTENT": str(project.content),
            "NEWSBRIEF_DOCS": str(docs),
            "NO_MKDOCS_2_WARNING": "1",
        },
        preexec_fn=small_files,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert "newsbrief: the site could not be written (File too large)" in result.stderr
    assert f"{project.site} is unchanged" in result.stderr
    assert files_of(project.site) == published
    assert not list(project.root.glob(".site.newsbrief-building-*"))
    assert project.build()  # room again: the edit is published
    assert_same_site(project.site, project.full_build())


def test_a_link_planted_in_the_site_is_not_followed(project: Project) -> None:
    assert project.build()
    outside = project.root / "outside.html"
    outside.write_text("keep me", "utf-8")
    page = project.site / "briefs" / project.briefs[0].stem / "index.html"
    page.unlink()
    page.symlink_to(outside)
    retitle(project.briefs[0], "(edited)")
    assert project.build()
    assert outside.read_text("utf-8") == "keep me"
    assert not page.is_symlink()
    assert_same_site(project.site, project.full_build())


def test_prune_keeps_what_the_build_made_and_the_search_bundle_only(tmp_path: Path) -> None:
    site = tmp_path / "site"
    made = ["briefs/kept/index.html", "index.html"]
    stale = ["briefs/gone/index.html", "data/briefs/gone.json"]
    bundle = ["pagefind/pagefind.js", ".pagefind-new/fragment/x.pf_fragment"]
    for path in made + stale + bundle:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text("x", "utf-8")
    outside = tmp_path / "outside"
    (outside / "inside").mkdir(parents=True)
    (outside / "inside" / "x.html").write_text("x", "utf-8")
    (site / "linked").symlink_to(outside, target_is_directory=True)

    own = ("pagefind", ".pagefind-new")
    assert sitedir.prune(site, set(made), own) == 2
    left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert left == sorted(made + bundle)
    assert not (site / "data").exists()  # left empty
    assert not (site / "linked").exists()  # a link is removed, never followed
    assert (outside / "inside" / "x.html").exists()


# --- any sequence of edits --------------------------------------------------------------------

EDITS = st.lists(
    st.tuples(
        st.sampled_from(["edit", "add", "delete", "rename", "invalid", "nothing"]),
        st.integers(0, 10),
    ),
    min_size=1,
    max_size=6 if LONG else 4,
)


@settings(
    max_examples=25 if LONG else 6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=EDITS)
@example(edits=[("rename", 2), ("invalid", 0), ("delete", 1), ("add", 0), ("edit", 0)])
def test_any_sequence_of_edits_gives_the_clean_build_of_the_last_valid_content(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    edits: list[tuple[str, int]],
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = Project(tmp_path_factory.mktemp("edits"), monkeypatch)
    assert project.build()
    for step, (kind, which) in enumerate(edits):
        published = files_of(project.site)
        with applied(project, kind, which, step) as valid:
            assert project.build() == valid, (kind, which)
            if valid:
                assert_same_site(project.site, project.full_build())
            else:
                assert files_of(project.site) == published


def applied(project: Project, kind: str, which: int, step: int) -> _Edit:
    return _Edit(project, kind, which, step)


class _Edit:
    """One editor's action on the content; an invalid one is undone afterwards (the
    editor fixes the file), so the content is valid again before the next."""

    def __init__(self, project: Project, kind: str, which: int, step: int) -> None:
        self.project, self.kind, self.step = project, kind, step
        briefs = project.briefs
        self.brief = briefs[which % len(briefs)] if briefs else None
        self.saved: dict[Path, str | None] = {}

    def _save(self, path: Path) -> None:
        self.saved.setdefault(path, path.read_text("utf-8") if path.exists() else None)

    def __enter__(self) -> bool:
        brief = self.brief
        if brief is None or self.kind == "nothing":
            return True
        for path in self.project.briefs:
            self._save(path)
        if self.kind == "edit":
            retitle(brief, f"(revision {self.step})")
        elif self.kind == "invalid":
            brief.write_text(brief.read_text("utf-8") + "\ntitle: [unclosed\n", "utf-8")
            return False
        elif self.kind == "delete":
            brief.unlink()
        elif self.kind in {"add", "rename"}:
            new_id = f"{brief.stem}-{self.kind}-{self.step}"
            target = brief.with_name(f"{new_id}.yaml")
            self._save(target)
            text = brief.read_text("utf-8").replace(f"id: {brief.stem}\n", f"id: {new_id}\n", 1)
            if self.kind == "rename":  # the old address leads to the new one
                text = _with_former_id(text, brief.stem)
                brief.unlink()
            target.write_text(text, "utf-8")
        return _valid(self.project)

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None and not self.valid_after:
            self._undo()

    @property
    def valid_after(self) -> bool:
        return self.kind != "invalid" and _valid(self.project)

    def _undo(self) -> None:
        for path, text in self.saved.items():
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(text, "utf-8")


def _with_former_id(text: str, old: str) -> str:
    if "\nformer_ids:\n" in text:
        return text.replace("\nformer_ids:\n", f"\nformer_ids:\n  - {old}\n", 1)
    return text + f"former_ids:\n  - {old}\n"


def _valid(project: Project) -> bool:
    corpus, problems = validate_content(project.content)
    return corpus is not None and not any(p.severity == "error" for p in problems)

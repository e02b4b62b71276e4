"""Killing the writer at any step never publishes a mix of old and new, nor an orphan page.

The writer is killed (SIGKILL, in a forked child) at each of its named steps
in turn, not after a sleep: every instant of a run is covered, every time.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Mapping
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import hook, write
from generator.pipeline import generate
from generator.write import LOCK, MANIFEST, STATE, OutputError, kept_state, recover, write_pages
from tests.conftest import copy_content

OLD = {f"p{i:02d}.md": f"old {i}" for i in range(8)} | {"gone/a.md": "stale", "gone/b.md": "x"}
NEW = {f"p{i:02d}.md": f"new {i}" if i % 2 else f"old {i}" for i in range(8)} | {
    "fresh/c.md": "only in the new version",
    "fresh/deep/d.md": "new too",
}


def published(out: Path) -> dict[str, bytes]:
    """What MkDocs would see: every file, except the writer's hidden folder."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and not p.relative_to(out).as_posix().startswith(f"{STATE}/")
    }


def expected(pages: Mapping[str, str]) -> dict[str, bytes]:
    manifest = "".join(f"{p}\n" for p in sorted(pages)).encode()
    return {p: t.encode() for p, t in pages.items()} | {MANIFEST: manifest}


def in_child(run: Callable[[], object], kill_at: int, only: str = "") -> bool:
    """Run ``run`` in a forked child that SIGKILLs itself at the writer's ``kill_at``-th
    step (counting from 1; only steps named ``only``, if given); whether it was killed
    (rather than finishing first)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            steps = 0

            def fault(name: str) -> None:
                nonlocal steps
                steps += not only or name == only
                if steps == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)

            write._fault = fault
            run()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def steps_of(monkeypatch: pytest.MonkeyPatch, out: Path, pages: Mapping[str, str]) -> list[str]:
    """The named steps of one uninterrupted run from the current state to ``pages``."""
    names: list[str] = []
    monkeypatch.setattr(write, "_fault", names.append)
    write_pages(out, pages)
    monkeypatch.setattr(write, "_fault", None)
    return names


def fresh(out: Path, pages: Mapping[str, str]) -> None:
    if out.exists():
        write_pages(out, {})  # removes what it generated; the empty folders go too
    write_pages(out, pages)
    assert published(out) == expected(pages)


def test_a_kill_at_any_step_is_repaired_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    fresh(out, OLD)
    names = steps_of(monkeypatch, out, NEW)
    commit_point = names.index("journal") + 1  # killed at it: the journal is not in place yet
    assert {"staged", "journal", "put", "delete", "manifest", "done"} <= set(names)
    for kill_at in range(1, len(names) + 1):
        fresh(out, OLD)
        assert in_child(lambda: write_pages(out, NEW), kill_at), f"step {kill_at} not reached"
        for path, data in published(out).items():  # every file whole: old or new
            assert data in (expected(OLD).get(path), expected(NEW).get(path)), (kill_at, path)
        recover(out)  # what the next run (or the MkDocs hook) does first
        want = OLD if kill_at <= commit_point else NEW
        assert published(out) == expected(want), f"killed at step {kill_at}: {names[kill_at - 1]}"
        assert kept_state(out) == [LOCK]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]  # nothing beside it


def test_a_killed_commit_never_leaves_an_orphan_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed just after the first new-only page appears, then run again with the old
    pages (the editor reverted): the new-only page is removed, not left unlisted."""
    out = tmp_path / "docs"
    fresh(out, OLD)
    first_put = steps_of(monkeypatch, out, NEW).index("put") + 1
    fresh(out, OLD)
    assert in_child(lambda: write_pages(out, NEW), first_put)
    assert (out / "fresh/c.md").exists()  # the first page put in place is a new-only one
    write_pages(out, OLD)
    assert published(out) == expected(OLD)


def test_a_kill_while_repairing_is_repaired_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    fresh(out, OLD)
    names = steps_of(monkeypatch, out, NEW)
    fresh(out, OLD)
    assert in_child(lambda: write_pages(out, NEW), names.index("put") + 2)
    assert in_child(lambda: recover(out), 2)  # the repair itself killed, one rename later
    recover(out)
    assert published(out) == expected(NEW)


def brief_content(tmp: Path, clones: int) -> Path:
    """The shipped content plus ``clones`` copies of the first brief."""
    content = copy_content(tmp)
    first = "2022-10-11-lavrov-says-russia-open-to-talks"
    source = (content / "briefs" / f"{first}.yaml").read_text("utf-8")
    for n in range(clones):
        clone = f"2022-10-11-clone-{n:03d}"
        (content / "briefs" / f"{clone}.yaml").write_text(source.replace(first, clone), "utf-8")
    return content


def test_serving_broken_content_after_a_kill_shows_no_mix(tmp_path: Path) -> None:
    """The hook finishes a killed commit before anything, even when the content now has
    errors: ``mkdocs serve`` keeps serving the last good version, whole."""
    out = tmp_path / "docs"
    old = brief_content(tmp_path / "old", 0)
    new = brief_content(tmp_path / "new", 5)
    assert generate(new, tmp_path / "want").ok
    assert generate(old, out).ok
    before = published(out)
    assert in_child(lambda: generate(new, out), 3, only="put")  # a few pages into the commit
    assert published(out) not in (published(tmp_path / "want"), before)
    (new / "briefs" / "2022-10-11-clone-000.yaml").write_text("status: [broken\n", "utf-8")
    config = SimpleNamespace(
        docs_dir=str(out),
        config_file_path=str(tmp_path / "mkdocs.yml"),
        extra={"newsbrief": {"content": str(new)}},
        site_url="",
        site_name="News briefs",
        site_description="",
    )
    hook.on_startup("serve", dirty=True)
    try:
        hook.on_config(config)
    finally:
        hook.on_startup("build", dirty=False)
    assert published(out) == published(tmp_path / "want")


def test_concurrent_runs_wait_for_each_other(tmp_path: Path) -> None:
    """Four processes writing the same folder at once all succeed, one after another."""
    out = tmp_path / "docs"
    children = []
    for n in range(4):
        pid = os.fork()
        if pid == 0:
            try:
                for round_ in range(15):
                    write_pages(out, OLD if (n + round_) % 2 else NEW)
                os._exit(0)
            finally:
                os._exit(1)
        children.append(pid)
    statuses = [os.waitpid(pid, 0)[1] for pid in children]
    assert statuses == [0, 0, 0, 0]
    assert published(out) in (expected(OLD), expected(NEW))


def test_a_held_lock_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "docs"
    write_pages(out, OLD)
    monkeypatch.setattr(write, "LOCK_TIMEOUT", 0.2)
    import fcntl

    with (out / STATE / LOCK).open("rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(OutputError, match="another newsbrief run is writing"):
            write_pages(out, NEW)
    assert published(out) == expected(OLD)
    write_pages(out, NEW)  # released: the next run goes ahead
    assert published(out) == expected(NEW)

"""Nothing outside the output is touched: links, mounts, hand-written files, failing disks.

Where the machine cannot provide a condition (a mount, a full or read-only
disk, a permission that root bypasses), the failure is injected into the
os function that would meet it, so these tests never skip.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.exceptions import PluginError

from generator import hook, write
from generator.cli import main
from generator.write import LOCK, MANIFEST, RECORD, STATE, OutputError, kept_state, write_pages
from tests.conftest import REPO, copy_content

PAGES = {"index.md": "home", "briefs/a.md": "brief a", "briefs/b.md": "brief b"}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, but the writer's record of sizes and times."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.relative_to(folder).parts != (STATE, RECORD)
    }


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the output, holding a file that must survive every test."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "a.md").write_text("not yours")
    return folder


# --- links inside the output --------------------------------------------------------------


@pytest.mark.parametrize("pages", [PAGES, {"index.md": "home"}], ids=["write", "delete"])
def test_a_linked_folder_in_the_output_is_never_written_or_deleted_through(
    tmp_path: Path, outside: Path, pages: dict[str, str]
) -> None:
    out = tmp_path / "docs"
    write_pages(out, PAGES)
    for page in (out / "briefs").iterdir():
        page.unlink()
    (out / "briefs").rmdir()
    (out / "briefs").symlink_to(outside)  # the manifest still lists briefs/a.md
    with pytest.raises(OutputError, match=r"docs/briefs is a symbolic link"):
        write_pages(out, pages | {"index.md": "home, edited"})
    assert tree(outside) == {"a.md": b"not yours"}
    assert (out / "index.md").read_text() == "home"  # refused before anything changed


def test_a_link_made_while_the_run_commits_is_not_followed(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    write_pages(out, {"index.md": "home"})

    def attack(step: str) -> None:
        if step == "journal":  # everything staged and checked; the link comes now
            (out / "briefs").symlink_to(outside)

    monkeypatch.setattr(write, "_fault", attack)
    with pytest.raises(OutputError, match=r"symbolic link.*next run finishes"):
        write_pages(out, PAGES)
    monkeypatch.setattr(write, "_fault", None)
    assert tree(outside) == {"a.md": b"not yours"}
    (out / "briefs").unlink()
    write_pages(out, PAGES)  # with the link gone, the next run finishes the job
    assert tree(out) == {
        **{p: t.encode() for p, t in PAGES.items()},
        MANIFEST: b"briefs/a.md\nbriefs/b.md\nindex.md\n",
        f"{STATE}/{LOCK}": b"",
    }


def test_a_linked_file_at_a_generated_path_is_replaced_not_followed(
    tmp_path: Path, outside: Path
) -> None:
    out = tmp_path / "docs"
    write_pages(out, PAGES)
    (out / "index.md").unlink()
    (out / "index.md").symlink_to(outside / "a.md")  # ours (in the manifest), now a link
    write_pages(out, PAGES | {"index.md": "home, edited"})
    assert not (out / "index.md").is_symlink()
    assert (out / "index.md").read_text() == "home, edited"
    assert tree(outside) == {"a.md": b"not yours"}


def test_a_linked_state_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / STATE).symlink_to(outside)
    with pytest.raises(OutputError, match=r"\.newsbrief is a symbolic link"):
        write_pages(out, PAGES)
    assert tree(outside) == {"a.md": b"not yours"}


def test_a_link_loop_in_the_output_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "briefs").symlink_to("briefs")  # points at itself
    content = copy_content(tmp_path)
    assert main(["build", "--content", str(content), "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert "briefs is a symbolic link" in err and len(err.splitlines()) == 1
    assert "bug" not in err


# --- files the generator did not make -----------------------------------------------------


def test_a_hand_written_file_at_a_generated_path_is_an_error_naming_it(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.md").write_text("my own home page")
    with pytest.raises(OutputError, match=r"docs/index\.md was not made by newsbrief"):
        write_pages(out, PAGES)
    assert (out / "index.md").read_text() == "my own home page"
    assert not (out / "briefs").exists()


def test_a_folder_at_a_generated_path_is_refused_before_committing(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_pages(out, PAGES)
    (out / "briefs" / "b.md").unlink()
    (out / "briefs" / "b.md").mkdir()  # a folder where the manifest says our page is
    with pytest.raises(OutputError, match=r"b\.md is a folder where newsbrief generates a page"):
        write_pages(out, {**PAGES, "index.md": "home, edited"})
    assert (out / "index.md").read_text() == "home"
    assert kept_state(out) == [LOCK]  # no commit left pending


def test_a_file_that_already_holds_the_page_is_adopted(tmp_path: Path) -> None:
    """A lost manifest is no reason to refuse files that hold exactly what we would write."""
    out = tmp_path / "docs"
    write_pages(out, PAGES)
    (out / MANIFEST).unlink()
    report = write_pages(out, PAGES)
    assert report.written == [] and report.unchanged == 3
    assert (out / MANIFEST).read_text() == "briefs/a.md\nbriefs/b.md\nindex.md\n"


def test_a_damaged_manifest_is_rebuilt(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_pages(out, PAGES | {"old.md": "stale"})
    (out / MANIFEST).write_bytes(b"old.md\n\xff\xfe\x00garbage\n../../victim\n")
    report = write_pages(out, {**PAGES, "index.md": "home, edited"})
    assert "docs/.newsbrief-manifest was damaged and has been rebuilt" in str(report)
    assert report.removed == ["old.md"] and report.written == ["index.md"]
    assert (out / MANIFEST).read_text() == "briefs/a.md\nbriefs/b.md\nindex.md\n"


# --- mounts and failing disks -------------------------------------------------------------


def _where(path: Any, fd: int | None) -> Path:
    base = Path(f"/proc/self/fd/{fd}").readlink() if fd is not None else Path.cwd()
    return Path(base, os.fsdecode(path)).resolve()


def test_a_mounted_output_folder_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/ on a file system of its own (a volume, a tmpfs): a rename across its edge
    fails with EXDEV, as the kernel would; staging inside docs/ never crosses it."""
    out = tmp_path / "docs"
    out.mkdir()
    real = os.replace

    def mount_edge(src: Any, dst: Any, *, src_dir_fd: Any = None, dst_dir_fd: Any = None) -> None:
        inside = [
            _where(p, fd).is_relative_to(out) for p, fd in ((src, src_dir_fd), (dst, dst_dir_fd))
        ]
        if inside[0] != inside[1]:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real(src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)

    monkeypatch.setattr(write.os, "replace", mount_edge)
    write_pages(out, PAGES)
    write_pages(out, {**PAGES, "briefs/b.md": "edited"})
    assert (out / "briefs/b.md").read_text() == "edited"


def test_a_rename_that_fails_midway_is_finished_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An immutable file (``chattr +i``, which root cannot bypass either) makes its rename
    fail after others succeeded: every run says so, none publishes, until it is fixed."""
    out = tmp_path / "docs"
    write_pages(out, PAGES)
    real = os.replace

    def immutable(src: Any, dst: Any, **fds: Any) -> None:
        if dst == "index.md":
            raise OSError(errno.EPERM, "Operation not permitted")
        real(src, dst, **fds)

    monkeypatch.setattr(write.os, "replace", immutable)
    new = {p: f"{text}, edited" for p, text in PAGES.items()}
    with pytest.raises(OutputError, match=r"index\.md: operation not permitted.*next run finishes"):
        write_pages(out, new)
    with pytest.raises(OutputError, match="next run finishes"):
        write.recover(out)  # what the MkDocs hook does first: it fails the build, not publish
    monkeypatch.setattr(write.os, "replace", real)  # the file is made mutable again
    write.recover(out)
    assert tree(out) == {
        **{p: t.encode() for p, t in new.items()},
        MANIFEST: b"briefs/a.md\nbriefs/b.md\nindex.md\n",
        f"{STATE}/{LOCK}": b"",
    }


FAILURES = [
    (errno.ENOSPC, "no space left on the device; free some space"),
    (errno.EROFS, "the file system is read-only"),
    (errno.EACCES, "permission denied"),
    (errno.EDQUOT, "disk quota exceeded"),
]


def _failing_open(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Every file the writer creates fails with ``code`` (root bypasses real permissions)."""
    real = os.open

    def failing(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and kwargs.get("dir_fd") is not None and str(path) != LOCK:
            raise OSError(code, os.strerror(code))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(write.os, "open", failing)


@pytest.mark.parametrize(("code", "says"), FAILURES)
def test_a_failing_disk_is_one_line_and_exit_3(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    says: str,
) -> None:
    content = copy_content(tmp_path)
    _failing_open(monkeypatch, code)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "out")]) == 3
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if "newsbrief:" in line]
    assert len(lines) == 1 and says in lines[0], captured.err
    assert "output folder is unchanged" in lines[0]
    assert f"out/{STATE}/" not in lines[0]  # it names the page, not where it was staged
    assert "bug" not in captured.err and "Traceback" not in captured.err
    assert captured.out.startswith("::error title=newsbrief::cannot write ")


def test_a_failing_disk_under_mkdocs_is_a_one_line_plugin_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = copy_content(tmp_path)
    config = SimpleNamespace(
        docs_dir=str(tmp_path / "docs"),
        config_file_path=str(tmp_path / "mkdocs.yml"),
        extra={"newsbrief": {"content": str(content)}},
        site_url="",
        site_name="News briefs",
        site_description="",
    )
    _failing_open(monkeypatch, errno.ENOSPC)
    with pytest.raises(PluginError) as caught:
        hook.on_config(config)
    message = str(caught.value)
    assert message.startswith("newsbrief: cannot write ") and "\n" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_mkdocs_build_reports_an_unwritable_output_without_a_traceback(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / STATE).write_text("a file where the writer needs its folder")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(REPO / "mkdocs.yml")],
        cwd=REPO,
        env={
            **os.environ,
            "NEWSBRIEF_DOCS": str(docs),
            "NO_MKDOCS_2_WARNING": "1",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "docs/.newsbrief is a file where newsbrief needs a folder" in result.stderr


# --- real mounts, where the machine allows them ----------------------------------------------

MOUNTED = """
set -e
mount -t tmpfs -o size=48k none "$DOCS"
newsbrief() { "$PYTHON" -m generator build --quiet --content "$CONTENT" --out "$DOCS"; }
newsbrief 2>&1 && echo "full: exit 0" || echo "full: exit $?"
mount -o remount,size=16m "$DOCS"
newsbrief 2>&1 && echo "room: exit 0" || echo "room: exit $?"
mount -o remount,ro "$DOCS"
sed -i 's/^dek: /dek: Edited. /' "$CONTENT"/briefs/*.yaml
newsbrief 2>&1 && echo "read-only: exit 0" || echo "read-only: exit $?"
"""


def _can_mount(tmp_path: Path) -> bool:
    probe = tmp_path / "probe"
    probe.mkdir()
    command = ["unshare", "-rm", "sh", "-c", f"mount -t tmpfs none {probe}"]
    try:
        return subprocess.run(command, capture_output=True, check=False).returncode == 0
    except OSError:
        return False


def test_a_tmpfs_output_folder_that_fills_up_or_turns_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/ as its own tmpfs (in a private mount namespace): too small, then big enough
    (no cross-device staging), then read-only.  Where mounting is not allowed, the same
    three conditions are injected instead."""
    content = copy_content(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    if not _can_mount(tmp_path):
        test_a_mounted_output_folder_works(tmp_path / "injected", monkeypatch)
        for code, says in FAILURES[:2]:
            test_a_failing_disk_is_one_line_and_exit_3(
                tmp_path / str(code), monkeypatch, capsys, code, says
            )
        return
    result = subprocess.run(
        ["unshare", "-rm", "sh", "-c", MOUNTED],
        env={
            **os.environ,
            "DOCS": str(docs),
            "CONTENT": str(content),
            "PYTHON": sys.executable,
            "PYTHONPATH": str(REPO),
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stderr
    assert "full: exit 3" in lines and "room: exit 0" in lines and "read-only: exit 3" in lines
    assert any("no space left on the device" in line for line in lines), lines
    assert any("the file system is read-only" in line for line in lines), lines
    assert "bug" not in result.stdout and "Traceback" not in result.stdout

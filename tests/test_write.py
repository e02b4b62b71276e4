"""Stage 4: incremental, owned, all-or-nothing writes."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from generator import write
from generator.write import (
    LOCK,
    MANIFEST,
    OutputError,
    UnsafePathError,
    kept_state,
    write_pages,
)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_writes_only_what_changed(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    first = write_pages(out, {"a.md": "A", "sub/b.md": "B"})
    assert first.written == ["a.md", "sub/b.md"]
    before = snapshot(out)
    again = write_pages(out, {"a.md": "A", "sub/b.md": "B"})
    assert again.written == [] and again.unchanged == 2
    assert snapshot(out) == before  # not even touched
    edited = write_pages(out, {"a.md": "A2", "sub/b.md": "B"})
    assert edited.written == ["a.md"]
    assert snapshot(out)["sub/b.md"] == before["sub/b.md"]


def test_removes_only_its_own_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_pages(out, {"a.md": "A", "old/b.md": "B"})
    (out / "mine.txt").write_text("not generated")
    report = write_pages(out, {"a.md": "A"})
    assert report.removed == ["old/b.md"]
    assert not (out / "old").exists()  # emptied folders go too
    assert (out / "mine.txt").read_text() == "not generated"
    assert (out / MANIFEST).read_text() == "a.md\n"


@pytest.mark.parametrize("path", ["../escape.md", "/etc/passwd", "a/../../b.md", "a\\..\\b.md"])
def test_refuses_paths_outside_the_folder(tmp_path: Path, path: str) -> None:
    with pytest.raises(UnsafePathError):
        write_pages(tmp_path / "docs", {path: "x"})
    assert not (tmp_path / "escape.md").exists()


def test_tampered_manifest_cannot_delete_outside(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_pages(out, {"a.md": "A"})
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / MANIFEST).write_text("a.md\n../victim.txt\n")
    write_pages(out, {"a.md": "A"})
    assert victim.read_text() == "keep me"


def test_failure_while_staging_leaves_previous_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    write_pages(out, {f"p{i}.md": f"old {i}" for i in range(20)})
    before = snapshot(out)
    real_open = os.open

    def full_disk(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and str(path) == "p9.md":  # the tenth file staged
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(write.os, "open", full_disk)
    with pytest.raises(OutputError, match=r"no space left.*output folder is unchanged"):
        write_pages(out, {f"p{i}.md": f"new {i}" for i in range(20)})
    assert snapshot(out) == before
    assert kept_state(out) == [LOCK]  # the staging folder is cleaned up


def test_files_are_replaced_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file reaches its place by rename, never by writing into the live file."""
    out = tmp_path / "docs"
    write_pages(out, {"a.md": "old"})
    renamed: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: str, **fds: int) -> None:
        renamed.append(dst)
        real_replace(src, dst, **fds)

    monkeypatch.setattr(write.os, "replace", spy)
    write_pages(out, {"a.md": "new"})
    assert "a.md" in renamed
    assert (out / "a.md").read_text() == "new"


def test_a_hand_edited_output_file_is_repaired(tmp_path: Path) -> None:
    """The write stage trusts its memory of what it wrote only while the file is untouched."""
    out = tmp_path / "docs"
    pages = {"a.md": "generated", "b.md": "also generated"}
    write_pages(out, pages)
    (out / "a.md").write_text("edited!!!")  # same size, different bytes
    stat = (out / "a.md").stat()
    os.utime(out / "a.md", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    report = write_pages(out, pages)
    assert report.written == ["a.md"]
    assert (out / "a.md").read_text() == "generated"


def test_the_writer_is_one_way(tmp_path: Path) -> None:
    """Producers hand over Unchanged only for a file still as written (still_written says
    so); the writer never asks for a text, and a file changed in between is an error
    to run again, not a silent keep."""
    out = tmp_path / "docs"
    write_pages(out, {"a.md": "one\n", "b.md": "two\n"})
    fingerprint = write.encoded("one\n").fingerprint
    on_disk = write.still_written(out)
    assert on_disk("a.md", fingerprint)
    assert not on_disk("a.md", write.encoded("other\n").fingerprint)
    assert not on_disk("c.md", fingerprint)
    report = write_pages(out, {"a.md": write.Unchanged(fingerprint), "b.md": "two\n"})
    assert report.written == [] and (out / "a.md").read_text() == "one\n"

    (out / "a.md").write_text("edited by hand, longer\n")
    assert not write.still_written(out)("a.md", fingerprint)
    with pytest.raises(OutputError, match="changed while newsbrief was writing"):
        write_pages(out, {"a.md": write.Unchanged(fingerprint), "b.md": "two\n"})
    assert (out / "a.md").read_text() == "edited by hand, longer\n"

"""What one process keeps for the next (:mod:`generator.cache`): a new process renders
only what changed, makes exactly what a clean run makes, and trusts nothing it should not.

``pipeline.forget()`` drops everything a process holds, so a run after it sees only
what is on disk: a new process, as every ``make build`` is.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from bench.corpus import write_corpus
from generator import digest, memo, pipeline
from generator.cache import Cache
from generator.digest import Digester, Undigestable
from generator.site import SiteInfo
from generator.write import CACHE, STATE, generated_files
from tests.conftest import REPO
from tests.test_render_cache import edit, rename_actor


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "content", 40, seed=5)


@pytest.fixture(autouse=True)
def new_process() -> Iterator[None]:
    pipeline.forget()
    yield
    pipeline.forget()


def generated(content: Path, out: Path) -> dict[str, bytes]:
    result = pipeline.generate(content, out, SiteInfo())
    assert result.ok, result.problems
    return {path: (out / path).read_bytes() for path in sorted(generated_files(out))}


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files rendered (not reused) by the runs that follow, in order."""
    paths: list[str] = []
    remember = memo.Memo._remember

    def counted(self: memo.Memo, path: str, *args: object) -> None:
        paths.append(path)
        remember(self, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(memo.Memo, "_remember", counted)
    return paths


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("summary", lambda c: edit(briefs(c)[10], lambda d: d.update(summary="Edited."))),
    ("title", lambda c: edit(briefs(c)[20], lambda d: d.update(title="A new title shown"))),
    ("actor", lambda c: edit(c / "actors.yaml", lambda d: rename_actor(d, first_actor(c)))),
    ("story", lambda c: edit(c / "stories.yaml", lambda d: d["stories"][0].update(title="S"))),
    ("stance", lambda c: edit(briefs(c)[5], lambda d: d["positions"][0].update(stance="New."))),
    ("deleted", lambda c: briefs(c)[-1].unlink()),
]


def briefs(content: Path) -> list[Path]:
    return sorted((content / "briefs").glob("*.yaml"))


def first_actor(content: Path) -> str:
    return str(yaml.safe_load(briefs(content)[0].read_text("utf-8"))["positions"][0]["actor"])


@pytest.mark.parametrize(("name", "change"), EDITS, ids=[name for name, _ in EDITS])
def test_a_new_process_makes_what_the_same_process_makes(
    content: Path, tmp_path: Path, made: list[str], name: str, change: Callable[[Path], None]
) -> None:
    """After each kind of edit, a new process renders the very files that the process
    that made the last output would have rendered, and its output is a clean run's."""
    same, new, clean = tmp_path / "same", tmp_path / "new", tmp_path / "clean"
    generated(content, same)
    pipeline.forget()
    generated(content, new)
    change(content)
    made.clear()
    in_process = generated(content, same)  # the same process: its memos are warm
    by_same = sorted(made)
    pipeline.forget()
    made.clear()
    across = generated(content, new)  # a new process: only the cache on disk
    assert sorted(made) == by_same
    assert by_same, "an edit that changes nothing tests nothing"
    pipeline.forget()
    assert in_process == across == generated(content, clean)


def test_a_new_process_with_nothing_changed_makes_nothing(
    content: Path, tmp_path: Path, made: list[str]
) -> None:
    out = tmp_path / "docs"
    generated(content, out)
    pipeline.forget()
    made.clear()
    generated(content, out)
    assert made == []


def test_results_of_other_code_are_not_used(
    content: Path, tmp_path: Path, made: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    generated(content, out)
    cold = sorted(made)
    pipeline.forget()
    monkeypatch.setattr(digest, "_CODE", b"\x01" * 16)  # as after an upgrade
    made.clear()
    generated(content, out)
    assert sorted(made) == cold  # everything made again...
    folders = list((out / STATE / CACHE).iterdir())
    assert [f.name for f in folders] == [(b"\x01" * 16).hex()]  # ...and the old results gone


def test_a_file_edited_by_hand_in_the_output_is_made_again(
    content: Path, tmp_path: Path, made: list[str]
) -> None:
    out = tmp_path / "docs"
    first = generated(content, out)
    page = next(p for p in first if p.startswith("actors/"))
    (out / page).write_text("edited by hand", "utf-8")
    pipeline.forget()
    made.clear()
    assert generated(content, out) == first
    assert made == [page]


def test_a_damaged_cache_is_only_a_miss(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    first = generated(content, out)
    for path in (out / STATE / CACHE).rglob("*"):
        if path.is_file():
            path.write_bytes(b"\x80\x05not a pickle" if "validated" in path.parts else b"{")
    pipeline.forget()
    assert generated(content, out) == first


def test_a_failed_run_leaves_the_cache_alone(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    generated(content, out)
    for brief in briefs(content):  # every file new: all typed again, by the workers
        brief.write_text(brief.read_text("utf-8") + "\n", "utf-8")
    before = {p: p.read_bytes() for p in (out / STATE / CACHE).rglob("*") if p.is_file()}
    edit(briefs(content)[3], lambda d: d.update(status="???"))
    pipeline.forget()
    assert not pipeline.generate(content, out, SiteInfo()).ok
    after = {p: p.read_bytes() for p in (out / STATE / CACHE).rglob("*") if p.is_file()}
    assert after == before


def test_a_link_in_the_cache_is_never_followed(content: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "docs"
    first = generated(content, out)
    cache = out / STATE / CACHE
    for folder in cache.iterdir():  # the code's folder becomes a link to a folder outside
        for part in folder.iterdir():
            for file in part.iterdir():
                file.unlink()
            part.rmdir()
        folder.rmdir()
        folder.symlink_to(outside, target_is_directory=True)
    pipeline.forget()
    assert generated(content, out) == first
    assert list(outside.iterdir()) == []


def test_the_cache_writes_nothing_when_nothing_changed(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    generated(content, out)
    times = {p: p.stat().st_mtime_ns for p in (out / STATE).rglob("*") if p.is_file()}
    pipeline.forget()
    generated(content, out)
    assert {p: p.stat().st_mtime_ns for p in (out / STATE).rglob("*") if p.is_file()} == times


def test_cache_reads_only_regular_files(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.write("part", [("a", b"one")])
    folder = next((tmp_path / STATE / CACHE).iterdir()) / "part"
    (folder / "b").symlink_to(folder / "a")
    assert cache.read("part", ["a", "b", "c"]) == {"a": b"one"}


# --- digests -------------------------------------------------------------------------------


def test_digests_tell_apart_what_equality_tells_apart() -> None:
    values: list[object] = [
        None, True, False, 0, 1, "1", b"1", 1.0, (), [], {}, ("a", "b"), ("ab",), ["a", "b"],
        {"a": 1}, {"a": "1"}, SiteInfo(), SiteInfo(url="https://example.org/"),
    ]  # fmt: skip
    digests = [Digester().of(value) for value in values]
    assert len(set(digests)) == len(values)
    assert Digester().of(SiteInfo()) == Digester().of(SiteInfo())


def test_a_value_named_by_its_source_is_not_walked() -> None:
    class Opaque:  # what the walk would refuse
        pass

    value = (Opaque(),)
    with pytest.raises(Undigestable):
        Digester().of(value)
    digest.name_by_source(value, b"s" * 16)
    try:
        assert Digester().of([value]) == Digester().of([value])
    finally:
        digest.forget_sources()


FORKED = """
import sys
from pathlib import Path
from generator import memo, parallel, pipeline
from generator.site import SiteInfo
from generator.write import CACHE, STATE, generated_files
from tests.test_cache import briefs, edit

content, out, clean = (Path(a) for a in sys.argv[1:4])
parallel.MIN_ITEMS = 1
assert parallel.can_fork()
made = []
remember = memo.Memo._remember
memo.Memo._remember = lambda self, path, *args: (made.append(path), remember(self, path, *args))


def generated(folder):
    assert pipeline.generate(content, folder, SiteInfo()).ok
    return {p: (folder / p).read_bytes() for p in sorted(generated_files(folder))}


def cache():
    return {p: p.read_bytes() for p in (out / STATE / CACHE).rglob("*") if p.is_file()}


generated(out)
edit(briefs(content)[20], lambda d: d.update(title="A new title shown"))
pipeline.forget()
made.clear()
across = generated(out)
print(len(made), len(across), across == generated(clean))
for brief in briefs(content):  # every file new: typed again, by the workers...
    brief.write_text(brief.read_text("utf-8") + "\\n", "utf-8")
before = cache()
edit(briefs(content)[3], lambda d: d.update(status="???"))  # ...in a run that fails
pipeline.forget()
print(not pipeline.generate(content, out, SiteInfo()).ok, cache() == before)
"""


def test_what_forked_workers_make_is_kept_as_in_one_process(content: Path, tmp_path: Path) -> None:
    """Workers type files, pickled, and work out digests themselves: a new process then
    renders only what an edit changed, and a failed run leaves the cache as it was.
    In a process of its own: workers fork only from a process without threads."""
    args = [str(content), str(tmp_path / "docs"), str(tmp_path / "clean")]
    run = subprocess.run(
        [sys.executable, "-c", FORKED, *args], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    rendered, total, same = run.stdout.split("\n")[0].split()
    assert 0 < int(rendered) < int(total) / 3 and same == "True"
    assert run.stdout.split("\n")[1] == "True True"

"""Rendering reuses unchanged pages and forks workers; neither may change a single byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bench.corpus import write_corpus
from generator import export, parallel, render
from generator.render import SiteInfo, render_outputs
from generator.validate import validate_content


def outputs(content: Path) -> dict[str, str]:
    corpus, problems = validate_content(content)
    assert corpus is not None, problems
    return render_outputs(corpus, SiteInfo())


def from_scratch(content: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The same outputs with every render cache emptied first."""
    with monkeypatch.context() as m:
        m.setattr(render, "_rendered", {})
        m.setattr(export, "_dumped", {})
        return outputs(content)


def edit(path: Path, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def rename_actor(registry: dict, actor_id: str) -> None:  # type: ignore[type-arg]
    (actor,) = [a for a in registry["actors"] if a["id"] == actor_id]
    actor["name"] = "Renamed Actor"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "content", 40, seed=3)


def test_cached_pages_equal_fresh_ones_after_every_kind_of_edit(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefs = sorted((content / "briefs").glob("*.yaml"))
    used_actor = yaml.safe_load(briefs[0].read_text("utf-8"))["positions"][0]["actor"]
    outputs(content)  # warm the caches
    changes: list[tuple[Path, Callable[[dict], None]]] = [  # type: ignore[type-arg]
        (briefs[10], lambda d: d.update(summary="An edited summary.")),
        (briefs[20], lambda d: d.update(title="A new title that other pages show")),
        (content / "actors.yaml", lambda d: rename_actor(d, used_actor)),
        (content / "stories.yaml", lambda d: d["stories"][0].update(title="Renamed story")),
        (briefs[5], lambda d: d["positions"][0].update(stance="A changed stance.")),
    ]
    for path, change in changes:
        edit(path, change)
        assert outputs(content) == from_scratch(content, monkeypatch), path.name
    briefs[-1].unlink()  # the newest brief goes: neighbours and listings change
    assert outputs(content) == from_scratch(content, monkeypatch)


def test_forked_workers_render_exactly_what_one_process_does(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("NEWSBRIEF_JOBS", "2")
    assert parallel.can_fork()
    forked = from_scratch(content, monkeypatch)
    monkeypatch.setenv("NEWSBRIEF_JOBS", "1")
    assert not parallel.can_fork()
    assert forked == from_scratch(content, monkeypatch)

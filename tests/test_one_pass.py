"""One run reports every problem: a file that fails its model is still cross-checked.

The catalogue case ``tests/invalid/every-mistake-in-one-pass.yaml`` shows it
for a brief; these tests cover the registries, whose failures would otherwise
either hide every reference problem or repeat one per reference.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.validate import validate_content
from tests.conftest import copy_content

LAVROV = "  - id: sergei-lavrov\n    name: Sergei Lavrov\n    kind: person\n"


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return copy_content(tmp_path)


def errors_by_file(content: Path) -> dict[str, list[str]]:
    corpus, problems = validate_content(content)
    assert corpus is None
    found: dict[str, list[str]] = {}
    for p in problems:
        if p.severity == "error":
            found.setdefault(Path(p.file).name, []).append(p.message)
    return found


def test_a_broken_actor_is_reported_once_not_at_every_reference(content: Path) -> None:
    registry = content / "actors.yaml"
    text = registry.read_text("utf-8")
    assert LAVROV in text
    registry.write_text(text.replace(LAVROV, LAVROV.replace("person", "persn")), "utf-8")
    found = errors_by_file(content)
    assert list(found) == ["actors.yaml"]
    assert len(found["actors.yaml"]) == 1 and "'persn' is not allowed" in found["actors.yaml"][0]


def test_an_unreadable_registry_is_reported_once(content: Path) -> None:
    (content / "actors.yaml").write_text("actors: [\n", "utf-8")
    found = errors_by_file(content)
    assert list(found) == ["actors.yaml"]
    assert len(found["actors.yaml"]) == 1


def test_other_actors_of_a_registry_with_a_broken_entry_are_still_checked(
    content: Path,
) -> None:
    registry = content / "actors.yaml"
    text = registry.read_text("utf-8").replace(LAVROV, LAVROV.replace("person", "persn"))
    putin = "role: President of Russia\n    affiliation: russia\n"
    assert putin in text
    registry.write_text(text.replace(putin, putin.replace("russia", "rusia")), "utf-8")
    found = errors_by_file(content)
    assert len(found["actors.yaml"]) == 2
    assert "unknown actor 'rusia'; did you mean 'russia'?" in found["actors.yaml"]


def test_a_brief_with_a_bad_status_still_has_its_references_checked(content: Path) -> None:
    brief = next((content / "briefs").glob("2022-10-13-*.yaml"))
    text = brief.read_text("utf-8").replace("status: developing", "status: maybe")
    brief.write_text(text.replace("actor: vladimir-putin", "actor: vladimir-putn", 1), "utf-8")
    messages = errors_by_file(content)[brief.name]
    assert len(messages) == 2
    assert any("unknown actor 'vladimir-putn'" in m for m in messages)

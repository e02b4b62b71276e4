"""The benchmark's synthetic corpus: deterministic, valid without a single warning, buildable.

The benchmark itself is not part of ``make test`` (it takes minutes); this
keeps the corpus it measures honest at a small size, so a change to the
content model that the corpus generator misses fails here, not in a bench run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus import write_corpus
from generator.validate import validate_content
from tests.conftest import build_site

N = 30


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("bench") / "content", N, seed=3)


def test_same_seed_same_bytes(corpus: Path, tmp_path: Path) -> None:
    again = write_corpus(tmp_path / "again", N, seed=3)
    assert _files(again) == _files(corpus)
    other = write_corpus(tmp_path / "other", N, seed=4)
    assert _files(other) != _files(corpus)


def test_corpus_is_valid_without_warnings(corpus: Path) -> None:
    result, problems = validate_content(corpus)
    assert problems == []
    assert result is not None and len(result.briefs) == N
    assert len(result.actors) >= 190 and len(result.stories) == 20


def test_answers_close_earlier_questions_once(corpus: Path) -> None:
    result, _ = validate_content(corpus)
    assert result is not None
    published = {b.id: b.published for b in result.briefs}
    answered = [(b, a.question) for b in result.briefs for a in b.answers]
    assert answered, "the corpus should answer questions across briefs"
    refs = [ref for _, ref in answered]
    assert len(refs) == len(set(refs))
    assert all(published[ref.split("#")[0]] < b.published for b, ref in answered)
    assert any(b.related for b in result.briefs)


def test_rewriting_removes_briefs_of_a_larger_corpus(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "content", 12)
    write_corpus(folder, 5)
    assert len(list((folder / "briefs").glob("*.yaml"))) == 5


@pytest.mark.site
def test_corpus_builds_strictly(corpus: Path, tmp_path: Path) -> None:
    site = build_site(tmp_path, corpus)
    assert len(list((site / "briefs").glob("*/index.html"))) == N

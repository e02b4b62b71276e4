"""Property-based tests: whatever an editor (or an attacker) writes, no crash.

Example counts stay modest in ``make test``; set ``NEWSBRIEF_FUZZ=1`` for a long run.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator import export
from generator.model import Brief, json_bytes, json_data, validate
from generator.parse import LoadError, parse
from generator.pipeline import generate
from generator.templating import _relative
from generator.validate import validate_content
from tests.conftest import CONTENT, build_site

LONG = bool(os.environ.get("NEWSBRIEF_FUZZ"))
FAST = settings(
    max_examples=2000 if LONG else 60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SLOW = settings(
    max_examples=100 if LONG else 4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ACTORS = ["sergei-lavrov", "ned-price", "joe-biden"]
any_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)
# Text an editor could legitimately type: no control or invisible format characters.
clean_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=40
).filter(lambda s: s.strip())
slug = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
day = st.dates().map(lambda d: d.isoformat())


@st.composite
def briefs(draw: st.DrawFn, text: st.SearchStrategy[str] = any_text) -> dict[str, Any]:
    """Briefs of the right shape with arbitrary text: mostly valid, sometimes not."""
    source_ids = draw(st.lists(slug, min_size=1, max_size=3, unique=True))
    matters = draw(st.lists(slug, min_size=1, max_size=3, unique=True))
    return {
        "id": "2022-10-20-fuzz",
        "title": draw(text),
        "dek": draw(text),
        "published": "2022-10-20",
        "status": draw(st.sampled_from(["developing", "settled"])),
        "tags": draw(st.lists(slug, max_size=3, unique=True)),
        "summary": draw(text),
        "why_it_matters": draw(text),
        "sources": [
            {"id": s, "publisher": draw(text), "url": f"https://example.com/{n}"}
            for n, s in enumerate(source_ids)
        ],
        "actors": [{"actor": a, "role": draw(text)} for a in ACTORS],
        "matters": [{"id": m, "question": draw(text)} for m in matters],
        "positions": [
            {
                "actor": draw(st.sampled_from(ACTORS)),
                "matter": m,
                "stance": draw(text),
                "quotes": [{"text": draw(text), "source": draw(st.sampled_from(source_ids))}],
            }
            for m in matters
        ],
        "open_questions": [{"id": "q", "question": draw(text), "why": draw(text)}],
        "timeline": [{"date": draw(day), "event": draw(text), "source": source_ids[0]}],
    }


def content_with(tmp: Path, brief: dict[str, Any]) -> Path:
    content = tmp / "content"
    shutil.copytree(CONTENT, content)
    (content / "briefs" / "2022-10-20-fuzz.yaml").write_text(
        yaml.safe_dump(brief, allow_unicode=True), "utf-8"
    )
    return content


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_load_or_fail_with_a_position(raw: bytes) -> None:
    try:
        parse(raw)
    except LoadError as exc:
        assert exc.line >= 1 and exc.col >= 1 and exc.message


@FAST
@given(briefs(), st.data())
def test_any_brief_generates_or_reports_clear_errors(
    brief: dict[str, Any], data: st.DataObject
) -> None:
    # Sometimes break the shape too: drop a field or give it the wrong type.
    if data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(brief)))
        brief[key] = data.draw(st.sampled_from([None, 7, [], {}, "x"]))
    with tempfile.TemporaryDirectory() as tmp:
        content = content_with(Path(tmp), brief)
        result = generate(content, Path(tmp) / "docs")
        if not result.ok:
            assert result.errors
            for problem in result.errors:
                assert problem.line >= 1 and problem.message
                assert str(problem).startswith("content/") or "/content/" in str(problem)


@SLOW
@given(briefs(clean_text))
def test_valid_briefs_build_with_mkdocs_strict(brief: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = content_with(Path(tmp), brief)
        corpus, problems = validate_content(content)
        assert corpus is not None, problems
        site = build_site(Path(tmp), content)
        page = (site / "briefs" / "2022-10-20-fuzz" / "index.html").read_text("utf-8")
        assert "<article" in page


folders = st.lists(st.sampled_from(["a", "b", "briefs"]), max_size=4)


@FAST
@given(folder=folders, target=folders, page=st.sampled_from(["a.md", "index.md", "2.md"]))
def test_links_between_pages_are_what_relpath_says(
    folder: list[str], target: list[str], page: str
) -> None:
    """Links are made without relpath (which asks the system for the working directory)."""
    here, there = "/".join(folder), "/".join([*target, page])
    assert _relative(there, here) == posixpath.relpath(there, here or ".")


@FAST
@given(briefs(clean_text))
def test_brief_data_files_are_the_stable_json_whatever_the_text(data: dict[str, Any]) -> None:
    """The data files are serialized by pydantic-core, for speed; they must stay exactly
    what ``json.dumps`` would write (compact, UTF-8, every character as typed)."""
    try:
        brief = validate(Brief, data)
    except ValidationError:
        return
    assert json_bytes(brief) + b"\n" == export.dump(json_data(brief)).encode("utf-8")

"""``newsbrief new``: start a brief from a commented template, never over an existing file."""

from __future__ import annotations

import difflib
import json
import os
from datetime import date
from pathlib import Path

import jinja2

from .diagnostics import did_you_mean
from .fields import slugify
from .load import BRIEFS_DIR, STORIES_FILE, Document, load_file
from .schema import SCHEMA_DIR

MAX_ID = 60


class ScaffoldError(Exception):
    pass


#: Words an id should not end on: "…-is-one-of-the" reads as cut mid-phrase.
_DANGLING = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on"}
    | {"or", "over", "the", "to", "under", "with"}
)


def brief_id(title: str, published: date) -> str:
    """``2022-10-11`` + ``Lavrov says Russia is open to talks`` → ``2022-10-11-lavrov-says-…``:
    transliterated, cut between words, never ending on a word like "of" or "the"."""
    words = slugify(title, MAX_ID - 11).split("-")
    while len(words) > 1 and words[-1] in _DANGLING:
        words.pop()
    slug = "-".join(w for w in words if w)
    if not slug:
        raise ScaffoldError(
            "the title gives no id (no letters or digits to spell it with); "
            "pass one with --id, e.g. --id lavrov-says-russia-is-open"
        )
    return f"{published.isoformat()}-{slug}"


def near_duplicates(content: Path, ident: str) -> list[str]:
    """Briefs of the same day whose id is close to ``ident``: probably the same story."""
    day, slug = ident[:11], ident[11:]
    others = {
        p.stem[11:]: p.stem for p in (content / BRIEFS_DIR).glob(f"{day}*.yaml") if p.stem != ident
    }
    return [others[s] for s in difflib.get_close_matches(slug, others, n=3, cutoff=0.75)]


def _check_story(content: Path, story: str) -> None:
    """Refuse a story that ``stories.yaml`` does not define, before any file is made."""
    doc = load_file(content / STORIES_FILE)
    stories = (
        doc.data.get("stories")
        if isinstance(doc, Document) and isinstance(doc.data, dict)
        else None
    )
    ids = [s["id"] for s in stories or () if isinstance(s, dict) and isinstance(s.get("id"), str)]
    if story not in ids:
        listed = ", ".join(ids[:8]) or "none yet"
        raise ScaffoldError(
            f"unknown story '{story}'; add it to {content / STORIES_FILE} first "
            f"(stories: {listed}){did_you_mean(story, ids)}"
        )


def new_brief(
    content: Path,
    title: str,
    published: date,
    story: str | None = None,
    ident: str | None = None,
) -> Path:
    if not title.strip():
        raise ScaffoldError("the title must not be empty")
    if story is not None:
        _check_story(content, story)
    if ident is not None:
        bare = ident.removeprefix(published.isoformat()).strip("-")
        ident = f"{published.isoformat()}-{slugify(bare)}"
    ident = ident or brief_id(title, published)
    folder = content / BRIEFS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ident}.yaml"
    schema = Path(os.path.relpath(SCHEMA_DIR / "brief.schema.json", folder.resolve())).as_posix()
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    text = env.get_template("new-brief.yaml.j2").render(
        id=ident,
        title=" ".join(title.split()),
        published=published.isoformat(),
        story=story,
        schema=schema,
    )
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; edit it, or choose another title") from None
    return path

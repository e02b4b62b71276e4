"""Machine-readable data: the validated content as JSON, so others can build on it.

* ``data/briefs/<id>.json``: one brief, exactly the validated model
  (:func:`generator.model.json_data`), so it validates against the published
  ``brief.schema.json`` and reads back into the same model.
* ``data/briefs.json``: the index of every brief, newest first, with the
  addresses of its page and its data.
* ``data/actors.json`` and ``data/stories.json``: the registries the briefs'
  ids refer to, in the same shape as ``content/actors.yaml`` and
  ``content/stories.yaml``.

Like the feeds, the files depend on the content and the site address only,
never on the build time.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from .memo import Memo, OnDisk, Output
from .model import ActorRegistry, Brief, StoryRegistry, json_bytes, json_data

if TYPE_CHECKING:
    from .model import Corpus
    from .site import SiteInfo

INDEX_PATH = "data/briefs.json"
ACTORS_PATH = "data/actors.json"
STORIES_PATH = "data/stories.json"
INDEX_VERSION = 1
"""Bumped when the index changes incompatibly, so consumers can tell."""


def brief_data_path(brief_id: str) -> str:
    return f"data/briefs/{brief_id}.json"


_BRIEFS = Memo("data")
"""The brief data files made by the last run in this process, each from its brief."""


def data_jobs(
    corpus: Corpus, site: SiteInfo, on_disk: OnDisk | None = None
) -> list[tuple[str, Output]]:
    """The data files: each brief's as the job that dumps it (10,000 briefs are 80 MB
    of JSON) or, if its brief is unchanged, as unchanged (see :mod:`generator.memo`)."""
    _BRIEFS.start(on_disk)
    files: list[tuple[str, Output]] = []
    for brief in corpus.briefs:
        path = brief_data_path(brief.id)
        files.append((path, _BRIEFS.output(path, brief, functools.partial(brief_json, brief))))
    actors = ActorRegistry(actors=list(corpus.actors.values()))
    stories = StoryRegistry(stories=list(corpus.stories.values()))
    return [
        *files,
        (INDEX_PATH, dump(index(corpus, site))),
        (ACTORS_PATH, dump(json_data(actors))),
        (STORIES_PATH, dump(json_data(stories))),
    ]


def forget() -> None:
    _BRIEFS.forget()


def brief_json(brief: Brief) -> str:
    """A brief's data file: what :func:`dump` would write, serialized by pydantic-core.
    Fields that hold their default (an empty list, `status: open`…) are left out: the
    schema gives the defaults, and a brief is an eighth smaller."""
    return (json_bytes(brief, compact=True) + b"\n").decode("utf-8")


def index(corpus: Corpus, site: SiteInfo) -> dict[str, Any]:
    return {
        "version": INDEX_VERSION,
        "title": site.name,
        "home_page_url": site.url,
        "actors_url": site.file_url(ACTORS_PATH),
        "stories_url": site.file_url(STORIES_PATH),
        "briefs": [index_entry(brief, site) for brief in corpus.briefs],
    }


def index_entry(brief: Brief, site: SiteInfo) -> dict[str, Any]:
    return {
        "id": brief.id,
        "title": brief.title,
        "dek": brief.dek,
        "published": brief.published.isoformat(),
        "modified": brief.modified.isoformat(),
        "status": brief.status,
        "story": brief.story,
        "tags": list(brief.tags),
        "url": site.brief_url(brief.id),
        "data_url": site.file_url(brief_data_path(brief.id)),
    }


def dump(data: object) -> str:
    """Stable JSON: key order as built, UTF-8 text, a final newline.

    Compact, because ``indent`` makes the json module fall back from its C
    encoder to pure Python: ten times slower, for files that programs read.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"

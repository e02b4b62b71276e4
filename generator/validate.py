"""Stage 2, validate: loaded documents → a typed, cross-checked :class:`Corpus`.

Each file is checked against its model (:mod:`generator.model`), then the
corpus as a whole (:mod:`generator.references`): every id referred to must
exist, ids must be unique, and a question is answered at most once.  Every
problem is collected, with the ``file:line:col`` of the offending value and a
suggested fix, never raised.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from . import parallel
from .diagnostics import Problem, Severity, display_path
from .errors import explain
from .load import Document, content_digest, iter_yaml, load_bytes, read_file
from .model import Actor, ActorRegistry, Brief, Story, StoryRegistry, validate
from .references import (
    BriefChecker,
    Checker,
    check_answers,
    check_registry,
    check_unique,
    check_unique_briefs,
)

ACTORS_FILE = "actors.yaml"
STORIES_FILE = "stories.yaml"
BRIEFS_DIR = "briefs"

M = TypeVar("M")


@dataclass(frozen=True)
class Corpus:
    """All content, validated: the input of the render stage."""

    actors: dict[str, Actor]
    stories: dict[str, Story]
    briefs: tuple[Brief, ...]
    """Newest first; ties broken by id, so the order never depends on the file system."""


def load_checked(
    check: Checker, path: Path, model: type[M], files: _Files
) -> tuple[M, Document] | None:
    """One file, loaded and type-checked; ``None`` (with problems recorded) if it fails.

    :func:`_check_changed` has already checked every file whose bytes changed;
    the rest comes from :data:`_FILES`, as it does when ``mkdocs serve``
    regenerates after a save.
    """
    found = files.get(path)
    if isinstance(found, Problem):
        check.problems.append(found)
        return None
    entry = _FILES.get(path, model, found) if isinstance(found, bytes) else None
    if entry is None:  # the file changed while it was being read: check what is there now
        entry = _record(files, path, model, _parse(path))
    check.problems.extend(entry.problems)
    return entry.result


# --- the cache: results that depend only on a file's bytes --------------------------------


@dataclass(frozen=True)
class _Checked:
    """One file loaded and checked against its model: the result or the problems."""

    digest: bytes
    result: tuple[Any, Document] | None
    problems: tuple[Problem, ...]


class _FileCache:
    """Per-file results of load + model validation, valid while the file's bytes are the same.

    Loading and checking one file against its model is a pure function of its
    bytes (and of the working directory: problems carry the file's name relative
    to it), so a hash of the bytes is an exact key: an edited file misses, an
    unchanged one is never parsed twice.  Cross-file checks always run again;
    they are cheap.  Only files seen in the latest run are kept (:meth:`retain`),
    so the cache never holds more than one corpus and deleted files drop out.
    """

    def __init__(self) -> None:
        self.entries: dict[tuple[Path, type[Any]], _Checked] = {}
        self.cwd: Path | None = None

    def start(self, cwd: Path) -> None:
        """Begin a run: entries made in another working directory name files wrongly."""
        if cwd != self.cwd:
            self.entries, self.cwd = {}, cwd

    def get(self, path: Path, model: type[Any], digest: bytes) -> _Checked | None:
        entry = self.entries.get((path, model))
        return entry if entry is not None and entry.digest == digest else None

    def put(self, path: Path, model: type[Any], digest: bytes, found: _Found) -> _Checked:
        entry = _Checked(digest, found[0], tuple(found[1]))
        self.entries[(path, model)] = entry
        return entry

    def retain(self, paths: set[Path]) -> None:
        self.entries = {key: e for key, e in self.entries.items() if key[0] in paths}


_FILES = _FileCache()
_RunKey = tuple[str, tuple[tuple[Path, bytes | Problem], ...]]
_RUNS: dict[Path, tuple[_RunKey, tuple[Corpus | None, list[Problem]]]] = {}
"""The last result per content folder, returned again (the same objects) if no file changed."""


def _parse(path: Path) -> tuple[bytes, Any]:
    """One file's digest, and its plain data or the :class:`Problem` that stops it loading.

    Plain data only, so that forked workers can parse files side by side and
    send back what they found cheaply (:func:`_check_changed`).
    """
    raw = read_file(path)
    if isinstance(raw, Problem):
        return b"", raw
    doc = load_bytes(path, raw)
    return (content_digest(raw), doc) if isinstance(doc, Problem) else (doc.digest, doc.data)


_Found = tuple[tuple[Any, Document] | None, list[Problem]]


def _typed(path: Path, digest: bytes, loaded: Any, model: type[Any]) -> _Found:
    """Plain data (loaded from bytes with this digest) → the model, or the editor's
    problems with it.  A pure function of the bytes, hence cacheable."""
    if isinstance(loaded, Problem):
        return None, [loaded]
    doc = Document(path, loaded, digest)
    try:
        checked = validate(model, loaded)
    except ValidationError as exc:
        return None, explain(exc, doc, model)
    doc.data = None  # the model holds it now; the document is kept to find positions
    return (checked, doc), []


def _check_changed(content: Path, files: _Files) -> None:
    """Check every file whose bytes are not those of the cached result: on every core
    when there are many (a cold start), here when there are few (an editor's save)."""
    todo = [
        (path, model)
        for path, digest in files.items()
        if isinstance(digest, bytes)
        and (model := _model_for(content, path))
        and not _FILES.get(path, model, digest)
    ]
    parsed = parallel.ordered_map(lambda n: _parse(todo[n][0]), len(todo))
    for (path, model), found in zip(todo, parsed, strict=True):
        _record(files, path, model, found)


def _record(files: _Files, path: Path, model: type[Any], parsed: tuple[bytes, Any]) -> _Checked:
    """Type-check what :func:`_parse` found and cache it.

    Read again to be parsed, a file may hold other bytes than when it was
    hashed; ``files`` (the run's key) is set to the bytes actually checked,
    so a later run never mistakes the two.
    """
    digest, loaded = parsed
    files[path] = digest if digest else loaded
    return _FILES.put(path, model, digest, _typed(path, digest, loaded, model))


def _model_for(content: Path, path: Path) -> type[Any] | None:
    """What a file under ``content`` holds, by where it is; ``None``: not content."""
    if path == content / ACTORS_FILE:
        return ActorRegistry
    if path == content / STORIES_FILE:
        return StoryRegistry
    return Brief if path.parent == content / BRIEFS_DIR else None


def validate_content(content: Path) -> tuple[Corpus | None, list[Problem]]:
    """Check everything under ``content``; the corpus is ``None`` when any error was found.

    When no file changed since the previous call for the same folder (same
    paths, same bytes, same working directory), the previous corpus itself is
    returned, so later stages can tell "nothing changed" by identity.
    """
    cwd = Path.cwd()
    files = _fingerprint_all(content)
    last = _RUNS.get(content)
    if last is not None and last[0] == (str(cwd), tuple(files.items())):
        return last[1][0], list(last[1][1])
    _FILES.start(cwd)
    with _gc_paused():
        _check_changed(content, files)
        corpus, problems = _validate_all(content, files)
    key = (str(cwd), tuple(files.items()))  # the bytes actually checked (see _check_changed)
    _FILES.retain(set(files))
    _RUNS.clear()  # one corpus at a time: memory stays bounded by the content being served
    _RUNS[content] = (key, (corpus, list(problems)))
    return corpus, problems


_Files = dict[Path, bytes | Problem]
"""Every YAML file of a run: the digest of its bytes, or why it cannot be read.  A run's
result depends only on these (and on the working directory, for display names)."""


def _fingerprint_all(content: Path) -> _Files:
    """Read and hash every file, keeping no bytes: 10,000 briefs are 80 MB."""
    files: _Files = {}
    for path in iter_yaml(content) if content.is_dir() else ():
        raw = read_file(path)
        files[path] = content_digest(raw) if isinstance(raw, bytes) else raw
    return files


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector while the corpus is built.

    Every file adds thousands of long-lived objects, and each collection walks
    all of them again: about a third of the loading time.  Nothing built here
    is garbage that needs the collector; it runs again right after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _validate_all(content: Path, files: _Files) -> tuple[Corpus | None, list[Problem]]:
    check = Checker()
    if not (content / ACTORS_FILE).is_file():
        message = f"no actor registry: create {ACTORS_FILE} in the content folder"
        return None, [Problem(display_path(content), 1, 1, Severity.ERROR, "", message)]

    registry = load_checked(check, content / ACTORS_FILE, ActorRegistry, files)
    stories = (
        load_checked(check, content / STORIES_FILE, StoryRegistry, files)
        if (content / STORIES_FILE).is_file()
        else None
    )
    actors = {a.id: a for a in registry[0].actors} if registry else {}
    story_index = {s.id: s for s in stories[0].stories} if stories else {}
    if registry:
        check_registry(*registry, check)
    if stories:
        check_unique(stories[1], "stories", [s.id for s in stories[0].stories], check)

    paths = list(_brief_files(content, files, check))
    loaded = [b for p in paths if (b := load_checked(check, p, Brief, files))]
    briefs = {brief.id: (brief, doc) for brief, doc in loaded}
    # Briefs whose own file is broken are reported there, not again by every reference.
    broken = {p.stem for p in paths} - briefs.keys()
    check_unique_briefs(loaded, check)
    for brief, doc in loaded:
        BriefChecker(brief, doc, check, actors, story_index, briefs, broken).run()
    check_answers(loaded, briefs, broken, check)

    problems = sorted(set(check.problems))
    if registry is None or any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    ordered = sorted((b for b, _ in loaded), key=lambda b: (-b.published.toordinal(), b.id))
    return Corpus(actors=actors, stories=story_index, briefs=tuple(ordered)), problems


def _brief_files(content: Path, files: _Files, check: Checker) -> Iterator[Path]:
    for path in files:
        model = _model_for(content, path)
        if model is Brief:
            yield path
        elif model is None:
            where = display_path(path)
            message = (
                f"ignored: briefs belong in {BRIEFS_DIR}/, "
                f"registries are {ACTORS_FILE} and {STORIES_FILE}"
            )
            check.problems.append(Problem(where, 1, 1, Severity.WARNING, "", message))

"""Stage 2, validate: loaded files → a typed, cross-checked :class:`Corpus`.

Each file is checked against its model (:mod:`generator.model`), then the
corpus as a whole (:mod:`generator.references`): every id referred to must
exist, ids must be unique, and a question is answered at most once.  A file
that fails its model is still cross-checked on the parts that are sound
(:mod:`generator.salvage`), so one run reports every problem.  Every problem
is collected, with the ``file:line:col`` of the offending value and a
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

from .diagnostics import Problem, Severity, display_path
from .errors import explain
from .fidelity import check_quotes
from .load import (
    ACTORS_FILE,
    BRIEFS_DIR,
    STORIES_FILE,
    Document,
    Fingerprints,
    Kind,
    Parsed,
    fingerprint_all,
    kind_of,
    list_texts,
    parse_file,
    parse_files,
)
from .model import ActorRegistry, Brief, Corpus, StoryRegistry, validate
from .record import RecordChecker, check_settlements, check_stance_changes
from .references import Checker, Known, check_answers, check_briefs, check_registries
from .salvage import Typed, salvage

M = TypeVar("M")

_MODELS: dict[Kind, type[Any]] = {
    Kind.ACTORS: ActorRegistry,
    Kind.STORIES: StoryRegistry,
    Kind.BRIEF: Brief,
}


@dataclass(frozen=True)
class _Checked:
    """One file loaded and checked against its model: what could be typed, and the problems."""

    digest: bytes
    typed: Typed[Any] | None
    problems: tuple[Problem, ...]


class _FileCache:
    """Per-file results of load + model validation, valid while the file's bytes are the same.

    Loading and checking one file against its model is a pure function of its
    bytes (and of the working directory: problems carry the file's name relative
    to it), so a hash of the bytes is an exact key: an edited file misses, an
    unchanged one is never parsed twice, which keeps ``mkdocs serve`` quick
    after a save.  Cross-file checks always run again; they are cheap.  Only
    files seen in the latest run are kept (:meth:`retain`), so the cache never
    holds more than one corpus and deleted files drop out.
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

    def put(self, path: Path, model: type[Any], entry: _Checked) -> _Checked:
        self.entries[(path, model)] = entry
        return entry

    def retain(self, paths: set[Path]) -> None:
        self.entries = {key: e for key, e in self.entries.items() if key[0] in paths}


_FILES = _FileCache()


def validate_content(content: Path) -> tuple[Corpus | None, list[Problem]]:
    """Check everything under ``content``; the corpus is ``None`` when any error was found."""
    files = fingerprint_all(content)
    _FILES.start(Path.cwd())
    with _gc_paused():
        _check_changed(content, files)
        corpus, problems = _validate_all(content, files)
    _FILES.retain(set(files))
    return corpus, problems


def _check_changed(content: Path, files: Fingerprints) -> None:
    """Type every file whose bytes are not those of a cached result."""
    todo = [
        (path, model)
        for path, digest in files.items()
        if isinstance(digest, bytes)
        and (kind := kind_of(content, path))
        and not _FILES.get(path, model := _MODELS[kind], digest)
    ]
    for (path, model), parsed in zip(todo, parse_files([p for p, _ in todo]), strict=True):
        _record(files, path, model, parsed)


def _record(files: Fingerprints, path: Path, model: type[Any], parsed: Parsed) -> _Checked:
    """Type what the load stage parsed, and cache it.

    Read again to be parsed, a file may hold other bytes than when it was
    hashed; ``files`` is set to the bytes actually checked, so the cache never
    mistakes the two.
    """
    digest, loaded = parsed
    files[path] = digest if digest else loaded
    return _FILES.put(path, model, _typed(path, digest, loaded, model))


def _typed(path: Path, digest: bytes, loaded: Any, model: type[Any]) -> _Checked:
    """Plain data (loaded from bytes with this digest) → the model, or its sound parts,
    and the editor's problems with it.  A pure function of the bytes, hence cacheable."""
    if isinstance(loaded, Problem):
        return _Checked(digest, None, (loaded,))
    doc = Document(path, loaded, digest)
    try:
        value = validate(model, loaded)
    except ValidationError as exc:
        problems = tuple(explain(exc, doc, model))
        errors = [(tuple(e["loc"]), e["type"]) for e in exc.errors(include_url=False)]
        found = salvage(model, loaded, errors)
        doc.data = None
        if found is None:
            return _Checked(digest, None, problems)
        doc.kept = found.kept
        typed = Typed(found.value, doc, False, found.dropped_ids, frozenset(found.unsure))
        return _Checked(digest, typed, problems)
    doc.data = None  # the model holds it now; the document is kept to find positions
    return _Checked(digest, Typed(value, doc), ())


def load_checked(
    path: Path, model: type[M], files: Fingerprints
) -> tuple[Typed[M] | None, list[Problem]]:
    """One file as typed by :func:`_check_changed` (or now, if it changed meanwhile)."""
    found = files.get(path)
    if isinstance(found, Problem):
        return None, [found]
    entry = _FILES.get(path, model, found) if isinstance(found, bytes) else None
    if entry is None:  # the file changed while it was being read: check what is there now
        entry = _record(files, path, model, parse_file(path))
    return entry.typed, list(entry.problems)


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


def _validate_all(content: Path, files: Fingerprints) -> tuple[Corpus | None, list[Problem]]:
    if not (content / ACTORS_FILE).is_file():
        message = f"no actor registry: create {ACTORS_FILE} in the content folder"
        return None, [Problem(display_path(content), 1, 1, Severity.ERROR, "", message)]
    check = Checker()

    def typed(path: Path, model: type[M]) -> Typed[M] | None:
        result, problems = load_checked(path, model, files)
        check.problems.extend(problems)
        return result

    registry = typed(content / ACTORS_FILE, ActorRegistry)
    stories_file = content / STORIES_FILE
    stories = typed(stories_file, StoryRegistry) if stories_file.is_file() else None
    known = check_registries(registry, stories, stories_file.is_file(), check)

    paths = list(_brief_files(content, files, check))
    loaded = [b for p in paths if (b := typed(p, Brief))]
    check_briefs(loaded, paths, known, check)
    check_answers(loaded, known, check)
    for brief in loaded:
        RecordChecker(brief, check).run()
    check_stance_changes(loaded, check)
    check_settlements(loaded, known, check)
    check_quotes(loaded, list_texts(content), check)

    problems = sorted(set(check.problems))
    if registry is None or any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    briefs = sorted((b.value for b in loaded), key=lambda b: (-b.published.toordinal(), b.id))
    return Corpus(actors=known.actors, stories=known.stories, briefs=tuple(briefs)), problems


def _brief_files(content: Path, files: Fingerprints, check: Checker) -> Iterator[Path]:
    for path in files:
        kind = kind_of(content, path)
        if kind is Kind.BRIEF:
            yield path
        elif kind is None:
            where = display_path(path)
            message = (
                f"ignored: briefs belong in {BRIEFS_DIR}/, "
                f"registries are {ACTORS_FILE} and {STORIES_FILE}"
            )
            check.problems.append(Problem(where, 1, 1, Severity.WARNING, "", message))


__all__ = ["Corpus", "Known", "Typed", "validate_content"]

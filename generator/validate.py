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
import hashlib
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from . import parallel
from .cache import Cache
from .diagnostics import Problem, Severity, display_path
from .digest import end_naming, forget_sources, name_with_parts, start_naming
from .errors import explain
from .fidelity import check_quotes
from .images import Picture, check_images
from .load import (
    ACTORS_FILE,
    BRIEFS_DIR,
    STORIES_FILE,
    Document,
    Fingerprints,
    Kind,
    fingerprint_all,
    kind_of,
    list_texts,
    parse_file,
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

    def restore(self, cache: Cache, wanted: list[tuple[Path, type[Any], bytes]]) -> None:
        """Take the results an earlier process kept in ``cache`` for these files."""
        names = {
            _kept_name(path, model, digest): (path, model, digest) for path, model, digest in wanted
        }
        for name, raw in cache.read(VALIDATED, names).items():
            path, model, digest = names[name]
            try:
                entry = pickle.loads(raw)
            except Exception:
                continue
            if isinstance(entry, _Checked) and entry.digest == digest:
                self.put(path, model, entry)

    def keep(self, cache: Cache, made: list[tuple[Path, type[Any], _Checked]]) -> None:
        """Stage ``made`` for ``cache``, which then drops what it held for files not seen
        now (and what an earlier run put there but never committed)."""
        current = {_kept_name(path, model, e.digest) for (path, model), e in self.entries.items()}

        def files() -> Iterator[tuple[str, bytes]]:
            for path, model, entry in made:
                yield _kept_name(path, model, entry.digest), pickle.dumps(entry, protocol=5)

        cache.stage(VALIDATED, files, keep=current)


VALIDATED = "validated"
"""The cache's part for files typed by an earlier process."""


def _kept_name(path: Path, model: type[Any], digest: bytes) -> str:
    """One file's name in the cache: problems name files relative to the working
    directory (the run's, :meth:`_FileCache.start`)."""
    key = f"{_FILES.cwd}\0{path}\0{model.__name__}".encode() + digest
    return hashlib.blake2b(key, digest_size=16).hexdigest()


_FILES = _FileCache()


_LAST_GOOD: dict[Path, Typed[Brief]] = {}


def forget() -> None:
    """Drop every file's cached result: the next run loads and checks them all again."""
    _FILES.entries, _FILES.cwd = {}, None
    _LAST_GOOD.clear()
    forget_sources()


"""Each brief file's last version without errors, for the preview (:func:`validate_content`
with ``preview``): while one brief is broken, it keeps its last good page."""


def validate_content(
    content: Path, *, preview: bool = False, cache: Cache | None = None
) -> tuple[Corpus | None, list[Problem]]:
    """Check everything under ``content``; the corpus is ``None`` when any error was found.

    With ``preview`` (``mkdocs serve`` only, never a build), errors in briefs do not
    stop the others: the corpus holds every valid brief and, for a broken one, its
    last good version, as long as together they are consistent.  With a ``cache``,
    files an earlier process typed are not parsed again (see :mod:`generator.cache`).
    """
    files = fingerprint_all(content)
    _FILES.start(Path.cwd())
    start_naming()
    with _gc_paused():
        _check_changed(content, files, cache)
        corpus, problems, run = _validate_all(content, files)
    _FILES.retain(set(files))
    if corpus is None and preview and run is not None:
        corpus = _preview_corpus(run, problems)
    end_naming()
    return corpus, problems


def _check_changed(content: Path, files: Fingerprints, cache: Cache | None = None) -> None:
    """Type every file whose bytes are not those of a cached result (in this process,
    else in ``cache``), and keep what was typed in ``cache``."""

    def missing() -> list[tuple[Path, type[Any], bytes]]:
        return [
            (path, model, digest)
            for path, digest in files.items()
            if isinstance(digest, bytes)
            and (kind := kind_of(content, path))
            and not _FILES.get(path, model := _MODELS[kind], digest)
        ]

    todo = missing()
    if cache is not None and todo:
        _FILES.restore(cache, todo)
        todo = missing()
    made: list[tuple[Path, type[Any], _Checked]] = []
    typed = parallel.ordered_map(lambda n: _parse_and_type(*todo[n][:2]), len(todo))
    for (path, model, _), result in zip(todo, typed, strict=True):
        entry = _record(
            files, path, model, pickle.loads(result) if isinstance(result, bytes) else result
        )
        if cache is not None and isinstance(result, bytes):  # pickled already: kept as is
            cache.put_later(VALIDATED, _kept_name(path, model, entry.digest), result)
        else:
            made.append((path, model, entry))
    if cache is not None and todo:
        _FILES.keep(cache, made)


def _parse_and_type(path: Path, model: type[Any]) -> _Checked | bytes:
    """Load and type one file; in a forked worker, pickled: it crosses the pipe so, and
    the cache keeps these very bytes."""
    entry = _typed(path, *parse_file(path), model)
    return pickle.dumps(entry, protocol=5) if parallel.in_worker() else entry


def _record(files: Fingerprints, path: Path, model: type[Any], entry: _Checked) -> _Checked:
    """Cache one file as typed.

    Read again to be parsed, a file may hold other bytes than when it was
    hashed; ``files`` is set to the bytes actually checked (or the problem that
    stopped them loading), so the cache never mistakes the two.
    """
    files[path] = entry.digest or entry.problems[0]
    return _FILES.put(path, model, entry)


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
        entry = _record(files, path, model, _typed(path, *parse_file(path), model))
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


@dataclass
class _Run:
    """What one validation run typed: enough to build the preview's corpus again."""

    content: Path
    registry: Typed[ActorRegistry] | None
    stories: Typed[StoryRegistry] | None
    paths: list[Path]
    loaded: list[Typed[Brief]]


def _validate_all(
    content: Path, files: Fingerprints
) -> tuple[Corpus | None, list[Problem], _Run | None]:
    if not (content / ACTORS_FILE).is_file():
        message = f"no actor registry: create {ACTORS_FILE} in the content folder"
        return None, [Problem(display_path(content), 1, 1, Severity.ERROR, "", message)], None
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
    pictures = _check_briefs(content, loaded, paths, known, check)

    problems = sorted(set(check.problems))
    run = _Run(content, registry, stories, paths, loaded)
    broken = {p.file for p in problems if p.severity is Severity.ERROR}
    _remember_good(run, broken)
    if registry is None or broken:
        return None, problems, run
    return _corpus(known, loaded, pictures), problems, run


def _check_briefs(
    content: Path, loaded: list[Typed[Brief]], paths: list[Path], known: Known, check: Checker
) -> dict[str, Picture]:
    """Every check that involves briefs: references, the record over time, quotes, lead
    images (those that pass are returned, by brief id)."""
    check_briefs(loaded, paths, known, check)
    check_answers(loaded, known, check)
    for brief in loaded:
        RecordChecker(brief, check).run()
    check_stance_changes(loaded, check)
    check_settlements(loaded, known, check)
    check_quotes(loaded, list_texts(content), check)
    return check_images(content, loaded, check)


def _corpus(known: Known, briefs: list[Typed[Brief]], pictures: dict[str, Picture]) -> Corpus:
    for typed in briefs:  # each brief is named by its file: see generator.digest
        _name(typed)
    ordered = sorted((b.value for b in briefs), key=lambda b: (-b.published.toordinal(), b.id))
    return Corpus(
        actors=known.actors, stories=known.stories, briefs=tuple(ordered), images=pictures
    )


_NAMED_PARTS = ("matters", "positions", "open_questions", "answers", "claims", "settles", "sources")
"""The parts of a brief that pages are made from on their own (the catalog's entries)."""


def _name(typed: Typed[Brief]) -> None:
    """Name a brief, and its parts, by its file (see :mod:`generator.digest`)."""
    source = f"{typed.doc.path}\0{type(typed.value).__name__}".encode() + typed.doc.digest
    digest = hashlib.blake2b(source, digest_size=16).digest()
    name_with_parts(typed.value, digest, _NAMED_PARTS)


def _remember_good(run: _Run, broken: set[str]) -> None:
    """Keep each brief's version of this run if its file has no errors; forget deleted files."""
    present = set(run.paths)
    for gone in [path for path in _LAST_GOOD if path not in present]:
        del _LAST_GOOD[gone]
    if not broken:  # the usual case: every file is good (and no name need be worked out)
        _LAST_GOOD.update((typed.doc.path, typed) for typed in run.loaded)
        return
    for typed in run.loaded:
        if typed.whole and typed.doc.name not in broken:
            _LAST_GOOD[typed.doc.path] = typed


def _preview_corpus(run: _Run, problems: list[Problem]) -> Corpus | None:
    """Valid briefs as they are now, broken ones as they last were; ``None`` when the
    registries are broken or the mix does not hold together."""
    broken = {p.file for p in problems if p.severity is Severity.ERROR}
    registries = {display_path(run.content / name) for name in (ACTORS_FILE, STORIES_FILE)}
    if run.registry is None or broken & registries:
        return None
    now = {t.doc.path: t for t in run.loaded}
    mix: list[Typed[Brief]] = []
    for path in run.paths:
        found = now.get(path) if display_path(path) not in broken else _LAST_GOOD.get(path)
        if found is None:  # broken, and never good in this session: keep the whole last site
            return None
        mix.append(found)
    check = Checker()
    has_stories = (run.content / STORIES_FILE).is_file()
    known = check_registries(run.registry, run.stories, has_stories, check)
    pictures = _check_briefs(run.content, mix, [t.doc.path for t in mix], known, check)
    if any(p.severity is Severity.ERROR for p in check.problems):
        return None
    return _corpus(known, mix, pictures)


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

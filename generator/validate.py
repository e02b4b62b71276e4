"""Stage 2, validate: loaded documents → a typed, cross-checked :class:`Corpus`.

Each file is checked against its model (:mod:`generator.model`), then the
corpus as a whole: every id referred to must exist, ids must be unique, and a
question is answered at most once.  Every problem is collected, with the
``file:line:col`` of the offending value and a suggested fix, never raised.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from .diagnostics import FieldPath, Problem, Severity, did_you_mean, display_path
from .errors import explain
from .load import Document, iter_yaml, load_bytes, read_file
from .model import Actor, ActorRegistry, Brief, Story, StoryRegistry, Strict

ACTORS_FILE = "actors.yaml"
STORIES_FILE = "stories.yaml"
BRIEFS_DIR = "briefs"

M = TypeVar("M", bound=Strict)


@dataclass(frozen=True)
class Corpus:
    """All content, validated: the input of the render stage."""

    actors: dict[str, Actor]
    stories: dict[str, Story]
    briefs: tuple[Brief, ...]
    """Newest first; ties broken by id, so the order never depends on the file system."""


@dataclass
class Checker:
    """Collects problems while content is checked, and remembers where things came from."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, doc: Document, path: FieldPath, message: str, *, key: bool = False) -> None:
        self.problems.append(doc.problem(path, message, key=key))

    def warn(self, doc: Document, path: FieldPath, message: str) -> None:
        self.problems.append(doc.problem(path, message, severity=Severity.WARNING))

    def load(self, path: Path, model: type[M]) -> tuple[M, Document] | None:
        """Load and type-check one file; ``None`` (with problems recorded) if it fails.

        Served from :data:`_FILES` when the file's bytes are unchanged since the
        last run in this process (``mkdocs serve`` regenerates on every save).
        """
        raw = read_file(path)
        if isinstance(raw, Problem):
            self.problems.append(raw)
            return None
        digest = _digest(raw)
        entry = _FILES.get(path, model, digest)
        if entry is None:
            entry = _FILES.put(path, model, digest, _check_file(path, raw, model))
        self.problems.extend(entry.problems)
        return entry.result  # type: ignore[return-value]


# --- the cache: results that depend only on a file's bytes --------------------------------


@dataclass(frozen=True)
class _Checked:
    """One file loaded and checked against its model: the result or the problems."""

    digest: bytes
    name: str
    """The file's display name when checked: problems carry it, and it depends on the cwd."""
    result: tuple[Strict, Document] | None
    problems: tuple[Problem, ...]


class _FileCache:
    """Per-file results of load + model validation, valid while the file's bytes are the same.

    Loading and checking one file against its model is a pure function of its
    bytes (and of the display name its problems carry), so a hash of the bytes
    is an exact key: an edited file misses, an unchanged one is never parsed
    twice.  Cross-file checks always run again; they are cheap.  Only files
    seen in the latest run are kept (:meth:`retain`), so the cache never holds
    more than one corpus and deleted files drop out.
    """

    def __init__(self) -> None:
        self.entries: dict[tuple[Path, type[Strict]], _Checked] = {}

    def get(self, path: Path, model: type[Strict], digest: bytes) -> _Checked | None:
        entry = self.entries.get((path, model))
        if entry is None or entry.digest != digest or entry.name != display_path(path):
            return None
        return entry

    def put(
        self, path: Path, model: type[Strict], digest: bytes, found: tuple[Any, list[Problem]]
    ) -> _Checked:
        entry = _Checked(digest, display_path(path), found[0], tuple(found[1]))
        self.entries[(path, model)] = entry
        return entry

    def retain(self, paths: set[Path]) -> None:
        self.entries = {key: e for key, e in self.entries.items() if key[0] in paths}


_FILES = _FileCache()
_RunKey = tuple[str, tuple[tuple[Path, bytes | Problem], ...]]
_RUNS: dict[Path, tuple[_RunKey, tuple[Corpus | None, list[Problem]]]] = {}
"""The last result per content folder, returned again (the same objects) if no file changed."""


def _check_file(
    path: Path, raw: bytes, model: type[M]
) -> tuple[tuple[M, Document] | None, list[Problem]]:
    """Load and model-check one file's bytes: a pure function of them, hence cacheable."""
    doc = load_bytes(path, raw)
    if isinstance(doc, Problem):
        return None, [doc]
    try:
        checked = model.model_validate(doc.data)
    except ValidationError as exc:
        return None, explain(exc, doc, model)
    doc.data = None  # the model holds it now; the cache keeps the document for its marks only
    return (checked, doc), []


def validate_content(content: Path) -> tuple[Corpus | None, list[Problem]]:
    """Check everything under ``content``; the corpus is ``None`` when any error was found.

    When no file changed since the previous call for the same folder (same
    paths, same bytes, same working directory), the previous corpus itself is
    returned, so later stages can tell "nothing changed" by identity.
    """
    key = _run_key(content)
    last = _RUNS.get(content)
    if last is not None and last[0] == key:
        return last[1][0], list(last[1][1])
    corpus, problems = _validate(content)
    _FILES.retain({path for path, _ in key[1]})
    _RUNS.clear()  # one corpus at a time: memory stays bounded by the content being served
    _RUNS[content] = (key, (corpus, list(problems)))
    return corpus, problems


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _run_key(content: Path) -> _RunKey:
    """What a run's result depends on: the working directory and every YAML file's bytes."""
    files = iter_yaml(content) if content.is_dir() else iter(())
    entries: list[tuple[Path, bytes | Problem]] = []
    for path in files:
        raw = read_file(path)
        entries.append((path, _digest(raw) if isinstance(raw, bytes) else raw))
    return str(Path.cwd()), tuple(entries)


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


def _validate(content: Path) -> tuple[Corpus | None, list[Problem]]:
    with _gc_paused():
        return _validate_all(content)


def _validate_all(content: Path) -> tuple[Corpus | None, list[Problem]]:
    check = Checker()
    if not (content / ACTORS_FILE).is_file():
        message = f"no actor registry: create {ACTORS_FILE} in the content folder"
        return None, [Problem(display_path(content), 1, 1, Severity.ERROR, "", message)]

    registry = check.load(content / ACTORS_FILE, ActorRegistry)
    stories = (
        check.load(content / STORIES_FILE, StoryRegistry)
        if (content / STORIES_FILE).is_file()
        else None
    )
    actors = {a.id: a for a in registry[0].actors} if registry else {}
    story_index = {s.id: s for s in stories[0].stories} if stories else {}
    if registry:
        _check_registry(*registry, check)
    if stories:
        _check_unique(stories[1], "stories", [s.id for s in stories[0].stories], check)

    files = list(_brief_files(content, check))
    loaded = [b for p in files if (b := check.load(p, Brief))]
    briefs = {brief.id: (brief, doc) for brief, doc in loaded}
    # Briefs whose own file is broken are reported there, not again by every reference.
    broken = {p.stem for p in files} - briefs.keys()
    _check_unique_briefs(loaded, check)
    for brief, doc in loaded:
        BriefChecker(brief, doc, check, actors, story_index, briefs, broken).run()
    _check_answers(loaded, briefs, broken, check)

    problems = sorted(set(check.problems))
    if registry is None or any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    ordered = sorted((b for b, _ in loaded), key=lambda b: (-b.published.toordinal(), b.id))
    return Corpus(actors=actors, stories=story_index, briefs=tuple(ordered)), problems


def _brief_files(content: Path, check: Checker) -> Iterator[Path]:
    folder = content / BRIEFS_DIR
    known = {content / ACTORS_FILE, content / STORIES_FILE}
    for path in iter_yaml(content):
        if path.parent == folder:
            yield path
        elif path not in known:
            where = display_path(path)
            message = (
                f"ignored: briefs belong in {BRIEFS_DIR}/, "
                f"registries are {ACTORS_FILE} and {STORIES_FILE}"
            )
            check.problems.append(Problem(where, 1, 1, Severity.WARNING, "", message))


def _check_unique(doc: Document, list_field: str, ids: list[str], check: Checker) -> None:
    seen: dict[str, int] = {}
    for i, item_id in enumerate(ids):
        if item_id in seen:
            check.error(
                doc,
                (list_field, i, "id"),
                f"duplicate id '{item_id}' (also {list_field}[{seen[item_id]}])",
            )
        else:
            seen[item_id] = i


def _check_registry(registry: ActorRegistry, doc: Document, check: Checker) -> None:
    ids = [a.id for a in registry.actors]
    _check_unique(doc, "actors", ids, check)
    known = set(ids)
    for i, actor in enumerate(registry.actors):
        refs: list[tuple[FieldPath, str | None]] = [
            (("actors", i, "affiliation"), actor.affiliation)
        ]
        refs += [
            (("actors", i, "roles", j, "affiliation"), r.affiliation)
            for j, r in enumerate(actor.roles)
        ]
        for path, ref in refs:
            if ref is not None and ref not in known:
                check.error(doc, path, f"unknown actor '{ref}'{did_you_mean(ref, known)}")
            elif ref == actor.id:
                check.error(doc, path, "an actor cannot be affiliated with itself")


def _check_unique_briefs(loaded: list[tuple[Brief, Document]], check: Checker) -> None:
    first: dict[str, Document] = {}
    for brief, doc in loaded:
        if brief.id in first:
            check.error(
                doc, ("id",), f"duplicate brief id '{brief.id}' (also in {first[brief.id].name})"
            )
        else:
            first[brief.id] = doc
        if doc.path.stem != brief.id:
            check.error(
                doc,
                ("id",),
                f"file name '{doc.path.name}' does not match the id; "
                f"rename it to '{brief.id}.yaml'",
            )


@dataclass
class BriefChecker:
    """Checks one brief's references: to the registries, to other briefs and to itself."""

    brief: Brief
    doc: Document
    check: Checker
    actors: dict[str, Actor]
    stories: dict[str, Story]
    briefs: dict[str, tuple[Brief, Document]]
    broken: set[str]

    def run(self) -> None:
        b = self.brief
        for name, items in (
            ("sources", b.sources),
            ("matters", b.matters),
            ("claims", b.claims),
            ("open_questions", b.open_questions),
        ):
            _check_unique(self.doc, name, [item.id for item in items], self.check)
        self._check_dates()
        self._check_actors()
        self._check_sources()
        if b.story is not None:
            self._ref(("story",), b.story, self.stories, "story")
        for i, other in enumerate(b.related):
            if other == b.id:
                self.check.error(self.doc, ("related", i), "a brief cannot be related to itself")
            elif other not in self.broken:
                self._ref(("related", i), other, self.briefs, "brief")
        matters = {m.id for m in b.matters}
        for i, pos in enumerate(b.positions):
            self._ref(("positions", i, "matter"), pos.matter, matters, "matter")
            if not pos.quotes and pos.source is None:
                self.check.error(
                    self.doc,
                    ("positions", i),
                    "a position needs a source: add quotes (each with a source) or a `source`",
                )
        for i, q in enumerate(b.open_questions):
            if q.status != "open" and q.answer is None:
                self.check.error(
                    self.doc,
                    ("open_questions", i, "status"),
                    f"status is '{q.status}' but there is no `answer`; "
                    "add one, or answer it in a later brief",
                )

    def _ref(self, path: FieldPath, ref: str, known: Iterable[str], what: str) -> bool:
        if ref in known:
            return True
        self.check.error(self.doc, path, f"unknown {what} '{ref}'{did_you_mean(ref, known)}")
        return False

    def _check_dates(self) -> None:
        b = self.brief
        if b.updated is not None and b.updated < b.published:
            self.check.error(self.doc, ("updated",), "`updated` is before `published`")
        for i, update in enumerate(b.updates):
            if update.date < b.published:
                self.check.error(
                    self.doc, ("updates", i, "date"), "update is dated before `published`"
                )

    def _check_actors(self) -> None:
        b = self.brief
        listed = {a.actor for a in b.actors}
        _check_unique_refs(self.doc, "actors", [a.actor for a in b.actors], self.check)
        refs: list[tuple[FieldPath, str]] = [
            (("actors", i, "actor"), a.actor) for i, a in enumerate(b.actors)
        ]
        refs += [(("positions", i, "actor"), p.actor) for i, p in enumerate(b.positions)]
        refs += [(("claims", i, "by"), c.by) for i, c in enumerate(b.claims)]
        refs += [
            (("claims", i, "disputes", j, "actor"), d.actor)
            for i, c in enumerate(b.claims)
            for j, d in enumerate(c.disputes)
        ]
        for path, ref in refs:
            if (
                self._ref(path, ref, self.actors, "actor")
                and path[0] != "actors"
                and ref not in listed
            ):
                self.check.warn(self.doc, path, f"'{ref}' is not listed in this brief's `actors`")

    def _check_sources(self) -> None:
        b = self.brief
        known = {s.id for s in b.sources}
        refs: list[tuple[FieldPath, str | None]] = []
        for i, pos in enumerate(b.positions):
            refs.append((("positions", i, "source"), pos.source))
            refs += [
                (("positions", i, "quotes", j, "source"), q.source)
                for j, q in enumerate(pos.quotes)
            ]
        for i, claim in enumerate(b.claims):
            refs.append((("claims", i, "source"), claim.source))
            refs += [
                (("claims", i, "disputes", j, "source"), d.source)
                for j, d in enumerate(claim.disputes)
            ]
        refs += [(("timeline", i, "source"), e.source) for i, e in enumerate(b.timeline)]
        refs += [(("answers", i, "source"), a.source) for i, a in enumerate(b.answers)]
        cited = set()
        for path, ref in refs:
            if ref is not None:
                cited.add(ref)
                self._ref(path, ref, known, "source")
        for i, source in enumerate(b.sources):
            if source.id not in cited:
                self.check.warn(
                    self.doc, ("sources", i, "id"), f"source '{source.id}' is never cited"
                )


def _check_unique_refs(doc: Document, list_field: str, refs: list[str], check: Checker) -> None:
    seen: set[str] = set()
    for i, ref in enumerate(refs):
        if ref in seen:
            check.error(doc, (list_field, i, "actor"), f"'{ref}' is listed twice")
        seen.add(ref)


def _check_answers(
    loaded: list[tuple[Brief, Document]],
    briefs: dict[str, tuple[Brief, Document]],
    broken: set[str],
    check: Checker,
) -> None:
    """Answers must name an existing question of an earlier brief, once."""
    answered_by: dict[str, str] = {}
    for brief, _ in loaded:
        for question in brief.open_questions:
            if question.status != "open":
                answered_by[f"{brief.id}#{question.id}"] = brief.id
    for brief, doc in sorted(loaded, key=lambda item: (item[0].published, item[0].id)):
        for i, answer in enumerate(brief.answers):
            path: FieldPath = ("answers", i, "question")
            target_id, question_id = answer.question.split("#", 1)
            if target_id in broken:
                continue
            if target_id not in briefs:
                check.error(
                    doc, path, f"unknown brief '{target_id}'{did_you_mean(target_id, briefs)}"
                )
                continue
            target = briefs[target_id][0]
            questions = [q.id for q in target.open_questions]
            if question_id not in questions:
                check.error(
                    doc,
                    path,
                    f"brief '{target_id}' has no open question '{question_id}'"
                    + did_you_mean(question_id, questions),
                )
                continue
            if target_id == brief.id:
                check.error(
                    doc,
                    path,
                    "to answer a question in the same brief, set its `status` and `answer`",
                )
                continue
            if target.published > brief.published:
                check.error(doc, path, f"brief '{target_id}' was published after this brief")
            previous = answered_by.get(answer.question)
            if previous is not None:
                check.error(
                    doc, path, f"question '{answer.question}' is already answered by '{previous}'"
                )
            else:
                answered_by[answer.question] = brief.id

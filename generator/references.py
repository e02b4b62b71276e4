"""Cross-references: every id a file refers to exists, ids are unique, answers are sound.

Each file has already passed its own model (:mod:`generator.model`); these
checks need several files at once.  Problems are collected in a
:class:`Checker`, each positioned at the value that refers, with the closest
existing id suggested.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .diagnostics import FieldPath, Problem, Severity, did_you_mean
from .load import Document
from .model import Actor, ActorRegistry, Brief, Story


@dataclass
class Checker:
    """Collects problems while content is checked, and remembers where things came from."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, doc: Document, path: FieldPath, message: str, *, key: bool = False) -> None:
        self.problems.append(doc.problem(path, message, key=key))

    def warn(self, doc: Document, path: FieldPath, message: str) -> None:
        self.problems.append(doc.problem(path, message, severity=Severity.WARNING))


def check_unique(doc: Document, list_field: str, ids: list[str], check: Checker) -> None:
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


def check_registry(registry: ActorRegistry, doc: Document, check: Checker) -> None:
    ids = [a.id for a in registry.actors]
    check_unique(doc, "actors", ids, check)
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


def check_unique_briefs(loaded: list[tuple[Brief, Document]], check: Checker) -> None:
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
            check_unique(self.doc, name, [item.id for item in items], self.check)
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
        check_unique_refs(self.doc, "actors", [a.actor for a in b.actors], self.check)
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


def check_unique_refs(doc: Document, list_field: str, refs: list[str], check: Checker) -> None:
    seen: set[str] = set()
    for i, ref in enumerate(refs):
        if ref in seen:
            check.error(doc, (list_field, i, "actor"), f"'{ref}' is listed twice")
        seen.add(ref)


def check_answers(
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

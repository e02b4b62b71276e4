"""Cross-references: every id a file refers to exists, ids are unique, answers are sound.

Each file has already passed its own model (:mod:`generator.model`); these
checks need several files at once.  Problems are collected in a
:class:`Checker`, each positioned at the value that refers, with the closest
existing id suggested.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import FieldPath, Problem, Severity, did_you_mean, suggest
from .load import Document
from .model import (
    OFFICIAL_TRANSLATION,
    OUR_TRANSLATION,
    Actor,
    ActorRegistry,
    Brief,
    Story,
    StoryRegistry,
)
from .salvage import Typed


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


@dataclass
class Known:
    """What references can resolve to.  A ``None`` set of ids: that file could not be
    read at all, so references to it are not reported again, one per use."""

    actors: dict[str, Actor] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)
    actor_ids: set[str] | None = None
    story_ids: set[str] | None = None
    briefs: dict[str, Typed[Brief]] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    """Ids (file names) of briefs that could not be read: references to them are not
    reported, the brief's own problem is."""


def check_registries(
    registry: Typed[ActorRegistry] | None,
    stories: Typed[StoryRegistry] | None,
    has_stories: bool,
    check: Checker,
) -> Known:
    known = Known()
    if registry is not None:
        known.actors = {a.id: a for a in registry.value.actors}
        known.actor_ids = registry.known("actors", known.actors)
        _check_registry(registry, known.actor_ids, check)
    if stories is not None:
        known.stories = {s.id: s for s in stories.value.stories}
        known.story_ids = stories.known("stories", known.stories)
        check_unique(stories.doc, "stories", [s.id for s in stories.value.stories], check)
    elif not has_stories:
        known.story_ids = set()
    return known


def _check_registry(registry: Typed[ActorRegistry], known: set[str], check: Checker) -> None:
    actors, doc = registry.value.actors, registry.doc
    check_unique(doc, "actors", [a.id for a in actors], check)
    for i, actor in enumerate(actors):
        refs: list[tuple[FieldPath, str | None]] = [
            (("actors", i, "affiliation"), actor.affiliation)
        ]
        refs += [
            (("actors", i, "roles", j, "affiliation"), r.affiliation)
            for j, r in enumerate(actor.roles)
        ]
        for path, ref in refs:
            if ref is not None and ref not in known:
                check.error(doc, path, f"unknown actor '{ref}'{suggest(ref, known)}")
            elif ref == actor.id:
                check.error(doc, path, "an actor cannot be affiliated with itself")


def check_briefs(
    loaded: list[Typed[Brief]], paths: list[Path], known: Known, check: Checker
) -> None:
    """Every brief's references, once ``known`` holds the registries."""
    for typed in loaded:
        if "id" not in typed.unsure:
            known.briefs.setdefault(typed.value.id, typed)
    # Briefs whose own file is broken are reported there, not again by every reference.
    known.broken = {p.stem for p in paths} - known.briefs.keys()
    _check_unique_briefs(loaded, check)
    for typed in loaded:
        BriefChecker(typed, check, known).run()


def _check_unique_briefs(loaded: list[Typed[Brief]], check: Checker) -> None:
    first: dict[str, Document] = {}
    _check_former_ids(loaded, check)
    for typed in loaded:
        brief, doc = typed.value, typed.doc
        if "id" in typed.unsure:
            continue
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


def _check_former_ids(loaded: list[Typed[Brief]], check: Checker) -> None:
    """A former id keeps an old address working, so it must lead to one brief only, and
    never shadow a brief that has that id now."""
    current = {typed.value.id for typed in loaded if "id" not in typed.unsure}
    claimed: dict[str, str] = {}
    for typed in loaded:
        brief = typed.value
        for i, old in enumerate(brief.former_ids):
            if old in current:
                what = "this brief's id" if old == brief.id else f"the id of brief '{old}'"
                check.error(
                    typed.doc, ("former_ids", i), f"'{old}' is {what} now; remove it from here"
                )
            elif old in claimed:
                check.error(
                    typed.doc,
                    ("former_ids", i),
                    f"'{old}' is already a former id of brief '{claimed[old]}'; "
                    "an old address can lead to one brief only",
                )
            else:
                claimed[old] = brief.id


_DEFINED_IN = {
    "actor": "; actors are defined in actors.yaml in the content folder",
    "story": "; stories are defined in stories.yaml in the content folder",
    "source": "; add it to this brief's `sources`",
    "matter": "; add it to this brief's `matters`",
}


@dataclass
class BriefChecker:
    """Checks one brief's references: to the registries, to other briefs and to itself."""

    typed: Typed[Brief]
    check: Checker
    known: Known

    @property
    def brief(self) -> Brief:
        return self.typed.value

    @property
    def doc(self) -> Document:
        return self.typed.doc

    def run(self) -> None:
        b = self.brief
        for name, items in (
            ("sources", b.sources),
            ("matters", b.matters),
            ("claims", b.claims),
            ("open_questions", b.open_questions),
        ):
            check_unique(self.doc, name, [item.id for item in items], self.check)
        if "published" not in self.typed.unsure:
            self._check_dates()
        self._check_actors()
        self._check_sources()
        if b.story is not None and self.known.story_ids is not None:
            self._ref(("story",), b.story, self.known.story_ids, "story")
        for i, other in enumerate(b.related):
            if other == b.id:
                self.check.error(self.doc, ("related", i), "a brief cannot be related to itself")
            elif other not in self.known.broken:
                self._ref(("related", i), other, self.known.briefs, "brief")
        matters = self.typed.known("matters", (m.id for m in b.matters))
        for i, pos in enumerate(b.positions):
            self._ref(("positions", i, "matter"), pos.matter, matters, "matter")
            lost = self.typed.lost_items(("positions", i, "quotes"))
            if not pos.quotes and pos.source is None and not lost:
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
        where = _DEFINED_IN.get(what, "")
        self.check.error(self.doc, path, f"unknown {what} '{ref}'{where}{suggest(ref, known)}")
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
        listed = self.typed.known("actors", (a.actor for a in b.actors))
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
        if self.known.actor_ids is None:
            return
        for path, ref in refs:
            if (
                self._ref(path, ref, self.known.actor_ids, "actor")
                and path[0] != "actors"
                and ref not in listed
            ):
                self.check.warn(self.doc, path, f"'{ref}' is not listed in this brief's `actors`")

    def _check_sources(self) -> None:
        b = self.brief
        known = self.typed.known("sources", (s.id for s in b.sources))
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
        refs += [
            (("positions", i, "quotes", j, "translated_by"), q.translated_by)
            for i, pos in enumerate(b.positions)
            for j, q in enumerate(pos.quotes)
            if q.translated_by not in (OUR_TRANSLATION, OFFICIAL_TRANSLATION)
        ]
        refs += [
            (("claims", i, "verdict", "sources", j), ref)
            for i, claim in enumerate(b.claims)
            if claim.verdict
            for j, ref in enumerate(claim.verdict.sources)
        ]
        refs += [
            (("settles", i, "verdict", "sources", j), ref)
            for i, settled in enumerate(b.settles)
            for j, ref in enumerate(settled.verdict.sources)
        ]
        refs += [
            (("updates", i, "sources", j), ref)
            for i, update in enumerate(b.updates)
            for j, ref in enumerate(update.sources)
        ]
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


@dataclass(frozen=True)
class EarlierRef:
    """A kind of reference from a brief to an item of an earlier brief, as
    ``brief-id#item-id``: an answer to a question, a verdict settling a claim."""

    field: str
    """The referring list, e.g. ``answers``; each entry's ``key`` holds the reference."""
    key: str
    items: str
    """The list of the earlier brief the item is in, e.g. ``open_questions``."""
    noun: str
    same_brief: str
    """What to do instead when the item is in the referring brief itself."""
    done: str
    """The past tense for a second reference to one item, e.g. ``answered``."""


ANSWERS = EarlierRef(
    "answers",
    "question",
    "open_questions",
    "open question",
    "to answer a question in the same brief, set its `status` and `answer`",
    "answered",
)
SETTLES = EarlierRef(
    "settles",
    "claim",
    "claims",
    "claim",
    "to judge a claim of this brief, give it a `verdict`",
    "settled",
)


def check_answers(loaded: list[Typed[Brief]], known: Known, check: Checker) -> None:
    """Answers must name an existing question of an earlier brief, once (a question
    the brief answers itself counts as answered)."""
    answered_by = {
        f"{t.value.id}#{q.id}": t.value.id
        for t in loaded
        for q in t.value.open_questions
        if q.status != "open"
    }
    check_earlier_refs(ANSWERS, loaded, known, check, answered_by)


def check_earlier_refs(
    kind: EarlierRef,
    loaded: list[Typed[Brief]],
    known: Known,
    check: Checker,
    done_by: dict[str, str] | None = None,
) -> None:
    """Every ``kind`` reference names an item of an earlier brief, and each item once."""
    done_by = dict(done_by or {})
    for typed in sorted(loaded, key=lambda item: (item.value.published, item.value.id)):
        brief, doc = typed.value, typed.doc
        for i, entry in enumerate(getattr(brief, kind.field)):
            path: FieldPath = (kind.field, i, kind.key)
            ref = getattr(entry, kind.key)
            target_id, item_id = ref.split("#", 1)
            if target_id in known.broken:
                continue
            target = known.briefs.get(target_id)
            if target is None:
                hint = did_you_mean(target_id, known.briefs)
                check.error(doc, path, f"unknown brief '{target_id}'{hint}")
                continue
            present = {item.id for item in getattr(target.value, kind.items)}
            ids = target.known(kind.items, present)
            dated = "published" not in typed.unsure | target.unsure
            if item_id not in ids:
                hint = did_you_mean(item_id, ids)
                check.error(doc, path, f"brief '{target_id}' has no {kind.noun} '{item_id}'{hint}")
            elif target_id == brief.id:
                check.error(doc, path, kind.same_brief)
            elif item_id not in present:
                continue  # the item is there, but broken: reported in its own file
            elif dated and target.value.published > brief.published:
                check.error(doc, path, f"brief '{target_id}' was published after this brief")
            elif ref in done_by:
                check.error(
                    doc, path, f"{kind.key} '{ref}' is already {kind.done} by '{done_by[ref]}'"
                )
            else:
                done_by[ref] = brief.id

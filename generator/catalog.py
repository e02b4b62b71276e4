"""Cross-brief views of a validated corpus: what readers follow across briefs.

A brief records one moment of a story.  Readers also ask where an actor stands
over time, which questions are still open, and how a story developed.  The
:class:`Catalog` answers those from the corpus once, so that templates only
have to lay the answers out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .fields import PartialDate
from .model import (
    OFFICIAL_TRANSLATION,
    OUR_TRANSLATION,
    Actor,
    Answer,
    Brief,
    Claim,
    Corpus,
    Matter,
    OpenQuestion,
    Position,
    Quote,
    Settlement,
    Source,
    title_in,
)


@dataclass(frozen=True)
class QuestionEntry:
    """An open question and, once a brief answers it, the answer."""

    brief: Brief
    question: OpenQuestion
    status: str
    answer: str | None = None
    answered_in: Brief | None = None
    """The later brief that answered it (``None`` when the brief answers itself)."""
    answer_source: Source | None = None

    @property
    def ref(self) -> str:
        return f"{self.brief.id}#{self.question.id}"

    @property
    def answered_on(self) -> date | None:
        if self.status == "open":
            return None
        return (self.answered_in or self.brief).published


@dataclass(frozen=True)
class StancePoint:
    """One position an actor took, in one brief."""

    brief: Brief
    matter: Matter
    position: Position

    def change_from(self, older: StancePoint | None) -> str:
        """How this position relates to the actor's previous one on the matter: the
        editor's word only (``changed: true``), never a guess from the wording."""
        if older is None:
            return "first"
        return "changed" if self.position.changed else "restated"


@dataclass(frozen=True)
class QuoteGroup:
    """One utterance: the quote, and other translations or reports of the same words."""

    quote: Quote
    variants: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    date: PartialDate
    event: str
    brief: Brief
    source: Source | None


@dataclass(frozen=True)
class MatrixRow:
    """One actor's latest stance on each matter of a positions matrix."""

    actor: Actor
    cells: tuple[StancePoint | None, ...]


@dataclass(frozen=True)
class Matrix:
    matters: tuple[Matter, ...]
    rows: tuple[MatrixRow, ...]


@dataclass
class Catalog:
    corpus: Corpus
    by_id: dict[str, Brief] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {b.id: b for b in self.corpus.briefs}

    # --- questions ---------------------------------------------------------------------

    @cached_property
    def questions(self) -> dict[str, QuestionEntry]:
        """Every open question of every brief, by ``brief-id#question-id``, with its fate."""
        entries: dict[str, QuestionEntry] = {}
        for brief in self.corpus.briefs:
            for q in brief.open_questions:
                entries[f"{brief.id}#{q.id}"] = QuestionEntry(brief, q, q.status, q.answer)
        for brief in self.corpus.briefs:
            for answer in brief.answers:
                old = entries[answer.question]
                entries[answer.question] = QuestionEntry(
                    old.brief,
                    old.question,
                    answer.status,
                    answer.answer,
                    brief,
                    source_of(brief, answer.source),
                )
        return entries

    @cached_property
    def ledger(self) -> list[QuestionEntry]:
        """Open questions first, oldest first; then the closed ones, most recently closed first."""
        entries = list(self.questions.values())
        still_open = sorted(
            (e for e in entries if e.status == "open"), key=lambda e: (e.brief.published, e.ref)
        )
        closed = sorted(
            (e for e in entries if e.status != "open"),
            key=lambda e: (-(e.answered_on or e.brief.published).toordinal(), e.ref),
        )
        return still_open + closed

    def answers_in(self, brief: Brief) -> list[tuple[Answer, QuestionEntry]]:
        return [(a, self.questions[a.question]) for a in brief.answers]

    # --- actors ------------------------------------------------------------------------

    @cached_property
    def stances(self) -> dict[str, list[StancePoint]]:
        """Each actor's positions across all briefs, newest first."""
        found: dict[str, list[StancePoint]] = defaultdict(list)
        for brief in self.corpus.briefs:  # already newest first
            matters = {m.id: m for m in brief.matters}
            for pos in brief.positions:
                found[pos.actor].append(StancePoint(brief, matters[pos.matter], pos))
        return dict(found)

    @cached_property
    def settlements(self) -> dict[str, tuple[Brief, Settlement]]:
        """Claims settled by a later brief, by ``brief-id#claim-id``."""
        return {s.claim: (brief, s) for brief in self.corpus.briefs for s in brief.settles}

    def settled_claims(self, brief: Brief) -> list[tuple[Settlement, Brief, Claim]]:
        """What ``brief`` settles: each settlement, the earlier brief and its claim."""
        found = []
        for settlement in brief.settles:
            target_id, claim_id = settlement.claim.split("#", 1)
            target = self.by_id[target_id]
            found.append((settlement, target, next(c for c in target.claims if c.id == claim_id)))
        return found

    def title_in(self, brief: Brief, actor_id: str) -> str | None:
        """An actor's title as ``brief`` shows it (see :func:`generator.model.title_in`)."""
        return title_in(brief, self.corpus.actors[actor_id])

    def brief_inputs(self, brief: Brief) -> tuple[object, ...]:
        """Everything a brief's page shows besides the brief itself: when none of it
        changed (compared by value; unchanged objects are the very same ones, so the
        comparison is instant), the page is the same."""
        return (
            brief,
            self.neighbours(brief),
            tuple(self.questions[f"{brief.id}#{q.id}"] for q in brief.open_questions),
            tuple(self.answers_in(brief)),
            tuple(self.by_id[other] for other in brief.related),
            tuple(self.settlements.get(f"{brief.id}#{c.id}") for c in brief.claims),
            tuple(self.settled_claims(brief)),
            self.corpus.actors,
            self.corpus.stories,
        )

    @cached_property
    def briefs_by_actor(self) -> dict[str, list[Brief]]:
        found: dict[str, list[Brief]] = defaultdict(list)
        for brief in self.corpus.briefs:
            for ref in brief.actors:
                found[ref.actor].append(brief)
        return dict(found)

    def open_count(self, briefs: Iterable[Brief]) -> int:
        """How many questions of ``briefs`` are still open (no later brief answered them)."""
        questions = self.questions
        return sum(
            questions[f"{b.id}#{q.id}"].status == "open" for b in briefs for q in b.open_questions
        )

    def members(self, actor_id: str) -> list[Actor]:
        return [a for a in self.corpus.actors.values() if a.affiliation == actor_id]

    # --- stories, topics, archive -------------------------------------------------------

    @cached_property
    def briefs_by_story(self) -> dict[str, list[Brief]]:
        """Each story's briefs, oldest first: the order in which the story unfolded."""
        found: dict[str, list[Brief]] = defaultdict(list)
        for brief in reversed(self.corpus.briefs):
            if brief.story:
                found[brief.story].append(brief)
        return dict(found)

    def neighbours(self, brief: Brief) -> tuple[Brief | None, Brief | None]:
        """The previous and next brief of the same story."""
        if brief.story is None:
            return None, None
        thread = self.briefs_by_story[brief.story]
        i = self._place_in_story[brief.id]
        return (thread[i - 1] if i > 0 else None, thread[i + 1] if i + 1 < len(thread) else None)

    @cached_property
    def _place_in_story(self) -> dict[str, int]:
        return {b.id: i for thread in self.briefs_by_story.values() for i, b in enumerate(thread)}

    def timeline(self, briefs: Iterable[Brief]) -> list[TimelineEntry]:
        """All events of ``briefs``, in date order, each event once."""
        seen: set[tuple[PartialDate, str]] = set()
        entries: list[TimelineEntry] = []
        for brief in briefs:
            for event in brief.timeline:
                key = (event.date, " ".join(event.event.casefold().split()))
                if key not in seen:
                    seen.add(key)
                    entries.append(
                        TimelineEntry(
                            event.date, event.event, brief, source_of(brief, event.source)
                        )
                    )
        return sorted(entries, key=lambda e: e.date.key())

    def matrix(self, briefs: list[Brief]) -> Matrix:
        """Actors × matters over ``briefs`` (oldest first): each actor's latest stance."""
        matters: dict[str, Matter] = {}
        latest: dict[tuple[str, str], StancePoint] = {}
        actor_order: dict[str, None] = {}
        for brief in briefs:
            by_id = {m.id: m for m in brief.matters}
            for pos in brief.positions:
                matters.setdefault(pos.matter, by_id[pos.matter])
                latest[(pos.actor, pos.matter)] = StancePoint(brief, by_id[pos.matter], pos)
                actor_order.setdefault(pos.actor, None)
        columns = tuple(matters.values())
        rows = tuple(
            MatrixRow(self.corpus.actors[a], tuple(latest.get((a, m.id)) for m in columns))
            for a in actor_order
        )
        return Matrix(columns, rows)

    @cached_property
    def briefs_by_tag(self) -> dict[str, list[Brief]]:
        found: dict[str, list[Brief]] = defaultdict(list)
        for brief in self.corpus.briefs:
            for tag in brief.tags:
                found[tag].append(brief)
        return dict(sorted(found.items()))

    @cached_property
    def briefs_by_month(self) -> dict[str, list[Brief]]:
        """``YYYY-MM`` → briefs published that month, newest month first."""
        found: dict[str, list[Brief]] = defaultdict(list)
        for brief in self.corpus.briefs:
            found[brief.published.strftime("%Y-%m")].append(brief)
        return dict(sorted(found.items(), reverse=True))


def by_matter(points: list[StancePoint]) -> list[tuple[Matter, list[StancePoint]]]:
    """Stance points grouped by matter, keeping their order (newest matter first)."""
    groups: dict[str, list[StancePoint]] = {}
    for point in points:
        groups.setdefault(point.matter.id, []).append(point)
    return [(group[0].matter, group) for group in groups.values()]


def source_of(brief: Brief, source_id: str | None) -> Source | None:
    """The brief's source with this id (validation has made sure there is one)."""
    return next((s for s in brief.sources if s.id == source_id), None)


def quote_groups(quotes: Iterable[Quote]) -> list[QuoteGroup]:
    """Quotes with a shared `utterance` as one group (the first is shown, the rest are
    its variants); every other quote on its own.  Order: first appearance."""
    groups: dict[str | int, list[Quote]] = {}
    for i, quote in enumerate(quotes):
        groups.setdefault(quote.utterance or i, []).append(quote)
    return [QuoteGroup(group[0], tuple(group[1:])) for group in groups.values()]


def provenance(quote: Quote, brief: Brief) -> str:
    """One short line on where the words come from: "translated from Ukrainian by
    Reuters; from a statement on his website".  Empty for words quoted as said."""
    parts = []
    if quote.language:
        language = language_name(quote.language)
        translator = source_of(brief, quote.translated_by)
        if quote.translated_by == OUR_TRANSLATION:
            parts.append(f"our translation from {language}")
        elif quote.translated_by == OFFICIAL_TRANSLATION:
            parts.append(f"official translation from {language}")
        elif translator is not None:
            parts.append(f"translated from {language} by {translator.publisher}")
        else:
            parts.append(f"translated from {language}")
    if quote.channel:
        parts.append(f"via {quote.channel}")
    if quote.said and quote.said != brief.published:
        parts.append(f"said {quote.said.day} {quote.said:%b %Y}")
    return "; ".join(parts)


def language_name(tag: str) -> str:
    """``uk`` → ``Ukrainian``, in English, from the Unicode CLDR data that Babel ships."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(tag, sep="-").get_display_name("en")
    except (ValueError, UnknownLocaleError):
        return tag
    return name or tag

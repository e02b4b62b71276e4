"""The record over time: rules that keep the site from stating false things as a story moves.

A brief is read years after it was written, beside later briefs of the same
story.  These checks keep what the site derives from them true: one position
per actor and matter (so none is dropped from a table), a stance "changed"
only where the editor says so and an earlier position exists, every timeline
event sourced or marked as background, quotes' provenance complete, claims
settled once by a later brief, and dates that agree.  Problems go to the same
:class:`~generator.references.Checker` as the cross-reference checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import FieldPath
from .model import Brief
from .references import SETTLES, Checker, Known, check_earlier_refs
from .salvage import Typed

_ID_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")


@dataclass
class RecordChecker:
    """The rules of one brief on its own."""

    typed: Typed[Brief]
    check: Checker

    def run(self) -> None:
        self._one_position_per_matter()
        self._timeline_sourced()
        self._quotes_provenance()
        self._corrections_say_what_changed()
        if "published" not in self.typed.unsure and "id" not in self.typed.unsure:
            self._dates_agree()

    def _line(self, path: FieldPath) -> int:
        return self.typed.doc.mark(self.typed.doc.in_file(path))[0]

    def _error(self, path: FieldPath, message: str) -> None:
        self.check.error(self.typed.doc, path, message)

    def _warn(self, path: FieldPath, message: str) -> None:
        self.check.warn(self.typed.doc, path, message)

    def _one_position_per_matter(self) -> None:
        """Two positions of one actor on one matter would share one cell of the
        positions table, and one of them would be lost: say which to merge."""
        first: dict[tuple[str, str], int] = {}
        for i, pos in enumerate(self.typed.value.positions):
            key = (pos.actor, pos.matter)
            if key in first:
                j = first[key]
                self._error(
                    ("positions", i),
                    f"'{pos.actor}' already has a position on matter '{pos.matter}' "
                    f"(positions[{j}], line {self._line(('positions', j))}); merge the two "
                    "into one position with all their quotes, or add a matter",
                )
            else:
                first[key] = i

    def _timeline_sourced(self) -> None:
        for i, event in enumerate(self.typed.value.timeline):
            if event.source is None and not event.background:
                self._error(
                    ("timeline", i),
                    "an event needs a `source`; for well-known context that no listed source "
                    "reports, add `background: true` (`newsbrief migrate` marks every "
                    "unsourced event so)",
                )
            elif event.source is not None and event.background:
                self._error(
                    ("timeline", i, "background"),
                    "an event with a `source` is not background; remove `background: true`",
                )

    def _quotes_provenance(self) -> None:
        speakers: dict[str, tuple[str, FieldPath]] = {}
        for i, pos in enumerate(self.typed.value.positions):
            for j, quote in enumerate(pos.quotes):
                path: FieldPath = ("positions", i, "quotes", j)
                translated = quote.original is not None or quote.translated_by is not None
                if translated and quote.language is None:
                    self._error(
                        (*path, "language"),
                        "a translated quote needs the `language` it was said in "
                        "(a BCP 47 tag such as 'uk' or 'ru')",
                    )
                if quote.utterance is None:
                    continue
                other = speakers.setdefault(quote.utterance, (pos.actor, path))
                if other[0] != pos.actor:
                    self._error(
                        (*path, "utterance"),
                        f"utterance '{quote.utterance}' is also used for '{other[0]}' "
                        f"(line {self._line(other[1])}); one utterance has one speaker",
                    )

    def _corrections_say_what_changed(self) -> None:
        for i, update in enumerate(self.typed.value.updates):
            if update.correction and (update.was is None or update.now is None):
                self._warn(
                    ("updates", i),
                    "a correction should say what was wrong (`was`) and what the brief "
                    "says now (`now`); readers see both at the top of the brief",
                )
            elif not update.correction and (update.was or update.now):
                self._error(
                    ("updates", i, "correction"),
                    "`was` and `now` describe a correction; add `correction: true`",
                )

    def _dates_agree(self) -> None:
        brief = self.typed.value
        found = _ID_DATE.match(brief.id)
        if found and found.group(1) != brief.published.isoformat():
            self._warn(
                ("id",),
                f"the id is dated {found.group(1)} but `published` is "
                f"{brief.published.isoformat()}; one of them is probably a slip",
            )
        tied = {ref for update in brief.updates for ref in update.sources}
        for i, source in enumerate(brief.sources):
            if source.published and source.published > brief.published and source.id not in tied:
                self._warn(
                    ("sources", i, "published"),
                    f"source '{source.id}' is dated after the brief was published; "
                    "list it in the `sources` of the update that added it",
                )


def check_stance_changes(loaded: list[Typed[Brief]], check: Checker) -> None:
    """``changed: true`` needs an earlier position of the same actor on the same matter."""
    by_date = sorted(loaded, key=lambda t: (t.value.published, t.value.id))
    seen: set[tuple[str, str]] = set()
    for typed in by_date:
        brief = typed.value
        for i, pos in enumerate(brief.positions):
            if pos.changed and (pos.actor, pos.matter) not in seen:
                check.error(
                    typed.doc,
                    ("positions", i, "changed"),
                    f"no earlier brief has a position of '{pos.actor}' on matter "
                    f"'{pos.matter}' to change from; reuse the earlier brief's matter id "
                    "to link the two, or remove `changed`",
                )
        seen.update((pos.actor, pos.matter) for pos in brief.positions)


def check_settlements(loaded: list[Typed[Brief]], known: Known, check: Checker) -> None:
    """``settles`` must name a claim of an earlier brief, and settle it once."""
    check_earlier_refs(SETTLES, loaded, known, check)

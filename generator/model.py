"""The content model: what a brief, an actor and a story are.

One source of truth: these classes validate content, and the JSON Schema that
editors' tools autocomplete from is generated from them (``newsbrief schema``).
Field docstrings become schema descriptions, so they are written for editors.

Value types (ids, text, URLs, partial dates) live in :mod:`generator.fields`;
checks that need more than one file (references between ids) in
:mod:`generator.references`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .fields import Partial, QuestionRef, RichText, Slug, Text, Url, WikidataId


class Strict(BaseModel):
    """Base for content models: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        arbitrary_types_allowed=True,
        # Dates are typed by editors as YAML text; parse them as ISO dates.
        strict=False,
    )


# --- the actor registry --------------------------------------------------------------------


class Role(Strict):
    title: Text
    """The office or job, e.g. 'Foreign Minister of Russia'."""
    affiliation: Slug | None = None
    """Actor id of the organisation or government the role belongs to."""
    start: Partial | None = None
    """When the role began (day, month or year)."""
    end: Partial | None = None
    """When the role ended; leave out while it is current."""


class Actor(Strict):
    id: Slug
    """Unique id, used by briefs to refer to this actor and as the page address."""
    name: Text
    """The name readers know, e.g. 'Sergei Lavrov'."""
    kind: Literal["person", "government", "organisation"]
    """What sort of actor this is."""
    role: Text | None = None
    """The current role or title, e.g. 'Foreign Minister of Russia'."""
    affiliation: Slug | None = None
    """Actor id of the government or organisation this actor belongs to."""
    wikidata: WikidataId | None = None
    """Wikidata item id (e.g. 'Q7747'), used to link the actor unambiguously."""
    roles: list[Role] = Field(default_factory=list)
    """Earlier and current roles, with dates, for the actor's page."""


class ActorRegistry(Strict):
    actors: list[Actor]
    """Every person, government and organisation that briefs refer to."""


class Story(Strict):
    id: Slug
    """Unique id of the developing story; briefs name it in their `story` field."""
    title: Text
    """The story's title, e.g. 'Russia, the West and talks on the war in Ukraine'."""
    summary: RichText
    """Two or three sentences on what the story is about."""


class StoryRegistry(Strict):
    stories: list[Story]
    """Developing stories that several briefs belong to."""


# --- a brief -------------------------------------------------------------------------------


class Source(Strict):
    id: Slug
    """Short id that quotes, positions, claims and events use to cite this source."""
    publisher: Text
    """Who published it, e.g. 'Reuters'."""
    title: Text | None = None
    """The headline of the cited piece."""
    url: Url
    """Where a reader can read it."""
    published: date | None = None
    """When it was published (YYYY-MM-DD)."""


class BriefActor(Strict):
    actor: Slug
    """Actor id from content/actors.yaml."""
    role: Text
    """The part this actor plays in this story, in our words."""


class Matter(Strict):
    id: Slug
    """Short id that positions use to refer to this matter."""
    question: Text
    """The question at stake, e.g. 'Is Russia's offer to talk genuine?'."""


class Quote(Strict):
    text: Text
    """The words exactly as spoken or written, character for character, without quote marks."""
    source: Slug
    """Id of the source (in this brief's `sources`) that reported the quote."""


class Position(Strict):
    actor: Slug
    """Actor id of whoever takes this position."""
    matter: Slug
    """Id of the matter (in this brief's `matters`) the position is on."""
    stance: Text
    """The position in our own words, in one or two sentences."""
    short: Text | None = Field(default=None, max_length=60)
    """The stance in a few words, for the positions table (e.g. 'Open to talks')."""
    quotes: list[Quote] = Field(default_factory=list)
    """Exact quotes that show the position."""
    source: Slug | None = None
    """Source id for the stance when no quote carries one."""


class Dispute(Strict):
    actor: Slug
    """Actor id of whoever disputes the claim."""
    response: Text
    """How they dispute it, in our words."""
    source: Slug | None = None
    """Source id that reported the dispute."""


class Claim(Strict):
    id: Slug
    """Short id of the claim."""
    claim: Text
    """The claim, in our words."""
    by: Slug
    """Actor id of whoever made the claim."""
    source: Slug
    """Source id that reported the claim."""
    status: Literal["disputed", "unverified", "confirmed", "false"]
    """Where the claim stands."""
    disputes: list[Dispute] = Field(default_factory=list)
    """Who disputes the claim, and how."""


class OpenQuestion(Strict):
    id: Slug
    """Short id, so that later briefs can answer the question."""
    question: Text
    """The question that remains open."""
    why: RichText
    """Why the answer matters."""
    status: Literal["open", "answered", "superseded"] = "open"
    """Leave 'open'; a later brief's `answers` closes the question."""
    answer: RichText | None = None
    """The answer, when this brief itself already answers the question."""


class Answer(Strict):
    question: QuestionRef
    """The question answered, as 'brief-id#question-id'."""
    status: Literal["answered", "superseded"] = "answered"
    """'answered', or 'superseded' when events made the question moot."""
    answer: RichText
    """The answer, in our words."""
    source: Slug | None = None
    """Source id (in this brief's `sources`) for the answer."""


class TimelineEvent(Strict):
    date: Partial
    """When it happened: a day, a month or a year."""
    event: Text
    """What happened, in one sentence."""
    source: Slug | None = None
    """Source id for the event."""


class Update(Strict):
    date: date
    """When the brief was changed."""
    change: Text
    """What changed, in one sentence."""
    correction: bool = False
    """True when the change corrects an error."""


class Brief(Strict):
    """One news story, briefed: what happened, who says what, what is disputed and open."""

    id: Slug
    """The brief's id and page address; the file must be named '<id>.yaml'."""
    title: Text
    """The headline: who did what."""
    dek: Text
    """One-line standfirst under the headline."""
    published: date
    """The day the news broke (YYYY-MM-DD)."""
    updated: date | None = None
    """The day the brief last changed in substance, if after `published`."""
    status: Literal["developing", "settled"]
    """'developing' while the story moves; 'settled' once it has run its course."""
    story: Slug | None = None
    """Id of the developing story (content/stories.yaml) this brief belongs to."""
    tags: list[Slug] = Field(default_factory=list)
    """Topics, as slugs, e.g. 'diplomacy'."""
    summary: RichText
    """The news in two to four sentences, in our words."""
    why_it_matters: RichText
    """Why a reader should care, in one to three sentences."""
    sources: list[Source] = Field(min_length=1)
    """Everything the brief relies on. Every quote and fact cites one of these."""
    actors: list[BriefActor] = Field(default_factory=list)
    """Who is involved, and the part each plays."""
    matters: list[Matter] = Field(default_factory=list)
    """The questions at stake on which actors take positions."""
    positions: list[Position] = Field(default_factory=list)
    """Where each actor stands on each matter, with exact quotes."""
    claims: list[Claim] = Field(default_factory=list)
    """Claims made in the story and whether they hold."""
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    """What we do not know yet."""
    answers: list[Answer] = Field(default_factory=list)
    """Questions of earlier briefs that this brief answers."""
    timeline: list[TimelineEvent] = Field(default_factory=list)
    """Dated events that explain how we got here."""
    related: list[Slug] = Field(default_factory=list)
    """Ids of other briefs worth reading alongside this one."""
    updates: list[Update] = Field(default_factory=list)
    """What changed since publication, newest last; corrections are marked."""

    @property
    def modified(self) -> date:
        """The last substantive change: `updated`, the newest update, or `published`."""
        dates = [self.published, *(u.date for u in self.updates)]
        if self.updated:
            dates.append(self.updated)
        return max(dates)


#: The models an editor's file can be, by the file's role.
DOCUMENT_MODELS: dict[str, type[Strict]] = {
    "brief": Brief,
    "actors": ActorRegistry,
    "stories": StoryRegistry,
}

"""The content model: what a brief, an actor and a story are.

One source of truth: these classes validate content, and the JSON Schema that
editors' tools autocomplete from is generated from them (``newsbrief schema``).
Field docstrings become schema descriptions, so they are written for editors.

Value types (ids, text, URLs, partial dates) live in :mod:`generator.fields`;
checks that need more than one file (references between ids) in
:mod:`generator.references`.
"""

from __future__ import annotations

import dataclasses
import datetime
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Literal,
    TypeVar,
    cast,
    dataclass_transform,
    get_args,
    get_origin,
)

import pydantic.dataclasses
from pydantic import BeforeValidator, ConfigDict, Field, TypeAdapter
from pydantic.fields import FieldInfo

from .fields import (
    ImagePath,
    Language,
    Partial,
    QuestionRef,
    QuoteText,
    RichText,
    Slug,
    Text,
    Url,
    WikidataId,
)

if TYPE_CHECKING:
    from .images import Picture

T = TypeVar("T")

CONFIG = ConfigDict(
    extra="forbid",  # an unknown field is an error (most often a typo)
    use_attribute_docstrings=True,
    arbitrary_types_allowed=True,
    strict=False,  # dates are typed by editors as YAML text: parse them as ISO dates
)


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(Field,))
def content_model(cls: type[T]) -> type[T]:
    """Make ``cls`` a content model: a frozen, slotted pydantic dataclass.

    Not a ``BaseModel``: 10,000 briefs are 400,000 model instances, and each
    ``BaseModel`` carries a ``__dict__`` and a set of the fields it was given,
    where a slotted dataclass holds only its fields.  That is 30 MB against
    5 MB per 1,000 briefs; they also validate and unpickle faster.
    """
    made = pydantic.dataclasses.dataclass(frozen=True, slots=True, kw_only=True, config=CONFIG)
    model = made(cls)
    _pickle_by_field_names(model)
    return cast("type[T]", model)


def _pickle_by_field_names(model: type[Any]) -> None:
    """Pickle a model as the values of its fields, in order, as ``dataclasses`` does for a
    slotted class, but without asking ``dataclasses.fields()`` for every instance: the
    typed files kept between runs are 400,000 instances at 10,000 briefs, and that
    lookup was half the time of reading them back."""
    names = tuple(f.name for f in dataclasses.fields(model))

    def getstate(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    def setstate(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    setattr(model, "__getstate__", getstate)  # noqa: B010 - on the class, not typed there
    setattr(model, "__setstate__", setstate)  # noqa: B010


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(model: type[T]) -> TypeAdapter[T]:
    """The validator and serializer of a model, built once per model."""
    found = _ADAPTERS.get(model)
    if found is None:
        found = _ADAPTERS[model] = TypeAdapter(model)
    return found


def validate(model: type[T], data: Any) -> T:
    """``data`` (plain values, as loaded from YAML) as a ``model``; raises ``ValidationError``."""
    checked: T = _adapter(model).validate_python(data)
    return checked


def json_data(value: object, *, compact: bool = False) -> Any:
    """A model as plain JSON values: what :func:`validate` reads back into the same model
    (``compact``: without the fields that hold their default, which reading restores)."""
    return _adapter(type(value)).dump_python(value, mode="json", exclude_defaults=compact)


def json_bytes(value: object, *, compact: bool = False) -> bytes:
    """A model as compact UTF-8 JSON, serialized by pydantic-core: the same bytes as
    ``json.dumps(json_data(value), ensure_ascii=False, separators=(",", ":"))``, at
    twice the speed."""
    return _adapter(type(value)).dump_json(value, exclude_defaults=compact)


def json_schema(model: type[Any]) -> dict[str, Any]:
    schema: dict[str, Any] = _adapter(model).json_schema()
    return schema


def fields_of(model: type[Any]) -> dict[str, FieldInfo]:
    """A content model's fields by name; empty for anything else."""
    fields: dict[str, FieldInfo] = getattr(model, "__pydantic_fields__", {})
    return fields


def is_model(value: Any) -> bool:
    return isinstance(value, type) and hasattr(value, "__pydantic_fields__")


def model_at(model: type[Any], loc: tuple[int | str, ...]) -> type[Any] | None:
    """The model class that describes the mapping at ``loc`` of a ``model``, if any."""
    current: Any = model
    for part in loc:
        current = unwrap(current)
        if isinstance(part, int):
            if get_origin(current) is list:
                current = get_args(current)[0]
                continue
            return None
        if not is_model(current):
            return None
        field = fields_of(current).get(part)
        if field is None:
            return None
        current = field.annotation
    current = unwrap(current)
    return current if is_model(current) else None


def unwrap(annotation: Any) -> Any:
    """``X | None`` → ``X``; anything else unchanged."""
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


# --- the actor registry --------------------------------------------------------------------


@content_model
class Role:
    title: Text
    """The office or job, e.g. 'Foreign Minister of Russia'."""
    affiliation: Slug | None = None
    """Actor id of the organisation or government the role belongs to."""
    start: Partial | None = None
    """When the role began (day, month or year)."""
    end: Partial | None = None
    """When the role ended; leave out while it is current."""


@content_model
class Actor:
    id: Slug
    """Unique id, used by briefs to refer to this actor and as the page address."""
    name: Text
    """The name readers know, e.g. 'Sergei Lavrov'."""
    kind: Literal["person", "government", "organisation"]
    """What sort of actor this is."""
    role: Text | None = None
    """The current role or title, e.g. 'Foreign Minister of Russia'; shown on a brief only
    when no entry of `roles` covers the brief's date."""
    affiliation: Slug | None = None
    """Actor id of the government or organisation this actor belongs to."""
    wikidata: WikidataId | None = None
    """Wikidata item id (e.g. 'Q7747'), used to link the actor unambiguously."""
    roles: list[Role] = Field(default_factory=list)
    """Earlier and current roles, with dates: each brief shows the role held on its date."""

    def role_on(self, day: date) -> str | None:
        """The role held on ``day``: of the `roles` that cover it, the one that began
        last (the first listed, when they began together); else `role`.

        A partial date is read generously: a role that began in 2014 covers all of
        2014, one that ended in 2019 covers all of 2019; no `start` means held since
        before any brief, no `end` means still held.
        """
        covering = [
            (role.start.first_day() if role.start else date.min, -i, role.title)
            for i, role in enumerate(self.roles)
            if (role.start is None or role.start.first_day() <= day)
            and (role.end is None or day <= role.end.last_day())
        ]
        return max(covering)[2] if covering else self.role


@content_model
class ActorRegistry:
    actors: list[Actor]
    """Every person, government and organisation that briefs refer to."""


@content_model
class Story:
    id: Slug
    """Unique id of the developing story; briefs name it in their `story` field."""
    title: Text
    """The story's title, e.g. 'Russia, the West and talks on the war in Ukraine'."""
    summary: RichText
    """Two or three sentences on what the story is about."""


@content_model
class StoryRegistry:
    stories: list[Story]
    """Developing stories that several briefs belong to."""


# --- a brief -------------------------------------------------------------------------------


@content_model
class Source:
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
    accessed: date | None = None
    """When we read it (YYYY-MM-DD): pages change, so say which version we relied on."""
    archive: Url | None = None
    """An archived copy (e.g. on web.archive.org), for when the original moves or changes."""
    via: Text | None = None
    """Who republished this wire copy, when we read it there: publisher 'Reuters', via
    'Prothom Alo'."""


@content_model
class Author:
    name: Text
    """The writer's name as the byline shows it."""
    url: Url | None = None
    """A page about the writer (their profile), linked from the byline."""


@content_model
class LeadImage:
    """A picture shown at the top of the brief, and in share previews of it."""

    file: ImagePath
    """The image, a JPEG, PNG or WebP file in the content folder, named relative to it
    (e.g. 'images/talks.jpg'); at most 20 MB and at least 600 × 300 pixels. It is resized
    and compressed for the site when the site is built."""
    alt: Text = Field(max_length=300)
    """What the image shows, in words, for readers who cannot see it (not the caption)."""
    caption: Text
    """One sentence under the image: what, where, when."""
    credit: Text
    """Who made the image and under what terms, e.g. 'Photo: Jane Doe / Agency' or
    'Illustration: News briefs'."""


@content_model
class BriefActor:
    actor: Slug
    """Actor id from content/actors.yaml."""
    role: Text
    """The part this actor plays in this story, in our words."""
    title: Text | None = None
    """The actor's title as this brief should show it, only when the registry's dated
    `roles` cannot give it (the brief otherwise shows the role held on its date)."""


@content_model
class Matter:
    id: Slug
    """Short id that positions use to refer to this matter."""
    question: Text
    """The question at stake, e.g. 'Is Russia's offer to talk genuine?'."""


OUR_TRANSLATION = "us"
"""What a quote's `translated_by` says when the newsroom translated it."""
OFFICIAL_TRANSLATION = "official"
"""What a quote's `translated_by` says when the speaker's side published the translation."""


@content_model
class Quote:
    text: QuoteText
    """The words exactly as the source printed them, character for character, without
    quote marks."""
    source: Slug
    """Id of the source (in this brief's `sources`) that reported the quote."""
    language: Language | None = None
    """The language the words were first said or written in (BCP 47, e.g. 'uk'), when
    `text` is a translation."""
    original: Text | None = None
    """The words in that language, when a source printed them."""
    translated_by: Slug | None = None
    """Who translated the words: a source id, 'us' for our own translation, or
    'official' for a translation the speaker's side published; leave out if unknown."""
    channel: Text | None = None
    """How the words reached the source, e.g. 'a statement on his website', 'state television'."""
    said: date | None = None
    """When the words were said, if not on the day the brief was published (YYYY-MM-DD)."""
    utterance: Slug | None = None
    """One id for several translations or reports of one utterance (within this brief):
    they show as one quote with its variants."""


@content_model
class Position:
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
    changed: bool = False
    """True only when this position departs from the actor's earlier position on the
    same matter (same matter id, earlier brief). Otherwise it is shown as restating it."""


@content_model
class Dispute:
    actor: Slug
    """Actor id of whoever disputes the claim."""
    response: Text
    """How they dispute it, in our words."""
    source: Slug | None = None
    """Source id that reported the dispute."""


Rating = Annotated[
    Literal["true", "mostly-true", "misleading", "mostly-false", "false", "unproven"],
    # YAML reads a bare `rating: false` as a boolean; an editor means the rating.
    BeforeValidator(lambda value: str(value).lower() if isinstance(value, bool) else value),
]


@content_model
class Verdict:
    """The newsroom's own fact-check of a claim."""

    rating: Rating
    """Our rating of the claim."""
    explanation: RichText
    """Why, in one to three sentences."""
    sources: list[Slug] = Field(min_length=1)
    """Source ids (in this brief's `sources`) the verdict rests on."""


@content_model
class Claim:
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
    verdict: Verdict | None = None
    """Our own fact-check of the claim, when we make one; only then is the claim
    published as a fact-check (ClaimReview)."""


@content_model
class OpenQuestion:
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


@content_model
class Answer:
    question: QuestionRef
    """The question answered, as 'brief-id#question-id'."""
    status: Literal["answered", "superseded"] = "answered"
    """'answered', or 'superseded' when events made the question moot."""
    answer: RichText
    """The answer, in our words."""
    source: Slug | None = None
    """Source id (in this brief's `sources`) for the answer."""


@content_model
class Settlement:
    claim: QuestionRef
    """The claim settled, as 'brief-id#claim-id' (a claim of an earlier brief)."""
    verdict: Verdict
    """Our verdict on it, with the sources it rests on."""


@content_model
class TimelineEvent:
    date: Partial
    """When it happened: a day, a month or a year."""
    event: Text
    """What happened, in one sentence."""
    source: Slug | None = None
    """Source id for the event; every event needs one, unless it is `background`."""
    background: bool = False
    """True for well-known context that no listed source reports; shown as background."""


@content_model
class Update:
    date: datetime.date  # not plain `date`: the slot of this very field would shadow the type
    """When the brief was changed."""
    change: Text
    """What changed, in one sentence."""
    correction: bool = False
    """True when the change corrects an error; then say what was wrong (`was`) and
    what the brief says now (`now`)."""
    was: Text | None = None
    """For a correction: what the brief wrongly said."""
    now: Text | None = None
    """For a correction: what it says now."""
    sources: list[Slug] = Field(default_factory=list)
    """Source ids behind the change, e.g. a source published after the brief."""


@content_model
class Brief:
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
    authors: list[Author] = Field(default_factory=list)
    """Who wrote the brief: the byline."""
    image: LeadImage | None = None
    """An optional lead image: a file in the content folder, with alt text, caption and
    credit."""
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
    settles: list[Settlement] = Field(default_factory=list)
    """Claims of earlier briefs that this brief settles with our own verdict."""
    timeline: list[TimelineEvent] = Field(default_factory=list)
    """Dated events that explain how we got here."""
    related: list[Slug] = Field(default_factory=list)
    """Ids of other briefs worth reading alongside this one."""
    updates: list[Update] = Field(default_factory=list)
    """What changed since publication, newest last; corrections are marked."""
    former_ids: list[Slug] = Field(default_factory=list)
    """Ids this brief was published under before it was renamed: their addresses keep
    working and lead here."""

    @property
    def modified(self) -> date:
        """The last substantive change: `updated`, the newest update, or `published`."""
        dates = [self.published, *(u.date for u in self.updates)]
        if self.updated:
            dates.append(self.updated)
        return max(dates)


def title_in(brief: Brief, actor: Actor) -> str | None:
    """An actor's title as ``brief`` shows it: the brief's own `title` for the actor,
    else the role the actor held on the day the brief was published."""
    for ref in brief.actors:
        if ref.actor == actor.id and ref.title:
            return ref.title
    return actor.role_on(brief.published)


# --- all content ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """All content, validated: the input of the render stage."""

    actors: dict[str, Actor]
    stories: dict[str, Story]
    briefs: tuple[Brief, ...]
    """Newest first; ties broken by id, so the order never depends on the file system."""
    images: dict[str, Picture] = field(default_factory=dict)
    """Each lead image as checked (size, fingerprint), by the id of its brief."""

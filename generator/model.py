"""The content model: what a brief, an actor and a story are.

One source of truth: these classes validate content, and the JSON Schema that
editors' tools autocomplete from is generated from them (``newsbrief schema``).
Field docstrings become schema descriptions, so they are written for editors.

Checks that need more than one field or file (references between ids) live in
:mod:`generator.validate`; this module checks each value on its own.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import total_ordering
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
MAX_TEXT = 4000

# Invisible characters that can disguise text (bidi overrides, zero-width spaces)
# and control characters have no place in a brief.
_FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff\ufffe\uffff]"
)
# [label](url), where the URL may hold one level of balanced parentheses
_INLINE_LINK = re.compile(r"\[([^\[\]\n]+)\]\(\s*<?((?:[^()\s<>]|\([^()\s<>]*\))*)>?\s*\)")
ALLOWED_LINK_SCHEMES = ("http", "https", "mailto")


def slugify(text: str) -> str:
    """The slug an editor most likely meant: ``"Sergei Lavrov"`` → ``"sergei-lavrov"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _check_slug(value: str) -> str:
    if not _SLUG.match(value) or len(value) > 80:
        hint = slugify(value)[:80]
        suggestion = f"; try '{hint}'" if hint else ""
        raise ValueError(
            f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens"
            f"{suggestion}"
        )
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    if len(value) > MAX_TEXT:
        raise ValueError(f"is {len(value)} characters long; the limit is {MAX_TEXT}")
    bad = _FORBIDDEN_CHARS.search(value)
    if bad:
        raise ValueError(
            f"contains the invisible character U+{ord(bad.group()):04X} at offset {bad.start()}; "
            "remove it (it can disguise what the text says)"
        )
    return value


def _check_rich_text(value: str) -> str:
    _check_text(value)
    for match in _INLINE_LINK.finditer(value):
        url = match.group(2)
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ALLOWED_LINK_SCHEMES:
            raise ValueError(
                f"link to '{url}' is not allowed: links must start with https://, http:// "
                "or mailto:"
            )
    return value


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError(f"'{value}' is not a web address; it must start with https:// or http://")
    return value


def _check_wikidata(value: str) -> str:
    if not re.fullmatch(r"Q[1-9][0-9]*", value):
        raise ValueError(f"'{value}' is not a Wikidata item id like 'Q7747'")
    return value


Slug = Annotated[
    str,
    AfterValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": 80}),
]
Text = Annotated[
    str,
    AfterValidator(_check_text),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_TEXT}),
]
RichText = Annotated[
    str,
    AfterValidator(_check_rich_text),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_TEXT,
            "description": "Plain text; *emphasis* and [links](https://…) are allowed.",
        }
    ),
]
Url = Annotated[
    str,
    AfterValidator(_check_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
WikidataId = Annotated[
    str,
    AfterValidator(_check_wikidata),
    WithJsonSchema({"type": "string", "pattern": "^Q[1-9][0-9]*$"}),
]
QuestionRef = Annotated[
    str,
    AfterValidator(
        lambda v: v if re.fullmatch(r"[a-z0-9-]+#[a-z0-9-]+", v) else _bad_question_ref(v)
    ),
    WithJsonSchema({"type": "string", "pattern": "^[a-z0-9-]+#[a-z0-9-]+$"}),
]


def _bad_question_ref(value: str) -> str:
    raise ValueError(f"'{value}' is not a question reference like 'brief-id#question-id'")


@total_ordering
class PartialDate:
    """A date known to the day, the month or only the year (timelines need all three)."""

    __slots__ = ("day", "month", "year")
    _PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
    _MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        date(year, month or 1, day or 1)  # raises ValueError for impossible dates
        self.year, self.month, self.day = year, month, day

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, date):
            return cls(value.year, value.month, value.day)
        match = cls._PATTERN.match(str(value)) if isinstance(value, int | str) else None
        if not match:
            raise ValueError(f"'{value}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            return cls(year, month, day)  # type: ignore[arg-type]
        except ValueError:
            raise ValueError(f"'{value}' is not a date that exists") from None

    def key(self) -> tuple[int, int, int]:
        """Sort key: a month sorts before its days, a year before its months."""
        return (self.year, self.month or 0, self.day or 0)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialDate) and self.key() == other.key()

    def __lt__(self, other: PartialDate) -> bool:
        return self.key() < other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def __repr__(self) -> str:
        return f"PartialDate({self})"

    def human(self) -> str:
        """``11 Oct 2022``, ``Oct 2022`` or ``2022``."""
        parts = [str(self.year)]
        if self.month:
            parts.insert(0, self._MONTHS[self.month - 1])
        if self.day:
            parts.insert(0, str(self.day))
        return " ".join(parts)


Partial = Annotated[
    PartialDate,
    BeforeValidator(PartialDate.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "A day (2022-10-11), a month (2022-10) or a year (2022).",
        }
    ),
]


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

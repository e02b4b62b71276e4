"""The value types of the content model: ids, text, links, web addresses, dates.

Each type validates one value on its own and says, in the editor's terms, what
is wrong and how to fix it; each also carries the JSON Schema that editors'
tools use, so autocompletion and validation agree.
"""

from __future__ import annotations

import re
from datetime import date
from functools import total_ordering
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema
from slugify import slugify as make_slug

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
MAX_TEXT = 4000

# Invisible characters that can disguise text (bidi overrides, zero-width spaces)
# and control characters have no place in a brief.
FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff\ufffe\uffff]"
)
# [label](url), where the URL may hold one level of balanced parentheses
INLINE_LINK = re.compile(r"\[([^\[\]\n]+)\]\(\s*<?((?:[^()\s<>]|\([^()\s<>]*\))*)>?\s*\)")
ALLOWED_LINK_SCHEMES = ("http", "https", "mailto")
_SPACE = re.compile(r"\s")  # what str.isspace() calls white space


def slugify(text: str, max_length: int = 0) -> str:
    """The slug an editor most likely meant: ``"Sergei Lavrov"`` → ``"sergei-lavrov"``,
    ``"Лавров"`` → ``"lavrov"`` (python-slugify transliterates); at most ``max_length``
    characters, cut between words."""
    text = re.sub(r"(\w)['’](\w)", r"\1\2", text)  # "Erdogan's" → "erdogans", not "erdogan-s"
    return str(make_slug(text, max_length=max_length, word_boundary=True, save_order=True))


def _check_slug(value: str) -> str:
    if not _SLUG.match(value) or len(value) > 80:
        hint = slugify(value, 80)
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
    bad = FORBIDDEN_CHARS.search(value)
    if bad:
        raise ValueError(
            f"contains the invisible character U+{ord(bad.group()):04X} at offset {bad.start()}; "
            "remove it (it can disguise what the text says)"
        )
    return value


def _check_rich_text(value: str) -> str:
    _check_text(value)
    for match in INLINE_LINK.finditer(value):
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
    if parts.scheme not in ("http", "https") or not parts.netloc or _SPACE.search(value):
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


FULL_DATE = "YYYY-MM-DD"
PARTIAL_DATE = "YYYY-MM-DD, YYYY-MM or YYYY"
_DATE_SHAPE = re.compile(r"^\d{4}(-\d{2}){0,2}$")


def date_message(value: object, formats: str) -> str:
    """The one wording of every date error: what is wrong, and how to write a date."""
    shaped = _DATE_SHAPE.match(str(value)) and (formats != FULL_DATE or len(str(value)) == 10)
    what = "is not a date that exists" if shaped else "is not a date"
    return f"'{value}' {what}; write {formats}"


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
            raise ValueError(date_message(value, PARTIAL_DATE))
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            return cls(year, month, day)  # type: ignore[arg-type]
        except ValueError:
            raise ValueError(date_message(value, PARTIAL_DATE)) from None

    def digest_key(self) -> tuple[int, int | None, int | None]:
        """What it is, for :mod:`generator.digest`."""
        return (self.year, self.month, self.day)

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

    def first_day(self) -> date:
        """The earliest day the date may mean: a role that began in 2014 held on 1 Jan 2014."""
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        """The latest day the date may mean: a role that ended in 2019 held until 31 Dec."""
        if self.day:
            return date(self.year, self.month or 1, self.day)
        if self.month:
            following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        return date(self.year, 12, 31)

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


# Quote marks an editor may paste with a quote: straight, curly, low-9, guillemets,
# corner brackets.  The site sets its own marks, so pasted ones would show twice.
_OPENING_MARKS = "\"'“‘„‚«‹「『"
_CLOSING_MARKS = "\"'”’“‘»›」』"


def unwrapped_quote(value: str) -> str | None:
    """The words of a quote pasted with its own quote marks (``“Hope,”`` → ``Hope,``),
    or ``None`` when it has none around it."""
    text = value.strip()
    body = text.rstrip(",.;:!?")
    if len(body) > 1 and text[0] in _OPENING_MARKS and body[-1] in _CLOSING_MARKS:
        return (body[1:-1] + text[len(body) :]).strip()
    return None


def _check_quote_text(value: str) -> str:
    _check_text(value)
    inner = unwrapped_quote(value)
    if inner is not None:
        body = value.strip().rstrip(",.;:!?")
        raise ValueError(
            f"remove the quote marks around the quote ({body[0]}…{body[-1]}): "
            f"the site adds its own; write: {inner if len(inner) <= 60 else inner[:59] + '…'}"
        )
    return value


QuoteText = Annotated[
    str,
    AfterValidator(_check_quote_text),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_TEXT,
            "not": {"pattern": "^\\s*[\"'“‘„‚«‹「『].*[\"'”’“‘»›」』][,.;:!?]*\\s*$"},
        }
    ),
]

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Z]{2}|[0-9]{3}))?$")


def _check_language(value: str) -> str:
    if not _LANGUAGE.match(value):
        raise ValueError(
            f"'{value}' is not a language tag: use a BCP 47 tag such as 'ru', 'uk', 'tr' or 'pt-BR'"
        )
    return value


Language = Annotated[
    str,
    AfterValidator(_check_language),
    WithJsonSchema({"type": "string", "pattern": _LANGUAGE.pattern, "examples": ["ru", "uk"]}),
]


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
_IMAGE_PATH = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")
IMAGE_PATH_PATTERN = (
    r"^[A-Za-z0-9_-][A-Za-z0-9._/-]*\.([Jj][Pp][Ee]?[Gg]|[Pp][Nn][Gg]|[Ww][Ee][Bb][Pp])$"
)


def _check_image_path(value: str) -> str:
    """A file in the content folder, named relative to it: ``images/lavrov-in-astana.jpg``."""
    shape = "a path inside the content folder, relative to it, like 'images/talks.jpg'"
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        raise ValueError(f"'{value}' is an absolute path; write {shape}")
    if ".." in value.replace("\\", "/").split("/"):
        raise ValueError(f"'{value}' leads out of the content folder; write {shape}")
    if not _IMAGE_PATH.match(value):
        raise ValueError(
            f"'{value}' is not {shape}: use letters, digits, '-', '_' and '.' in names, "
            "'/' between folders"
        )
    if not value.lower().endswith(IMAGE_SUFFIXES):
        raise ValueError(f"'{value}' is not a JPEG, PNG or WebP file (.jpg, .jpeg, .png, .webp)")
    return value


ImagePath = Annotated[
    str,
    AfterValidator(_check_image_path),
    WithJsonSchema({"type": "string", "pattern": IMAGE_PATH_PATTERN, "maxLength": 200}),
]

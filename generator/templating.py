"""The template environment: Jinja, set up with the escaping policy, and the filters
and functions that templates call.

Templates print every value as escaped plain text unless a filter from
:mod:`generator.markup` says otherwise (the environment's ``finalize``).  Links
between pages are relative to the page being rendered (its ``folder``), as
MkDocs wants them.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable
from datetime import date
from typing import TypeVar

import jinja2

from . import feeds, jsonld, markup
from .catalog import by_matter, provenance, quote_groups, source_of
from .fields import PartialDate
from .images import Picture
from .model import Brief, Source
from .site import brief_path

T = TypeVar("T")

_MONTHS = "January February March April May June July August September October November December"


@functools.lru_cache(maxsize=65536)
def _relative(target: str, here: str) -> str:
    """``posixpath.relpath(target, here)`` for the plain docs paths of this site.

    Not relpath itself: it makes both paths absolute, which asks the system for
    the working directory twice per link, a fifth of rendering time.  Docs
    paths are relative and never hold ``.`` or ``..``, so dropping the common
    folders is enough.
    """
    up = here.split("/") if here else []
    down = target.split("/")
    common = 0
    while common < min(len(up), len(down) - 1) and up[common] == down[common]:
        common += 1
    return "/".join([".."] * (len(up) - common) + down[common:])


@functools.cache
def environment() -> jinja2.Environment:
    """One environment per process: ``mkdocs serve`` then compiles each template once."""
    return _new_environment()


def _new_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        finalize=markup.plain,  # the escaping policy: everything printed is plain text…
        autoescape=False,  # …because the output is Markdown, not HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates ship with the package: no stat per include
    )
    env.filters.update(
        rich=markup.rich,
        rich_inline=markup.rich_inline,
        front=markup.front_matter,
        url=markup.safe_url,
        day=human_date,
        month_name=month_name,
        source_link=source_link,
        link=markup.link,
        by_matter=by_matter,
        where=where,
        quote_groups=quote_groups,
        question_entry=lambda q, brief, catalog: catalog.questions[f"{brief.id}#{q.id}"],
        first_upper=lambda text: text[:1].upper() + text[1:],
        rating=lambda rating: rating.replace("-", " ").capitalize(),
        classed=classed,
        status_badge=status_badge,
    )
    env.globals.update(
        href=href,
        actor_link=actor_link,
        brief_link=brief_link,
        story_link=story_link,
        tag_link=tag_link,
        brief_path=brief_path,
        brief_jsonld=brief_jsonld,
        source_of=source_of,
        provenance=provenance,
        correction_line=feeds.correction_line,
        cite=cite,
    )

    env.globals["lead_image"] = lead_image  # generator/templates/_lead_image.md.j2
    return env


@jinja2.pass_context
def href(context: jinja2.runtime.Context, target: str, anchor: str = "") -> markup.Markdown:
    """A link from the page being rendered to ``target`` (a docs path), relative as MkDocs wants."""
    relative = _relative(target, context["page"].folder)
    return markup.Markdown(relative + (f"#{anchor}" if anchor else ""))


@jinja2.pass_context
def actor_link(context: jinja2.runtime.Context, actor_id: str) -> markup.Markdown:
    actor = context["corpus"].actors[actor_id]
    return _link(context, actor.name, f"actors/{actor.id}.md")


@jinja2.pass_context
def brief_link(
    context: jinja2.runtime.Context, brief: Brief, anchor: str = "", label: str | None = None
) -> markup.Markdown:
    return _link(context, label or brief.title, brief_path(brief.id), anchor)


@jinja2.pass_context
def story_link(context: jinja2.runtime.Context, story_id: str) -> markup.Markdown:
    story = context["corpus"].stories[story_id]
    return _link(context, story.title, f"stories/{story.id}.md")


@jinja2.pass_context
def tag_link(context: jinja2.runtime.Context, tag: str) -> markup.Markdown:
    return _link(context, tag, f"topics/{tag}.md")


def _link(
    context: jinja2.runtime.Context, label: str, target: str, anchor: str = ""
) -> markup.Markdown:
    return markup.Markdown(f"[{markup.plain(label)}]({href(context, target, anchor)})")


@jinja2.pass_context
def brief_jsonld(context: jinja2.runtime.Context, brief: Brief) -> markup.Markdown:
    """The brief's schema.org JSON-LD as a front matter value.

    The JSON is already safe inside ``<script>`` (see :func:`jsonld.script_json`);
    quoting it as a JSON string makes it a YAML double-quoted scalar that MkDocs
    reads back character for character (``ensure_ascii=False``: PyYAML would
    turn a ``\\ud83d\\ude00`` surrogate pair into two lone surrogates).
    """
    graph = jsonld.brief_graph(brief, context["corpus"], context["site"])
    return markup.yaml_string(jsonld.script_json(graph))


@jinja2.pass_context
def lead_image(
    context: jinja2.runtime.Context, brief: Brief, picture: Picture, lazy: bool = False
) -> markup.Markdown:
    """A brief's lead image as an HTML ``<figure>`` (a raw HTML block in the Markdown): its
    size set, so the page does not move as it loads; ``lazy`` below the fold.

    Raw HTML is not Markdown, so its text is HTML-escaped here (quotes too), and its
    address is relative to where MkDocs publishes the page (directory URLs), as MkDocs
    does not rewrite addresses in raw HTML.
    """
    image = brief.image
    assert image is not None
    src = _relative(picture.path, _url_folder(context["page"].path))
    loading = 'loading="lazy"' if lazy else 'fetchpriority="high"'
    return markup.Markdown(
        '<figure class="nb-lead-image">\n'
        f'<img src="{html.escape(src)}" alt="{html.escape(image.alt)}" '
        f'width="{picture.width}" height="{picture.height}" decoding="async" {loading}>\n'
        f"<figcaption>{html.escape(image.caption)} "
        f'<span class="nb-credit">{html.escape(image.credit)}</span></figcaption>\n'
        "</figure>"
    )


def _url_folder(docs_path: str) -> str:
    """The folder of the address MkDocs publishes a page at: ``briefs/x.md`` is served as
    ``briefs/x/``, ``index.md`` files as their folder."""
    stem = docs_path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index")


def where(items: Iterable[T], attribute: str, value: object) -> list[T]:
    """The items whose ``attribute`` equals ``value``: ``selectattr("a", "equalto", v)``
    without its generic machinery, which was a tenth of a brief page's rendering."""
    return [item for item in items if getattr(item, attribute) == value]


def human_date(value: date | PartialDate) -> str:
    """``11 Oct 2022``: unambiguous in every locale, and no build-time clock involved."""
    if isinstance(value, PartialDate):
        return value.human()
    return PartialDate(value.year, value.month, value.day).human()


def month_name(value: str) -> str:
    """``2022-10`` → ``October 2022``."""
    year, month = value.split("-")
    return f"{_MONTHS.split()[int(month) - 1]} {year}"


def source_link(source: Source | None) -> markup.Markdown:
    """``[Reuters, via Prothom Alo](url)``: who wrote it, and where we read it."""
    if source is None:
        return markup.Markdown("")
    label = f"{source.publisher}, via {source.via}" if source.via else source.publisher
    return markup.link(label, source.url)


@jinja2.pass_context
def cite(context: jinja2.runtime.Context, source: Source | None, named: bool = False) -> str:
    """A source as the text points to it.

    On a brief's own page, a source of that brief is a numbered reference, ``[2]``,
    to its entry in the sources list (``#source-2``), where its address is shown
    once; ``named`` puts the publisher before it (``Reuters [2]``, for a quote's
    attribution).  Anywhere else (an actor's page, an answer from another brief)
    it is a link to the source itself: `` (Reuters, via Global News)``, or bare
    with ``named``.
    """
    if source is None:
        return markup.Markdown("")
    numbers: dict[str, int] = context.get("numbers") or {}
    sources: dict[str, Source] = context.get("sources") or {}
    number = numbers.get(source.id) if sources.get(source.id) == source else None
    if number is None:
        return source_link(source) if named else markup.Markdown(f" ({source_link(source)})")
    reference = f"[\\[{number}\\]](#source-{number})"  # styled by its address, no attr_list
    return markup.Markdown(f"{markup.plain(source.publisher)} {reference}" if named else reference)


def classed(text: markup.Markdown, name: str) -> markup.Markdown:
    """Markdown paragraphs (from :func:`markup.rich`), each given the class ``name``."""
    return markup.Markdown("\n\n".join(f"{p}\n{{ .{name} }}" for p in text.split("\n\n")))


def status_badge(status: str) -> markup.Markdown:
    """A brief's status as a labelled badge: ``Developing story`` or ``Settled``."""
    label = "Developing story" if status == "developing" else "Settled"
    return markup.Markdown(f"**{label}**{{ .nb-status .nb-status--{status} }}")

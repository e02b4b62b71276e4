"""The escaping policy: how text from YAML is placed into Markdown, in one place.

Every value a template prints goes through :func:`plain` unless a filter here
has already made it :class:`Markdown`.  So forgetting a filter errs on the
side of showing text as text, never on the side of live HTML.

* **Plain text** (titles, names, quotes, stances, events, …): whitespace is
  folded to single spaces; ``& < >`` become entities, so no raw HTML survives;
  Markdown punctuation that could start a link, emphasis, code, attribute list
  or table cell is backslash-escaped; a leading character that could start a
  block (heading, list, quote, fence) becomes a numeric entity.  The reader
  sees exactly the characters the editor typed.
* **Rich text** (summaries, why it matters, answers): the same, except that
  ``*emphasis*``/``_emphasis_`` work and ``[text](url)`` becomes a link when
  the URL is http, https or mailto (validation rejects any other scheme).
  Blank lines separate paragraphs.
* **URLs** are only ever printed from validated http(s) fields, with characters
  that could end the Markdown link percent-encoded.
* **Front matter** values are HTML-escaped (themes print them raw into
  ``<title>`` and ``<meta>``) and written as JSON strings, which YAML reads
  back exactly.

The policy assumes the Markdown extensions enabled in ``mkdocs.yml`` (no
``pymdownx`` inline syntax such as ``==mark==`` or ``:emoji:``).
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote, urlsplit

from .fields import ALLOWED_LINK_SCHEMES, INLINE_LINK


class Markdown(str):
    """Text that is already safe to place in a Markdown document as is."""

    __slots__ = ()


_ESCAPE = re.compile(r"[\\`*_\[\]{}|#!]")
_ESCAPE_RICH = re.compile(r"[\\`\[\]{}|#!]")  # rich text keeps * and _ for emphasis
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_BLOCK_START = re.compile(r"^(?:[-+*=~:>#]|\d+[.)])")


_INERT = re.compile(r"[^\\`*_\[\]{}|#!&<>\s]+(?: [^\\`*_\[\]{}|#!&<>\s]+)*")
"""Text that is already plain and folded: words without a special character, one space apart."""


def plain(text: object) -> Markdown:
    """Any value as plain text in Markdown: shows exactly, renders as nothing else."""
    if isinstance(text, Markdown):
        return text
    text = str(text)
    if _INERT.fullmatch(text) and not _BLOCK_START.match(text):
        return Markdown(text)  # most values: one regex scan, nothing to fold or escape
    return Markdown(_block_safe(_escape(" ".join(text.split()), _ESCAPE)))


def _escape(text: str, pattern: re.Pattern[str]) -> str:
    if any(c in text for c in "&<>"):
        text = "".join(_HTML.get(c, c) for c in text)
    return pattern.sub(lambda m: "\\" + m.group(), text)


def _block_safe(text: str) -> str:
    """Neutralise a leading ``1.``, ``-``, ``>``, ``#``…: an entity never starts a block."""
    return f"&#{ord(text[0])};{text[1:]}" if _BLOCK_START.match(text) else text


def rich(text: str) -> Markdown:
    """Rich text as Markdown paragraphs: emphasis and safe links, nothing else."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    return Markdown("\n\n".join(_rich_paragraph(p) for p in paragraphs if p))


def rich_inline(text: str) -> Markdown:
    """Rich text folded into one line, for list items and table cells."""
    return Markdown(_rich_paragraph(" ".join(text.split())))


def _rich_paragraph(text: str) -> str:
    out: list[str] = []
    position = 0
    for match in INLINE_LINK.finditer(text):
        out.append(_escape(text[position : match.start()], _ESCAPE_RICH))
        label, url = match.group(1), match.group(2)
        if urlsplit(url).scheme.lower() in ALLOWED_LINK_SCHEMES:
            out.append(f"[{_escape(label, _ESCAPE_RICH)}]({safe_url(url)})")
        else:  # validation rejects these; should one get here, it stays visible text
            out.append(_escape(match.group(), _ESCAPE_RICH))
        position = match.end()
    out.append(_escape(text[position:], _ESCAPE_RICH))
    return _block_safe("".join(out))


def safe_url(url: str) -> Markdown:
    """A validated URL, with characters that could end a Markdown link encoded."""
    return Markdown(quote(url, safe="/:?#@!$&'*+,;=%~-._"))


def link(label: object, url: str) -> Markdown:
    """``[label](url)`` with the label as plain text."""
    return Markdown(f"[{plain(label)}]({safe_url(url)})")


def front_matter(text: object) -> Markdown:
    """A front matter value: HTML-escaped (themes print it raw) and JSON-quoted."""
    return yaml_string(html.escape(" ".join(str(text).split()), quote=True))


def yaml_string(text: str) -> Markdown:
    """A JSON string, which YAML reads back exactly.

    Not ASCII-escaped: PyYAML rejects the surrogate-pair escapes JSON uses for
    emoji.  Validation keeps out every character YAML cannot hold raw (controls,
    U+FFFE/U+FFFF), and folding whitespace removes line breaks.
    """
    return Markdown(json.dumps(text, ensure_ascii=False))


_PAGE_HEADING = re.compile(r"(#{1,4})\s+(.+?)\s*#*\s*")
_PAGE_ITEM = re.compile(r"( {0,8})([-*+]|\d{1,3}[.)])\s+(.+)")


def page_body(text: str) -> tuple[str, Markdown]:
    """An editor's page (``content/pages/*.md``) as safe Markdown: its title and body.

    A small, closed subset of Markdown: ``#`` headings, paragraphs, ``-`` and
    ``1.`` lists (nested by indentation), and in any line the rich-text inline
    syntax (emphasis, http/https/mailto links).  Everything else shows as the
    characters typed: raw HTML, attribute lists, images, code and tables never
    come alive.  The first ``# `` heading is the title (it is taken out of the
    body, which the template heads with it).
    """
    title = ""
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            if out and out[-1]:
                out.append("")
            continue
        if heading := _PAGE_HEADING.fullmatch(line):
            level, words = len(heading.group(1)), " ".join(heading.group(2).split())
            if level == 1 and not title:
                title = words
                continue
            if out and out[-1]:
                out.append("")
            out.extend([f"{'#' * max(level, 2)} {_rich_paragraph(words)}", ""])
        elif item := _PAGE_ITEM.fullmatch(line):
            indent, marker, words = item.groups()
            marker = "1." if marker[0].isdigit() else "-"
            depth = len(indent) // 2
            out.append(f"{'    ' * depth}{marker} {_rich_paragraph(' '.join(words.split()))}")
        else:
            out.append(_rich_paragraph(" ".join(line.split())))
    return title, Markdown("\n".join(out).strip() + "\n")

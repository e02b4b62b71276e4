"""The template helpers of the reader's design: classes on every paragraph of rich text,
the status badge, and citations as numbered references on a brief's own page only."""

from __future__ import annotations

import markdown

from generator import markup
from generator.templating import classed, status_badge


def html(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list"])


def test_every_paragraph_of_rich_text_gets_the_class() -> None:
    text = classed(
        markup.rich("First *paragraph*.\n\n{ .evil }\n\nThird [one](https://x.org)."), "nb-glance"
    )
    assert html(text) == (
        '<p class="nb-glance">First <em>paragraph</em>.</p>\n'
        '<p class="nb-glance">{ .evil }</p>\n'
        '<p class="nb-glance">Third <a href="https://x.org">one</a>.</p>'
    )


def test_status_is_a_labelled_badge() -> None:
    assert html(status_badge("developing")) == (
        '<p><strong class="nb-status nb-status--developing">Developing story</strong></p>'
    )
    assert "Settled" in html(status_badge("settled"))

"""The escaping policy, checked through the real Python-Markdown with the site's extensions."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest

from generator.markup import front_matter, plain, rich, rich_inline

EXTENSIONS = ["attr_list", "tables", "toc"]  # as in mkdocs.yml

NASTY = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![img](https://example.com/x.png)",
    "<!-- comment -->",
    "**bold** _it_ `code`",
    "# not a heading",
    "- not a list",
    "1. not a list",
    "> not a quote",
    "a | b | c",
    "{: onclick=alert(1) }",
    "AT&T &amp; &lt;b&gt;",
    "back\\slash \\[x\\]",
    "---",
    "~~~",
    "=== x",
    ": term",
    "<https://example.com>",
    "[ref]: https://example.com",
]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


def render(md: str) -> _Collector:
    collector = _Collector()
    collector.feed(markdown.markdown(md, extensions=EXTENSIONS))
    return collector


@pytest.mark.parametrize("text", NASTY)
def test_plain_text_shows_exactly_and_renders_as_a_paragraph(text: str) -> None:
    html = render(str(plain(text)))
    assert html.tags == ["p"]
    assert html.attrs == []
    assert html.text == text


@pytest.mark.parametrize("text", NASTY)
def test_plain_text_stays_text_in_a_table_cell(text: str) -> None:
    html = render(f"| a | b |\n| --- | --- |\n| {plain(text)} | x |\n")
    assert html.tags.count("td") == 2
    assert set(html.tags) <= {"table", "thead", "tbody", "tr", "th", "td"}
    assert text in html.text


@pytest.mark.parametrize("text", NASTY)
def test_plain_text_stays_text_in_a_heading(text: str) -> None:
    html = render(f"### {plain(text)}\n")
    assert html.tags == ["h3"]
    assert html.text.strip() == text.strip()


def test_plain_folds_whitespace() -> None:
    assert plain("a\n  b\tc") == "a b c"


def test_rich_text_allows_emphasis_and_safe_links_only() -> None:
    html = render(rich("Read *this* and [the source](https://example.com/a_(b)) now."))
    assert html.tags == ["p", "em", "a"]
    assert ("href", "https://example.com/a_%28b%29") in html.attrs


def test_rich_text_neutralises_unsafe_links_and_html() -> None:
    html = render(rich("[x](javascript:alert(1)) <b>bold</b> [y](data:text/html,hi)"))
    assert html.tags == ["p"]
    assert "<b>bold</b>" in html.text


def test_rich_text_keeps_paragraphs() -> None:
    html = render(rich("One.\n\nTwo."))
    assert html.tags == ["p", "p"]


def test_rich_inline_is_one_line() -> None:
    assert "\n" not in rich_inline("One.\n\nTwo.")


def test_front_matter_is_html_escaped_json() -> None:
    assert front_matter('A "quote" <b>') == '"A &quot;quote&quot; &lt;b&gt;"'


def test_front_matter_round_trips_through_yaml_with_emoji_and_any_script() -> None:
    import yaml

    for text in ["Putin 😀 Biden", "中文 العربية עברית", "tab\tand  spaces", "a\u2028b"]:
        value = yaml.safe_load(f"title: {front_matter(text)}\n")["title"]
        assert value == " ".join(text.split())

"""The site's own pages (content/pages/*.md): editors' Markdown, published safely.

Text from content never becomes live HTML or script: a page may hold headings,
paragraphs, lists, emphasis and http/https/mailto links, and everything else
shows as the characters typed. A page that cannot be read is an editor's error
with its file and line, never a traceback, and nothing is written.
"""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from generator.markup import page_body
from generator.pipeline import check, generate
from tests.conftest import CONTENT, copy_content


def html_of(text: str) -> str:
    """The page body as MkDocs renders it (the extensions of mkdocs.yml)."""
    _, body = page_body(text)
    return markdown.markdown(body, extensions=["attr_list", "tables", "toc"])


def test_the_shipped_pages_are_the_footer_links() -> None:
    assert sorted(p.name for p in (CONTENT / "pages").glob("*.md")) == [
        "about.md",
        "corrections-and-sourcing.md",
    ]


def test_a_page_has_a_title_headings_lists_emphasis_and_links() -> None:
    title, body = page_body(
        "# About us\n\nWe *check* every quote.\n\n## Contact\n\n"
        "- [Write](mailto:desk@example.org)\n  - [Our site](https://example.org/)\n1. First\n"
    )
    assert title == "About us"
    assert body.startswith("We *check* every quote.\n\n## Contact\n")
    html = html_of("# About us\n\nWe *check*.\n\n## Contact\n\n- [Write](mailto:a@example.org)\n")
    assert "<h1" not in html  # the template heads the page with the title
    assert '<h2 id="contact">Contact</h2>' in html
    assert '<li><a href="mailto:a@example.org">Write</a></li>' in html
    assert "<em>check</em>" in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "Text { onclick=alert(1) }",
        "## Heading { #x onclick=alert(1) }",
        "![pixel](https://tracker.example/p.gif)",
        "```\ncode\n```",
        "    indented code",
        "| a | b |\n| - | - |",
        "<!-- hidden -->",
        "> quoted",
        "[ref]: javascript:alert(1)\n\n[ref]",
        "<https://example.org/>",
    ],
)
def test_nothing_an_editor_types_becomes_live_html(text: str) -> None:
    soup = BeautifulSoup(html_of(f"# Page\n\n{text}\n"), "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in {"p", "h2", "h3", "h4", "ul", "ol", "li", "em", "strong", "a"}, tag
        assert set(tag.attrs) <= {"href", "id"}, tag
        if tag.name == "a":
            assert str(tag["href"]).startswith(("https://", "http://", "mailto:")), tag
    typed = " ".join(line.strip() for line in text.splitlines() if line.strip())
    shown = " ".join(soup.get_text(" ").split())
    for word in ("alert(1)", "script", "onclick", "javascript", "code", "hidden", "quoted"):
        assert (word in typed) == (word in shown), word  # shown as typed, not swallowed


def test_pages_are_written_into_the_site(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    result = generate(CONTENT, out)
    assert result.ok
    about = (out / "pages" / "about.md").read_text("utf-8")
    assert about.startswith('---\ntitle: "About these briefs"\n')
    assert "\n# About these briefs\n" in about


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("About.md", b"# About\n", "page names are lower-case letters"),
        ("about.md", b"# About\n\xff\xfe broken\n", "not UTF-8 text"),
        ("about.md", "# About\n\nHidden\u202eevil\n".encode(), "invisible character U+202E"),
    ],
)
def test_a_broken_page_is_an_editors_error_and_nothing_is_written(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    content = copy_content(tmp_path)
    (content / "pages" / "about.md").unlink()
    (content / "pages" / name).write_bytes(data)
    out = tmp_path / "docs"
    result = generate(content, out)
    assert not result.ok and not out.exists()
    assert [p.message for p in result.errors if message in p.message], result.problems
    assert any(message in p.message for p in check(content).errors)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_page_linked_out_of_content_is_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# SECRET-LINE\n", "utf-8")
    content = copy_content(tmp_path)
    (content / "pages" / "about.md").unlink()
    (content / "pages" / "about.md").symlink_to(secret)
    result = generate(content, tmp_path / "docs")
    assert not result.ok
    assert "SECRET-LINE" not in " ".join(str(p) for p in result.problems)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_pages_folder_linked_out_of_content_is_refused_unread(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "about.md").write_text("# SECRET-LINE\n", "utf-8")
    content = copy_content(tmp_path)
    for page in (content / "pages").iterdir():
        page.unlink()
    (content / "pages").rmdir()
    (content / "pages").symlink_to(elsewhere)
    result = generate(content, tmp_path / "docs")
    assert not result.ok
    assert ["links out of the content folder" in p.message for p in result.errors] == [True]
    assert "SECRET-LINE" not in " ".join(str(p) for p in result.problems)

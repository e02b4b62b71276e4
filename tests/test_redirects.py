"""A renamed brief keeps its old address: ``former_ids`` become pages that lead to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.validate import validate_content
from tests.conftest import build_site, copy_content

pytestmark = pytest.mark.site

SITE_URL = "https://example.org/news/"


def rename(content: Path, index: int, new_id: str, *, former: list[str] | None = None) -> str:
    """Rename one brief (id and file), listing its old id; returns the old id."""
    brief = sorted((content / "briefs").glob("*.yaml"))[index]
    old = brief.stem
    text = brief.read_text("utf-8").replace(f"id: {old}\n", f"id: {new_id}\n", 1)
    text += "former_ids:\n" + "".join(f"  - {i}\n" for i in (former or [old]))
    (content / "briefs" / f"{new_id}.yaml").write_text(text, "utf-8")
    brief.unlink()
    return old


def test_the_old_address_leads_to_the_renamed_brief(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    brief = sorted((content / "briefs").glob("*.yaml"))[-1]
    hostile = '<script>alert(1)</script> & "quotes"'
    text = brief.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    brief.write_text(text.replace(title, f"title: '{hostile}'", 1), "utf-8")
    old = rename(content, -1, "2022-11-10-putin-skips-the-g20")

    site = build_site(tmp_path, content, env={"SITE_URL": SITE_URL})
    page = (site / "briefs" / old / "index.html").read_text("utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../2022-11-10-putin-skips-the-g20/">' in page
    assert f'<link rel="canonical" href="{SITE_URL}briefs/2022-11-10-putin-skips-the-g20/">' in page
    assert '<a href="../2022-11-10-putin-skips-the-g20/">' in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page
    assert (site / "briefs" / "2022-11-10-putin-skips-the-g20" / "index.html").is_file()


def errors(content: Path) -> list[str]:
    return [str(p) for p in validate_content(content)[1] if p.severity == "error"]


def test_a_former_id_cannot_shadow_a_brief_or_lead_to_two(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    ids = sorted(p.stem for p in (content / "briefs").glob("*.yaml"))
    rename(content, -1, "2022-11-10-renamed", former=[ids[0]])
    (found,) = errors(content)
    assert "2022-11-10-renamed.yaml:" in found and "former_ids[0]" in found
    assert f"'{ids[0]}' is the id of brief '{ids[0]}' now; remove it from here" in found

    content = copy_content(tmp_path / "two")
    rename(content, -1, "2022-11-10-renamed", former=["2022-01-01-old"])
    rename(content, -2, "2022-10-13-renamed", former=["2022-01-01-old"])
    found = errors(content)
    assert any("already a former id of brief" in line for line in found), found

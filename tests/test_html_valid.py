"""The built pages pass the Nu HTML Checker (vnu.jar, pinned by tests/validator/package-lock.json,
run with Debian's Java), except for messages that come from Material's own, unchanged markup.

``.ci/run`` installs both (``npm ci --prefix tests/validator``; Java from apt if missing).  On
a developer's machine without them the test is skipped; under CI it fails instead, so it can
never be skipped silently where it counts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

VNU = REPO / "tests" / "validator" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: One page of each kind (and a brief with a lead image), as paths in the built site.
PAGES = {
    "brief": "briefs/2022-10-11-lavrov-says-russia-open-to-talks/index.html",
    "brief with an image": "briefs/2022-11-10-putin-to-skip-g20-summit-in-bali/index.html",
    "actor": "actors/sergei-lavrov/index.html",
    "story": "stories/russia-west-talks/index.html",
    "topic": "topics/diplomacy/index.html",
    "questions": "questions/index.html",
    "home": "index.html",
    "archive": "archive/index.html",
    "not found": "404.html",
}

#: Messages that come from Material's markup, which the site does not change: each with why.
KNOWN = {
    "Attribute “autocomplete” is only allowed when the input type is": (
        "Material's drawer and search toggles are checkboxes with autocomplete=off "
        "(base.html), so that Firefox does not restore them open"
    ),
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden "
    "form control": (
        "Material's table of contents title (partials/toc.html) is a label for the __toc "
        "toggle, which only exists when the table of contents is part of the navigation"
    ),
}


def _tools() -> tuple[str, Path]:
    java = shutil.which("java")
    if java and VNU.is_file():
        return java, VNU
    message = (
        "the Nu HTML Checker needs Java and vnu.jar: sudo apt-get install default-jre-headless; "
        "npm ci --prefix tests/validator (.ci/run does both)"
    )
    if os.environ.get("CI"):
        pytest.fail(message)  # CI always validates
    pytest.skip(message)


def check(files: list[Path]) -> list[dict[str, object]]:
    """Every error and warning vnu reports for ``files`` (its informational notes left out)."""
    java, jar = _tools()
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(jar), "--format", "json", "--exit-zero-always"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages: list[dict[str, object]] = json.loads(result.stderr)["messages"]
    return [m for m in messages if m["type"] == "error" or m.get("subType") in ("warning", "fatal")]


def known(message: dict[str, object]) -> str | None:
    text = str(message.get("message", ""))
    return next((start for start in KNOWN if text.startswith(start)), None)


@pytest.mark.site
def test_one_page_of_each_kind_is_valid_html(site: Path) -> None:
    files = [site / path for path in PAGES.values()]
    assert all(f.is_file() for f in files), [str(f) for f in files if not f.is_file()]
    found = check(files)
    unknown = [
        f"{str(m.get('url', '?')).rpartition('/site/')[2]}:{m.get('lastLine')}: "
        f"{m['message']} [{str(m.get('extract', '')).strip()[:120]}]"
        for m in found
        if known(m) is None
    ]
    assert unknown == [], "\n".join(unknown)
    seen = {known(m) for m in found}
    assert set(KNOWN) <= seen, f"no longer reported, drop from KNOWN: {set(KNOWN) - seen}"


def test_the_checker_finds_invalid_markup(tmp_path: Path) -> None:
    """The check itself works: a page with a real mistake is reported."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
        '<link rel="icon" href="data:image/svg+xml,<svg a b>"></head>'
        '<body><p><div>block in a paragraph</div></p><img src="x.png"></body></html>',
        "utf-8",
    )
    messages = [str(m["message"]) for m in check([page])]
    assert any(re.search(r"Illegal character|space is not allowed", m) for m in messages)
    assert any("alt" in m for m in messages)

"""Screenshots of the home page, a brief, an actor and a story, desktop and mobile, for
README: saved by every run into tests/screenshots/, so the ones shown are always the
current ones."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from .conftest import DESKTOP, MOBILE, PAGES, OpenPage

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
DEVICES = {"desktop": DESKTOP, "mobile": MOBILE}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", ["home", "brief", "actor", "story"])
def test_screenshot(open_page: OpenPage, base_url: str, name: str, device: str):
    options = DEVICES[device]
    with open_page(**options, color_scheme="light", reduced_motion="reduce") as (page, _):
        page.goto(base_url + PAGES[name])
        png = page.screenshot(animations="disabled", caret="hide")
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}-{device}.png"
    if not path.exists() or path.read_bytes() != png:
        path.write_bytes(png)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (options["viewport"]["width"], options["viewport"]["height"])
    assert len(png) < 300_000, "keep the screenshots small"

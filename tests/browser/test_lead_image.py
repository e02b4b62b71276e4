"""A brief with a lead image (the shipped G20 brief): the image loads at once from the site
itself at the size the page declares, fits a phone, passes axe, and the page without its
image stays within the brief budget."""

from __future__ import annotations

import pytest

from .checks import TRANSFER_BUDGET, axe_violations, horizontal_overflow, is_local, transfer_size
from .conftest import MOBILE, OpenPage

G20 = "briefs/2022-11-10-putin-to-skip-g20-summit-in-bali/"
IMAGES = (".jpg", ".jpeg", ".png", ".webp")

_IMAGE = """() => {
  const img = document.querySelector("article figure img");
  const box = img.getBoundingClientRect();
  return {
    complete: img.complete, natural: [img.naturalWidth, img.naturalHeight],
    declared: [Number(img.getAttribute("width")), Number(img.getAttribute("height"))],
    loading: img.getAttribute("loading"), shown: [box.width, box.height],
    ratio: box.width / box.height, caption: img.closest("figure").querySelector("figcaption")
      .textContent.trim(),
  };
}"""


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_lead_image_loads_at_its_declared_size_and_fits(
    open_page: OpenPage, base_url: str, viewport: str
) -> None:
    options = MOBILE if viewport == "mobile" else {}
    with open_page(**options) as (page, log):
        page.goto(base_url + G20, wait_until="networkidle")
        found = page.evaluate(_IMAGE)
        assert found["complete"] and found["natural"] == found["declared"] == [1200, 675]
        assert found["loading"] is None  # above the fold: never lazy
        assert abs(found["ratio"] - 1200 / 675) < 0.02  # width and height keep its shape
        assert found["shown"][0] <= page.viewport_size["width"]  # type: ignore[index]
        assert "Illustration: News briefs" in found["caption"]
        assert horizontal_overflow(page) == []
        images = [url for url in log.requests if url.endswith(IMAGES)]
        assert images and all(is_local(url) for url in images)
        assert log.failed() == []
        total = transfer_size(log.bodies, exclude=IMAGES)
        assert total <= TRANSFER_BUDGET, total


def test_a_brief_with_a_lead_image_passes_axe(open_page: OpenPage, base_url: str) -> None:
    for scheme in ("light", "dark"):
        with open_page(color_scheme=scheme) as (page, _):
            page.goto(base_url + G20, wait_until="networkidle")
            assert axe_violations(page) == []

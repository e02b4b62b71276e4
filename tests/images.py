"""Images made with Pillow: fixtures for the tests, and the two shipped images.

``python -m tests.images`` writes the site's share image
(``overrides/assets/images/share.png``) and the example brief's neutral
illustration (``content/images/g20-illustration.png``): both drawn here, no
photograph, so they can be shipped.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[1]
INDIGO = (63, 81, 181)


def picture(
    size: tuple[int, int] = (1600, 900), mode: str = "RGB", fmt: str = "JPEG", **save: object
) -> bytes:
    """A test picture: a gradient with a few shapes (so it compresses like a photo would not,
    but resizing shows), encoded as ``fmt``."""
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 8):
        draw.rectangle([x, 0, x + 8, height], fill=(x * 255 // width, 120, 200 - x * 150 // width))
    draw.ellipse([width // 4, height // 4, width // 2, height // 2], fill=(250, 250, 250))
    if mode != "RGB":
        image = image.convert(mode)
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def share_image() -> Image.Image:
    """The site's default share image, 1200 × 630: its name on Material's indigo."""
    image = Image.new("RGB", (1200, 630), INDIGO)
    draw = ImageDraw.Draw(image)
    draw.rectangle([80, 250, 180, 262], fill=(255, 255, 255))
    draw.text((80, 280), "News briefs", font=ImageFont.load_default(96), fill=(255, 255, 255))
    subtitle = "Structured, sourced briefs on developing news stories"
    draw.text((80, 410), subtitle, font=ImageFont.load_default(36), fill=(232, 234, 246))
    return image


def illustration() -> Image.Image:
    """A neutral illustration, 1600 × 900: overlapping circles, no text, no photograph."""
    image = Image.new("RGB", (1600, 900), (28, 36, 84))
    draw = ImageDraw.Draw(image, "RGBA")
    colours = [(92, 107, 192, 150), (121, 134, 203, 130), (255, 193, 7, 110), (197, 202, 233, 90)]
    for i in range(20):
        cx, cy = 180 + (i * 367) % 1300, 140 + (i * 211) % 640
        r = 60 + (i * 53) % 180
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colours[i % len(colours)])
    return image


def main() -> None:
    share_image().save(REPO / "overrides/assets/images/share.png", optimize=True)
    illustration().save(REPO / "content/images/g20-illustration.png", optimize=True)


if __name__ == "__main__":
    main()

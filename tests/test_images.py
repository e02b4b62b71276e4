"""Lead images: strict checks with the editor's file:line:col, deterministic output made
with Pillow, written only when changed, and share metadata with absolute addresses."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from generator import images, pipeline
from generator.diagnostics import Severity
from generator.site import SiteInfo
from generator.validate import validate_content
from generator.write import OutputError
from tests.conftest import copy_content
from tests.images import picture
from tests.test_publish import head_of

BRIEF = "2022-10-13-erdogan-meets-putin-in-astana"
G20 = "2022-11-10-putin-to-skip-g20-summit-in-bali"
LAVROV = "2022-10-11-lavrov-says-russia-open-to-talks"
SITE = SiteInfo(url="https://news.example.org/briefs-site/")


def with_image(content: Path, file: str, data: bytes | None = None, brief: str = BRIEF) -> Path:
    """``content`` with ``brief`` showing the lead image ``file`` (written from ``data``)."""
    if data is not None:
        (content / file).parent.mkdir(parents=True, exist_ok=True)
        (content / file).write_bytes(data)
    path = content / "briefs" / f"{brief}.yaml"
    text = path.read_text("utf-8")
    block = (
        f"image:\n  file: {file}\n  alt: Two men shake hands.\n"
        "  caption: The meeting in Astana.\n  credit: 'Photo: Test Agency'\n"
    )
    path.write_text(text.replace("\nsummary:", f"\n{block}summary:", 1), "utf-8")
    return content


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working directory
    return copy_content(tmp_path)


def errors(content: Path) -> list[str]:
    corpus, problems = validate_content(content)
    found = [str(p) for p in problems if p.severity is Severity.ERROR]
    assert corpus is None or not found
    return found


def test_a_valid_image_is_fitted_within_1200_px(content: Path) -> None:
    with_image(content, "pictures/astana.jpg", picture((1600, 900)))
    corpus, problems = validate_content(content)
    assert corpus is not None, problems
    found = corpus.images[BRIEF]
    assert (found.width, found.height) == (1200, 675)
    assert re.fullmatch(rf"images/briefs/{BRIEF}-[0-9a-f]{{8}}\.jpg", found.path)


def _link_outside(content: Path) -> None:
    outside = content.parent / "secret.jpg"
    outside.write_bytes(picture())
    (content / "pictures").mkdir()
    (content / "pictures" / "astana.jpg").symlink_to(outside)


def _link_inside(content: Path) -> None:
    (content / "pictures").mkdir()
    (content / "pictures" / "real.jpg").write_bytes(picture())
    (content / "pictures" / "astana.jpg").symlink_to("real.jpg")


def _linked_folder(content: Path) -> None:
    (content.parent / "elsewhere").mkdir()
    (content.parent / "elsewhere" / "astana.jpg").write_bytes(picture())
    (content / "pictures").symlink_to(content.parent / "elsewhere")


def _folder(content: Path) -> None:
    (content / "pictures" / "astana.jpg").mkdir(parents=True)


def _write(data: bytes):  # type: ignore[no-untyped-def]
    def make(content: Path) -> None:
        (content / "pictures").mkdir()
        (content / "pictures" / "astana.jpg").write_bytes(data)

    return make


TRUNCATED = picture((1600, 900))[:5000]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (_link_outside, "is a symbolic link (content/pictures/astana.jpg); images are never read"),
        (_link_inside, "is a symbolic link"),
        (_linked_folder, "is inside a symbolic link (content/pictures)"),
        (_folder, "is not a regular file"),
        (_write(b"%PDF-1.4 not a picture at all"), "is not a JPEG, PNG or WebP image"),
        (_write(b""), "is not a JPEG, PNG or WebP image"),
        (
            _write(picture((400, 300))),
            "is 400 × 300 pixels; a lead image must be at least 600 × 300",
        ),
        (_write(TRUNCATED), "cannot be decoded (the file is damaged or cut short)"),
        (_write(picture((800, 600), fmt="GIF")), "is not a JPEG, PNG or WebP image"),
    ],
    ids=[
        "link-outside",
        "link-inside",
        "linked-folder",
        "folder",
        "pdf",
        "empty",
        "too-small",
        "truncated",
        "gif",
    ],
)
def test_a_bad_image_file_is_an_error_at_its_line(content: Path, setup, message: str) -> None:  # type: ignore[no-untyped-def]
    setup(content)
    with_image(content, "pictures/astana.jpg")
    found = errors(content)
    assert len(found) == 1, found
    assert found[0].startswith(f"content/briefs/{BRIEF}.yaml:"), found
    assert ": error: image.file: content/pictures/astana.jpg " in found[0]
    assert message in found[0]


def test_missing_oversize_and_huge_images_are_errors(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_image(content, "pictures/astana.jpg")
    assert "does not exist (the path is relative to the content folder)" in errors(content)[0]
    (content / "pictures").mkdir()
    (content / "pictures" / "astana.jpg").write_bytes(picture((1600, 900)))
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 1000)
    assert "MB; the limit is" in errors(content)[0]
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 20 * 1024 * 1024)
    monkeypatch.setattr(images, "MAX_PIXELS", 1_000_000)
    (content / "pictures" / "astana.jpg").write_bytes(picture((1601, 900)))  # a new file: no cache
    assert "is 1601 × 900 pixels; the limit is" in errors(content)[0]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("../outside.jpg", "leads out of the content folder"),
        ("/etc/passwd.jpg", "is an absolute path"),
        ("images/a photo.jpg", "is not a path inside the content folder"),
        ("pictures/astana.gif", "is not a JPEG, PNG or WebP file"),
    ],
)
def test_a_bad_image_path_is_an_error_with_a_hint(content: Path, file: str, message: str) -> None:
    with_image(content, f'"{file}"')
    found = errors(content)
    assert len(found) == 1 and ": error: image.file: " in found[0] and message in found[0], found


def _generate(content: Path, out: Path) -> pipeline.Result:
    result = pipeline.generate(content, out, SITE)
    assert result.ok, result.problems
    return result


def test_output_is_deterministic_upright_srgb_and_without_metadata(
    content: Path, tmp_path: Path
) -> None:
    photo = Image.open(io.BytesIO(picture((900, 1600))))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: shown 1600 wide, 900 high
    exif[0x010F] = "Camera maker"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    raw = io.BytesIO()
    photo.save(raw, "JPEG", exif=exif, icc_profile=icc, comment=b"secret comment")
    with_image(content, "pictures/astana.jpg", raw.getvalue())
    first, second = _generate(content, tmp_path / "one"), _generate(content, tmp_path / "two")
    [path] = [p for p in first.report.written if p.startswith(f"images/briefs/{BRIEF}")]  # type: ignore[union-attr]
    assert [p for p in second.report.written if p.startswith(f"images/briefs/{BRIEF}")] == [path]  # type: ignore[union-attr]
    data = (tmp_path / "one" / path).read_bytes()
    assert data == (tmp_path / "two" / path).read_bytes()
    for marker in (b"Exif", b"ICC_PROFILE", b"Camera maker", b"secret comment"):
        assert marker not in data
    made = Image.open(io.BytesIO(data))
    assert (made.format, made.mode, made.size) == ("JPEG", "RGB", (1200, 675))
    assert not made.getexif()
    page = (tmp_path / "one" / f"briefs/{BRIEF}.md").read_text("utf-8")
    assert 'width="1200" height="675"' in page


def test_transparent_png_and_webp_become_jpeg(content: Path, tmp_path: Path) -> None:
    with_image(content, "pictures/astana.png", picture((800, 600), mode="RGBA", fmt="PNG"))
    with_image(content, "images/lavrov.webp", picture((700, 700), fmt="WEBP"), brief=LAVROV)
    out = tmp_path / "docs"
    report = _generate(content, out).report
    assert report is not None
    written = [p for p in report.written if p.startswith("images/") and G20 not in p]
    sizes = sorted(Image.open(out / p).size for p in written)
    assert sizes == [(700, 700), (800, 600)]  # never enlarged
    assert all(Image.open(out / p).format == "JPEG" for p in written)


def test_images_are_written_only_when_changed(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    with_image(content, "pictures/astana.jpg", picture((1600, 900)))
    first = _generate(content, out).report
    assert first is not None
    [old] = [p for p in first.written if p.startswith(f"images/briefs/{BRIEF}")]
    again = _generate(content, out).report
    assert again is not None and again.written == [] and again.removed == []
    assert again.unchanged == first.unchanged + len(first.written)
    (content / "pictures" / "astana.jpg").write_bytes(picture((1600, 1000)))
    changed = _generate(content, out).report
    assert changed is not None
    [new] = [p for p in changed.written if p.startswith(f"images/briefs/{BRIEF}")]
    assert new != old and changed.removed == [old]  # a new address: caches never show the old
    assert f"briefs/{BRIEF}.md" in changed.written  # its size changed on the page
    assert not (out / old).exists()


def test_brief_page_markup_and_metadata(content: Path, tmp_path: Path) -> None:
    with_image(content, "pictures/astana.jpg", picture((1600, 900)))
    out = tmp_path / "docs"
    _generate(content, out)
    page = (out / f"briefs/{BRIEF}.md").read_text("utf-8")
    [name] = [f.name for f in (out / "images" / "briefs").iterdir() if f.name.startswith(BRIEF)]
    assert f'image: "{SITE.url}images/briefs/{name}"' in page
    assert 'image_alt: "Two men shake hands."' in page
    figure = page[page.index("<figure") : page.index("</figure>")]
    assert f'src="../../images/briefs/{name}"' in figure
    assert 'alt="Two men shake hands."' in figure
    assert "loading=" not in figure  # above the fold: loaded at once
    assert "The meeting in Astana." in figure and "Photo: Test Agency" in figure
    jsonld = json.loads(json.loads(re.search(r"^jsonld: (.*)$", page, re.M)[1]))  # type: ignore[index]
    [image] = jsonld["@graph"][0]["image"]
    assert image["url"] == f"{SITE.url}images/briefs/{name}"
    assert (image["width"], image["height"]) == (1200, 675)
    other = (out / "briefs/2022-10-11-lavrov-says-russia-open-to-talks.md").read_text("utf-8")
    assert "<figure" not in other and "\nimage:" not in other
    assert f'"url":"{SITE.url}assets/images/share.png"' in other.replace("\\", "")
    items = json.loads((out / "feeds/feed.json").read_text("utf-8"))["items"]
    assert {i["id"]: i.get("image") for i in items}[SITE.brief_url(BRIEF)] == image["url"]


def test_text_in_the_figure_is_escaped(content: Path, tmp_path: Path) -> None:
    with_image(content, "pictures/astana.jpg", picture((1600, 900)))
    path = content / "briefs" / f"{BRIEF}.yaml"
    text = path.read_text("utf-8").replace(
        "alt: Two men shake hands.", "alt: '\"><script>alert(1)</script> & <b>'"
    )
    path.write_text(text, "utf-8")
    out = tmp_path / "docs"
    _generate(content, out)
    page = (out / f"briefs/{BRIEF}.md").read_text("utf-8")
    assert "<script>" not in page and "<b>" not in page
    assert 'alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;"' in page


@pytest.mark.site
def test_share_metadata_in_the_built_site(site: Path) -> None:
    """The shipped G20 brief has a lead image; the others fall back to the share image."""
    with_image_page = site / "briefs" / G20 / "index.html"
    head = head_of(with_image_page)
    url = head.meta["og:image"]
    assert url.startswith("http://127.0.0.1:8000/images/briefs/") and url.endswith(".jpg")
    assert (site / url.removeprefix("http://127.0.0.1:8000/")).is_file()
    assert head.meta["twitter:card"] == "summary_large_image"
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "675")
    article = json.loads(head.jsonld[0])["@graph"][0]
    assert article["image"][0]["url"] == url
    html = with_image_page.read_text("utf-8")
    assert 'width="1200" height="675"' in html and 'loading="lazy"' not in html
    for page in (site / "index.html", site / "briefs" / BRIEF / "index.html"):
        head = head_of(page)
        assert head.meta["og:image"] == "http://127.0.0.1:8000/assets/images/share.png"
        assert head.meta["twitter:card"] == "summary"
    share = Image.open(site / "assets/images/share.png")
    assert share.size == images.DEFAULT_SHARE_SIZE


def test_the_partial_lazy_loads_below_the_fold(content: Path) -> None:
    """A listing below the fold includes the partial with ``lazy=true``."""
    from generator.render import Page
    from generator.templating import environment

    with_image(content, "pictures/astana.jpg", picture((1600, 900)))
    corpus, _ = validate_content(content)
    assert corpus is not None
    brief = next(b for b in corpus.briefs if b.id == BRIEF)
    source = '{% with lazy = true %}{% include "_lead_image.md.j2" %}{% endwith %}'
    template = environment().from_string(source)
    page = Page("index.md", "home.md.j2")
    html = template.render(corpus=corpus, brief=brief, page=page, site=SITE)
    assert 'loading="lazy"' in html and "fetchpriority" not in html
    assert f'src="images/briefs/{BRIEF}-' in html  # relative to the home page


def test_an_image_changed_or_broken_after_validation_is_one_line_not_a_traceback(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_image(content, "pictures/astana.jpg", picture((1600, 900)))
    corpus, _ = validate_content(content)
    assert corpus is not None
    found = corpus.images[BRIEF]
    (content / "pictures" / "astana.jpg").write_bytes(picture((1600, 901)))
    with pytest.raises(OutputError, match="changed while the site was being built; run again"):
        images.make(found)
    (content / "pictures" / "astana.jpg").write_bytes(picture((1600, 900)))

    def broken(image: Image.Image, size: tuple[int, int]) -> bytes:
        raise ValueError("conversion not supported")

    monkeypatch.setattr(images, "render", broken)
    with pytest.raises(OutputError, match="could not be converted for the site"):
        images.make(found)

"""Lead images: checked when content is validated, resized and compressed when the site is built.

A brief's ``image.file`` names a JPEG, PNG or WebP file in the content folder.
Validation (:func:`check_images`) reads it as strictly as any content file: a
path that leads outside the content folder, a symbolic link anywhere on the way,
a missing file, anything but a regular file, an oversize file or picture, and a
file Pillow cannot decode are errors at the brief's ``image.file`` line, with
what to do; no exception reaches the editor.  What it learns (the file's
fingerprint, the size it will be published at) goes into the corpus as a
:class:`Picture`.

The render stage then makes each picture (:func:`image_jobs`): turned upright
(EXIF orientation), converted to sRGB, fitted within :data:`MAX_SIZE` and saved
as a baseline JPEG with fixed encoder settings and no metadata at all (no EXIF,
no ICC profile, no comments), so the same input always gives the same bytes.
The file name carries a fingerprint of the source and the settings, so a
changed image gets a new address (share previews cache images by address), and
an unchanged one is neither made nor written again.
"""

from __future__ import annotations

import difflib
import errno
import functools
import hashlib
import io
import os
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from PIL import __version__ as PILLOW

from .diagnostics import display_path
from .memo import Memo, OnDisk, Output
from .write import OutputError

if TYPE_CHECKING:
    from .model import Brief, Corpus
    from .references import Checker
    from .salvage import Typed

MAX_IMAGE_BYTES = 20 * 1024 * 1024
"""The largest image file read: a camera's full-size JPEG fits; a RAW export does not."""
MAX_PIXELS = 60_000_000
"""The largest picture decoded (width × height): guards memory against a decompression bomb."""
MIN_SIZE = (600, 300)
"""The smallest picture accepted: share previews show lead images 1200 px wide."""
MAX_SIZE = (1200, 1200)
"""Pictures are fitted within this box (never enlarged)."""
QUALITY = 80
FORMATS = ("JPEG", "PNG", "WEBP")
ENCODER = f"jpeg-q{QUALITY}-420-optimize-{MAX_SIZE[0]}x{MAX_SIZE[1]}-pillow{PILLOW}"
"""Everything that decides the output's bytes besides the source: part of the file name."""
OUTPUT_DIR = "images/briefs"

DEFAULT_SHARE_IMAGE = "assets/images/share.png"
"""The site's share image (``overrides/assets/images/share.png``, committed), for pages
without a lead image; ``overrides/main.html`` names the same file."""
DEFAULT_SHARE_SIZE = (1200, 630)


@dataclass(frozen=True)
class Picture:
    """A lead image as validation found it, and where and how large it is published."""

    source: Path
    """The file, as found under the content folder."""
    digest: bytes
    """Fingerprint of the file's bytes: the render stage makes the picture from exactly these."""
    path: str
    """Where the published picture goes, relative to docs_dir."""
    width: int
    height: int
    """The published picture's size, in pixels (for the ``<img>`` and share metadata)."""


class _Refused(Exception):
    """An image file that is not used; the message says why and what to do."""


# --- validation -------------------------------------------------------------------------------


def check_images(content: Path, briefs: list[Typed[Brief]], check: Checker) -> dict[str, Picture]:
    """Check every brief's lead image; the good ones by brief id, problems into ``check``."""
    found: dict[str, Picture] = {}
    for typed in briefs:
        image = typed.value.image
        if image is None or "image" in typed.unsure or "id" in typed.unsure:
            continue
        result = inspect(content, image.file, typed.value.id)
        if isinstance(result, Picture):
            found[typed.value.id] = result
        else:
            check.error(typed.doc, ("image", "file"), result)
    return found


_SEEN: dict[tuple[Path, str], tuple[tuple[int, int, int], Picture | str]] = {}
"""Images already checked in this process, by path (and name shown), with the size, time
and inode they had: ``mkdocs serve`` validates on every save, and images rarely change."""


def inspect(content: Path, name: str, brief_id: str) -> Picture | str:
    """The :class:`Picture` that ``name`` (relative to ``content``) makes, or why it cannot
    be used (an editor's message)."""
    path = content / name
    shown = f"{display_path(content)}/{name}"  # never resolved: a link is named as written
    try:
        _no_links(content, name)
        info = os.lstat(path)
    except _Refused as exc:
        return f"{shown} {exc}"
    except FileNotFoundError:
        hint = _nearby(path, name)
        return f"{shown} does not exist (the path is relative to the content folder){hint}"
    except OSError as exc:
        return f"{shown} cannot be read: {exc.strerror or exc}"
    stamp = (info.st_size, info.st_mtime_ns, info.st_ino)
    cached = _SEEN.get((path, shown))
    if cached is not None and cached[0] == stamp:
        result = cached[1]
    else:
        result = _inspect(path, shown)
        if len(_SEEN) > 10_000:
            _SEEN.clear()
        _SEEN[path, shown] = (stamp, result)
    if isinstance(result, str):
        return result
    path_out = output_path(brief_id, result.digest)
    return Picture(path, result.digest, path_out, result.width, result.height)


def _inspect(path: Path, shown: str) -> Picture | str:
    try:
        raw = read_image(path)
    except _Refused as exc:
        return f"{shown} {exc}"
    except OSError as exc:
        return f"{shown} cannot be read: {exc.strerror or exc}"
    try:
        with _opened(raw) as image:
            width, height = _upright_size(image)
            if width * height > MAX_PIXELS:
                return (
                    f"{shown} is {width} × {height} pixels; the limit is "
                    f"{MAX_PIXELS // 1_000_000} megapixels: export it smaller"
                )
            if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
                return (
                    f"{shown} is {width} × {height} pixels; a lead image must be at least "
                    f"{MIN_SIZE[0]} × {MIN_SIZE[1]} (share previews show it "
                    f"{MAX_SIZE[0]} px wide): use a larger original"
                )
            image.load()  # decodes every pixel: a damaged or cut-short file fails here
    except _Refused as exc:
        return f"{shown} {exc}"
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return (
            f"{shown} cannot be decoded (the file is damaged or cut short): "
            "export it again as JPEG, PNG or WebP"
        )
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    return Picture(path, digest, "", *fitted((width, height)))


def fitted(size: tuple[int, int]) -> tuple[int, int]:
    """The published size of a picture of ``size``: within :data:`MAX_SIZE`, never larger."""
    width, height = size
    scale = min(1.0, MAX_SIZE[0] / width, MAX_SIZE[1] / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def output_path(brief_id: str, digest: bytes) -> str:
    """Where a brief's picture is published; a new source or new settings, a new address."""
    tag = hashlib.blake2b(digest + ENCODER.encode(), digest_size=4).hexdigest()
    return f"{OUTPUT_DIR}/{brief_id}-{tag}.jpg"


def _nearby(path: Path, name: str) -> str:
    """``; did you mean 'images/x.jpg'?`` for a file of a close name in the same folder."""
    try:
        names = [e.name for e in os.scandir(path.parent) if e.is_file(follow_symlinks=False)]
    except OSError:
        return ""
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
    folder = name.rpartition("/")[0]
    return f"; did you mean '{folder + '/' if folder else ''}{close[0]}'?" if close else ""


def _no_links(content: Path, name: str) -> None:
    """Refuse a symbolic link anywhere between the content folder and the file."""
    here = content
    walked: list[str] = []
    for part in name.split("/"):
        here, walked = here / part, [*walked, part]
        try:
            mode = os.lstat(here).st_mode
        except FileNotFoundError:
            return  # reported as missing by the caller
        if stat.S_ISLNK(mode):
            where = "" if len(walked) == name.count("/") + 1 else " inside"
            raise _Refused(
                f"is{where} a symbolic link ({display_path(content)}/{'/'.join(walked)}); "
                "images are never read through links: copy the image into the content folder"
            )


_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def read_image(path: Path) -> bytes:
    """The file's bytes: a regular file of at most :data:`MAX_IMAGE_BYTES`, never a link
    (checked with ``fstat`` before a byte is read)."""
    try:
        fd = os.open(path, _READ)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _Refused(
                "is a symbolic link; images are never read through links: "
                "copy the image into the content folder instead"
            ) from None
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise _Refused("is not a regular file: name a JPEG, PNG or WebP file")
    with os.fdopen(fd, "rb") as file:  # closes fd, however this ends
        if info.st_size > MAX_IMAGE_BYTES:
            raise _Refused(_too_big(info.st_size))
        data = file.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise _Refused(_too_big(len(data)))
    return data


def _too_big(size: int) -> str:
    return (
        f"is {size / 1024 / 1024:.1f} MB; the limit is {MAX_IMAGE_BYTES // 1024 // 1024} MB: "
        f"export it smaller (the site shows it at most {MAX_SIZE[0]} px wide)"
    )


class _opened:
    """``Image.open`` on bytes, for JPEG, PNG and WebP only, Pillow's warnings silenced."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.image: Image.Image | None = None
        self.quiet = warnings.catch_warnings()

    def __enter__(self) -> Image.Image:
        self.quiet.__enter__()
        warnings.simplefilter("ignore")
        try:
            self.image = Image.open(io.BytesIO(self.raw), formats=FORMATS)
        except UnidentifiedImageError:
            self.quiet.__exit__(None, None, None)
            raise _Refused(
                "is not a JPEG, PNG or WebP image (whatever its name says): "
                "export it as JPEG, PNG or WebP"
            ) from None
        except BaseException:
            self.quiet.__exit__(None, None, None)
            raise
        return self.image

    def __exit__(self, *exc: object) -> None:
        if self.image is not None:
            self.image.close()
        self.quiet.__exit__(None, None, None)


_TRANSPOSED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


def _upright_size(image: Image.Image) -> tuple[int, int]:
    orientation = image.getexif().get(0x0112)
    width, height = image.size
    return (height, width) if orientation in _TRANSPOSED else (width, height)


# --- the render stage -------------------------------------------------------------------------


_MADE = Memo("images")


def forget() -> None:
    _MADE.forget()
    _SEEN.clear()


"""The pictures made by the last run in this process, each from its source's fingerprint."""


def image_jobs(corpus: Corpus, on_disk: OnDisk | None = None) -> list[tuple[str, Output]]:
    """Every lead image, as the job that makes it or, unchanged since the last run in this
    process and still on disk, as unchanged."""
    _MADE.start(on_disk)
    jobs: list[tuple[str, Output]] = []
    for brief_id in sorted(corpus.images):
        picture = corpus.images[brief_id]
        made = functools.partial(make, picture)
        jobs.append((picture.path, _MADE.output(picture.path, picture, made)))
    return jobs


def make(picture: Picture) -> bytes:
    """The published picture's JPEG bytes (made in a worker when there are many).

    Raises :class:`~generator.write.OutputError` (one line, shown as it is) if the
    source changed since it was validated: its size in the page might be wrong.
    """
    shown = os.fspath(picture.source)
    try:
        raw = read_image(picture.source)
    except (_Refused, OSError):
        raw = b""
    if hashlib.blake2b(raw, digest_size=16).digest() != picture.digest:
        raise OutputError(f"{shown} changed while the site was being built; run again")
    try:
        with _opened(raw) as image:
            return render(image, (picture.width, picture.height))
    except (OSError, ValueError, SyntaxError, _Refused, Image.DecompressionBombError) as exc:
        raise OutputError(
            f"{shown} could not be converted for the site ({exc}); export it again as an "
            "8-bit RGB JPEG or PNG"
        ) from None


def render(image: Image.Image, size: tuple[int, int]) -> bytes:
    """``image`` upright, in sRGB, resized to ``size``, as a JPEG with no metadata."""
    image = ImageOps.exif_transpose(image)
    image = _srgb(image)
    if image.size != size:
        image = image.resize(size, Image.Resampling.LANCZOS)
    clean = Image.new("RGB", image.size)
    clean.paste(image)  # a new image: nothing of the source's metadata comes along
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=QUALITY, subsampling=2, optimize=True, progressive=False)
    return out.getvalue()


def _srgb(image: Image.Image) -> Image.Image:
    """The picture's colours in sRGB, on white where it was transparent."""
    profile = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    if image.mode not in ("RGB", "CMYK"):
        image = image.convert("RGB")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(image, source, _SRGB_PROFILE(), outputMode="RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a damaged profile: take the pixels as they are
    return image.convert("RGB")


@functools.cache
def _SRGB_PROFILE() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

"""Photos from the public, made safe to keep: metadata stripped, size bounded. Pure.

A phone photo carries EXIF (the place it was taken to a few metres, the time to the second,
the phone's make and serial), XMP, IPTC, an ICC profile and comments. None of it survives:
the pixels are decoded (turned upright as the EXIF orientation says), copied into a new image
that holds nothing else, scaled down and encoded again as a plain JPEG. A photo is untrusted
input: its pixel count is checked before decoding (decompression bombs are refused).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024  # as sent, before cleaning
MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; more is refused before decoding
MAX_SIDE = 2048  # larger photos are scaled down: enough to see, small to keep and send
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
QUALITY = 85


class PhotoRefused(ValueError):
    """The file is empty, too large, not a JPEG/PNG/WebP picture, or has too many pixels."""


@dataclass(frozen=True)
class CleanPhoto:
    """A photo re-encoded as JPEG without any metadata."""

    content: bytes
    width: int
    height: int
    sha256: str
    content_type: str = "image/jpeg"


def clean(content: bytes) -> CleanPhoto:
    """The photo's pixels only, upright, at most MAX_SIDE wide or high, as a new JPEG."""
    if not content:
        raise PhotoRefused("the photo is empty")
    if len(content) > MAX_BYTES:
        raise PhotoRefused("the photo is larger than 5 MB")
    pixels = _decoded(content)
    pixels.thumbnail((MAX_SIDE, MAX_SIDE))
    bare = Image.new("RGB", pixels.size, "white")  # a new image: no info, no EXIF, no profile
    bare.paste(pixels, mask=pixels.getchannel("A") if pixels.mode == "RGBA" else None)
    out = io.BytesIO()
    bare.save(out, format="JPEG", quality=QUALITY, optimize=True)
    data = out.getvalue()
    return CleanPhoto(data, bare.width, bare.height, hashlib.sha256(data).hexdigest())


def _decoded(content: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(content))
            if opened.format not in ACCEPTED_FORMATS:
                raise PhotoRefused("only JPEG, PNG and WebP photos are accepted")
            if opened.width * opened.height > MAX_PIXELS:
                raise PhotoRefused("the photo has too many pixels")
            upright = ImageOps.exif_transpose(opened)
            return upright.convert("RGBA" if _has_alpha(upright) else "RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, Warning) as error:
        raise PhotoRefused(f"the file is not a readable photo ({type(error).__name__})") from None


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )

"""Reading QR codes from photos (server side, so an uploaded picture works without JavaScript).

zxing-cpp finds and decodes the code; Pillow opens the picture. A photo is untrusted input: its
size and pixel count are limited before decoding, and every failure is a QRUnreadable.
"""

from __future__ import annotations

import io
import warnings

import zxingcpp
from PIL import Image, ImageOps, UnidentifiedImageError

from passage.errors import Refusal

MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; more is refused before decoding
MAX_SIDE = 2400  # larger pictures are scaled down first: QR codes stay readable, decoding is fast


QR_FORMATS = zxingcpp.barcode_formats_from_str("QRCode")


class QRUnreadable(Refusal):
    """The picture is not an image, or holds no readable QR code."""


def read_qr_image(data: bytes) -> str:
    """Return the text of the first QR code found in a PNG/JPEG/WebP/GIF picture."""
    image = _open(data)
    for candidate in (image, ImageOps.autocontrast(image)):
        found = zxingcpp.read_barcodes(candidate, formats=QR_FORMATS)
        texts = [result.text for result in found if result.valid and result.text]
        if texts:
            return texts[0]
    raise QRUnreadable("no QR code could be read in the picture")


def _open(data: bytes) -> Image.Image:
    if not data:
        raise QRUnreadable("the picture is empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data))
            if opened.width * opened.height > MAX_PIXELS:
                raise QRUnreadable("the picture has too many pixels")
            image = ImageOps.exif_transpose(opened).convert("L")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, Warning) as error:
        raise QRUnreadable(
            "the file is not a readable picture (%(kind)s)", params={"kind": type(error).__name__}
        ) from None
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image

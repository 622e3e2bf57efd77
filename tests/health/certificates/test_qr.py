"""Reading QR codes from photos on the server (zxing-cpp), with untrusted pictures refused."""

from __future__ import annotations

import io

import pytest
import segno
from PIL import Image

from passage.health.certificates.qr import MAX_PIXELS, QRUnreadable, read_qr_image

TEXT = "HC1:NCFOXN%TS3DHMRG2FUPNR9/MPV45NL-AH%TAIOOW%IHOT$E08WAWN0%W0AT4V22F/8X*G3M9JUPY0BX/KR96R"


def png(text: str = TEXT, scale: int = 4) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def photo_like(data: bytes) -> bytes:
    """The code as a phone would see it: rotated, on a grey page, smaller, as a JPEG."""
    code = Image.open(io.BytesIO(data)).convert("L").rotate(12, expand=True, fillcolor=255)
    page = Image.new("L", (code.width + 300, code.height + 200), 200)
    page.paste(code, (150, 100))
    buffer = io.BytesIO()
    page.convert("RGB").save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def test_a_clean_png_is_read():
    assert read_qr_image(png()) == TEXT


def test_a_rotated_jpeg_photo_is_read():
    assert read_qr_image(photo_like(png(scale=6))) == TEXT


def test_a_large_photo_is_scaled_down_and_still_read():
    big = Image.open(io.BytesIO(png(scale=70)))
    buffer = io.BytesIO()
    big.save(buffer, format="PNG")
    assert max(big.size) > 2400
    assert read_qr_image(buffer.getvalue()) == TEXT


@pytest.mark.parametrize("data", [b"", b"not a picture", b"\x89PNG\r\n\x1a\n broken"])
def test_garbage_is_refused(data):
    with pytest.raises(QRUnreadable):
        read_qr_image(data)


def test_a_picture_without_a_code_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), "white").save(buffer, format="PNG")
    with pytest.raises(QRUnreadable, match="no QR code"):
        read_qr_image(buffer.getvalue())


def test_a_picture_with_too_many_pixels_is_refused_before_decoding():
    side = int(MAX_PIXELS**0.5) + 100
    buffer = io.BytesIO()
    Image.new("1", (side, side), 1).save(buffer, format="PNG")
    with pytest.raises(QRUnreadable):
        read_qr_image(buffer.getvalue())

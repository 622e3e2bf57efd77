"""From raw text to MRZ lines: normalisation, format detection, length recovery."""

from __future__ import annotations

from typing import NamedTuple

from passage.border.mrz.checkdigit import DELETE_LEGAL, FILLER
from passage.border.mrz.result import MRZUnreadable

# Lines this many characters short or long are padded or cut (and reported), not refused.
LENGTH_TOLERANCE = 3
WIDTHS = {2: (44, 36), 3: (30,)}
# One concatenated string: its length gives the line count and width.
CONCATENATED = {88: (2, 44), 72: (2, 36), 90: (3, 30)}


class Lines(NamedTuple):
    """Normalised MRZ lines, the detected format and any length problems."""

    format: str
    lines: list[str]
    errors: list[str]


def _clean(text: str) -> list[str]:
    """Split into lines, drop every whitespace character and empty lines, uppercase."""
    if not isinstance(text, str):
        raise MRZUnreadable(
            "MRZ text must be a string, not %(kind)s", params={"kind": type(text).__name__}
        )
    lines = ["".join(line.split()) for line in text.upper().splitlines()]
    return [line for line in lines if line]


def _check_characters(lines: list[str]) -> None:
    for number, line in enumerate(lines, start=1):
        illegal = line.translate(DELETE_LEGAL)
        if illegal:
            position = line.index(illegal[0]) + 1
            char = illegal[0]
            raise MRZUnreadable(
                "line %(line)s, position %(position)s: illegal character '%(char)s' "
                "(an MRZ holds only A-Z, 0-9 and '<')",
                params={"line": number, "position": position, "char": char},
            )


def _split_concatenated(line: str) -> list[str]:
    shape = CONCATENATED.get(len(line))
    if shape is None:
        raise MRZUnreadable(
            "one line of %(length)s characters: expected 2 or 3 lines, "
            "or one string of 88 (TD3, MRV-A), 72 (TD2, MRV-B) or 90 (TD1) characters",
            params={"length": len(line)},
        )
    count, width = shape
    return [line[i * width : (i + 1) * width] for i in range(count)]


def _width(lines: list[str]) -> int:
    """The line width every line is within tolerance of, or MRZUnreadable."""
    widths = WIDTHS.get(len(lines))
    if widths is None:
        raise MRZUnreadable(
            "%(count)s lines: an MRZ has 2 lines (TD2, TD3, MRV) or 3 (TD1)",
            params={"count": len(lines)},
        )
    for width in widths:
        if all(abs(len(line) - width) <= LENGTH_TOLERANCE for line in lines):
            return width
    lengths = ", ".join(str(len(line)) for line in lines)
    expected = " or ".join(f"{len(lines)}x{width}" for width in widths)
    raise MRZUnreadable(
        "%(count)s lines of lengths %(lengths)s: expected %(expected)s",
        params={"count": len(lines), "lengths": lengths, "expected": expected},
    )


def _fit(lines: list[str], width: int) -> tuple[list[str], list[str]]:
    """Pad short lines with fillers and cut long ones, reporting each."""
    errors = []
    fitted = []
    for number, line in enumerate(lines, start=1):
        if len(line) != width:
            errors.append(f"line {number} length {len(line)}, expected {width}")
            line = line[:width].ljust(width, FILLER)
        fitted.append(line)
    return fitted, errors


def _format_name(count: int, width: int, first: str) -> str:
    if count == 3:
        return "TD1"
    if first == "V":
        return "MRV-A" if width == 44 else "MRV-B"
    return "TD3" if width == 44 else "TD2"


def _exact(text: str) -> Lines | None:
    """The common case: well-formed lines of the right width and legal characters only."""
    lines = text.upper().split()
    count = len(lines)
    if count not in WIDTHS:
        return None
    width = len(lines[0])
    joined = "".join(lines)
    if len(joined) != width * count or len(lines[-1]) != width or width not in WIDTHS[count]:
        return None
    if joined.translate(DELETE_LEGAL):
        return None
    return Lines(_format_name(count, width, lines[0][0]), lines, [])


def read_lines(text: str) -> Lines:
    """Normalise `text` into MRZ lines and detect the format; MRZUnreadable when impossible."""
    if isinstance(text, str):
        exact = _exact(text)
        if exact is not None:
            return exact
    lines = _clean(text)
    if not lines:
        raise MRZUnreadable("no MRZ text")
    _check_characters(lines)
    if len(lines) == 1:
        lines = _split_concatenated(lines[0])
    width = _width(lines)
    lines, errors = _fit(lines, width)
    return Lines(_format_name(len(lines), width, lines[0][0]), lines, errors)

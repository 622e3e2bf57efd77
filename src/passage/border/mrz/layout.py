"""Where each field and check digit of the five Doc 9303 MRZ formats sits."""

from __future__ import annotations

from typing import NamedTuple

from passage.border.mrz.work import Span, Spot


class CheckSpec(NamedTuple):
    """One check digit: the data it covers, where it is printed, how its data may be corrected."""

    name: str
    spans: tuple[Span, ...]
    spot: Spot
    mode: str  # numeric | alphanumeric | optional (TD3 personal number) | fixed (composite)


def _spec(name: str, mode: str, spot: Spot, *spans: Span) -> CheckSpec:
    return CheckSpec(name, spans, spot, mode)


def _two_line_specs(composite: CheckSpec | None, optional: CheckSpec | None) -> tuple:
    """Dates first: their corrections are certain, and the others are confirmed after them."""
    # Index 2 is always the document number (the parse and _long_number rely on it).
    specs = [
        _spec("birth_date", "numeric", (1, 19), (1, 13, 19)),
        _spec("expiry_date", "numeric", (1, 27), (1, 21, 27)),
        _spec("document_number", "alphanumeric", (1, 9), (1, 0, 9)),
    ]
    return (*specs, *(spec for spec in (optional, composite) if spec is not None))


# Composite check digits: TD1 covers line 1 from the document number on plus line 2's dates and
# optional data; TD2 and TD3 cover line 2's document number, birth date, expiry, optional data.
TD1_COMPOSITE = _spec("composite", "fixed", (1, 29), (0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29))
TD2_COMPOSITE = _spec("composite", "fixed", (1, 35), (1, 0, 10), (1, 13, 20), (1, 21, 35))
TD3_COMPOSITE = _spec("composite", "fixed", (1, 43), (1, 0, 10), (1, 13, 20), (1, 21, 43))
SPECS: dict[str, tuple[CheckSpec, ...]] = {
    "TD1": (
        _spec("birth_date", "numeric", (1, 6), (1, 0, 6)),
        _spec("expiry_date", "numeric", (1, 14), (1, 8, 14)),
        _spec("document_number", "alphanumeric", (0, 14), (0, 5, 14)),
        TD1_COMPOSITE,
    ),
    "TD2": _two_line_specs(TD2_COMPOSITE, None),
    "TD3": _two_line_specs(TD3_COMPOSITE, _spec("optional_data", "optional", (1, 42), (1, 28, 42))),
    "MRV-A": _two_line_specs(None, None),
    "MRV-B": _two_line_specs(None, None),
}
COMPOSITES = {"TD1": TD1_COMPOSITE, "TD2": TD2_COMPOSITE, "TD3": TD3_COMPOSITE}
# Where the optional data after the document number sits (TD1 line 1, the others line 2).
OPTIONAL: dict[str, Span] = {
    "TD1": (0, 15, 30),
    "TD2": (1, 28, 35),
    "TD3": (1, 28, 42),
    "MRV-A": (1, 28, 44),
    "MRV-B": (1, 28, 36),
}

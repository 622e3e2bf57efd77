"""The demo world's reference data: countries, airports and the demo crossings
(`geo/data/crossings.csv`). Idempotent: loading again changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from passage.geo import service

CROSSINGS_FILE = Path(__file__).parent / "data" / "crossings.csv"


def crossing_codes() -> list[str]:
    """The codes of the demo crossings, in file order."""
    lines = CROSSINGS_FILE.read_text(encoding="utf-8").splitlines()[1:]
    return [line.split(",", 1)[0] for line in lines]


def load_reference(session: Session, *, airports: bool = True) -> None:
    """Countries, airports and the demo crossings."""
    service.load_countries(session=session)
    if airports:
        service.load_airports(session=session)
    text = CROSSINGS_FILE.read_text(encoding="utf-8")
    report = service.import_poes_csv(session=session, text=text, source="demo crossings")
    if report.rejected:
        raise RuntimeError(f"demo crossings rejected: {report.rejected}")

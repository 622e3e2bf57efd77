"""The shape of every import's outcome: counts plus each rejected row with line and reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class RowError:
    """One rejected input row: its line in the file, the field at fault and why."""

    line: int
    reason: str
    field: str | None = None


@dataclass
class ImportReport:
    """What an import did; re-importing the same file reports everything unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no row was rejected."""
        return not self.rejected

    def reject(self, line: int, reason: str, field: str | None = None) -> None:
        """Record a rejected row."""
        self.rejected.append(RowError(line, reason, field))

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [asdict(error) for error in self.rejected],
        }

"""The shape of every import's outcome (counts plus each rejected row with line and reason),
and the writing of an import's rows in bounded batches, each its own transaction."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from passage.errors import PassageError
from passage.kit.i18n import N_

logger = logging.getLogger("passage.imports")
Row = TypeVar("Row")
# Commits a batch (`passage.db.commit_batch`); None: the caller's one transaction.
Checkpoint = Callable[[], None]
# Input rows per batch: on SQLite a batch holds the write lock, never the whole import.
BATCH_ROWS = 1_000
STOPPED = N_(
    "the import stopped after %(kept)s rows were written and kept; importing the same file "
    "again completes it (%(reason)s)"
)


@dataclass(frozen=True)
class RowError:
    """One rejected input row: its line in the file, the field at fault and why (in English;
    with the catalogue `template` and `params` it came from, a page shows it in the reader's
    language)."""

    line: int
    reason: str
    field: str | None = None
    template: str | None = None
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)


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

    def reject_error(self, line: int, error: PassageError, field: str | None = None) -> None:
        """Record a row rejected by an error, kept translatable (its template and values)."""
        where = field or error.field
        self.rejected.append(RowError(line, error.message, where, error.template, error.params))

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [
                {"line": error.line, "reason": error.reason, "field": error.field}
                for error in self.rejected
            ],
        }

    def stored(self) -> dict[str, object]:
        """The JSON-ready form a job keeps: each rejected row also keeps its catalogue template
        and values, so that its page shows the reason in the reader's language."""
        rejected = [
            {"line": e.line, "reason": e.reason, "field": e.field}
            | {"template": e.template, "params": dict(e.params)}
            for e in self.rejected
        ]
        return {**self.to_dict(), "rejected": rejected}


class Progress(Protocol):
    """Rows done of the total (a background job's progress, `passage.background`)."""

    total: int | None

    def add(self, rows: int = 1) -> None:
        """Count rows done."""


# Seconds a client waits before importing again when the lock was not obtained (as main.py
# answers a busy database).
RETRY_AFTER = 5


class ImportStopped(PassageError):
    """An import failed after some of its batches were committed: those rows are kept."""

    status = 500
    error = "import_stopped"

    def __init__(self, kept: int, cause: BaseException):
        reason = cause.message if isinstance(cause, PassageError) else type(cause).__name__
        super().__init__(STOPPED, params={"kept": kept, "reason": reason})
        self.retry_after: int | None = None
        if isinstance(cause, PassageError):
            self.status = cause.status
            self.retry_after = getattr(cause, "retry_after", None)
        elif "database is locked" in str(cause):  # SQLite's lock not obtained: busy, retry
            self.status = 503
            self.retry_after = RETRY_AFTER
        self.kept = kept


def write_in_batches(
    rows: Sequence[Row],
    write: Callable[[Sequence[Row]], int],
    *,
    checkpoint: Checkpoint | None,
    progress: Progress | None = None,
) -> None:
    """Write `rows` BATCH_ROWS at a time: `write(batch)` returns how many rows it wrote, and a
    batch that wrote any is committed by `checkpoint` (a batch of unchanged rows takes no
    lock). A failure after a committed batch raises ImportStopped naming the rows kept."""
    size, kept = BATCH_ROWS, 0
    for start in range(0, len(rows), size):
        batch = rows[start : start + size]
        try:
            written = write(batch)
            if written and checkpoint is not None:
                checkpoint()
                kept += written
        except Exception as error:
            if kept:
                if not isinstance(error, PassageError):
                    logger.exception("import stopped after %d rows were written", kept)
                raise ImportStopped(kept, error) from error
            raise
        if progress is not None:
            progress.add(len(batch))

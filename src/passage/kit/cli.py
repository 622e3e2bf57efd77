"""Helpers for the thin CLI commands: a transaction with a CLI actor, JSON output, progress."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from passage.db import transaction
from passage.kit import audit


@contextmanager
def cli_transaction(purpose: str | None = None) -> Iterator[Session]:
    """One unit of work for a command, audited as the command-line operator."""
    with transaction() as session:
        audit.set_context(session, audit.AuditContext("cli", None, None, purpose))
        yield session


def print_json(value: Any) -> None:
    """Print a JSON document on stdout."""
    print(json.dumps(value, indent=2, ensure_ascii=False, default=str))

"""The kinds of records that travel on the feed, each declared by the domain that owns it.

A domain publishes its records' changes with `feed.record_change` and registers a
`RecordKind` (from its `Domain.on_install`) that applies a partner's entries of that kind to
its records, says what a local record looks like for the conflict review, and applies a held
change over a local edit. The exchange itself knows only its signing keys (`key`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from passage.exchange.appliers import Context
    from passage.exchange.entries import FeedEntryIn
    from passage.exchange.models import ImportConflict, Partner

Apply = Callable[[Session, "Context", "FeedEntryIn", str], str]
LocalContent = Callable[[Session, uuid.UUID], dict[str, Any] | None]
Accept = Callable[[Session, "ImportConflict", "Partner"], None]


@dataclass(frozen=True)
class RecordKind:
    """One kind of feed entry: how to apply it here and how its conflicts are reviewed.

    `apply` returns the outcome (imported, updated, unchanged, conflicts) and raises before it
    writes anything when the content is bad; `label` and `titles` (action -> title) are English
    messages marked with `N_`; `local_content` gives a local record as the feed would carry it
    (None: the kind never conflicts); `accept` applies a held change over a local edit and
    raises `Conflict` with the reason when that cannot be done."""

    name: str
    label: str
    titles: Mapping[str, str]
    apply: Apply
    local_content: LocalContent | None = None
    accept: Accept | None = None


_kinds: dict[str, RecordKind] = {}


def register(kind: RecordKind) -> None:
    """Make a kind of entry known to the feed and the importer (once per name)."""
    if _kinds.get(kind.name, kind) is not kind:
        raise ValueError(f"the feed kind {kind.name!r} is registered twice")
    _kinds[kind.name] = kind


def get(name: str) -> RecordKind | None:
    """The kind registered under a name, if any."""
    return _kinds.get(name)


def names() -> tuple[str, ...]:
    """Every registered kind, in registration order."""
    return tuple(_kinds)


def title(name: str, action: str) -> str:
    """The English title of an entry (Atom), e.g. "Measure published"."""
    kind = _kinds.get(name)
    return kind.titles.get(action, f"{name} {action}") if kind else f"{name} {action}"

"""Pulling a partner's feed page by page: each page is verified and imported in its own
transaction together with the partner's new cursor, so an interrupted pull resumes where the
last committed page ended and never imports an entry twice."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from passage import __version__
from passage.db import transaction
from passage.errors import Invalid, NotFound, PassageError
from passage.exchange import importer, repository
from passage.exchange.importer import ImportReport
from passage.exchange.models import Partner
from passage.kit.clock import as_utc, utcnow

FEED_PATH = "/api/v1/exchange/feed"
PAGE_SIZE = 200
MAX_PAGE_SIZE = 1000
TIMEOUT_SECONDS = 30.0


class PullError(Exception):
    """The partner's feed could not be read (network, HTTP status, not a feed page)."""


def feed_url_of(url: str) -> str:
    """The feed address for a deployment's base URL or feed URL (http or https)."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid("give the partner's http:// or https:// address", field="feed_url")
    return url + FEED_PATH if parts.path in ("", "/") else url


@dataclass(frozen=True)
class FeedPage:
    """A page of a partner's feed as received."""

    entries: list[Any]
    head: int | None
    has_more: bool


@dataclass
class PullReport:
    """What one pull did: pages read, cursors, the import counts, the error that stopped it."""

    partner: str
    cursor_before: int
    cursor_after: int = 0
    pages: int = 0
    head: int | None = None
    imports: ImportReport = field(default_factory=ImportReport)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "partner": self.partner,
            "cursor_before": self.cursor_before,
            "cursor_after": self.cursor_after,
            "pages": self.pages,
            "head": self.head,
            "error": self.error,
            **self.imports.to_dict(),
        }


def fetch_page(client: httpx.Client, url: str, *, after: int, limit: int) -> FeedPage:
    """One page of a feed after a cursor; PullError when it cannot be read."""
    try:
        response = client.get(url, params={"after": after, "limit": limit})
    except httpx.HTTPError as error:
        raise PullError(f"{url}: {type(error).__name__}: {error}") from None
    if response.status_code != 200:
        raise PullError(f"{url}: HTTP {response.status_code}: {response.text[:200]}")
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise PullError(f"{url}: the answer is not JSON") from None
    if not isinstance(body, dict) or not isinstance(body.get("entries"), list):
        raise PullError(f"{url}: the answer is not a Passage feed page")
    head = body.get("head") if type(body.get("head")) is int else None
    return FeedPage(body["entries"], head, body.get("has_more") is True)


def page_cursors(page: FeedPage) -> list[int]:
    """The cursors of a page's entries; PullError unless they strictly increase."""
    cursors: list[int] = []
    for entry in page.entries:
        cursor = entry.get("cursor") if isinstance(entry, dict) else None
        if type(cursor) is not int:
            raise PullError("a feed entry has no integer cursor")
        cursors.append(cursor)
    if any(b <= a for a, b in pairwise(cursors)):
        raise PullError("the page's cursors do not increase")
    return cursors


def _client() -> httpx.Client:
    headers = {"Accept": "application/json", "User-Agent": f"Passage/{__version__}"}
    return httpx.Client(timeout=TIMEOUT_SECONDS, headers=headers, follow_redirects=False)


def pull(
    partner_id: uuid.UUID,
    *,
    factory: sessionmaker[Session] | None = None,
    client: httpx.Client | None = None,
    page_size: int = PAGE_SIZE,
    max_pages: int | None = None,
) -> PullReport:
    """Read the partner's feed from its cursor to the end (or `max_pages`), page by page."""
    with transaction(factory) as session:
        partner = repository.get_partner(session, partner_id)
        if partner is None:
            raise NotFound("no such partner")
        report = PullReport(partner.name, partner.cursor, partner.cursor)
        url = partner.feed_url
    http = client or _client()
    try:
        _pull_pages(
            http, url, partner_id, report, factory, min(page_size, MAX_PAGE_SIZE), max_pages
        )
    except PullError as error:
        report.error = str(error)[:1000]
    finally:
        if client is None:
            http.close()
    with transaction(factory) as session:
        _record_outcome(session, partner_id, report)
    return report


def _pull_pages(
    http: httpx.Client,
    url: str,
    partner_id: uuid.UUID,
    report: PullReport,
    factory: sessionmaker[Session] | None,
    page_size: int,
    max_pages: int | None,
) -> None:
    while True:
        page = fetch_page(http, url, after=report.cursor_after, limit=page_size)
        cursors = page_cursors(page)
        try:
            with transaction(factory) as session:
                report.cursor_after = _import_page(session, partner_id, page, cursors, report)
        except (SQLAlchemyError, PassageError) as error:
            detail = getattr(error, "message", None) or str(error).splitlines()[0]
            raise PullError(
                f"the page after cursor {report.cursor_after} could not be stored, nothing of it "
                f"was kept: {type(error).__name__}: {detail[:300]}"
            ) from None
        report.pages, report.head = report.pages + 1, page.head
        if not page.has_more or not cursors or (max_pages and report.pages >= max_pages):
            return


def _import_page(
    session: Session, partner_id: uuid.UUID, page: FeedPage, cursors: list[int], report: PullReport
) -> int:
    """Import a page's new entries and move the cursor past them, in one transaction."""
    partner = repository.get_partner(session, partner_id, lock=True)
    if partner is None:
        raise PullError("the partner was removed during the pull")
    fresh = [e for e, c in zip(page.entries, cursors, strict=True) if c > partner.cursor]
    result = importer.import_entries(session, partner=partner, entries=fresh, via="pull")
    report.imports.merge(result)
    partner.cursor = max([partner.cursor, *cursors])
    partner.remote_head = max(partner.remote_head or 0, page.head or 0, partner.cursor)
    note_published(partner, fresh)
    return partner.cursor


def note_published(partner: Partner, entries: list[Any]) -> None:
    """Remember the publication time of the newest entry received (for the lag shown)."""
    for entry in entries:
        try:
            published = as_utc(datetime.fromisoformat(str(entry["published_at"])))
        except (KeyError, TypeError, ValueError):
            continue
        if partner.last_entry_published_at is None or published > partner.last_entry_published_at:
            partner.last_entry_published_at = published


def _record_outcome(session: Session, partner_id: uuid.UUID, report: PullReport) -> None:
    partner = repository.get_partner(session, partner_id, lock=True)
    if partner is None:
        return
    now = utcnow()
    partner.last_attempt_at, partner.lease_until = now, None
    interval = partner.pull_interval_minutes
    partner.next_pull_at = now + timedelta(minutes=interval) if interval else None
    if report.error:
        partner.last_error, partner.error_count = report.error, partner.error_count + 1
        return
    partner.last_success_at, partner.error_count = now, 0
    partner.last_error = _rejections_note(report.imports)


def _rejections_note(imports: ImportReport) -> str | None:
    if not imports.rejected:
        return None
    first = imports.rejected[0]
    return (
        f"{len(imports.rejected)} entries rejected; first (cursor {first.cursor}): {first.reason}"
    )

"""The feed as Atom (RFC 4287), paged as RFC 5005 describes: newest entries first, rel="next"
to older ones. Each Atom entry carries the signed JSON entry as its content. Pure: no I/O."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from passage.exchange import kinds
from passage.exchange.entries import signed_entry
from passage.kit.clock import iso_z

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class AtomEntry:
    """What the Atom view needs of one feed entry."""

    id: str
    cursor: int
    kind: str
    action: str
    published_at: datetime
    document: dict[str, Any]


def atom_entry(row: Any) -> AtomEntry:
    """The Atom view of a stored feed entry (its signed JSON included)."""
    return AtomEntry(
        id=str(row.id),
        cursor=row.cursor,
        kind=row.kind,
        action=row.action,
        published_at=row.published_at,
        document=signed_entry(row.payload, row.signature),
    )


def _summary(entry: AtomEntry) -> str:
    content = entry.document.get("content", {})
    label = kinds.title(entry.kind, entry.action)
    subject = (
        content.get("title") or content.get("identifier") or content.get("poe", {}).get("name")
    )
    country = content.get("country_iso3") or content.get("poe", {}).get("country_iso3")
    parts = [label, country, subject]
    effective = entry.document.get("effective_from")
    text = " · ".join(str(part) for part in parts if part)
    return f"{text} (from {effective})" if effective else text


def render(
    entries: Sequence[AtomEntry],
    *,
    feed_id: str,
    title: str,
    author: str,
    self_url: str,
    next_url: str | None,
    alternate_url: str,
    updated: datetime,
) -> bytes:
    """The Atom document of a page of entries (newest first)."""
    feed = Element("feed", xmlns=ATOM)
    SubElement(feed, "id").text = feed_id
    SubElement(feed, "title").text = title
    SubElement(feed, "updated").text = iso_z(updated)
    SubElement(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    SubElement(feed, "link", rel="alternate", href=alternate_url, type="application/json")
    if next_url:
        SubElement(feed, "link", rel="next", href=next_url, type="application/atom+xml")
    SubElement(SubElement(feed, "author"), "name").text = author
    for entry in entries:
        _entry(feed, entry)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(feed, encoding="unicode").encode()


def _entry(feed: Element, entry: AtomEntry) -> None:
    node = SubElement(feed, "entry")
    SubElement(node, "id").text = f"urn:uuid:{entry.id}"
    SubElement(node, "title").text = _summary(entry)
    SubElement(node, "updated").text = iso_z(entry.published_at)
    SubElement(node, "published").text = iso_z(entry.published_at)
    SubElement(node, "category", term=entry.kind, label=entry.action)
    content = SubElement(node, "content", type="application/json")
    content.text = json.dumps(entry.document, ensure_ascii=False, sort_keys=True)

"""Values that keep their own reading order in a right-to-left page: moments in UTC, phone
numbers and e-mail addresses. Each is isolated (`dir="ltr"`), so that in Arabic
"2026-12-01 09:30 UTC" is not shown as "UTC 09:30 2026-12-01" nor "+254 712 345 678" as
"678 345 712 254+". And an import's reasons for rejecting rows, in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup, escape

from passage.errors import worded
from passage.kit.i18n import gettext_


def utc_time(moment: datetime | None, seconds: bool = False) -> Markup:
    """A stored moment as `<time>` in UTC, e.g. 2026-12-01 09:30 UTC ("" when there is none)."""
    if moment is None:
        return Markup("")
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    shown = moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M") + " UTC"
    stamp = moment.replace(tzinfo=UTC).isoformat()
    return Markup('<time datetime="{}" dir="ltr">{}</time>').format(stamp, shown)


def ltr(value: object) -> Markup:
    """Text written left to right whatever the page's direction (a phone number, an e-mail)."""
    if value is None or value == "":
        return Markup("")
    return Markup('<bdi dir="ltr">{}</bdi>').format(escape(str(value)))


def row_reason(error: object) -> str:
    """Why an import rejected a row, in the reader's language: the catalogue template it came
    from translated, then its values filled in (a row of an older report: its English text)."""

    def part(name: str) -> Any:
        return error.get(name) if isinstance(error, Mapping) else getattr(error, name, None)

    template, params = part("template"), part("params") or {}
    if not template:
        return str(part("reason") or "")
    return gettext_(str(template)) % worded(params) if params else gettext_(str(template))

"""Values that keep their own reading order in a right-to-left page: moments in UTC, phone
numbers and e-mail addresses. Each is isolated (`dir="ltr"`), so that in Arabic
"2026-12-01 09:30 UTC" is not shown as "UTC 09:30 2026-12-01" nor "+254 712 345 678" as
"678 345 712 254+"."""

from __future__ import annotations

from datetime import UTC, datetime

from markupsafe import Markup, escape


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

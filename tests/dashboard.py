"""Reading the dashboard's work-queue cards in tests."""

from __future__ import annotations

import re


def dashboard_figure(page: str, href: str) -> int:
    """The count of the dashboard card linking to a filtered list (fails if there is none)."""
    page = page.replace("&amp;", "&")
    card = rf'<a class="card" href="{re.escape(href)}"><h2>[^<]+</h2><p class="figure">(\d+)</p>'
    found = re.search(card, page)
    assert found, f"no dashboard card links to {href}"
    return int(found.group(1))

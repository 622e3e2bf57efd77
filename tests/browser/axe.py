"""axe-core (from npm, node_modules/axe-core) run over a page: WCAG 2.1 A and AA rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page: Page) -> list[dict[str, Any]]:
    """The axe violations of the page as it is now (rule id, impact, the first targets)."""
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (package.json)"
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")  # CDP, not an inline script
    found = page.evaluate(
        "async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations",
        TAGS,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"][:3]]}
        for v in found
    ]


def assert_accessible(page: Page) -> None:
    """No axe violation on the page."""
    found = violations(page)
    assert found == [], f"{page.url}: {found}"

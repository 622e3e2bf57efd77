"""The exchange pages in a real browser: an administrator follows a partner deployment by
keyboard (a bad keys document keeps what was typed), sees its shared webhook secret once, asks
for a pull; the feed and keys are public JSON."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_shell import ADMIN, sign_in
from tests.exchange.factories import RemoteDeployment

pytestmark = pytest.mark.browser


def test_an_administrator_follows_a_partner_by_keyboard(page: Page) -> None:
    sign_in(page, ADMIN)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exchange").click()
    expect(
        page.get_by_role("heading", level=1, name="Exchange with other deployments")
    ).to_be_visible()
    remote = RemoteDeployment("Partner by keyboard")
    page.get_by_label("Name", exact=True).first.fill(remote.name)
    page.get_by_label("Address (base URL or feed URL)").fill("https://partner.example.org")
    page.get_by_label("Keys document (JSON)").fill("{not a keys document")
    page.get_by_label("Pull every (minutes; blank: manual)").press("Enter")  # submits the form
    expect(page.get_by_role("alert")).to_contain_text("not JSON")
    expect(page.get_by_label("Keys document (JSON)")).to_have_value("{not a keys document")
    page.get_by_label("Keys document (JSON)").fill(json.dumps(remote.keys_document()))
    page.get_by_label("Also accept its webhooks (a shared secret is shown once)").check()
    page.get_by_role("button", name="Add partner").press("Enter")
    expect(page.get_by_role("heading", level=1, name=remote.name)).to_be_visible()
    secret = page.get_by_test_id("new-secret")
    expect(secret).to_contain_text("/api/v1/exchange/inbox/")
    expect(page.get_by_role("cell", name=remote.kid)).to_be_visible()
    page.get_by_role("button", name="Pull now").first.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Pull requested")
    page.reload()
    expect(page.get_by_test_id("new-secret")).to_have_count(0)  # shown once only


def test_the_feed_and_the_keys_are_public_json(page: Page) -> None:
    keys = page.request.get("/.well-known/passage-keys.json")
    assert keys.ok and keys.json()["keys"][0]["kty"] == "OKP"
    feed = page.request.get("/api/v1/exchange/feed?limit=5")
    assert feed.ok and feed.json()["deployment"]["id"] == keys.json()["deployment"]["id"]

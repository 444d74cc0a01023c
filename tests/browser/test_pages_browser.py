"""The main pages in real Chromium: what a reader sees and does."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_landing_page(page: Page, live_url: str, tmp_path: Path) -> None:
    page.goto(live_url + "/")
    expect(page.locator("h1")).to_have_text("The statement of 20 January 2025, as linked data")
    expect(page.locator("ol.timeline li")).to_have_count(2)
    map_places = page.locator("section.map svg a")
    expect(map_places).to_have_count(2)
    box = page.locator("section.map svg").bounding_box()
    assert box is not None and box["width"] > 400  # drawn inline, no tiles to wait for
    page.locator('section.map svg a[href="/id/baku"]').click()
    expect(page).to_have_url(live_url + "/id/baku")
    page.screenshot(path=tmp_path / "landing.png")


def test_entity_page_highlights_the_quote(page: Page, live_url: str, tmp_path: Path) -> None:
    page.goto(live_url + "/id/black-january")
    expect(page.locator("h1")).to_have_text("Black January")
    mark = page.locator("#h-black-january-deaths + figure mark")
    expect(mark).to_have_text("150 мирных жителей были убиты")
    background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    expect(page.locator("text=<script>alert('x')</script>")).to_have_count(1)  # shown as text
    page.get_by_role("link", name="Русский").click()
    expect(page.locator("h1")).to_have_text("Черный январь")
    page.screenshot(path=tmp_path / "entity.png")


def test_keyboard_reaches_the_claim_page(page: Page, live_url: str) -> None:
    page.goto(live_url + "/id/baku")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.locator('.claim-link a[href="/claim/black-january-location"]').focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_url + "/claim/black-january-location")
    expect(page.locator("section[aria-labelledby=context] mark")).to_have_text("в Баку")


def test_document_page_links_quotes_to_claims(page: Page, live_url: str, tmp_path: Path) -> None:
    page.goto(live_url + "/doc/mfa-az-2025-01-20-national-mourning")
    expect(page.locator(".source-text mark").first).to_be_visible()
    expect(page.locator(".source-text sup.ref")).to_have_count(7)
    page.locator(".source-text sup.ref a").first.click()
    expect(page).to_have_url(live_url + "/doc/mfa-az-2025-01-20-national-mourning#claim-1")
    page.locator("#claim-1 a").click()
    expect(page.locator("h1")).to_contain_text("night of 19 to 20 January 1990")
    page.screenshot(path=tmp_path / "document.png")


def test_query_page_runs_an_example(page: Page, live_url: str, tmp_path: Path) -> None:
    page.goto(live_url + "/")
    page.get_by_role(
        "link", name="Every figure, what it counts, and the words it comes from"
    ).click()
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("#status")).to_contain_text("3 results")
    first = page.locator("#results tbody tr").first
    expect(first.locator("a").first).to_have_attribute("href", "/claim/black-january-wounded")
    assert "q=" in page.url  # the query is kept in the address, to share
    download = page.locator("#downloads a[data-format=csv]")
    expect(download).to_be_visible()
    assert "format=csv" in (download.get_attribute("href") or "")
    page.screenshot(path=tmp_path / "query.png")
    page.locator("#query").fill("SELECT * WHERE { ?s ?p ?o ")
    page.locator("#query").press("Control+Enter")
    expect(page.locator("#status")).to_contain_text("400")

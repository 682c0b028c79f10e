"""The layout works from the keyboard, and the language switch turns the pages to English."""

from __future__ import annotations

from playwright.sync_api import expect

from .data import build_catalogue


def test_skip_link_keyboard_and_english_switch(journey, transactional_db):
    build_catalogue()
    j = journey("language")
    j.goto("/")
    page = j.page
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Lewati ke konten")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()
    # Every form control on the home page has an accessible name.
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
              .map(el => el.name)"""
    )
    assert unnamed == []
    page.get_by_label("Bahasa").select_option("en")
    page.get_by_test_id("language-submit").click()
    expect(
        page.get_by_role("heading", name="Creative products straight from Semarang's makers")
    ).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    j.shot("home-english")
    page.get_by_role("link", name="Kain Batik Tulis Indigo Gunungpati").click()
    expect(page.get_by_role("button", name="Add to cart")).to_be_visible()
    j.shot("product-english")

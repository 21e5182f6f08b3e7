"""A requester's phone, JavaScript off, 390 px wide, in Russian and in English: every control a
finger must hit is at least 44 px tall, the small ones too — the language switch at the top of
each page (the receipt's is a button) and the review's "change" links (round 7's walk found them
20, 26 and 16 px tall)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import shoot

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
FINGER = 44


def tall_enough(page: Page, selector: str) -> None:
    boxes = [e.bounding_box() for e in page.locator(selector).all()]
    assert boxes, f"nothing matches {selector} on {page.url}"
    heights = [round(b["height"]) for b in boxes if b is not None]
    assert min(heights) >= FINGER, f"{selector} on {page.url}: {heights} px"


def answer_every_page(page: Page) -> None:
    """The first choice of each question and a synthetic text, page after page, to the review."""
    for _ in range(8):
        if page.locator("dl.answers").count():
            return
        for question in page.locator("fieldset.question").all():
            choices = question.locator("input[type=radio]")
            if choices.count():
                choices.first.check()
        for field in page.locator("input[type=text], textarea").all():
            name = field.get_attribute("name") or ""
            field.fill(
                "01.12.2000"
                if "date" in name or "birth" in name
                else "Ростовская область"
                if "region" in name
                else "@synthetic"
                if name == "contact"
                else "Синтетов"
            )
        page.locator("form button[type=submit]").first.click()
    raise AssertionError(page.locator("main").inner_text()[:500])


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_small_controls_are_a_fingers_size(live_server, browser: Browser, admin, lang) -> None:
    context = browser.new_context(java_script_enabled=False, locale="ru-RU", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/intake/status?lang={lang}")
    tall_enough(page, ".lang-switch a")
    page.goto(f"{live_server.url}/intake/?lang={lang}")
    tall_enough(page, ".lang-switch a")
    answer_every_page(page)
    tall_enough(page, "a.change")
    shoot(page, f"targets-review-{lang}.png")
    page.locator("form button[type=submit]").first.click()
    assert page.locator("#secret").is_visible()
    tall_enough(page, "form.lang-switch button")
    shoot(page, f"targets-receipt-{lang}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()

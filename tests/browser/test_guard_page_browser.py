"""The flood guard's own refusal page (objector/service/guard.py) in a real browser at 390 px,
JavaScript off, served with its real headers: readable in both languages, its inline rules
allowed by its own Content-Security-Policy, and the way back a 44 px target (round 7's phone
walk: the links were 17 px tall and the page unstyled)."""

from __future__ import annotations

import pytest

from objector.vault import throttle
from tests.browser.conftest import SHOTS
from tests.service.test_guard import _call


@pytest.mark.django_db
def test_the_guard_s_refusal_reads_on_a_phone_with_a_way_back(browser) -> None:
    for _ in range(throttle.LIMITS["receipt"].address_failures):
        throttle.failed("receipt", address="203.0.113.77")
    body, answer = _call("/intake/status", address="203.0.113.77")
    assert answer["status"] == 429
    headers = {k: v for k, v in answer.items() if k != "status"}
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text))
    url = "http://objector.test/intake/status"
    page.route(url, lambda route: route.fulfill(status=429, headers=headers, body=body))
    page.goto(url)
    text = page.locator("body").inner_text()
    assert "Слишком много неверных попыток" in text and "Too many wrong attempts" in text
    assert not [m for m in blocked if "Content Security Policy" in m], blocked
    for name in ("Назад", "Back"):
        box = page.get_by_role("link", name=name, exact=True).bounding_box()
        assert box is not None and box["height"] >= 44, (name, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "guard-429-phone.png", full_page=True)
    context.close()

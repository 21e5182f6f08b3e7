"""Staff sign-in in a real browser at 390 px, JavaScript off (round 7's phone walk): a wrong
password keeps the page's language, the username and the page asked for; the second factor's
page offers only the way out, not a menu whose every link leads back to it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SHOTS
from tests.conftest import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_keeps_the_language_the_username_and_the_target(
    live_server, browser, coordinator
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/staff/login?lang=en&next=/staff/deadlines")
    page.get_by_label("Username").fill(coordinator.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator("#error").is_visible()
    assert page.get_by_role("heading", name="Staff sign-in").is_visible()  # still English
    assert page.get_by_label("Username").input_value() == coordinator.username
    assert page.get_by_label("Password").input_value() == ""
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "login-wrong-en-phone.png", full_page=True)
    # The right password now: on to the second factor, then to the page first asked for.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert "next=%2Fstaff%2Fdeadlines" in page.url
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_second_factor_page_offers_only_the_way_out(live_server, browser, coordinator) -> None:
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/staff/login")
    page.get_by_label("Имя пользователя").fill(coordinator.username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    assert page.get_by_label("Код").is_visible()
    nav = page.locator("nav[aria-label=staff]")
    assert nav.locator("a").count() == 0  # no queue, vault or password links before the code
    assert nav.get_by_role("button", name="Выйти").is_visible()
    page.screenshot(path=SHOTS / "otp-phone.png", full_page=True)
    nav.get_by_role("button", name="Выйти").click()
    assert page.get_by_role("heading", name="Вход для сотрудников").is_visible()
    context.close()

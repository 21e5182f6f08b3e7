"""A real browser (Debian's Chromium, driven by Playwright) completes an intake with JavaScript
turned off, as in Tor Browser's safest mode, then comes back with the receipt."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from objector.intake.models import Request
from tests.browser.conftest import SHOTS
from tests.conftest import PASSWORD, reopened, totp_code


def choose(page: Page, label: str) -> None:
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Дальше").click()


def fill(page: Page, text: str) -> None:
    page.locator("[name=answer]").fill(text)
    page.get_by_role("button", name="Дальше").click()


@pytest.mark.django_db(transaction=True)
def test_a_relative_completes_an_intake_without_javascript(live_server, browser, admin) -> None:
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Обратиться за помощью").click()
    page.get_by_role("link", name="Начать").click()

    choose(page, "Родственник или близкий человек")
    choose(page, "Мобилизован")
    page.get_by_label("Ушёл из части без разрешения").check()
    page.get_by_role("button", name="Дальше").click()
    fill(page, "31.02.2023")  # no such date: asked again, with the reason
    assert page.get_by_role("alert").inner_text() == "«31.02.2023»: такой даты нет"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "intake-error.png", full_page=True)
    fill(page, "3 июля 2023")
    choose(page, "Не знаю")
    choose(page, "Нет")
    choose(page, "Нет")
    fill(page, "Синтетический Родственник")  # the relative's own name
    fill(page, "Синтетический Военнослужащий")  # the serviceman's
    fill(page, "")
    fill(page, "")
    fill(page, "Синтетическая история: ушёл из части в июле.")
    choose(page, "Да, согласен(на)")
    choose(page, "Не связывайтесь со мной, я проверю ответ по коду")

    assert page.get_by_role("heading", name="Проверьте ответы").is_visible()
    page.get_by_role("button", name="Отправить").click()
    assert page.get_by_role("heading", name="Обращение принято").is_visible()
    page.screenshot(path=SHOTS / "intake-receipt.png", full_page=True)
    reference = page.locator("#reference").inner_text()
    secret = page.locator("#secret").inner_text()
    page.get_by_text("Правовые подробности").click()  # unfolds <details>, no JavaScript needed
    assert "УК РФ ст. 337" in page.locator("#assessment").inner_text()
    assert reference not in page.url and secret not in page.url

    stored = reopened(Request.objects.get())
    assert (stored.reference, stored.role, stored.personal["name"]) == (
        reference,
        "relative",
        "Синтетический Военнослужащий",
    )
    assert stored.personal["writer_name"] == "Синтетический Родственник"

    page.get_by_role("link", name="Проверить обращение").click()
    page.get_by_label("Код обращения").fill(reference.lower())
    page.get_by_label("Секретный ключ").fill(secret)
    page.get_by_role("button", name="Проверить").click()
    assert page.locator("#status").inner_text() == "получено, ждёт координатора"
    assert reference not in page.url
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_pages_fit_a_phone(live_server, browser, make_request, coordinator) -> None:
    """At 360 px wide nothing scrolls sideways except the staff tables, which scroll inside
    their own box, and every button is big enough for a finger."""
    make_request()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ru-RU")
    page = context.new_page()
    for path in ("/", "/intake/", "/intake/q", "/intake/status"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        color = page.evaluate("getComputedStyle(document.querySelector('button, a')).color")
        assert color != "rgb(0, 0, 238)", "the stylesheet did not load"
        for height in page.locator("button").evaluate_all("bs => bs.map(b => b.offsetHeight)"):
            assert height >= 44, path
    page.goto(f"{live_server.url}/intake/q")
    page.screenshot(path=SHOTS / "phone-question.png", full_page=True)
    staff = context.new_page()
    staff.goto(f"{live_server.url}/staff/login")
    staff.get_by_label("Имя пользователя").fill("coordinator")
    staff.get_by_label("Пароль").fill(PASSWORD)
    staff.get_by_role("button", name="Войти").click()
    staff.get_by_label("Код").fill(totp_code(coordinator))
    staff.get_by_role("button", name="Подтвердить").click()
    assert staff.evaluate("document.documentElement.scrollWidth") <= 360
    staff.screenshot(path=SHOTS / "phone-queue.png", full_page=True)
    context.close()

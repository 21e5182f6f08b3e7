"""A real browser (Debian's Chromium, driven by Playwright) completes an intake with JavaScript
turned off, as in Tor Browser's safest mode, then comes back with the receipt."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from objector.intake.models import Request
from tests.browser.conftest import SHOTS
from tests.conftest import PASSWORD, reopened, totp_code


def pick(page: Page, question: str, label: str) -> None:
    page.locator(f"#q-{question}").get_by_label(label, exact=True).check()


def onwards(page: Page) -> None:
    page.get_by_role("button", name="Дальше").click()


@pytest.mark.django_db(transaction=True)
def test_a_relative_completes_an_intake_without_javascript(live_server, browser, admin) -> None:
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Обратиться за помощью").click()  # the first page's questions

    pick(page, "role", "Родственник или близкий человек")
    pick(page, "personnel", "Мобилизован")
    page.get_by_label("Ушёл из части без разрешения").check()
    onwards(page)
    page.locator('[name="date:left_unit"]').fill("31.02.2023")  # no such date
    pick(page, "intends_to_return", "Не знаю")
    pick(page, "abroad", "Нет")
    pick(page, "prior_conviction", "Нет")
    onwards(page)  # the page again, with the reason beside the date, the choices kept
    assert page.locator("#q-date-left_unit .field-error").inner_text() == (
        "«31.02.2023»: такой даты нет"
    )
    assert "«31.02.2023»: такой даты нет" in page.get_by_role("alert").inner_text()
    assert page.locator("#q-abroad").get_by_label("Нет", exact=True).is_checked()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "intake-error.png", full_page=True)
    page.locator('[name="date:left_unit"]').fill("3 июля 2023")
    onwards(page)
    page.get_by_label("Как к вам обращаться").fill("Синтетический Родственник")  # their own
    page.locator('[name="name"]').fill("Синтетический Военнослужащий")  # the serviceman's
    page.get_by_label("Опишите ситуацию своими словами").fill(
        "Синтетическая история: ушёл из части в июле."
    )
    onwards(page)
    pick(page, "consent_filings", "Да, согласен(на)")
    pick(page, "contact_method", "Не связывайтесь со мной, я проверю ответ по коду")
    onwards(page)

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

"""A relative on a phone (Chromium, JavaScript off, 390 px) gives the serviceman's year of birth
after an impossible date, in Russian and in English (round 11): the reason stands beside the
field, the page fits the screen, and the year alone is kept, in words on the review."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from objector.intake.models import Request
from tests.browser.conftest import shoot
from tests.conftest import reopened

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
WORDS = {
    "ru": {
        "role": "Родственник или близкий человек",
        "personnel": "Мобилизован",
        "next": "Дальше",
        "asked": "Дата рождения военнослужащего (если знаете). Можно не указывать.",
        "refused": "такой даты нет",
        "young": "тогда военнослужащему меньше 16 лет; проверьте год",
        "consent": "Да, согласен(на)",
        "code_only": "Не связывайтесь со мной, я проверю ответ по коду",
        "send": "Отправить",
    },
    "en": {
        "role": "A relative or someone close",
        "personnel": "Mobilized",
        "next": "Next",
        "asked": "The serviceman's date of birth, if you know it. You may leave this out.",
        "refused": "there is no such date",
        "young": "this would make the serviceman younger than 16; check the year",
        "consent": "Yes, they agree",
        "code_only": "Do not contact me; I will check back with my code",
        "send": "Send",
    },
}


def fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_relative_gives_the_year_of_birth_on_a_phone_without_javascript(
    live_server, browser: Browser, admin, lang: str
) -> None:
    w = WORDS[lang]
    context = browser.new_context(java_script_enabled=False, locale="ru-RU", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/intake/?lang={lang}")
    page.locator("#q-role").get_by_label(w["role"], exact=True).check()
    page.locator("#q-personnel").get_by_label(w["personnel"], exact=True).check()
    page.get_by_role("button", name=w["next"]).click()

    assert page.locator("#q-birth_date legend").inner_text() == w["asked"]
    field = page.locator('[name="birth_date"]')
    page.locator('[name="name"]').fill("Синтетов Пётр Сергеевич")
    field.fill("31.02.1999")
    page.get_by_role("button", name=w["next"]).click()
    assert w["refused"] in page.locator("#q-birth_date .field-error").inner_text()
    assert w["refused"] in page.get_by_role("alert").inner_text()
    assert field.input_value() == "31.02.1999"  # nothing typed is lost
    fits(page)
    shoot(page, f"birth-date-error-{lang}.png")

    field.fill("2014")  # twelve years old: a slip of the year
    page.get_by_role("button", name=w["next"]).click()
    assert page.locator("#q-birth_date .field-error").inner_text() == w["young"]

    field.fill("1999")
    page.get_by_role("button", name=w["next"]).click()
    page.locator("#q-consent_filings").get_by_label(w["consent"], exact=True).check()
    page.locator("#q-contact_method").get_by_label(w["code_only"], exact=True).check()
    page.get_by_role("button", name=w["next"]).click()
    review = page.locator("dl.answers").inner_text()
    assert w["asked"] in review and "1999" in review
    fits(page)
    shoot(page, f"birth-date-review-{lang}.png")
    page.get_by_role("button", name=w["send"]).click()
    assert "1999" not in page.url
    stored = reopened(Request.objects.get())
    assert stored.personal["birth_date"] == "1999"
    context.close()

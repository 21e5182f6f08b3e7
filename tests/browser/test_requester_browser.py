"""The requester's screens in a real browser with JavaScript off (issue #14, items 1–7 and 9), on a
phone (390 px) and a desktop (1366 px). Screenshots go to SHOTS; `make screenshots` copies the
phone's question, receipt and status pages into the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Browser, Page

from objector.intake.models import Request
from tests.browser.conftest import shoot as save
from tests.conftest import reopened

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
pytestmark = pytest.mark.django_db(transaction=True)


def new_page(browser: Browser, size: str) -> Page:
    context = browser.new_context(
        java_script_enabled=False, locale="ru-RU", viewport=SIZES[size], accept_downloads=True
    )
    return context.new_page()


def fits(page: Page, size: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SIZES[size]["width"], f"{page.url} is {width} px wide"


def shoot(page: Page, name: str, size: str) -> None:
    save(page, f"requester-{name}-{size}.png")


def pick(page: Page, question: str, label: str) -> None:
    """Ticks the choice `label` of one question: a page asks several, with the same labels."""
    page.locator(f"#q-{question}").get_by_label(label, exact=True).check()


def type_in(page: Page, question: str, text: str) -> None:
    page.locator(f'[name="{question}"]').fill(text)


def onwards(page: Page) -> None:
    page.get_by_role("button", name="Дальше").click()


def step(page: Page) -> tuple[int, int]:
    words = page.locator("#step").inner_text().split()  # "Страница 2 из 4"
    return int(words[1]), int(words[3])


def a_mother_writes(page: Page, base: str, size: str) -> tuple[str, str]:
    """A relative's intake, page by page: the step counter, the Back button, errors beside their
    fields with nothing typed lost, dates, long text, and a change from the review."""
    page.goto(f"{base}/")
    page.get_by_role("link", name="Обратиться за помощью").click()
    # The start page is the first page of questions: no "Start" link, no GET for page one.
    assert page.get_by_role("heading", name="Кто пишет и что случилось").is_visible()
    assert page.get_by_role("link", name="Прочитать ответ юриста по коду и ключу").is_visible()
    fits(page, size)
    shoot(page, "start", size)
    steps = [step(page)]
    pick(page, "role", "Родственник или близкий человек")
    pick(page, "personnel", "Мобилизован")
    page.get_by_label("Ушёл из части без разрешения").check()
    fits(page, size)
    shoot(page, "question", size)
    onwards(page)
    steps.append(step(page))
    # A ticked event adds the page of its date and what follows from it.
    assert steps == [(1, 3), (2, 4)], steps
    assert page.get_by_role("heading", name="Даты и подробности").is_visible()

    # The phone's Back button shows the page before, with its answers.
    page.go_back()
    assert page.get_by_label("Ушёл из части без разрешения").is_checked()
    assert page.locator("#q-role").get_by_label("Родственник или близкий человек").is_checked()
    page.go_forward()

    type_in(page, "date:left_unit", "11/3/2026")  # ambiguous: asked, not guessed
    for question in ("intends_to_return", "abroad", "prior_conviction"):
        pick(page, question, "Не знаю")
    onwards(page)
    alert = page.get_by_role("alert").inner_text()
    assert "11 марта" in alert and "3 ноября" in alert
    error = page.locator("#q-date-left_unit .field-error").inner_text()
    assert "11 марта" in error  # beside its field, too
    assert page.locator("#q-abroad").get_by_label("Не знаю").is_checked()  # nothing lost
    fits(page, size)
    shoot(page, "errors", size)
    type_in(page, "date:left_unit", "вчера")
    # The page's own Back button keeps what was typed on the page (round 7's walk: it was lost).
    page.get_by_role("button", name="Назад").click()
    assert page.get_by_role("heading", name="Кто пишет и что случилось").is_visible()
    onwards(page)  # to the first page not yet answered: this one's answers were all kept
    assert page.locator("h1").inner_text().startswith("О военнослужащем")
    page.get_by_role("button", name="Назад").click()  # nothing typed here: nothing changes
    assert page.locator('[name="date:left_unit"]').input_value() == "2 декабря 2026"
    assert page.locator("#q-abroad").get_by_label("Не знаю").is_checked()
    onwards(page)

    type_in(page, "writer_name", "Синтетическая Мать")  # her own name
    assert "военнослужащего" in page.locator("#q-name legend").inner_text()
    type_in(page, "name", "Синтетический Сын")
    long = "Синтетическая история. " * 500  # 11,500 characters
    type_in(page, "story", long)
    onwards(page)
    assert "не больше 10000" in page.get_by_role("alert").inner_text()
    assert page.locator("textarea").input_value() == long  # nothing lost, nothing cut
    assert page.locator('[name="name"]').input_value() == "Синтетический Сын"
    type_in(page, "story", "Синтетическая история: ушёл из части вчера.")
    onwards(page)
    pick(page, "consent_filings", "Да, согласен(на)")  # consent to be named (issue #17)
    pick(page, "contact_method", "Не связывайтесь со мной, я проверю ответ по коду")
    fits(page, size)
    shoot(page, "contact", size)
    onwards(page)

    assert page.get_by_role("heading", name="Проверьте ответы").is_visible()
    answers = page.locator("dl.answers").inner_text()
    assert "2 декабря 2026" in answers and "2026-12-02" not in answers
    fits(page, size)
    shoot(page, "review", size)
    # Change one answer from the review page, and come back to it.
    page.locator("dd", has_text="Синтетический Сын").get_by_role("link", name="изменить").click()
    type_in(page, "name", "Синтетический Сын Иванович")
    onwards(page)
    assert page.get_by_role("heading", name="Проверьте ответы").is_visible()
    assert "Синтетический Сын Иванович" in page.locator("dl.answers").inner_text()
    page.get_by_role("button", name="Отправить").click()
    return page.locator("#reference").inner_text(), page.locator("#secret").inner_text()


@pytest.mark.parametrize("size", ["phone", "desktop"])
@time_machine.travel("2026-12-03 12:00:00+00:00", tick=True)
def test_a_mother_writes_for_her_son_and_comes_back(
    live_server, browser: Browser, admin, size: str
) -> None:
    page = new_page(browser, size)
    reference, secret = a_mother_writes(page, live_server.url, size)

    # The receipt: the situation first, in her words, then what to do, the date, the answer.
    assert page.get_by_role("heading", name="Обращение принято").is_visible()
    situation = page.locator("#situation").inner_text()
    assert situation.startswith("Человек, о котором вы пишете, не в части с 2 декабря 2026")
    text = page.locator("main").inner_text()
    order = [
        text.index(situation),
        text.index("Что сделать сейчас"),
        text.index("Ближайшая важная дата"),
        text.index("Когда ждать ответа"),
        text.index("Правовые подробности"),
    ]
    assert order == sorted(order)
    nearest = page.locator("#nearest").inner_text()
    assert "ст. 337 ч. 2.1" in nearest and "до 5 лет" in nearest  # the new penalty
    assert "в течение" in page.locator("#answer-by").inner_text()
    shoot(page, "receipt", size)
    assert not page.locator("#assessment").is_visible()  # folded under <details>
    page.get_by_text("Правовые подробности").click()  # <details> opens without JavaScript
    legal = page.locator("#assessment").inner_text()
    assert "Если его задержат" in legal and "Если вас задержат" not in legal
    # The key fits on one line.
    box = page.locator("#secret").bounding_box()
    assert box is not None and box["height"] < 40, box
    fits(page, size)

    # Save as a file, without JavaScript: the server keeps no key, so the form sends it back.
    with page.expect_download() as download:
        page.get_by_role("button", name="Сохранить файлом").click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert reference in saved and secret in saved
    page.get_by_role("button", name="Распечатать").click()
    assert secret in page.locator("main").inner_text()
    page.get_by_role("button", name="Вернуться к квитанции").click()
    assert page.locator("#secret").inner_text() == secret

    # English on the receipt switches the receipt, the key still on it.
    page.get_by_role("button", name="English").click()
    assert page.locator("#secret").inner_text() == secret
    assert page.get_by_role("heading", name="Your request has been received").is_visible()
    assert page.locator("#situation").inner_text().startswith("The person you write about")

    stored = reopened(Request.objects.get())
    assert stored.personal["name"] == "Синтетический Сын Иванович"
    assert stored.personal["writer_name"] == "Синтетическая Мать"
    assert stored.facts["flags"] == {"intends_to_return": None, "abroad": None,
                                     "prior_conviction": None}  # fmt: skip

    # The way back: from the home page, with the code and key written down.
    page.goto(f"{live_server.url}/?lang=ru")
    page.get_by_role("link", name="Уже обращались? Прочитать ответ по коду и ключу").click()
    page.get_by_label("Код обращения").fill(reference)
    page.get_by_label("Секретный ключ").fill(secret)
    page.get_by_role("button", name="Проверить").click()
    assert page.locator("#status").inner_text() == "получено, ждёт координатора"
    fits(page, size)

    # A bad date: the error beside the date, the chosen event and the typed date kept.
    page.get_by_label("Что произошло").select_option("returned")
    page.get_by_label("Когда").fill("31.02.2026")
    # The answer page fully loaded, its stylesheet applied, before anything is measured: read
    # too early, the alert was laid out without the stylesheet (x 8, 288 px above the field).
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Добавить").click()
    assert page.get_by_label("Что произошло").input_value() == "returned"
    assert page.get_by_label("Когда").input_value() == "31.02.2026"
    error = page.get_by_role("alert").bounding_box()
    field = page.get_by_label("Когда").bounding_box()
    assert error is not None and field is not None
    assert 0 < field["y"] - error["y"] < 120, (error, field)
    fits(page, size)
    shoot(page, "status", size)

    # A message, then English: the status page, not a blank 405.
    page.get_by_label("Написать юристу").fill("Синтетическое сообщение.")
    page.get_by_role("button", name="Отправить").click()
    assert page.get_by_role("status").inner_text() == "Сообщение отправлено."
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name="Check your request").is_visible()
    assert page.locator("#status").inner_text() == "received, waiting for a coordinator"
    page.context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_start_page_leads_back_to_the_status_page(
    live_server, browser: Browser, admin, size: str
) -> None:
    page = new_page(browser, size)
    page.goto(f"{live_server.url}/intake/?lang=ru")
    page.get_by_role("link", name="Прочитать ответ юриста по коду и ключу").click()
    assert page.get_by_role("heading", name="Проверить обращение").is_visible()
    fits(page, size)
    page.context.close()


def test_the_pages_work_in_english_on_a_phone_without_javascript(
    live_server, browser: Browser, admin
) -> None:
    """The same pages in English at 390 px: the first page, then the dates page with an error
    beside its field, the choices kept. (A choice left out never reaches the server: the
    browser's own check of `required` stops it, with JavaScript off too.)"""
    page = new_page(browser, "phone")
    page.goto(f"{live_server.url}/intake/?lang=en")
    assert page.locator("#step").inner_text() == "Page 1 of 3"  # the start page is page one
    fits(page, "phone")
    shoot(page, "start-en", "phone")
    page.locator("#q-role").get_by_label("I serve or served myself", exact=True).check()
    page.locator("#q-personnel").get_by_label("Contract soldier", exact=True).check()
    page.get_by_label("Left the unit without permission").check()
    fits(page, "phone")
    page.get_by_role("button", name="Next").click()
    assert page.get_by_role("heading", name="Dates and details").is_visible()
    page.locator('[name="date:left_unit"]').fill("31.02.2023")
    for question in ("intends_to_return", "abroad", "prior_conviction"):
        page.locator(f"#q-{question}").get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Next").click()
    alert = page.get_by_role("alert").inner_text()
    assert "Please correct these answers" in alert and "there is no such date" in alert
    assert "there is no such date" in page.locator("#q-date-left_unit .field-error").inner_text()
    assert page.locator("#q-abroad").get_by_label("No", exact=True).is_checked()
    assert page.locator('[name="date:left_unit"]').input_value() == "31.02.2023"
    fits(page, "phone")
    shoot(page, "errors-en", "phone")

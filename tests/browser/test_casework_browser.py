"""A real browser, JavaScript off: a coordinator assigns a new request from the queue, the lawyer
works the case, and the requester reads the answer under their code."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SHOTS
from tests.conftest import PASSWORD, totp_code


def sign_in(browser, live_server, staff):
    """Password, then the code from the staff member's authenticator app."""
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/login")
    page.get_by_label("Имя пользователя").fill(staff.username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_label("Код").fill(totp_code(staff))
    page.get_by_role("button", name="Подтвердить").click()
    return context, page


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_assigns_and_a_lawyer_works_the_case(
    live_server,
    browser,
    coordinator,
    lawyer,
    colleague,
    make_request,
) -> None:
    request = make_request()
    SHOTS.mkdir(parents=True, exist_ok=True)

    context, page = sign_in(browser, live_server, coordinator)
    assert page.get_by_role("heading", name="Очередь").is_visible()
    page.get_by_label(request.reference).check()
    page.get_by_label("Назначить юристу").check()
    page.locator("select[name=lawyer]").select_option(label="lawyer (0 открытых дел)")
    page.screenshot(path=SHOTS / "queue.png", full_page=True)
    page.get_by_role("button", name="Выполнить").click()
    assert page.locator("#message").inner_text() == "Изменена 1 заявка:"
    assert "lawyer" in page.locator("#bulk-result").inner_text()
    context.close()

    context, page = sign_in(browser, live_server, lawyer)
    assert page.get_by_role("heading", name="Мои дела").is_visible()
    page.get_by_role("link", name=request.reference).click()
    assert page.locator("#assignee").inner_text() == "lawyer"
    assert "Пётр Синтетический" in page.content()

    page.get_by_label("Событие").select_option(label="Вернулся в часть")
    page.locator("input[name=date]").fill("2026-11-20")
    page.get_by_role("button", name="Добавить событие").click()
    changes = page.locator("#timeline .changes").inner_text()
    assert "Срок отсутствия" in changes or "Срочность" in changes

    page.get_by_label("Изменить статус").select_option(label="в работе")
    page.get_by_role("button", name="Изменить статус").click()
    assert page.locator("#status").inner_text() == "в работе"

    page.get_by_label("Сообщение заявителю").fill("Синтетический ответ: позвоните нам.")
    page.get_by_role("button", name="Отправить").click()
    page.screenshot(path=SHOTS / "case.png", full_page=True)
    context.close()

    requester = browser.new_context(java_script_enabled=False, locale="ru-RU")
    page = requester.new_page()
    page.goto(f"{live_server.url}/intake/status")
    page.get_by_label("Код обращения").fill(request.reference)
    page.get_by_label("Секретный ключ").fill(request.secret)
    page.get_by_role("button", name="Проверить").click()
    assert "Синтетический ответ: позвоните нам." in page.locator("#messages").inner_text()
    assert page.locator("#status").inner_text() == "юрист работает"
    requester.close()

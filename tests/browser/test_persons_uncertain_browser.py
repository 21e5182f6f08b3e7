"""A real browser, JavaScript off: an uncertain link on the person page says why, in Russian and
English, at desktop and phone width (round 9, issue #16 part 3)."""

from __future__ import annotations

import pytest

from objector.cases.actions import request_assign
from objector.persons.models import Mention
from objector.persons.registry import REGISTRY
from objector.persons.tasks import link_request
from tests.browser.conftest import SHOTS
from tests.browser.test_casework_browser import sign_in


@pytest.mark.django_db(transaction=True)
def test_a_lawyer_reads_why_a_link_is_uncertain(
    live_server, browser, coordinator, lawyer, make_request
) -> None:
    REGISTRY.reset()
    SHOTS.mkdir(parents=True, exist_ok=True)
    # Two namesakes in two units, and a request naming no unit: its name fits both.
    for answers in (
        {"name": "Зорин Павел Андреевич", "unit": "в/ч 12345"},
        {"name": "Зорин Павел Андреевич", "unit": "в/ч 54321"},
        {"name": "Павел Зорин"},
    ):
        request = make_request(**answers)
        request_assign(request=request, lawyer=lawyer, by=coordinator)
        assert link_request.call(request.pk) == "done"  # what the task worker does
    thin = Mention.objects.get(request=request)
    assert thin.person is not None and thin.uncertain

    context, page = sign_in(browser, live_server, lawyer)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/staff/persons/{thin.person_id}")
    mention = page.locator(f"#mention-{thin.pk}")
    assert (
        "связь под сомнением: проверьте (у упоминания нет ни воинской части, ни даты рождения, "
        "и имя подходит и другому лицу)"
    ) in mention.locator(".uncertain").inner_text()
    # The evidence under it marks the uncertain link without saying the reason again.
    assert mention.locator(".doubt").inner_text() == "под сомнением"
    assert mention.inner_text().count("у упоминания нет ни воинской части") == 1
    assert page.locator(".uncertain").count() == 1  # the namesake's own link is certain
    page.screenshot(path=SHOTS / "person-uncertain.png", full_page=True)
    signed_in = context.storage_state()
    context.close()

    phone = browser.new_context(
        storage_state=signed_in,
        viewport={"width": 390, "height": 844},
        locale="ru-RU",
        java_script_enabled=False,
    )
    page = phone.new_page()
    lawyer.language = "en"
    lawyer.save()
    page.goto(f"{live_server.url}/staff/persons/{thin.person_id}")
    why = "the mention has neither unit nor birth date, and its name fits another person too"
    assert why in page.locator(f"#mention-{thin.pk} .uncertain").inner_text()
    assert page.locator(f"#mention-{thin.pk} .doubt").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "phone-person-uncertain-en.png", full_page=True)
    phone.close()

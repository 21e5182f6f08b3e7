"""A real browser, JavaScript off: a lawyer follows the queue's marker to the person page,
reads the evidence for each link, splits a mention off and merges it back, in Russian and in
English, at desktop and phone width."""

from __future__ import annotations

import pytest

from objector.cases.actions import request_assign
from objector.documents.actions import document_extract, document_store
from objector.documents.models import Document
from objector.persons.models import Correction, Mention
from objector.persons.registry import REGISTRY
from objector.persons.tasks import link_document, link_request
from tests.browser.conftest import SHOTS
from tests.browser.test_casework_browser import sign_in
from tests.persons.conftest import ORDER

SPLIT_HEADING = {"ru": "Отделить другого человека", "en": "Split off another person"}


@pytest.mark.django_db(transaction=True)
def test_a_lawyer_reads_splits_and_merges_a_person(
    live_server, browser, coordinator, lawyer, make_request
) -> None:
    REGISTRY.reset()
    SHOTS.mkdir(parents=True, exist_ok=True)
    case = make_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    assert link_request.call(case.pk) == "done"  # what the task worker does
    stored = document_store(
        content=ORDER.encode(), filename="приказ.txt", channel="web", by=lawyer, case=case
    )
    document_extract(document=Document.objects.get(pk=stored.pk))
    assert link_document.call(stored.pk) == "done"
    again = make_request(name="Синтетов Петр Сергеевич", unit="в/ч 12345")
    request_assign(request=again, lawyer=lawyer, by=coordinator)
    assert link_request.call(again.pk) == "done"
    person = Mention.objects.get(request=case).person
    assert person is not None

    context, page = sign_in(browser, live_server, lawyer)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/staff/queue")
    row = page.locator("tr", has=page.locator(f"#marker-{again.reference}-1"))
    assert "назван в приказе № 7 части 12345" in row.inner_text()
    assert f"уже обращался: дело {case.reference}" in row.inner_text()
    page.screenshot(path=SHOTS / "queue-markers.png", full_page=True)
    row.get_by_role("link", name="назван в приказе № 7 части 12345").click()
    assert page.locator("#person-id").inner_text() == str(person.pk)
    mentions = page.locator("#mentions > li")
    assert mentions.count() == 3
    assert "фамилия — совпадает" in page.locator("#mentions").inner_text()
    assert case.reference in page.locator("#requests").inner_text()
    assert "приказ № 7" in page.locator("#documents").inner_text()
    page.screenshot(path=SHOTS / "person.png", full_page=True)

    # The second request is another man after all: split it off.
    moved = Mention.objects.get(request=again)
    page.locator(f"#mention-{moved.pk} input[type=checkbox]").check()
    page.get_by_role("button", name="Перенести отмеченные упоминания к новому человеку").click()
    moved.refresh_from_db()
    assert moved.person_id != person.pk
    assert f"перенесены к человеку {moved.person_id}" in page.locator("#done").inner_text()
    assert page.locator("#mentions > li").count() == 2

    # On second thoughts he is the same man: merge him back, by his number.
    page.get_by_label("Номер человека").fill(str(moved.person_id))
    page.get_by_role("button", name="Объединить с этим человеком").click()
    assert f"Человек {moved.person_id} объединён с этим" in page.locator("#done").inner_text()
    assert page.locator("#mentions > li").count() == 3
    assert list(Correction.objects.values_list("kind", flat=True)) == ["split", "merge"]

    # In English, a merge with itself is refused, saying why.
    lawyer.language = "en"
    lawyer.save()
    page.goto(f"{live_server.url}/staff/persons/{person.pk}")
    assert page.get_by_role("heading", name="Mentions and the evidence for each link").is_visible()
    assert "surname — same" in page.locator("#mentions").inner_text()
    page.get_by_label("Person number").fill(str(person.pk))
    page.get_by_role("button", name="Merge into this person").click()
    assert "cannot be merged with itself" in page.locator("#merge-error").inner_text()
    page.goto(f"{live_server.url}/staff/queue")
    assert "named in order № 7 of unit 12345" in row.inner_text()
    page.screenshot(path=SHOTS / "queue-markers-en.png", full_page=True)
    signed_in = context.storage_state()
    context.close()

    # At phone width nothing scrolls sideways, in either language.
    phone = browser.new_context(
        storage_state=signed_in,
        viewport={"width": 390, "height": 844},
        locale="ru-RU",
        java_script_enabled=False,
    )
    page = phone.new_page()
    for language in ("en", "ru"):
        lawyer.language = language
        lawyer.save()
        page.goto(f"{live_server.url}/staff/persons/{person.pk}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator("#split").is_visible() and page.locator("#merge").is_visible()
        # The split form is found by its own heading, and named by it for a screen reader.
        split = page.get_by_role("form", name=SPLIT_HEADING[language])
        assert split.get_by_role("heading", level=3).inner_text() == SPLIT_HEADING[language]
        assert split.locator("#split").is_visible()
        page.screenshot(path=SHOTS / f"phone-person-{language}.png", full_page=True)
    phone.close()

"""Round 12's walk, in a real browser with JavaScript off, at phone (390 px) and desktop
(1366 px) width, in Russian and English: a joint claim against an order of several persons (its
form, its draft page and download), the person page with a split and a merge done through its
buttons and their confirmations, and a lawyer's queue with a new reply, then while the vault is
sealed. Nothing scrolls sideways, and every page has its one heading in the reader's language.

What the walk found: the joint claim's form was 494 px wide on a phone (its item fields beyond
the edge); the English pages named every filing in Russian; an unread row's tint on a phone was
ragged (each cell tinted to its own width)."""

from __future__ import annotations

from typing import Any

import docx
import pytest
from playwright.sync_api import Page

from objector.cases.actions import request_assign, requests_open
from objector.documents.actions import document_extract, document_store
from objector.documents.models import Document
from objector.filings.models import Draft
from objector.persons.models import Mention
from objector.persons.registry import REGISTRY
from objector.persons.tasks import link_document, link_request
from objector.telegram.actions import message_receive
from tests.browser.conftest import shoot
from tests.browser.test_casework_browser import sign_in
from tests.conftest import vault_close
from tests.filings.test_app import DISMISSED, ORDER

WIDTHS = (390, 1366)
NAMES = ("Синтетов Пётр Сергеевич", "Выдуманный Илья Андреевич")


def _speak(staff: Any, language: str) -> None:
    staff.language = language
    staff.save(update_fields=["language"])


def _fits(page: Page) -> None:
    """Nothing scrolls sideways, and the page has one heading."""
    wide, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert wide <= inner, (page.url, wide, inner)
    assert page.locator("h1").count() == 1, page.url


def _walk(page: Page, staff: Any, url: str, name: str, headings: dict[str, str]) -> None:
    """The page at both widths in both languages: it fits, and its heading is the language's."""
    for language, heading in headings.items():
        _speak(staff, language)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            page.goto("about:blank")  # a URL with a fragment would not load again
            page.goto(url)
            _fits(page)
            assert page.locator("h1").inner_text().startswith(heading), (url, language)
            shoot(page, f"walk12-{name}-{language}-{width}.png")


@pytest.fixture
def order_of_clients(make_request, coordinator, lawyer) -> tuple[Document, list[Any], Any]:
    """An order naming three men: two the lawyer's clients with consent, one not a client; and
    the first man's second request."""
    REGISTRY.reset()
    named = [make_request(**{**DISMISSED, "name": n}) for n in NAMES]
    for case in named:
        request_assign(request=case, lawyer=lawyer, by=coordinator)
        assert link_request.call(case.pk) == "done"
    stored = document_store(
        content=ORDER.encode(), filename="приказ.txt", channel="bulk", by=coordinator
    )
    document_extract(document=Document.objects.get(pk=stored.pk))
    assert link_document.call(stored.pk) == "done"
    again = make_request(**{**DISMISSED, "name": "Синтетов Петр Сергеевич"})
    request_assign(request=again, lawyer=lawyer, by=coordinator)
    assert link_request.call(again.pk) == "done"
    return Document.objects.get(pk=stored.pk), named, again


@pytest.mark.django_db(transaction=True)
def test_the_joint_claim_and_the_person_pages_fit_a_phone_in_both_languages(
    live_server, browser, coordinator, order_of_clients
) -> None:
    order, named, again = order_of_clients
    base = live_server.url
    context, page = sign_in(browser, live_server, coordinator)
    form = f"{base}/staff/documents/{order.pk}/joint-claim"
    _walk(page, coordinator, form, "joint-form", {"ru": "Коллективный иск", "en": "Joint claim"})

    # On a phone, in English, JavaScript off: every man chosen, each his item, and drafted.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(form)
    rows = page.locator("#joint-persons tbody tr")
    assert rows.count() == 3
    for i in range(3):
        rows.nth(i).get_by_role("checkbox").check()
        rows.nth(i).get_by_label("Item of the order").fill(f"1.{i + 1}")
    page.get_by_role("button", name="Draft the joint claim").click()
    draft = Draft.objects.get()
    assert page.url == f"{base}/staff/filings/{draft.pk}"
    assert "Придуманный Олег" in page.locator("#outreach").inner_text()
    _walk(
        page,
        coordinator,
        page.url,
        "joint-draft",
        {"ru": "Коллективный иск об оспаривании", "en": "Joint claim against a dismissal"},
    )
    with page.expect_download() as caught:
        page.locator("#download-docx").click()
    document = docx.Document(caught.value.path())
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "Синтетов" in text and "Придуманн" not in text  # no consent: not a plaintiff

    # The person page, and a split and a merge through its buttons, with their confirmations.
    person = Mention.objects.get(request=named[0]).person
    assert person is not None
    url = f"{base}/staff/persons/{person.pk}"
    _walk(page, coordinator, url, "person", {"ru": "Человек № ", "en": "Person № "})
    moved = Mention.objects.get(request=again)
    page.set_viewport_size(
        {"width": 390, "height": 844}
    )  # 1366 px: tests/browser/test_persons_browser.py
    for language, split, merge in (
        ("en", "Move the ticked mentions to a new person", "Merge into this person"),
        ("ru", "Перенести отмеченные упоминания к новому человеку", "Объединить с этим человеком"),
    ):
        _speak(coordinator, language)
        page.goto(url)
        page.locator(f"#mention-{moved.pk} input[type=checkbox]").check()
        page.get_by_role("button", name=split).click()
        moved.refresh_from_db()
        assert moved.person_id != person.pk
        assert str(moved.person_id) in page.locator("#done").inner_text()
        _fits(page)
        shoot(page, f"walk12-split-done-{language}-390.png")
        page.locator("input[name=other]").fill(str(moved.person_id))
        page.get_by_role("button", name=merge).click()
        assert str(moved.person_id) in page.locator("#done").inner_text()
        _fits(page)
        shoot(page, f"walk12-merge-done-{language}-390.png")
        # A refusal (a merge with itself) answers on the same page, at the form.
        page.locator("input[name=other]").fill(str(person.pk))
        page.get_by_role("button", name=merge).click()
        assert page.locator("#merge-error").is_visible()
        _fits(page)
        shoot(page, f"walk12-merge-refused-{language}-390.png")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_lawyers_queue_with_a_new_reply_and_sealed_fits_a_phone_in_both_languages(
    live_server, browser, lawyer, order_of_clients
) -> None:
    order, named, _again = order_of_clients
    requests_open(named)
    message_receive(request=named[0], text="Есть новости?")
    base = live_server.url
    context, page = sign_in(browser, live_server, lawyer)
    queue = f"{base}/staff/queue"
    _walk(page, lawyer, queue, "queue", {"ru": "Мои дела", "en": "My cases"})
    # On a phone the unread row is tinted whole, not cell by cell.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(queue)
    row = page.locator("tr", has=page.locator(f"#unread-{named[0].reference}"))
    tint = row.evaluate("r => getComputedStyle(r).backgroundColor")
    assert tint not in ("rgba(0, 0, 0, 0)", "transparent")
    cells = row.locator("td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c).backgroundColor)"
    )
    assert set(cells) == {"rgba(0, 0, 0, 0)"}, cells  # the row's tint shows through

    vault_close()
    _walk(page, lawyer, queue, "queue-sealed", {"ru": "Мои дела", "en": "My cases"})
    for language, notice in (
        ("en", "The vault is sealed: names and new-reply markers are hidden"),
        ("ru", "Хранилище запечатано: имена и отметки о новых ответах скрыты"),
    ):
        _speak(lawyer, language)
        page.goto(queue)
        assert notice in page.locator("#sealed-notice").inner_text()
        assert page.locator(f"#unread-{named[0].reference}").count() == 0
        assert page.locator("#queue tbody tr").count() == 3
    # The pages that need the key say so, and fit too.
    person = Mention.objects.get(request=named[0]).person
    assert person is not None
    for name, url in (
        ("person-sealed", f"{base}/staff/persons/{person.pk}"),
        ("filings-sealed", f"{base}/staff/cases/{named[0].pk}/filings"),
        ("joint-sealed", f"{base}/staff/documents/{order.pk}/joint-claim"),
    ):
        _walk(page, lawyer, url, name, {"ru": "Не выполнено", "en": "Not done"})
    context.close()

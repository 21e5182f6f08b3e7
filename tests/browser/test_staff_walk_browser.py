"""A coordinator's phone, JavaScript off, 390 px wide: the staff screens that round 8's walk
found wanting. The staff menu's links and buttons, the queue's search field, the selects and the
person page's number field are a finger's height (they were 26, 36, 21, 40 and 21 px); a lawyer's
load reads "1 открытое дело", not "1 открытых дел"; the queue's requests and the deadlines are
blocks that fit the screen (status, lawyer and case code were off to the right, and dates broke
at each hyphen); a refused form keeps what was typed, and a refused note never reappears as a
message to the requester; the statistics name their dimensions in the page's language (the
selects showed "week", "district") and offer a calendar for dates; a document's size is in
Russian ("340 B" before). Last, at 1366 px, every
column of the queue is on the screen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from objector.cases.actions import deadline_add, request_assign
from objector.documents.actions import document_store
from objector.persons.models import Mention
from objector.persons.registry import REGISTRY
from objector.persons.tasks import link_request
from tests.browser.conftest import shoot
from tests.browser.test_casework_browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
FINGER = 44


def heights(page: Page, selector: str) -> list[int]:
    boxes = [e.bounding_box() for e in page.locator(selector).all()]
    assert boxes, f"nothing matches {selector} on {page.url}"
    return [round(b["height"]) for b in boxes if b is not None]


def tall_enough(page: Page, selector: str) -> None:
    found = heights(page, selector)
    assert min(found) >= FINGER, f"{selector} on {page.url}: {found} px"


def options(page: Page, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(f"{selector} option").all_inner_texts()]


def test_a_coordinator_walks_the_staff_screens_on_a_phone(
    live_server, browser: Browser, coordinator, lawyer, make_request
) -> None:
    REGISTRY.reset()
    today = timezone.localdate()
    case = make_request(
        today=today,
        name="Синтетов Пётр Сергеевич",
        unit="в/ч 12345",
        region="primorsky",
        personnel="volunteer",
    )
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    deadline_add(request=case, label="Заседание", due=today + timedelta(days=3), by=lawyer)
    assert link_request.call(case.pk) == "done"  # what the task worker does
    person = Mention.objects.get(request=case).person
    assert person is not None

    context, page = sign_in(browser, live_server, coordinator)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/staff/queue")
    tall_enough(page, "nav[aria-label=staff] a")
    tall_enough(page, "nav[aria-label=staff] button")
    tall_enough(page, "input[name=q]")
    tall_enough(page, "form.filters select")
    assert "lawyer (1 открытое дело)" in options(page, "select[name=lawyer]")
    # Each request is a block on the screen: its status and lawyer are not off to the right,
    # and the sorting links, the tick boxes and the bulk actions are a finger's size.
    status = page.locator("#queue tbody tr").first.locator("td").nth(8).bounding_box()
    assert status is not None and status["x"] + status["width"] <= PHONE["width"]
    tall_enough(page, "#queue thead a")
    tall_enough(page, "#queue label.tick")
    tall_enough(page, "#bulkbar label")
    shoot(page, "walk-queue-390.png")

    page.goto(f"{live_server.url}/staff/cases/{case.pk}")
    assert any(
        o.startswith("lawyer (1 открытое дело)") for o in options(page, "select[name=lawyer]")
    )
    # A refused deadline keeps what was typed (the browser's own check bypassed, as an older
    # browser without a date picker would).
    page.locator("input[name=label]").fill("Синтетическая жалоба")
    page.locator("input[name=due]").evaluate("e => e.removeAttribute('required')")
    page.get_by_role("button", name="Добавить срок").click()
    assert page.locator("#error").inner_text() == "Срок: Обязательное поле."
    assert page.locator("input[name=label]").input_value() == "Синтетическая жалоба"
    # A refused note stays a note: it never turns up in the message to the requester.
    note = page.locator("form[action$='/note'] textarea")
    note.evaluate("e => e.removeAttribute('maxlength')")
    note.fill("Только для сотрудников. " + "я" * 10_000)
    page.get_by_role("button", name="Добавить заметку").click()
    assert "10000" in page.locator("#error").inner_text()
    assert page.locator("form[action$='/message'] textarea").input_value() == ""
    assert note.input_value().startswith("Только для сотрудников.")
    shoot(page, "walk-case-refused-390.png", full_page=False)

    page.goto(f"{live_server.url}/staff/deadlines")
    code = page.locator("#deadlines a", has_text=case.reference).bounding_box()
    assert code is not None and code["x"] + code["width"] <= PHONE["width"]
    line = page.locator("#deadlines td").first.evaluate(
        "e => parseFloat(getComputedStyle(e).lineHeight)"
    )
    assert max(heights(page, "#deadlines td:first-child")) < 2 * line  # the date is one line
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "walk-deadlines-390.png")

    # A document's size is in the page's language ("340 B" on a Russian page).
    document = document_store(
        content=b"x" * 340, filename="order.txt", channel="web", by=coordinator, case=case
    )
    page.goto(f"{live_server.url}/staff/documents/{document.pk}")
    assert page.locator("#size").inner_text().replace("\xa0", " ").startswith("340 байт")

    page.goto(f"{live_server.url}/staff/persons/{person.pk}")
    tall_enough(page, "#merge-other")
    tall_enough(page, "#mentions > li > label")
    shoot(page, "walk-person-390.png")

    page.goto(f"{live_server.url}/staff/stats")
    rows = options(page, "select[name=rows]")
    assert "неделя" in rows and "федеральный округ" in rows and "district" not in rows
    assert page.locator("input[name=start]").get_attribute("type") == "date"
    chart = page.request.get(
        live_server.url + (page.locator("#chart img").get_attribute("src") or "")
    )
    assert "Обращения: федеральный округ" in chart.text()
    tall_enough(page, "form select")
    tall_enough(page, "label[for=id_raw]")  # 26 px before
    shoot(page, "walk-stats-390-ru.png")
    page.locator("nav[aria-label=staff]").get_by_role("button", name="English").click()
    rows = options(page, "select[name=rows]")
    assert "federal district" in rows and "week" in rows
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "walk-stats-390-en.png")
    # At 1366 px every column of the queue is on the screen (the last was cut off).
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/staff/queue")
    box = "document.querySelector('#queue').parentElement"
    assert page.evaluate(f"{box}.scrollWidth <= {box}.clientWidth")
    context.close()

"""Round 9's walk of the person registry's screens and the staff screens' leftovers, in a real
browser with JavaScript off, at 390 px, in Russian and English, as a lawyer and a coordinator.

A lawyer: the case page says "named in order № 7 of unit 12345" on its first screen (it was
below the facts and events); the person page names the person in its heading; a refused merge
or split opens at its reason (the page opened at its top, the reason a screen or two below); a
merge with a person also mentioned in a colleague's case is refused, saying why (it went
through); the document page links each extracted person to their person page; the English
deadlines cite the law in English ("УК РФ ст. 337 ч. 2.1" before).
A coordinator: the assign list's chosen line fits the screen (it was cut after "ведёт с"); the
destruction of a request's data and the vault's "Seal now" stand in boxes of their own, apart
from Assign and Unlock; a refused note says it was the note; the statistics' chart of persons
named in orders says so (it said "Обращения"), and a table of persons that cannot be counted
says why as an alert (a plain bullet before)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page

from objector.persons.models import Correction, Mention, of_person
from tests.browser.conftest import shoot
from tests.browser.test_casework_browser import sign_in
from tests.conftest import vault_close

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def on_screen(page: Page, locator: Locator) -> bool:
    """Wholly within the window as the page opened (its scroll position included)."""
    box = locator.bounding_box()  # a fragment may scroll to a fraction of a pixel
    return box is not None and box["y"] >= -1 and box["y"] + box["height"] <= PHONE["height"]


def fits(page: Page, select: str) -> bool:
    """The chosen line of a select is narrower than the select's box (a select never wraps)."""
    return bool(
        page.locator(select).evaluate(
            """s => {
                const c = document.createElement('canvas').getContext('2d');
                const st = getComputedStyle(s);
                c.font = st.font;
                const pad = parseFloat(st.paddingLeft) + parseFloat(st.paddingRight);
                return c.measureText(s.options[s.selectedIndex].text).width + pad + 20
                    <= s.clientWidth && s.getBoundingClientRect().right <= innerWidth;
            }"""
        )
    )


def gap(page: Page, above: str, below: str) -> float:
    top = page.locator(above).bounding_box()
    bottom = page.locator(below).bounding_box()
    assert top is not None and bottom is not None
    return bottom["y"] - (top["y"] + top["height"])


def test_a_lawyer_and_a_coordinator_walk_the_registry_on_a_phone(
    live_server, browser, admin, coordinator, lawyer, one_man
) -> None:
    case, stored, again, theirs = one_man.case, one_man.stored, one_man.again, one_man.theirs
    person = Mention.objects.get(request=case).person
    other = Mention.objects.get(request=theirs).person
    assert person is not None and other is not None
    assert Mention.objects.filter(of_person(other.pk), document=stored).exists()

    context, page = sign_in(browser, live_server, lawyer)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/staff/cases/{again.pk}")
    marker = page.locator("#markers a", has_text="назван в приказе № 7 части 12345")
    assert on_screen(page, marker)  # on the first screen (it was the third)
    shoot(page, "walk9-case-markers-390-ru.png", full_page=False)

    # The document page: each extracted person leads to their person page.
    page.goto(f"{live_server.url}/staff/documents/{stored.pk}")
    page.locator(f"#persons a[href='/staff/persons/{other.pk}']").click()
    assert page.locator("#person-id").inner_text() == str(other.pk)
    assert page.locator("#person-name").inner_text() == "Выдуманный Илья Андреевич"
    assert "ещё 1 — в делах, недоступных вам" in page.locator("#summary").inner_text()

    page.goto(f"{live_server.url}/staff/persons/{person.pk}")
    assert page.locator("h1").inner_text().endswith(": Синтетов Пётр Сергеевич")
    # A refused split opens at its reason.
    page.locator("#split").click()
    error = page.locator("#split-error")
    assert error.inner_text() == "Отметьте упоминания, которые нужно перенести к новому человеку."
    assert on_screen(page, error)
    shoot(page, "walk9-split-refused-390-ru.png", full_page=False)
    # A merge with a man also in a colleague's case is refused, saying why, in both languages.
    for language, says in (
        ("ru", f"Человек № {other.pk} упоминается и в деле, которое вам не видно"),
        ("en", f"Person {other.pk} is also mentioned in a case you cannot see"),
    ):
        lawyer.language = language
        lawyer.save()
        page.goto(f"{live_server.url}/staff/persons/{person.pk}")
        page.locator("#merge-other").fill(str(other.pk))
        page.locator("#merge").click()
        error = page.locator("#merge-error")
        assert says in error.inner_text()
        assert on_screen(page, error)
        shoot(page, f"walk9-merge-refused-390-{language}.png", full_page=False)
    assert not Correction.objects.exists()

    # The English deadlines cite the law in English.
    page.goto(f"{live_server.url}/staff/deadlines")
    deadlines = page.locator("#deadlines").inner_text()
    assert "(art. 337(2.1) of the Criminal Code)" in deadlines and "УК РФ" not in deadlines
    shoot(page, "walk9-deadlines-390-en.png")
    context.close()

    context, page = sign_in(browser, live_server, coordinator)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/staff/cases/{again.pk}")
    assert fits(page, "form.assign select")  # "lawyer (2 открытых дела) — ведёт с" before
    assert page.locator("#suggestion").inner_text() == "Предложение: lawyer"
    # The destruction stands apart from Assign, in a box of its own.
    destroy = page.locator("form.danger-zone fieldset")
    assert "Уничтожить данные обращения" in destroy.locator("legend").inner_text()
    assert gap(page, "form.assign button", "form.danger-zone fieldset") >= 24
    shoot(page, "walk9-case-assign-390-ru.png")
    # A refused note says it was the note.
    note = page.locator("form[action$='/note'] textarea")
    note.evaluate("e => e.removeAttribute('maxlength')")
    note.fill("Только для сотрудников. " + "я" * 10_000)
    page.get_by_role("button", name="Добавить заметку").click()
    assert page.locator("#error").inner_text().startswith("Заметка: ")

    # The chart of persons named in orders says what it counts.
    page.goto(f"{live_server.url}/staff/stats?measure=ordered&rows=unit&columns=month")
    chart = page.request.get(
        live_server.url + (page.locator("#chart img").get_attribute("src") or "")
    )
    assert "Люди, названные в приказах: воинская часть" in chart.text()
    assert "Обращения" not in chart.text()
    # A table that cannot be counted says so as an alert (it was a plain bullet).
    page.goto(f"{live_server.url}/staff/stats?measure=persons&rows=unit")
    refused = page.locator("ul.errorlist")
    assert "«Различных людей» нельзя считать по признакам: воинская часть" in refused.inner_text()
    assert refused.evaluate("e => getComputedStyle(e).borderLeftWidth") == "4px"
    refused.scroll_into_view_if_needed()
    shoot(page, "walk9-stats-refused-390-ru.png", full_page=False)
    context.close()

    # The vault, sealed: Unlock, and apart from it, in a box of its own, Seal now.
    vault_close()
    context, page = sign_in(browser, live_server, admin)
    page.set_viewport_size(PHONE)
    for language in ("ru", "en"):
        admin.language = language
        admin.save()
        page.goto(f"{live_server.url}/staff/vault")
        seal = page.locator("form.danger-zone fieldset")
        assert seal.locator("button.danger").is_visible()
        assert gap(page, "form[action$='/unlock'] button", "form.danger-zone fieldset") >= 24
        shoot(page, f"walk9-vault-sealed-390-{language}.png")
    assert "sealing again signs every staff member out" in seal.inner_text()
    context.close()

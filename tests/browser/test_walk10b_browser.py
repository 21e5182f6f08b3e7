"""Round 10's second walk (issue #16's statistics and the round's new notices), in a real
browser with JavaScript off, at 390 px and 1366 px, in Russian and English.

- The statistics' map by federal district on a phone: a 9-inch figure shrunk to a third, its
  tiles' names 3-4 px tall (8 px at 1366). A phone now asks for a narrow map whose tiles carry
  the districts' abbreviations (ЦФО, CFD …), read against the table under it, which names each
  district in full with its abbreviation.
- A release's chart took no `size=phone`: the 8-inch figure was shrunk on a phone."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page

from objector.cases.actions import request_assign
from objector.documents.actions import document_store
from objector.intake.regions import DISTRICTS
from objector.persons.keyring import forget
from objector.persons.models import Mention
from objector.stats.models import Release
from objector.vault.actions import vault_unlock
from tests.browser.conftest import SHOTS
from tests.browser.test_casework_browser import sign_in
from tests.browser.test_walk10_browser import DESKTOP, PHONE, registry
from tests.conftest import PASSPHRASE, vault_close

pytestmark = pytest.mark.django_db(transaction=True)
FONT = re.compile(r"font-size: ([\d.]+)px")


def smallest_text(page: Page, selector: str) -> float:
    """The smallest text drawn in an SVG <img>, in CSS pixels as shown on the page."""
    image = page.locator(selector)
    image.scroll_into_view_if_needed()
    src, shown = image.evaluate("i => [i.currentSrc, i.clientWidth]")
    svg = page.request.get(src).text()
    box = re.search(r'viewBox="0 0 ([\d.]+) ', svg)
    assert box is not None
    scale = shown / float(box.group(1))  # the figure's user units are points
    sizes = [float(s) for s in FONT.findall(svg)]
    assert sizes, svg[:500]
    return min(sizes) * scale


def test_the_district_map_is_readable_on_a_phone_and_a_desktop(
    live_server, browser, coordinator, lawyer, one_man, make_request
) -> None:
    registry(one_man, make_request, coordinator, lawyer)
    context, page = sign_in(browser, live_server, coordinator)
    for language, abbr, name in (("ru", "ЦФО", "Центральный"), ("en", "CFD", "Central")):
        coordinator.language = language
        coordinator.save()
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            page.goto(f"{live_server.url}/staff/stats?measure=persons&rows=district")
            image = page.locator("#map img")
            src = image.evaluate("i => i.currentSrc")
            assert ("size=phone" in src) is (size is PHONE)
            # 3-4 px on a phone before, 8 px at 1366.
            assert smallest_text(page, "#map img") >= 11, (language, size)
            svg = page.request.get(src).text()
            assert (f">{abbr}<" in svg) is (size is PHONE)  # an abbreviation only when narrow
            # The table under the map names each district in full, with its abbreviation.
            assert f"{name} ({abbr})" in page.locator("#map-table").inner_text()
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
            SHOTS.mkdir(parents=True, exist_ok=True)
            shot = f"walk10b-stats-map-{size['width']}-{language}.png"
            page.locator("#map").screenshot(path=SHOTS / shot)
    context.close()


def test_a_release_s_chart_and_map_are_drawn_for_a_phone(live_server, browser, analyst) -> None:
    release = Release.objects.create(
        title="Синтетические обращения по федеральным округам",
        created_by=analyst,
        first_week=date(2026, 1, 5),
        last_week=date(2026, 1, 5),
        dims=["district"],
        labels=[[d.key for d in DISTRICTS] + [""]],
        published=[12, 7, None, 9, 15, 5, 6, 8, None, 0, 75],
        audit=[],
        k=5,
        protection=5,
    )
    context, page = sign_in(browser, live_server, analyst)
    for language in ("ru", "en"):
        analyst.language = language
        analyst.save()
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            page.goto(f"{live_server.url}/staff/stats/releases/{release.pk}")
            chart = page.locator("#chart img")
            chart.scroll_into_view_if_needed()
            src, scale = chart.evaluate("i => [i.currentSrc, i.clientWidth / i.naturalWidth]")
            # The 8-inch chart was shrunk to 47 % on a phone, its text 6 px tall.
            assert ("size=phone" in src) is (size is PHONE), src
            assert scale >= (0.85 if size is PHONE else 0.99), scale
            assert smallest_text(page, "#chart img") >= 10, (language, size)
            assert ("size=phone" in page.locator("#map img").evaluate("i => i.currentSrc")) is (
                size is PHONE
            )
            assert smallest_text(page, "#map img") >= 11, (language, size)
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
            SHOTS.mkdir(parents=True, exist_ok=True)
            name = f"walk10b-release-chart-{size['width']}-{language}.png"
            page.locator("#chart").screenshot(path=SHOTS / name)
    context.close()


def test_a_mother_reads_why_her_son_s_name_came_back_in_plain_words(live_server, browser) -> None:
    """A name pasted with a right-to-left override comes back to be checked: the page said
    "Please correct these answers" (nothing was wrong) and spoke of "direction marks, zero-width
    spaces" and "1 invisible character(s)"."""
    for lang, button, words in (
        ("ru", "Дальше", ("Проверьте", "1 невидимый знак", "«Дальше»")),
        ("en", "Next", ("Please check", "1 invisible character from", "“Next”")),
    ):
        context = browser.new_context(java_script_enabled=False, locale="ru-RU", viewport=PHONE)
        page = context.new_page()
        page.goto(f"{live_server.url}/intake/q?lang={lang}")
        page.locator("#q-role input[value=relative]").check()
        page.locator("#q-personnel input[value=mobilized]").check()
        page.locator("input[value=left_unit]").first.check()
        page.get_by_role("button", name=button).click()
        page.locator('[name="date:left_unit"]').fill("2023-07-03")
        for question in ("intends_to_return", "abroad", "prior_conviction"):
            page.locator(f"#q-{question} input[value=no]").check()
        page.get_by_role("button", name=button).click()
        page.locator('[name="name"]').fill("Синтетический \u202eТест")
        page.get_by_role("button", name=button).click()
        alert = page.get_by_role("alert").inner_text()
        said = page.locator("#q-name .field-error").inner_text()
        assert page.locator('[name="name"]').input_value() == "Синтетический Тест"
        for word in words:
            assert word in alert, (word, alert)
        assert said in alert
        for jargon in ("(s)", "zero-width", "нулевой ширины", "Correct", "Исправьте"):
            assert jargon not in alert, jargon
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"walk10b-intake-invisible-390-{lang}.png", full_page=False)
        page.get_by_role("button", name=button).click()  # sent again as it is: taken
        assert page.get_by_role("alert").count() == 0
        context.close()


def test_a_sealed_person_page_says_who_can_open_it(
    live_server, browser, coordinator, lawyer, one_man, make_request, admin
) -> None:
    """While the vault is sealed the person page answers 503: it said only that it "needs the
    vault unlocked", not what the lawyer is to do about it."""
    case, _again, _stored, _thin = registry(one_man, make_request, coordinator, lawyer)
    person = Mention.objects.get(request=case).person
    assert person is not None
    context, page = sign_in(browser, live_server, lawyer)
    page.set_viewport_size(PHONE)
    vault_close()
    forget()  # as the seal's signal does in every process
    try:
        for language, ask, back in (
            ("ru", "попросите администратора", "Мои дела"),
            ("en", "ask an administrator", "My cases"),
        ):
            lawyer.language = language
            lawyer.save()
            answer = page.goto(f"{live_server.url}/staff/persons/{person.pk}")
            assert answer is not None and answer.status == 503
            message = page.locator("#message").inner_text()
            assert ask in message, message
            # The way back is named as the lawyer's menu names it ("Очередь" before).
            assert page.locator("#back").inner_text() == back
            assert page.get_by_role("navigation").get_by_role("link", name=back).count() == 1
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            SHOTS.mkdir(parents=True, exist_ok=True)
            name = f"walk10b-person-sealed-390-{language}.png"
            page.screenshot(path=SHOTS / name, full_page=False)
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    context.close()


def test_a_table_that_cannot_be_counted_says_what_can(live_server, browser, coordinator) -> None:
    """Choosing "persons named in orders" on the page's default rows (federal district) said
    "persons named in orders cannot be counted by federal district", and nothing of what they
    can be counted by."""
    context, page = sign_in(browser, live_server, coordinator)
    page.set_viewport_size(PHONE)
    for language, said in (
        (
            "ru",
            "«Людей, названных в приказах» нельзя считать по признакам: федеральный округ. "
            "Их можно считать по признакам: неделя, месяц, воинская часть.",
        ),
        (
            "en",
            "Persons named in orders cannot be counted by federal district. They can be "
            "counted by: week, month, unit.",
        ),
    ):
        coordinator.language = language
        coordinator.save()
        page.goto(f"{live_server.url}/staff/stats?measure=ordered&rows=district")
        refused = page.locator("ul.errorlist")
        assert refused.inner_text() == said
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        refused.scroll_into_view_if_needed()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"walk10b-stats-refused-390-{language}.png", full_page=False)
    context.close()


def test_a_lawyer_reads_why_a_file_s_name_lost_characters(
    live_server, browser, coordinator, lawyer, make_request
) -> None:
    """A file sent as "приказ\u202etxt.exe" (it reads "приказexe.txt") is kept as
    "приказtxt.exe": the page spoke of "direction marks, zero-width spaces" and said nothing of
    why they matter, nor that the name shown is the real one."""
    case = make_request()
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    stored = document_store(
        content=b"synthetic", filename="приказ\u202etxt.exe", channel="web", by=lawyer, case=case
    )
    context, page = sign_in(browser, live_server, lawyer)
    for language, real in (("ru", "Выше — настоящее имя файла."), ("en", "the file's real one")):
        lawyer.language = language
        lawyer.save()
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            page.goto(f"{live_server.url}/staff/documents/{stored.pk}")
            assert page.locator("#filename").inner_text() == "приказtxt.exe"
            notice = page.locator("#filename-removed").inner_text()
            assert real in notice and ".exe" in notice, notice
            assert "нулевой ширины" not in notice and "zero-width" not in notice
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
            SHOTS.mkdir(parents=True, exist_ok=True)
            name = f"walk10b-document-name-{size['width']}-{language}.png"
            page.screenshot(path=SHOTS / name, full_page=False)
    context.close()

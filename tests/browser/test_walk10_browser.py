"""Round 10's walk of the person registry's screens (issue #16), in a real browser with
JavaScript off, at 390 px and 1366 px, in Russian and English.

- The queue at 1366 px: a case code in a marker ("already a client: case VQP9-9J8E") broke at
  its hyphen, "VQP9-" at the end of one line and "9J8E" on the next; "Urgency ↓" put its arrow
  on a line of its own.
- The person page on a phone: the link to the other mention was an inline block a finger tall
  in the middle of the verdicts' sentence, pushing its line 20 px from the next one (an odd
  gap); the evidence lists were grids with a 1rem gap (the document page's rule). An uncertain
  link's reason was said twice: in the flag and again in the evidence under it.
- The statistics' chart on a phone: an 8-inch figure shrunk to 47 %, its text 6 px tall; the
  page now asks for a 4-inch one on a narrow screen."""

from __future__ import annotations

import re
from datetime import timedelta
from itertools import pairwise

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from objector.cases.actions import message_receive, request_assign
from objector.intake.models import Request, requests_open
from objector.persons.models import Mention
from objector.persons.tasks import link_request
from tests.browser.conftest import shoot
from tests.browser.test_casework_browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}")

# The lines a piece of text covers: its characters' boxes, whatever elements hold them.
LINES_OF = """([root, start, end]) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const tops = new Set();
    let at = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const n = node.textContent.length;
        for (let i = Math.max(start, at); i < Math.min(end, at + n); i++) {
            const r = document.createRange();
            r.setStart(node, i - at);
            r.setEnd(node, i - at + 1);
            const box = r.getBoundingClientRect();
            if (box.width > 0) tops.add(Math.round(box.top));
        }
        at += n;
    }
    return tops.size;
}"""


def lines(page: Page, selector: str, text: str) -> list[int]:
    """For each element matched, the number of lines `text` covers in it."""
    counts = []
    for el in page.locator(selector).element_handles():
        whole = el.text_content() or ""
        start = whole.index(text)
        counts.append(page.evaluate(LINES_OF, [el, start, start + len(text)]))
    return counts


def registry(one_man, make_request, coordinator, lawyer):
    """Two requests of one man, an order naming him and a colleague's client (one_man), and a
    thin request whose link to a namesake is uncertain."""
    today = timezone.localdate()
    for answers in (
        {"name": "Зорин Павел Андреевич", "unit": "в/ч 12345"},
        {"name": "Зорин Павел Андреевич", "unit": "в/ч 54321"},
        {"name": "Павел Зорин"},
    ):
        thin = make_request(today=today, **answers)
        request_assign(request=thin, lawyer=lawyer, by=coordinator)
        assert link_request.call(thin.pk) == "done"
    return one_man.case, one_man.again, one_man.stored, Mention.objects.get(request=thin)


def test_the_queue_keeps_case_codes_and_sort_arrows_whole_at_1366(
    live_server, browser, coordinator, lawyer, one_man, make_request
) -> None:
    registry(one_man, make_request, coordinator, lawyer)
    context, page = sign_in(browser, live_server, coordinator)
    page.set_viewport_size(DESKTOP)
    for language in ("ru", "en"):
        coordinator.language = language
        coordinator.save()
        page.goto(f"{live_server.url}/staff/queue")
        markers = page.locator("a.marker", has_text=CODE)
        assert markers.count() >= 3  # both of Синтетов's requests, and Зорин's
        wrapped = 0
        for i in range(markers.count()):
            marker = markers.nth(i)
            text = marker.text_content() or ""
            code = CODE.search(text)
            assert code is not None
            assert lines(page, f"#{marker.get_attribute('id')}", code.group()) == [1], code
            wrapped += lines(page, f"#{marker.get_attribute('id')}", text) != [1]
        assert wrapped  # the name column is narrow: the markers themselves do wrap
        arrow = page.locator("#sort-urgency")
        assert len(arrow.evaluate("a => [...a.getClientRects()]")) == 1  # "↓" on its own before
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        shoot(page, f"walk10-queue-1366-{language}.png", full_page=False)
    context.close()


def test_a_phone_reads_the_evidence_without_odd_gaps_and_the_reason_once(
    live_server, browser, coordinator, lawyer, one_man, make_request
) -> None:
    case, _again, _stored, thin = registry(one_man, make_request, coordinator, lawyer)
    person = Mention.objects.get(request=case).person
    assert person is not None and thin.person is not None and thin.uncertain
    context, page = sign_in(browser, live_server, lawyer)
    page.set_viewport_size(PHONE)
    for language, why in (
        ("ru", "у упоминания нет ни воинской части, ни даты рождения"),
        ("en", "the mention has neither unit nor birth date"),
    ):
        lawyer.language = language
        lawyer.save()
        page.goto(f"{live_server.url}/staff/persons/{person.pk}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        items = page.locator("ul.evidence > li:has(> a)")
        assert items.count() == 2
        for i in range(items.count()):
            link = items.nth(i).locator("> a").bounding_box()
            text = items.nth(i).evaluate(
                """li => {
                    const r = document.createRange();
                    r.setStartAfter(li.querySelector('a'));
                    r.setEndAfter(li.lastChild);
                    return [...r.getClientRects()].filter(b => b.width > 0).map(b => b.top);
                }"""
            )
            assert link is not None and link["height"] >= 44  # a finger's height
            # The verdicts start below the link and read on at the text's own spacing.
            assert text[0] >= link["y"] + link["height"] - 1
            steps = {round(b - a) for a, b in pairwise(text) if b > a}
            assert steps and max(steps) <= 27, steps  # 25.5 px lines (45 px after the link)
        shoot(page, f"walk10-person-evidence-390-{language}.png")

        page.goto(f"{live_server.url}/staff/persons/{thin.person_id}")
        mention = page.locator(f"#mention-{thin.pk}")
        assert mention.inner_text().count(why) == 1  # twice: the flag, then the evidence
        assert why in mention.locator(".uncertain").inner_text()
        assert mention.locator(".doubt").is_visible()  # the uncertain link is still marked
        shoot(page, f"walk10-person-uncertain-390-{language}.png")
    context.close()


def test_the_statistics_chart_is_drawn_for_a_phone(
    live_server, browser, coordinator, lawyer, one_man, make_request
) -> None:
    registry(one_man, make_request, coordinator, lawyer)
    context, page = sign_in(browser, live_server, coordinator)
    for size, least in ((PHONE, 0.85), (DESKTOP, 0.99)):
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/staff/stats?measure=persons&rows=district")
        image = page.locator("#chart img")
        image.scroll_into_view_if_needed()
        shown = image.evaluate(
            "i => [i.currentSrc, i.clientWidth / i.naturalWidth, i.naturalWidth]"
        )
        # The chart is shown at (nearly) its own size: its 10-point text 12 px or more (47 %
        # on a phone before, the text 6 px tall).
        assert shown[1] >= least, shown
        assert ("size=phone" in shown[0]) is (size is PHONE)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        shoot(page, f"walk10-stats-chart-{size['width']}-ru.png", full_page=False)
    context.close()


def test_a_requester_reads_the_next_threshold_in_english(live_server, browser, make_request):
    today = timezone.localdate()
    request = make_request(
        today=today, lang="en", **{"date:left_unit": (today - timedelta(days=2)).isoformat()}
    )
    context = browser.new_context(java_script_enabled=False, locale="en-GB", viewport=PHONE)
    page = context.new_page()
    for language, cited, other in (
        ("en", "art. 337(2.1) of the Criminal Code: prison up to 5 years", "УК РФ"),
        ("ru", "УК РФ ст. 337 ч. 2.1", "Criminal Code"),
    ):
        page.goto(f"{live_server.url}/intake/status?lang={language}")
        if language == "en":  # then the session keeps the request open, in either language
            page.locator("input[name=reference]").fill(request.reference)
            page.locator("input[name=secret]").fill(request.secret)
            page.locator("form button[type=submit]").first.click()
        nearest = page.locator("#nearest")
        # "the penalty becomes УК РФ ст. 337 ч. 2.1" in the English text before.
        assert cited in nearest.inner_text() and other not in nearest.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        nearest.scroll_into_view_if_needed()
        shoot(page, f"walk10-status-nearest-390-{language}.png", full_page=False)
    context.close()


# Every control a finger may hit on a page: its text and its box, if under 44 px either way
# (a tick box or a radio button counts by its label, which other tests measure).
SMALL = """() => [...document.querySelectorAll('a, button, input, select, textarea, summary')]
    .filter(e => e.offsetParent !== null && !['hidden', 'checkbox', 'radio'].includes(e.type))
    .map(e => [e, e.getBoundingClientRect()])
    .filter(([e, b]) => b.height < 44 || b.width < 44)
    .map(([e, b]) => `${e.tagName} ${(e.innerText || e.name || '').slice(0, 30)} `
        + `${Math.round(b.width)}x${Math.round(b.height)}`)"""


def test_a_lawyer_s_screens_have_no_control_under_a_finger_on_a_phone(
    live_server, browser, coordinator, lawyer, one_man, make_request
) -> None:
    case, again, stored, thin = registry(one_man, make_request, coordinator, lawyer)
    context, page = sign_in(browser, live_server, lawyer)
    page.set_viewport_size(PHONE)
    screens = [
        "/staff/queue",
        f"/staff/cases/{again.pk}",
        f"/staff/persons/{thin.person_id}",
        f"/staff/documents/{stored.pk}",  # its page number "1" was 10 px wide
        f"/staff/cases/{case.pk}/filings",  # its heading's case code was 28 px tall
        "/staff/deadlines",
        "/staff/documents",
    ]
    for language in ("ru", "en"):
        lawyer.language = language
        lawyer.save()
        for url in screens:
            page.goto(live_server.url + url)
            assert page.evaluate(SMALL) == [], url
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
    shoot(page, "walk10-documents-390-en.png")
    page.goto(f"{live_server.url}/staff/documents/{stored.pk}")
    page.locator("ol#persons").scroll_into_view_if_needed()
    shoot(page, "walk10-document-persons-390-en.png", full_page=False)
    context.close()


# Each piece of text's contrast with the background it is drawn on (WCAG 2's ratio), for the
# texts under 4.5:1 (3:1 when large: 24 px, or 18.66 px bold).
LOW_CONTRAST = """() => {
    const rgb = s => s.match(/[\\d.]+/g).map(Number);
    const lum = ([r, g, b]) => {
        const f = c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const back = e => {
        for (; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length < 4 || c[3] > 0) return c;
        }
        return [255, 255, 255];
    };
    const low = [];
    for (const e of document.querySelectorAll('body *')) {
        const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
            || e.matches('select, textarea, input:not([type=checkbox], [type=radio])');
        if (!own || e.offsetParent === null) continue;
        const st = getComputedStyle(e);
        const a = lum(rgb(st.color)), b = lum(back(e));
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight) >= 700;
        const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
        const text = e.textContent.trim() || e.name;
        if (ratio < need) low.push(`${e.tagName} ${text.slice(0, 30)} ${ratio.toFixed(2)}`);
    }
    return low;
}"""


def test_the_registry_s_screens_keep_their_text_legible(
    live_server, browser, coordinator, lawyer, one_man, make_request
) -> None:
    _case, again, stored, thin = registry(one_man, make_request, coordinator, lawyer)
    everyone = list(Request.objects.all())
    requests_open(everyone)
    for request in everyone:  # every row unread: critical and high on its tint
        message_receive(request=request, text="Синтетический вопрос заявителя.")
    context, page = sign_in(browser, live_server, coordinator)
    page.set_viewport_size(DESKTOP)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for url in (
            "/staff/queue",
            f"/staff/cases/{again.pk}",
            f"/staff/persons/{thin.person_id}",
            f"/staff/documents/{stored.pk}",
            "/staff/stats?measure=persons&rows=district",
            "/intake/",  # the requester's first page and the status form
            "/intake/status",
        ):
            page.goto(live_server.url + url)
            # "high" on an unread row's green tint was 4.16:1; in the dark, an unread row's
            # light text on its light tint 1.1:1
            low = page.evaluate(LOW_CONTRAST)
            assert low == [], (scheme, url)
        page.goto(f"{live_server.url}/staff/queue")
        shoot(page, f"walk10-queue-unread-1366-ru-{scheme}.png", full_page=False)
    context.close()


def test_the_language_switch_is_read_in_its_own_language(live_server, browser, lawyer) -> None:
    context, page = sign_in(browser, live_server, lawyer)
    for language, switch in (("ru", ("English", "en")), ("en", ("Русский", "ru"))):
        lawyer.language = language
        lawyer.save()
        page.goto(f"{live_server.url}/staff/queue")
        assert page.locator("html").get_attribute("lang") == language
        button = page.locator("nav[aria-label=staff] form[action$='/language'] button")
        # A screen reader read "English" with Russian sounds (the page's language) before.
        assert (button.inner_text(), button.get_attribute("lang")) == switch
    context.close()

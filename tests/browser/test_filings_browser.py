"""A real browser, JavaScript off: a lawyer prepares a claim from the case page, fills what the
case lacks, reads the draft with its blanks and cover note, and downloads it as DOCX and PDF; the
draft page fits a phone."""

from __future__ import annotations

import docx
import pytest

from objector.cases.actions import request_assign
from objector.filings import pdf
from tests.browser.conftest import SHOTS
from tests.browser.test_casework_browser import sign_in

DISMISSED = {
    "role": "self",
    "personnel": "mobilized",
    "events": ["dismissed"],
    "date:dismissed": "2026-10-01",
    "name": "Хабибуллин Айдар Рустамович",
    "consent_filings": "yes",
}


@pytest.mark.django_db(transaction=True)
def test_a_lawyer_drafts_and_downloads_a_claim(
    live_server, browser, coordinator, lawyer, make_request
) -> None:
    case = make_request(**DISMISSED)
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page = sign_in(browser, live_server, lawyer)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/staff/cases/{case.pk}")
    page.locator("#filings").get_by_role("link", name="Подготовить документ").click()
    assert page.locator("#consent").inner_text().startswith("Есть: дано")
    page.locator("#offered").get_by_role("link", name="Административный иск").click()
    page.get_by_label("номер приказа (document.number)").fill("32-лс")
    page.get_by_label("воинское звание (person.rank)").fill("рядовой")
    page.get_by_role("button", name="Подготовить черновик").click()

    assert "адрес суда (directory.court.address)" in page.locator("#blanks").inner_text()
    assert "Срок (обжалование увольнения)" in page.locator("#cover").inner_text()
    assert "рядового Хабибуллина Айдара Рустамовича" in page.locator("#text").inner_text()
    page.screenshot(path=SHOTS / "filing-draft.png", full_page=True)

    with page.expect_download() as caught:
        page.locator("#download-docx").click()
    download = caught.value
    assert download.suggested_filename == "claim_dismissal-v1.docx"
    document = docx.Document(download.path())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "№ 32-лс" in text and "[____: наименование суда]" in text

    if pdf.soffice() is not None:
        href = page.locator("#download-pdf").get_attribute("href")
        response = context.request.get(f"{live_server.url}{href}", timeout=90_000)
        assert response.status == 200
        assert response.body().startswith(b"%PDF-")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.screenshot(path=SHOTS / "filing-draft-phone.png", full_page=True)
    context.close()

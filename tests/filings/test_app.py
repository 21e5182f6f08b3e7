"""Filings in the product: from the case page to a stored, encrypted draft and its downloads;
consent; a joint claim from an order; shredding. Through the real views and the real key-holder."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from objector.cases.actions import request_assign, requests_shred
from objector.documents.actions import case_tags, document_extract, document_store
from objector.documents.models import Document
from objector.filings import actions, core
from objector.filings.models import Draft
from objector.vault.audit import AuditEntry, entries_of
from tests.conftest import reopened

pytestmark = pytest.mark.django_db

DISMISSED = {
    "role": "self",
    "personnel": "mobilized",
    "events": ["dismissed"],
    "date:dismissed": "2026-10-01",
    "name": "Хабибуллин Айдар Рустамович",
    "unit": "войсковая часть 12345",
    "story": "Уволен приказом № 32-лс. {{ 7*7 }} {% if 1 %}код{% endif %}",
    "consent_filings": "yes",
}
ORDER = (
    "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 октября 2026 г. № 32-лс\n1. Уволить:\n"
    "рядового Синтетова Петра Сергеевича, личный номер АБ-123456;\n"
    "ефрейтора Выдуманного Илью Андреевича, личный номер АБ-654321;\n"
    "сержанта Придуманного Олега Ивановича, личный номер АБ-111111.\n"
)


@pytest.fixture
def case(make_request, coordinator, lawyer):
    found = make_request(**DISMISSED)
    request_assign(request=found, lawyer=lawyer, by=coordinator)
    return found


@time_machine.travel("2026-11-20 12:00:00+00:00", tick=False)
def test_intake_records_consent_with_its_date_and_channel(make_request) -> None:
    assert reopened(make_request(**DISMISSED)).personal["consent"] == {
        "date": "2026-11-20",
        "channel": "web",
    }
    assert (
        reopened(make_request(**{**DISMISSED, "consent_filings": "no"})).personal["consent"] is None
    )


@time_machine.travel("2026-11-20 12:00:00+00:00", tick=False)
def test_a_lawyer_drafts_a_claim_from_the_case_page(case, lawyer, client_for) -> None:
    client = client_for(lawyer)
    assert f'href="/staff/cases/{case.pk}/filings"' in client.get(f"/staff/cases/{case.pk}").text
    page = client.get(f"/staff/cases/{case.pk}/filings").text
    offered = page[page.index('id="offered"') : page.index("</ul>", page.index('id="offered"'))]
    assert "claim_dismissal" in offered
    assert "complaint_prosecutor" not in offered and "application_ags" not in offered
    form = client.get(f"/staff/cases/{case.pk}/filings/claim_dismissal").text
    # Only what the case lacks: its name, unit and story are known.
    assert 'name="document__number"' in form and 'name="person__birth_date"' in form
    assert 'name="person__surname"' not in form and 'name="case__story"' not in form

    response = client.post(
        f"/staff/cases/{case.pk}/filings/claim_dismissal/draft",
        {"document__number": "32-лс", "document__date": "2026-10-01", "person__rank": "рядовой"},
    )
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert response["Location"] == f"/staff/filings/{draft.pk}"
    assert (draft.kind, draft.version, draft.created_by, draft.template_version) == (
        "claim_dismissal",
        1,
        lawyer,
        "1",
    )
    assert len(draft.template_sha256) == 64
    # Encrypted at rest: neither the DOCX nor the name is in the row.
    assert not bytes(draft.content).startswith(b"PK")
    assert "Хабибуллин".encode() not in bytes(draft.meta)
    assert "draft_create" in [e.action for e in entries_of("draft", draft.pk)]

    page = client.get(f"/staff/filings/{draft.pk}").text
    assert "рядового Хабибуллина Айдара Рустамовича" in page
    assert "Срок (обжалование увольнения): до 1 января 2027 г." in page
    assert "адрес суда (directory.court.address)" in page  # a blank, listed
    assert "Хабибуллин → Хабибуллина (gent)" in page

    download = client.get(f"/staff/filings/{draft.pk}/docx")
    assert download["Content-Disposition"] == 'attachment; filename="claim_dismissal-v1.docx"'
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs)
    assert "№ 32-лс" in text
    assert "[____: наименование суда]" in text

    client.post(f"/staff/cases/{case.pk}/filings/claim_dismissal/draft", {})
    assert list(Draft.objects.values_list("version", flat=True)) == [2, 1]


def test_without_consent_no_draft_names_the_client(make_request, lawyer, coordinator, client_for):
    case = make_request(**{**DISMISSED, "consent_filings": "no"})
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    client = client_for(lawyer)
    response = client.post(f"/staff/cases/{case.pk}/filings/claim_dismissal/draft", {})
    assert response.status_code == 400
    assert "client.consent" in response.text
    assert not Draft.objects.exists()
    client.post(
        f"/staff/cases/{case.pk}/filings/consent", {"date": "2026-11-19", "channel": "paper"}
    )
    assert reopened(case).personal["consent"] == {"date": "2026-11-19", "channel": "paper"}
    response = client.post(f"/staff/cases/{case.pk}/filings/claim_dismissal/draft", {})
    assert response.status_code == 302


def test_a_colleague_cannot_reach_another_lawyers_draft(case, lawyer, colleague, client_for):
    draft = actions.draft_create(
        case=case, kind="claim_dismissal", inputs={}, by=lawyer, today=date(2026, 11, 20)
    )
    for path in ("", "/docx", "/pdf"):
        assert client_for(colleague).get(f"/staff/filings/{draft.pk}{path}").status_code == 404


def test_a_joint_claim_names_only_clients_with_consent(
    make_request, coordinator, lawyer, client_for
) -> None:
    consenting = make_request(**{**DISMISSED, "name": "Синтетов Пётр Сергеевич"})
    refusing = make_request(
        **{**DISMISSED, "name": "Выдуманный Илья Андреевич", "consent_filings": "no"}
    )
    order = document_store(
        content=ORDER.encode(), filename="order.txt", channel="bulk", by=coordinator
    )
    document_extract(document=Document.objects.get(pk=order.pk))
    client = client_for(coordinator)
    assert (
        f'href="/staff/documents/{order.pk}/joint-claim"'
        in client.get(f"/staff/documents/{order.pk}").text
    )
    persons = actions.order_persons(Document.objects.get(pk=order.pk))
    assert len(persons) == 3
    page = client.get(f"/staff/documents/{order.pk}/joint-claim").text
    assert page.count("нет: связаться") == 2

    response = client.post(
        f"/staff/documents/{order.pk}/joint-claim/draft",
        {
            "chosen": [p["pk"] for p in persons],
            **{f"item_{p['pk']}": str(i + 1) for i, p in enumerate(persons)},
        },
    )
    assert response.status_code == 302, response.text[:500]
    draft = Draft.objects.get()
    # The cases it names are sealed, each found by its keyed tag only (round 11c).
    assert list(draft.named.values_list("case_tag", flat=True)) == case_tags([consenting.pk])
    assert not draft.case_id and draft.document_tag == actions.document_tags([order.pk])[0]
    # The order's page of joint claims lists it, and its page leads back to the order.
    joint = client.get(f"/staff/documents/{order.pk}/joint-claim").text
    assert f'href="/staff/filings/{draft.pk}"' in joint
    assert f'href="/staff/documents/{order.pk}"' in client.get(f"/staff/filings/{draft.pk}").text
    content = client.get(f"/staff/filings/{draft.pk}/docx").content
    rows = [
        [c.text for c in r.cells] for t in docx.Document(io.BytesIO(content)).tables for r in t.rows
    ]
    assert [r[1] for r in rows[1:]] == ["Синтетов Петр Сергеевич"]
    assert rows[1][4] == "1"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "Выдуманн" not in text and "Придуманн" not in text
    page = client.get(f"/staff/filings/{draft.pk}").text
    outreach = page[page.index('id="outreach"') :]
    assert "Выдуманный Илья" in outreach and "Придуманный Олег" in outreach

    # A lawyer to whom none of these cases is assigned sees no such draft.
    assert client_for(lawyer).get(f"/staff/filings/{draft.pk}").status_code == 404
    # Shredding the plaintiff's case removes the joint claim that names him.
    requests_shred(requests=[refusing], by=coordinator)
    assert Draft.objects.filter(pk=draft.pk).exists()
    requests_shred(requests=[consenting], by=coordinator)
    assert not Draft.objects.filter(pk=draft.pk).exists()


def test_shredding_a_case_removes_its_drafts(case, lawyer, coordinator) -> None:
    for _ in range(2):
        actions.draft_create(
            case=case, kind="claim_dismissal", inputs={}, by=lawyer, today=date(2026, 11, 20)
        )
    assert Draft.objects.count() == 2
    requests_shred(requests=[case], by=coordinator)
    assert not Draft.objects.exists()


def test_a_hostile_story_is_text_in_the_draft(make_request, lawyer, coordinator) -> None:
    case = make_request(
        **{**DISMISSED, "events": ["detained_by_unit"], "date:detained_by_unit": "2026-11-01"}
    )
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    draft = actions.draft_create(
        case=case, kind="complaint_prosecutor", inputs={}, by=lawyer, today=date(2026, 11, 20)
    )
    lines = [p.text for p in docx.Document(io.BytesIO(draft.docx())).paragraphs]
    assert lines[0] == "СРОЧНО: незаконное удержание военнослужащего"
    assert f"Обстоятельства: {DISMISSED['story']}" in lines


@time_machine.travel("2026-11-20 12:00:00+00:00", tick=False)
def test_objector_draft_case_stores_the_next_version(case, lawyer, colleague, tmp_path) -> None:
    target = tmp_path / "claim.docx"
    out = io.StringIO()
    call_command("draft", "claim_dismissal", case=case.reference, by="lawyer", out=str(target))
    call_command(
        "draft",
        "claim_dismissal",
        case=case.reference.lower(),
        by="lawyer",
        out=str(tmp_path / "again.docx"),
        stdout=out,
    )
    assert "version 2" in out.getvalue()
    assert "appeal_dismissal: 2027-01-01 (КАС РФ ст. 219 ч. 1)" in out.getvalue()
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Хабибуллина Айдара Рустамовича" in text
    assert list(Draft.objects.filter(case=case).values_list("version", flat=True)) == [2, 1]
    with pytest.raises(CommandError, match="no such case visible to colleague"):
        call_command("draft", "claim_dismissal", case=case.reference, by="colleague")
    with pytest.raises(CommandError, match="no such staff member"):
        call_command("draft", "claim_dismissal", case=case.reference, by="nobody")


def test_objector_draft_goes_to_django_only_for_a_case(monkeypatch, tmp_path) -> None:
    import django.core.management

    from objector import cli

    called: list[list[str]] = []
    monkeypatch.setattr(django.core.management, "execute_from_command_line", called.append)
    cli.main(["draft", "claim_dismissal", "--case=AB-12", "--by", "lawyer"])
    assert called == [["objector", "draft", "claim_dismissal", "--case=AB-12", "--by", "lawyer"]]


def test_an_organisation_template_in_the_data_directory_is_used(
    case, lawyer, settings, tmp_path
) -> None:
    settings.DATA_DIR = tmp_path
    (tmp_path / "filing-templates").mkdir()
    own = docx.Document(str(core.TEMPLATES / "claim_dismissal.docx"))
    own.paragraphs[0].runs[0].text = "В суд по выбору организации: {{ directory.court.name }}"
    own.save(str(tmp_path / "filing-templates" / "claim_dismissal.docx"))
    draft = actions.draft_create(
        case=case, kind="claim_dismissal", inputs={}, by=lawyer, today=date(2026, 11, 20)
    )
    assert draft.template_version == "1-org"
    first = docx.Document(io.BytesIO(draft.docx())).paragraphs[0].text
    assert first == "В суд по выбору организации: [____: наименование суда]"


def test_bad_input_in_the_short_form_is_named(case, lawyer, client_for) -> None:
    client = client_for(lawyer)
    url = f"/staff/cases/{case.pk}/filings/claim_dismissal/draft"
    response = client.post(url, {"person__rank": "генералиссимус всея"})
    assert response.status_code == 400
    assert "person.rank" in response.text and "неизвестное воинское звание" in response.text
    response = client.post(url, {"document__date": "2026-02-30"})
    assert response.status_code == 400
    assert client.get(f"/staff/cases/{case.pk}/filings/petition_to_the_tsar").status_code == 404
    assert not Draft.objects.exists()


def test_downloads_refuse_while_sealed_and_name_a_pdf_failure(
    case, lawyer, client_for, monkeypatch
):
    from objector.filings import pdf
    from tests.conftest import vault_close

    draft = actions.draft_create(
        case=case, kind="claim_dismissal", inputs={}, by=lawyer, today=date(2026, 11, 20)
    )
    client = client_for(lawyer)
    # LibreOffice missing: the PDF is refused with the reason, and a link back to the draft.
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    refused = client.get(f"/staff/filings/{draft.pk}/pdf")
    assert refused.status_code == 503
    assert f'href="/staff/filings/{draft.pk}"' in refused.content.decode()
    assert "Content-Disposition" not in refused
    downloads = AuditEntry.objects.filter(action__contains="draft").count()

    vault_close()
    for path in ("docx", "pdf"):
        sealed = client.get(f"/staff/filings/{draft.pk}/{path}")
        assert sealed.status_code == 503 and "Content-Disposition" not in sealed
        assert f'href="/staff/cases/{case.pk}/filings"' in sealed.content.decode()
    assert AuditEntry.objects.filter(action__contains="draft").count() == downloads

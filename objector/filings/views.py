"""Filings pages: what a case calls for, the short form for what is missing, the draft with its
blanks and cover note, DOCX and PDF downloads, consent, and a joint claim from an order."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import docx
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from objector.accounts.access import PERSONAL_DATA_ROLES, current_staff, role_required
from objector.cases.access import access_request
from objector.documents.access import access_document
from objector.errors import BilingualError
from objector.intake.models import Request, requests_open
from objector.vault.keys import VaultSealed

from . import actions, core, pdf
from .access import access_draft
from .forms import ConsentForm, JointForm, MissingForm
from .kinds import kind_name
from .models import Draft

CASEWORK = PERSONAL_DATA_ROLES
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _today() -> date:
    return timezone.localdate()


def _refused(request: HttpRequest, message: str, back: str, status: int) -> HttpResponse:
    return render(request, "cases/refused.html", {"message": message, "back": back}, status=status)


def _sealed(request: HttpRequest, back: str) -> HttpResponse:
    return _refused(
        request, _("The vault is sealed: drafts open only while it is unlocked."), back, 503
    )


def _error_text(exc: BilingualError) -> str:
    return exc.text(get_language())


def _opened_case(request: HttpRequest, pk: int) -> Request:
    case = access_request(current_staff(request), pk)
    requests_open([case])
    return case


@require_GET
@role_required(*CASEWORK)
def case_filings(request: HttpRequest, pk: int) -> HttpResponse:
    back = reverse("cases:case", args=[pk])
    try:
        case = _opened_case(request, pk)
    except VaultSealed:
        return _sealed(request, back)
    found = core.assessment(actions.case_data(case, {}, _today()), _today())
    drafts = list(Draft.objects.filter(case=case).select_related("created_by"))
    context = {
        "case": case,
        "offered": [(k, kind_name(k)) for k in core.kinds_for(found)],
        "others": [(k, kind_name(k)) for k in core.KINDS if k != "claim_dismissal_joint"],
        "drafts": drafts,
        "consent": actions.consent_of(case),
        "consent_form": ConsentForm(initial={"date": _today()}),
    }
    return render(request, "filings/case.html", context)


@require_POST
@role_required(*CASEWORK)
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    me = current_staff(request)
    case = access_request(me, pk)
    form = ConsentForm(request.POST)
    back = reverse("filings:case", args=[pk])
    if not form.is_valid():
        return _refused(request, _("Give the date and the channel of the consent."), back, 400)
    try:
        actions.consent_record(
            case=case, when=form.cleaned_data["date"], channel=form.cleaned_data["channel"], by=me
        )
    except VaultSealed:
        return _sealed(request, back)
    return redirect(back)


def _kind(kind: str) -> str:
    if kind not in core.KINDS or kind == "claim_dismissal_joint":
        raise Http404("no such kind")
    return kind


def _form_page(
    request: HttpRequest, case: Request, kind: str, form: MissingForm, error: str, status: int
) -> HttpResponse:
    context = {
        "case": case,
        "kind": kind,
        "kind_name": kind_name(kind),
        "form": form,
        "error": error,
    }
    return render(request, "filings/form.html", context, status=status)


@require_GET
@role_required(*CASEWORK)
def draft_form(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    kind = _kind(kind)
    try:
        case = _opened_case(request, pk)
    except VaultSealed:
        return _sealed(request, reverse("cases:case", args=[pk]))
    missing = core.missing(kind, actions.case_data(case, {}, _today()))
    return _form_page(request, case, kind, MissingForm(missing), "", 200)


@require_POST
@role_required(*CASEWORK)
def draft_new(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    kind = _kind(kind)
    me = current_staff(request)
    try:
        case = _opened_case(request, pk)
    except VaultSealed:
        return _sealed(request, reverse("cases:case", args=[pk]))
    form = MissingForm(core.missing(kind, actions.case_data(case, {}, _today())), request.POST)
    if not form.is_valid():
        return _form_page(request, case, kind, form, _("Check the marked fields."), 400)
    try:
        draft = actions.draft_create(
            case=case, kind=kind, inputs=form.inputs(), by=me, today=_today()
        )
    except core.FilingError as exc:
        return _form_page(request, case, kind, form, _error_text(exc), 400)
    return redirect("filings:draft", pk=draft.pk)


@require_GET
@role_required(*CASEWORK)
def draft_view(request: HttpRequest, pk: int) -> HttpResponse:
    me = current_staff(request)
    try:
        draft = access_draft(me, pk)
    except VaultSealed:
        return _sealed(request, reverse("documents:bulk"))
    back = _back(draft)
    try:
        actions.drafts_open([draft])
    except VaultSealed:
        return _sealed(request, back)
    actions.draft_viewed(draft=draft, by=me)
    report = draft.report()
    cover = report["cover"]
    history = Draft.objects.filter(
        case=draft.case, document_tag=draft.document_tag, kind=draft.kind
    ).select_related("created_by")
    context: dict[str, Any] = {
        "draft": draft,
        "kind_name": kind_name(draft.kind),
        "report": report,
        "cover_lines": _cover_lines(cover),
        "paragraphs": _paragraphs(draft.docx()),
        "history": history,
        "back": back,
    }
    return render(request, "filings/draft.html", context)


def _cover_lines(cover: dict[str, Any]) -> list[str]:
    note = core.CoverNote(
        deadline_kind=cover["deadline"],
        due=date.fromisoformat(cover["due"]) if cover["due"] else None,
        basis=cover["basis"],
        uncertain=cover["uncertain"],
        expired=cover["expired"],
        days=cover["days"],
        # The blanks are listed in their own section of the page.
        advice=[a for a in cover["advice"] if not a.startswith(core.BLANK_NOTE)],
    )
    return note.lines()


def _paragraphs(content: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(c.text for c in row.cells) for row in table.rows]
    return lines


def _back(draft: Draft) -> str:
    if draft.case_id is not None:
        return reverse("filings:case", args=[draft.case_id])
    return reverse("documents:document", args=[draft.document_pk])


def _download(
    request: HttpRequest,
    pk: int,
    extension: str,
    content_type: str,
    content: Callable[[Draft], bytes],
) -> HttpResponse:
    """A draft as a file, for a reader allowed to see it, while the vault is unlocked."""
    me = current_staff(request)
    try:
        draft = access_draft(me, pk)
    except VaultSealed:
        return _sealed(request, reverse("documents:bulk"))
    try:
        actions.drafts_open([draft])
    except VaultSealed:
        return _sealed(request, _back(draft))
    try:
        made = content(draft)
    except pdf.PdfError as exc:
        return _refused(request, _error_text(exc), reverse("filings:draft", args=[pk]), 503)
    actions.draft_viewed(draft=draft, by=me, download=True)
    response = HttpResponse(made, content_type=content_type)
    filename = f"{draft.kind}-v{draft.version}.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@role_required(*CASEWORK)
def draft_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "docx", DOCX_TYPE, Draft.docx)


@require_GET
@role_required(*CASEWORK)
def draft_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF, rendered now by LibreOffice in a child process with a time limit."""
    return _download(request, pk, "pdf", "application/pdf", lambda draft: pdf.to_pdf(draft.docx()))


def _joint_page(
    request: HttpRequest, document_pk: int, form: JointForm | None, error: str, status: int
) -> HttpResponse:
    me = current_staff(request)
    document = access_document(me, document_pk)
    back = reverse("documents:document", args=[document_pk])
    try:
        persons = actions.order_persons(document)
    except VaultSealed:
        return _sealed(request, back)
    plaintiffs, _named = actions.joint_plaintiffs(me=me, persons=persons, items={})
    if form is None:
        form = JointForm(persons, initial={"chosen": [p["pk"] for p in persons]})
    rows = [
        {
            "p": p,
            "name": " ".join(x for x in (p.get("last"), p.get("first"), p.get("middle")) if x),
            "consent": bool(pl["consent"]),
            "item": form[f"item_{p['pk']}"],
        }
        for p, pl in zip(persons, plaintiffs, strict=True)
    ]
    drafts = actions.document_drafts(document.pk).select_related("created_by")
    if me.role != me.Role.COORDINATOR:
        drafts = drafts.filter(created_by=me)
    context = {
        "document": document,
        "rows": rows,
        "form": form,
        "error": error,
        "back": back,
        "drafts": drafts,
    }
    return render(request, "filings/joint.html", context, status=status)


@require_GET
@role_required(*CASEWORK)
def joint_form(request: HttpRequest, pk: int) -> HttpResponse:
    return _joint_page(request, pk, None, "", 200)


@require_POST
@role_required(*CASEWORK)
def joint_new(request: HttpRequest, pk: int) -> HttpResponse:
    me = current_staff(request)
    document = access_document(me, pk)
    try:
        persons = actions.order_persons(document)
    except VaultSealed:
        return _sealed(request, reverse("documents:document", args=[pk]))
    form = JointForm(persons, request.POST)
    if not form.is_valid():
        return _joint_page(request, pk, form, _("Choose at least one person."), 400)
    try:
        draft = actions.joint_draft_create(
            document=document,
            chosen=form.cleaned_data["chosen"],
            items=form.items(),
            inputs=form.inputs(),
            by=me,
            today=_today(),
        )
    except core.FilingError as exc:
        return _joint_page(request, pk, form, _error_text(exc), 400)
    return redirect("filings:draft", pk=draft.pk)

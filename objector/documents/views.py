"""Evidence pages: upload on a case or for the organisation, the document page (persons beside
the page image, corrections, matches to cases), and the page image itself."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from objector.accounts.access import PERSONAL_DATA_ROLES, current_staff, role_required
from objector.accounts.models import Staff
from objector.accounts.texts import STAFF_UI, staff_lang
from objector.cases.access import access_request, requests_visible
from objector.extraction.model import ROLES
from objector.extraction.reader import MESSAGES, DocumentError
from objector.intake.dates import human_birth_date, human_date
from objector.intake.models import INDEX_BATCH, NO_NAME, Request, name_indexes_fill
from objector.vault.audit import audit_record
from objector.vault.keys import VaultSealed

from . import actions, render_page
from .access import access_document, access_person
from .models import Document

CASEWORK = PERSONAL_DATA_ROLES
MAX_FILES = 20  # in one upload


def _refused(request: HttpRequest, message: str, back: str, status: int) -> HttpResponse:
    return render(request, "cases/refused.html", {"message": message, "back": back}, status=status)


def _sealed(request: HttpRequest) -> HttpResponse:
    """Documents open only while the vault is unlocked."""
    return _refused(request, STAFF_UI["search_sealed"][staff_lang(request)], "/staff/queue", 503)


def _uploads(request: HttpRequest) -> list[tuple[bytes, str]]:
    """The uploaded files' bytes and names, or DocumentError when the upload as a whole is too
    large. Files are held in memory only (settings.FILE_UPLOAD_HANDLERS): a client's document
    never lands on disk unencrypted."""
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > settings.FILE_UPLOAD_MAX_MEMORY_SIZE:  # refused by its header, before the body
        limit = settings.OBJECTOR_UPLOAD_MAX_BYTES // (1024 * 1024)
        raise DocumentError("too_large", (f"≤ {limit} МБ", f"≤ {limit} MB"))
    files = request.FILES.getlist("file")
    if len(files) > MAX_FILES:
        raise DocumentError("too_many_files", f"≤ {MAX_FILES}")
    return [(f.read(settings.OBJECTOR_UPLOAD_MAX_BYTES + 1), f.name or "") for f in files]


@require_POST
@role_required(*CASEWORK)
def case_upload(request: HttpRequest, pk: int) -> HttpResponse:
    me = current_staff(request)
    case = access_request(me, pk)
    return _store(request, me, case, Document.Channel.WEB, reverse("cases:case", args=[case.pk]))


@require_http_methods(["GET", "POST"])
@role_required(*CASEWORK)
def bulk_view(request: HttpRequest) -> HttpResponse:
    """The organisation's documents: orders and rulings not tied to one case."""
    me = current_staff(request)
    if request.method == "POST":
        return _store(request, me, None, Document.Channel.BULK, reverse("documents:bulk"))
    documents = list(Document.objects.filter(case_tag="").order_by("-uploaded_at")[:200])
    return render(request, "documents/bulk.html", {"rows": _rows(documents, staff_lang(request))})


def _store(
    request: HttpRequest, me: Staff, case: Request | None, channel: str, back: str
) -> HttpResponse:
    """Store each uploaded file. One file stored goes to its page; otherwise every file is
    listed with its document or the reason it was refused."""
    lang = staff_lang(request)
    try:
        uploads = _uploads(request)
    except DocumentError as exc:
        return _refused(request, exc.message(lang), back, _status(exc))
    if not uploads:
        return _refused(request, STAFF_UI["file_missing"][lang], back, 400)
    results: list[tuple[str, Document | DocumentError]] = []
    for content, filename in uploads:
        try:
            document = actions.document_store(
                content=content, filename=filename, channel=channel, by=me, case=case
            )
            results.append((filename, document))
        except DocumentError as exc:
            results.append((filename, exc))
    if len(results) == 1:
        [(_, outcome)] = results
        if isinstance(outcome, Document):
            return redirect("documents:document", pk=outcome.pk)
        return _refused(request, outcome.message(lang), back, _status(outcome))
    rows = [
        {"name": name, "document": o if isinstance(o, Document) else None,
         "error": o.message(lang) if isinstance(o, DocumentError) else ""}
        for name, o in results
    ]  # fmt: skip
    stored = any(r["document"] for r in rows)
    context = {"rows": rows, "back": back}
    return render(request, "documents/stored.html", context, status=200 if stored else 400)


def _status(exc: DocumentError) -> int:
    return 413 if exc.code == "too_large" else 400


def _rows(documents: list[Document], lang: str) -> list[dict[str, Any]]:
    """Documents as listed on a case or the bulk page; names only while the vault is unlocked."""
    try:
        actions.documents_open(documents)
        metas = {d.pk: d.facts() for d in documents}
    except VaultSealed:
        metas = {}
    names = {pk: meta["filename"] for pk, meta in metas.items()}
    return [
        {
            "document": d,
            "name": names.get(d.pk) or STAFF_UI["sealed_name"][lang],
            # Sealed (round 11): said only while unlocked.
            "pages": d.page_count(metas[d.pk]) if d.pk in metas else "",
            "status": STAFF_UI[f"document_{d.status}"][lang],
            "channel": STAFF_UI[f"channel_{d.channel}"][lang],
        }
        for d in documents
    ]


def case_documents(case: Request, lang: str) -> list[dict[str, Any]]:
    """The rows of a case page's documents section, found by the case's tag (VaultSealed while
    sealed, as the case page is)."""
    actions.case_tags_fill()  # stored on a case while sealed: tagged now
    [tag] = actions.case_tags([case.pk])
    return _rows(list(Document.objects.filter(case_tag=tag).order_by("-uploaded_at")), lang)


def _visible(me: Staff) -> Q:
    """Documents this staff member may open: the organisation's and those of visible cases
    (their tags, computed while unlocked: VaultSealed while sealed)."""
    actions.documents_forget_pending()  # cases shredded while sealed: their documents go first
    if me.role == Staff.Role.COORDINATOR:  # every case is visible; the shredded have none
        return Q()
    actions.case_tags_fill()
    cases = requests_visible(me).filter(shredded_at=None).values_list("pk", flat=True)
    return Q(case_tag="") | Q(case_tag__in=actions.case_tags(list(cases)))


def documents_naming(me: Staff, case: Request, lang: str) -> list[dict[str, Any]]:
    """Other documents that name this case's client (the same normalised full name): the
    organisation's own, and those of cases this staff member may see."""
    if not case.name_index or case.name_index == NO_NAME:
        return []
    try:  # the documents' persons are indexed under their own purpose (models.PERSON_NAME_INDEX)
        index = actions.person_name_index(case.personal.get("name", ""))
    except VaultSealed:
        return []
    if not index:
        return []
    [tag] = actions.case_tags([case.pk])
    found = (
        Document.objects.filter(persons__name_index=index)
        .exclude(case_tag=tag)
        .filter(_visible(me))
        .distinct()
        .order_by("-uploaded_at")[:50]
    )
    return _rows(list(found), lang)


@require_GET
@role_required(*CASEWORK)
def document_view(request: HttpRequest, pk: int) -> HttpResponse:
    me = current_staff(request)
    document = access_document(me, pk)
    return _document_page(request, me, document)


# A document still being read reloads itself (a meta refresh: no script, allowed by the CSP)
# until the extraction task is done.
PENDING_REFRESH_SECONDS = 5


def _document_page(
    request: HttpRequest, me: Staff, document: Document, *, error: str = "", status: int = 200
) -> HttpResponse:
    lang = staff_lang(request)
    try:
        actions.documents_open([document])
    except VaultSealed:
        return _sealed(request)
    audit_record(actor=me, action="view", object_type="document", object_id=document.pk)
    meta = document.facts()
    in_order = document.persons_in_order()
    persons, values = [p for p, _ in in_order], [v for _, v in in_order]
    pages = [sorted({m["page"] for m in v["mentions"]}) for v in values]
    # Each name as intake indexes a request's, computed here: stored, it would tie the document
    # to the cases in a copy of the disk (models.DocumentPerson.name_index).
    as_requests = actions.request_name_indexes(values)
    matches = _matches(me, as_requests)
    # Each extracted person's place in the registry (objector.persons links it in the worker):
    # the person page has every request, case and document of them, with the evidence.
    # A document's mention keeps its person only under the registry's key (round 10).
    from objector.persons.models import persons_of_document  # the registry builds on documents

    registry = persons_of_document(document.pk)
    page = _page_number(request, document.page_count(meta))
    extraction = meta.get("extraction") or {}
    texts = meta.get("texts") or []
    context = {
        "document": document,
        "refresh_seconds": PENDING_REFRESH_SECONDS,
        "filename": meta["filename"],
        "filename_removed": meta.get("filename_removed", 0),
        "sha256": document.sha256(),
        "extraction": extraction,
        "document_date": _written(extraction.get("date"), lang),
        "kind_label": _label(f"kind_{extraction.get('kind')}", lang, "—"),
        "channel_label": STAFF_UI[f"channel_{document.channel}"][lang],
        "status_label": STAFF_UI[f"document_{document.status}"][lang],
        "error_text": MESSAGES[document.error][0 if lang == "ru" else 1] if document.error else "",
        "persons": [
            {
                "row": p,
                "v": v,
                "name": actions.full_name(v),
                "role_label": STAFF_UI[f"role_person_{v['role']}"][lang],
                # As the case page and the questionnaire write it: "12 марта 1999", "март 1999",
                # "March 1999", "1999" (a partial date was shown as "1999-03"); the correction
                # form takes it back as written.
                "born": human_birth_date(v["birth_date"], lang) if v.get("birth_date") else "",
                # Why the grammar left the name's nominative open (extraction.model.UNCERTAIN).
                "uncertain": _uncertain_label(v.get("uncertain"), lang),
                "pages": on,
                "matches": matches.get(index, []) if index else [],
                "registry": registry.get(p.pk),
                "highlighted": page in on,
            }
            for p, v, on, index in zip(persons, values, pages, as_requests, strict=True)
        ],
        "roles": [(r, STAFF_UI[f"role_person_{r}"][lang]) for r in ROLES],
        "page": page,
        "page_numbers": list(range(1, document.page_count(meta) + 1)),
        "size": document.size_of(meta),  # sealed since round 11
        "has_image": render_page.has_image(document.mime),
        "text": texts[page - 1] if page <= len(texts) else "",
        "error": error,
        # The same bytes uploaded before (or since): the same evidence, perhaps on another case.
        "same_file": _same_file(me, document),
    }
    return render(request, "documents/document.html", context, status=status)


def _same_file(me: Staff, document: Document) -> list[Document]:
    found = list(
        Document.objects.filter(_visible(me), content_index=document.content_index)
        .exclude(content_index="")
        .exclude(pk=document.pk)
        .order_by("uploaded_at")[:20]
    )
    actions.documents_cases_set(found)  # each one's case, for its reference
    return found


def _written(value: object, lang: str) -> str:
    """The document's own date in words, as the rest of the staff pages write dates: "15 января
    2025", "15 January 2025" (it showed "2025-01-15"); a value that is not a whole ISO date is
    shown as stored, and none as "—"."""
    if not value:
        return "—"
    try:
        return human_date(str(value), lang)
    except ValueError:
        return str(value)


def _uncertain_label(reason: object, lang: str) -> str:
    """The reason a person's name is in doubt, for the reader; "" when it is not (or the reason
    is one this version does not know)."""
    return _label(f"uncertain_{reason}", lang, "") if reason else ""


def _label(key: str, lang: str, unknown: str) -> str:
    """A staff text by a key made from data, or `unknown` for a value this version lacks."""
    text = STAFF_UI.get(key)
    return text[lang] if text is not None else unknown


def _page_number(request: HttpRequest, pages: int) -> int:
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    return min(max(page, 1), max(pages, 1))


def _matches(me: Staff, indexes: list[str]) -> dict[str, list[Request]]:
    """Cases this staff member may see whose client has exactly this (normalised) name."""
    wanted = {i for i in indexes if i}
    if not wanted:
        return {}
    name_indexes_fill(limit=INDEX_BATCH)  # names that came in while the vault was sealed
    found: dict[str, list[Request]] = {}
    for case in (
        requests_visible(me)
        .filter(name_index__in=wanted, shredded_at=None)
        .only("pk", "reference", "name_index")
        .order_by("-created_at")[:200]
    ):
        found.setdefault(case.name_index, []).append(case)
    return found


@require_POST
@role_required(*CASEWORK)
def person_correct(request: HttpRequest, pk: int, person: int) -> HttpResponse:
    me = current_staff(request)
    row = access_person(me, pk, person)
    try:
        actions.person_correct(person=row, values=request.POST.dict(), by=me)
    except actions.EvidenceError as exc:
        return _document_page(
            request, me, row.document, error=STAFF_UI[exc.code][staff_lang(request)], status=400
        )
    except VaultSealed:
        return _sealed(request)
    return redirect(reverse("documents:document", args=[pk]) + f"#person-{row.pk}")


@require_GET
@role_required(*CASEWORK)
def original(request: HttpRequest, pk: int) -> HttpResponse:
    """The file exactly as received (its SHA-256 is on the page), as a download."""
    me = current_staff(request)
    document = access_document(me, pk)
    try:
        actions.documents_open([document])
    except VaultSealed:
        return _sealed(request)
    audit_record(actor=me, action="download", object_type="document", object_id=document.pk)
    response = HttpResponse(document.file(), content_type=document.mime)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document.facts()["filename"] or f"document-{document.pk}"
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@role_required(*CASEWORK)
def page_image(request: HttpRequest, pk: int, page: int) -> HttpResponse:
    """One page as PNG, with every extracted person's place on it outlined."""
    me = current_staff(request)
    document = access_document(me, pk)
    if not render_page.has_image(document.mime):
        return HttpResponse(status=404)
    try:
        actions.documents_open([document])
    except VaultSealed:
        return HttpResponse(status=503)
    if not 1 <= page <= max(document.page_count(), 1):  # sealed since round 11
        return HttpResponse(status=404)
    boxes = [
        m["box"]
        for p in document.persons.all()
        for m in p.values(document.key)["mentions"]
        if m["page"] == page and m.get("box")
    ]
    png = render_page.png(document.file(), document.mime, page, boxes)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response

"""Staff pages over requests: the queue, the case page, deadlines, answer templates.

Views parse, call an action, render. Which requests a person may see is decided only in
`access.py`; which pages a role may open, only by `role_required`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from objector.accounts.access import (
    PERSONAL_DATA_ROLES,
    Role,
    current_staff,
    role_required,
    staff_path,
)
from objector.accounts.models import Staff
from objector.accounts.texts import CHANNEL, OUTCOME, STAFF_UI, STATUS, staff_lang
from objector.accounts.texts import Text as StaffText
from objector.documents.views import case_documents, documents_naming
from objector.intake.models import (
    NO_NAME,
    Request,
    name_indexes_set,
    requests_open,
)
from objector.intake.questionnaire import BY_KEY, EVENT_CHOICES, NOT_ASKED, event_label, shown
from objector.intake.regions import district_name
from objector.law import FactsError
from objector.law.diff import describe
from objector.law.render import render_text
from objector.law.rules import basis_text
from objector.law.texts import label
from objector.vault.audit import AuditAction, audit_record
from objector.vault.keys import VaultSealed

from . import actions, queue
from .access import access_request, can_assign, lawyers, requests_visible
from .forms import (
    MAX_BULK,
    AssignForm,
    BulkForm,
    DeadlineFilterForm,
    DeadlineForm,
    EventForm,
    MessageForm,
    NoteForm,
    SavedViewForm,
    ShredForm,
    StatusForm,
    form_error,
)
from .models import AnswerTemplate, Deadline, Entry, SavedView

# The requester's language, named in the staff member's language.
LANGUAGE_NAMES = {"ru": gettext_lazy("Russian"), "en": gettext_lazy("English")}
CASEWORK = PERSONAL_DATA_ROLES  # the pages over requests show personal data


def _choices(table: dict[str, StaffText], lang: str) -> list[tuple[str, str]]:
    return [(key, texts[lang]) for key, texts in table.items()]


def _value_label(facet: str, value: str, lang: str) -> str:
    if facet == "status":
        if value in ("open", "all"):
            return STAFF_UI[value if value == "open" else "any"][lang]
        return STATUS[value][lang]
    if facet == "district":
        return district_name(value, lang)
    if facet == "personnel":
        return shown(BY_KEY["personnel"], value, lang)
    if facet == "channel":
        return CHANNEL[value][lang]
    return label(value, lang)


# The queue


SORTABLE = {"urgency", "age", "status", "updated"}


@require_GET
@role_required(*CASEWORK)
def queue_view(request: HttpRequest) -> HttpResponse:
    me = current_staff(request)
    lang = staff_lang(request)
    base = requests_visible(me)
    error = None
    try:
        filters = queue.Filters.parse(request.GET)
    except queue.FilterError as exc:
        error = STAFF_UI[exc.key][lang]
        filters = queue.Filters.parse(QueryDict())
    counted, total = queue.counts(base, filters)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:  # not a number, or thousands of digits
        number = 1
    number = min(max(number, 1), queue.last_page(total))  # page=99999999999… is the last page
    facets = [
        {
            "name": name,
            "label": STAFF_UI[name][lang],
            "chosen": filters.chosen.get(name, "all" if name == "status" else ""),
            "options": [
                (value, _value_label(name, value, lang), counted[name][value]) for value in allowed
            ],
        }
        for name, (allowed, _column) in queue.FACETS.items()
    ]
    rows = list(queue.page(base, filters, number))
    try:
        requests_open(rows)  # the names: one round trip to the key-holder for the page
        sealed = False
    except VaultSealed:
        sealed = True  # triage still works on the clear columns; the names stay hidden
    unread = queue.unread(me, rows)
    marks = queue.markers(me, rows)
    kept = {k: v for k, v in request.GET.items() if k not in ("page", "select")}
    filter_query = urlencode({k: v for k, v in kept.items()})
    now = timezone.now()
    context = {
        "facets": facets,
        "filters": filters,
        "rows": [_queue_row(r, lang, unread.get(r.pk, 0), now, marks.get(r.pk)) for r in rows],
        "sealed": sealed,
        "total": total,
        "number": number,
        "last_page": queue.last_page(total),
        "previous": urlencode({**kept, "page": number - 1}) if number > 1 else None,
        "next": urlencode({**kept, "page": number + 1})
        if number * queue.PAGE_SIZE < total
        else None,
        "select_page": urlencode({**kept, "page": number, "select": "page"}),
        "unselect_page": urlencode({**kept, "page": number}),
        "all_selected": request.GET.get("select") == "page",
        "sort_links": {
            column: urlencode({**kept, "sort": f"-{column}" if filters.sort == column else column})
            for column in SORTABLE
        },
        "sorted_by": filters.sort.lstrip("-"),
        "sort_descending": filters.sort.startswith("-"),
        "filter_query": filter_query,
        "saved_views": SavedView.objects.filter(staff=me).order_by("name"),
        "max_bulk": MAX_BULK,
        "here": request.get_full_path(),
        "error": error,
        **_bulk_options(me, lang),
    }
    return render(request, "cases/queue.html", context, status=400 if error else 200)


@require_POST
@role_required(*CASEWORK)
def search(request: HttpRequest) -> HttpResponse:
    """Find a request by its code, or requests by words of a name. The text comes in the POST
    body and never reaches a URL: a code leads to its case page, words of a name to the queue
    filtered by the words' blind indexes."""
    me = current_staff(request)
    lang = staff_lang(request)
    text = request.POST.get("q", "").strip()[:200]
    if not text:
        return redirect("cases:queue")
    try:
        kind, found = queue.search(text)
    except VaultSealed:
        context = {"message": STAFF_UI["search_sealed"][lang], "back": "/staff/queue"}
        return render(request, "cases/refused.html", context, status=503)
    if kind == "words":
        if not found:
            return redirect("cases:queue")
        return redirect(reverse("cases:queue") + "?" + urlencode({"status": "all", "words": found}))
    case = requests_visible(me).filter(reference=found, shredded_at=None).first()
    if case is None:
        context = {"message": STAFF_UI["no_such_code"][lang], "back": "/staff/queue"}
        return render(request, "cases/refused.html", context, status=404)
    return redirect("cases:case", pk=case.pk)


def _age(created: datetime, now: datetime) -> str:
    """How long a request has waited, in days, or in hours on its first day."""
    seconds = max((now - created).total_seconds(), 0)
    days = int(seconds // 86400)
    if days:
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    hours = int(seconds // 3600)
    if not hours:
        return gettext("under an hour")
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def _queue_row(
    r: Request, lang: str, unread: int, now: datetime, markers: list[Any] | None = None
) -> dict[str, Any]:
    return {
        "markers": markers or [],
        "pk": r.pk,
        "reference": r.reference,
        "name": r.personal["name"] if r.data_key is not None else None,
        "shredded": r.shredded_at is not None,
        "created_at": r.created_at,
        "age": _age(r.created_at, now),
        "updated_at": r.updated_at,
        "language": r.language,
        "unread": unread,
        "urgency": r.urgency,
        "urgency_label": label(r.urgency, lang),
        "categories": ", ".join(label(c, lang) for c in r.categories),
        "personnel": shown(BY_KEY["personnel"], r.personnel, lang),
        "district": district_name(r.district, lang),
        "status": STATUS[r.status][lang],
        "assignee": r.assignee.username if r.assignee else "",
    }


def _bulk_options(me: Staff, lang: str) -> dict[str, Any]:
    team: list[tuple[int, str, int]] = []
    if can_assign(me):  # lawyers cannot assign: spare them the load count
        loads = actions.lawyer_loads()
        team = [(s.pk, s.username, loads[s.pk]) for s in lawyers()]
    return {
        "can_assign": can_assign(me),
        "lawyers": team,
        "statuses": _choices(STATUS, lang),
        "outcomes": _choices(OUTCOME, lang),
        "templates": AnswerTemplate.objects.order_by("title"),
    }


def _back_to_queue(back: str) -> str:
    return staff_path(back, "/staff/queue", within="/staff/queue")


def _bulk_selected(me: Staff, form: BulkForm) -> list[Request]:
    """The requests a bulk action reaches: the ticked rows, or every one the filter shows."""
    visible = requests_visible(me).filter(shredded_at=None).select_related("assignee")
    if form.cleaned_data["scope"] == "matching":
        try:
            filters = queue.Filters.parse(form.filter_params())
        except queue.FilterError as exc:
            raise actions.CaseError(exc.key) from None
        matching = visible.filter(filters.q(), filters.scope_q()).order_by(
            *queue.SORTS[filters.sort]
        )
        found = list(matching[: MAX_BULK + 1])
        if len(found) > MAX_BULK:
            raise actions.CaseError(
                gettext_noop("More than %(n)d requests match: narrow the filter first."),
                n=MAX_BULK,
            )
        return found
    return list(visible.filter(pk__in=form.cleaned_data["ids"]).order_by("reference"))


@require_POST
@role_required(*CASEWORK)
def bulk(request: HttpRequest) -> HttpResponse:
    """Assign, set a status, or send a templated answer, to every selected request; the
    answer lists each request and what became of it (who went to whom)."""
    me = current_staff(request)
    lang = staff_lang(request)
    form = BulkForm(request.POST)
    back = _back_to_queue(request.POST.get("back", ""))
    try:
        if not form.is_valid():
            if "action" in form.errors:
                raise actions.CaseError("choose_action")
            raise actions.CaseError("none_selected")
        selected = _bulk_selected(me, form)
        if not selected:
            raise actions.CaseError("none_selected")
        data = form.cleaned_data
        done: list[tuple[str, str, str]] = []  # reference, before, after
        if data["action"] == "assign" and can_assign(me):
            chosen = data["lawyer"]
            lawyer = None if chosen == "suggested" else lawyers().filter(pk=_int(chosen)).first()
            if lawyer is None and chosen != "suggested":
                raise actions.CaseError("not_a_lawyer")
            before = {r.pk: r.assignee.username if r.assignee else "" for r in selected}
            assigned = actions.requests_assign(requests=selected, lawyer=lawyer, by=me)
            done = [(r.reference, before[r.pk], who.username) for r, who in assigned]
        elif data["action"] == "status":
            changed = actions.requests_set_status(
                requests=selected, status=data["status"], outcome=data["outcome"], by=me
            )
            done = [(r.reference, STATUS[old][lang], STATUS[r.status][lang]) for r, old in changed]
        elif data["action"] == "template":
            template = get_object_or_404(AnswerTemplate, pk=data["template"] or 0)
            sent = actions.template_send(requests=selected, template=template, by=me)
            done = [(r.reference, "", template.title) for r in sent]
        else:
            raise actions.CaseError("choose_action")
    except actions.CaseError as exc:
        context = {"message": exc.text(lang), "back": back}
        return render(request, "cases/refused.html", context, status=400)
    except VaultSealed:
        context = {"message": STAFF_UI["search_sealed"][lang], "back": back}
        return render(request, "cases/refused.html", context, status=503)
    result = {"action": data["action"], "done": done, "back": back}
    return render(request, "cases/bulk_done.html", result)


@require_POST
@role_required(*CASEWORK)
def saved_view_save(request: HttpRequest) -> HttpResponse:
    """Save the queue's current filter under a name, for this staff member only."""
    me = current_staff(request)
    lang = staff_lang(request)
    form = SavedViewForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.CaseError(gettext_noop("Give the view a name."))
        params = QueryDict(form.cleaned_data["query"])
        try:
            queue.Filters.parse(params)
        except queue.FilterError as exc:
            raise actions.CaseError(exc.key) from None
        kept = {k: v for k, v in params.items() if k not in ("page", "select")}
        view = actions.saved_view_save(
            staff=me, name=form.cleaned_data["name"], query=urlencode(kept)
        )
    except actions.CaseError as exc:
        context = {"message": exc.text(lang), "back": "/staff/queue"}
        return render(request, "cases/refused.html", context, status=400)
    return redirect(reverse("cases:queue") + "?" + view.query)


@require_POST
@role_required(*CASEWORK)
def saved_view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    me = current_staff(request)
    view = get_object_or_404(SavedView, pk=pk, staff=me)  # someone else's: as if it did not exist
    actions.saved_view_delete(view=view)
    return redirect("cases:queue")


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 19 else 0


# The case page


def _case_page(
    request: HttpRequest, case: Request, *, error: str | None = None, status: int = 200
) -> HttpResponse:
    me = current_staff(request)
    lang = staff_lang(request)
    # A reply started from an answer template is in the requester's language, not the reader's.
    draft = ""
    chosen = _int(request.GET.get("template"))
    template = AnswerTemplate.objects.filter(pk=chosen).first() if chosen else None
    if template is not None:
        draft = template.body(case.language)
    # What was typed into a refused form goes back into that form, and only that one: the note
    # and the message share the field name "text", and a refused note must never reappear as a
    # message to the requester. typed["deadline_add"]["label"], say, in the template.
    refused = request.resolver_match.url_name if error and request.resolver_match else None
    posted = {k: str(v)[:10_000] for k, v in request.POST.items()}
    typed = {refused: posted} if refused else {}
    if refused == "message_send":
        draft = posted.get("text", "")
    entries = list(case.entries.select_related("author").order_by("created_at", "id"))
    for entry in entries:
        entry.open(case.key)
    deadlines = case.deadlines.filter(done_at=None).order_by("due", "kind")
    today = timezone.localdate()
    p = case.personal
    facts_rows = [
        (STAFF_UI["writer"][lang], shown(BY_KEY["role"], case.role, lang)),
        (STAFF_UI["personnel"][lang], shown(BY_KEY["personnel"], case.personnel, lang)),
        (STAFF_UI["name"][lang], p["name"]),
        # Whole or in part (intake's `birth_date`): "12 марта 1999", "март 1999", "1999".
        (STAFF_UI["birth_date"][lang], shown(BY_KEY["birth_date"], p.get("birth_date"), lang)),
        (STAFF_UI["unit"][lang], p["unit"]),
        (STAFF_UI["region"][lang], shown(BY_KEY["region"], p["region"], lang)),
        (
            STAFF_UI["contact"][lang],
            f"{shown(BY_KEY['contact_method'], p['contact_method'], lang)} {p['contact']}".strip(),
        ),
    ]
    if p.get("writer_name"):
        facts_rows.insert(1, (BY_KEY["writer_name"].prompt[lang], p["writer_name"]))
    # "Не знаю" (null) is shown as such, and a question never asked (no key) as not asked.
    flags = case.facts.get("flags", {})
    answer = {True: "yes", False: "no", None: "unsure"}
    facts_rows += [
        (
            BY_KEY[flag].prompt[lang],
            shown(BY_KEY[flag], answer[flags[flag]], lang) if flag in flags else NOT_ASKED[lang],
        )
        for flag in ("intends_to_return", "abroad", "in_hospital", "prior_conviction")
    ]
    if not case.name_index:
        name_indexes_set([case])
    same_name = []
    if case.name_index != NO_NAME:
        same_name = list(
            requests_visible(me)
            .filter(name_index=case.name_index, shredded_at=None)
            .exclude(pk=case.pk)
            .only("pk", "reference", "status")
            .order_by("-created_at")[:20]
        )
    context: dict[str, Any] = {
        "case": case,
        "same_name": same_name,
        "error": error,
        "facts_rows": facts_rows,
        "events": [(event_label(e["type"], lang), e["date"]) for e in case.facts.get("events", [])],
        "assessment": render_text(actions.assessment_today(case.facts, today), lang),
        "entries": [_entry_view(e, lang) for e in entries],
        "story": p["story"],
        "deadlines": [_deadline_row(d, case, today, lang) for d in deadlines],
        "status_label": STATUS[case.status][lang],
        "outcome_label": OUTCOME[case.outcome][lang] if case.outcome else "",
        # The current status first and chosen, so that submitting by mistake changes nothing.
        "next_statuses": [(case.status, STATUS[case.status][lang])]
        + [(s, STATUS[s][lang]) for s in STATUS if s in actions.TRANSITIONS[case.status]],
        "language_label": LANGUAGE_NAMES.get(case.language, case.language),
        "draft": draft,
        "typed": typed,
        "answer_templates": AnswerTemplate.objects.order_by("title"),
        "chosen_template": chosen,
        "outcomes": _choices(OUTCOME, lang),
        "event_choices": [(c.value, c.label[lang]) for c in EVENT_CHOICES],
        "today": today.isoformat(),
        "can_assign": can_assign(me),
        "documents": case_documents(case, lang),
        "named_in": documents_naming(me, case, lang),
        "markers": queue.markers(me, [case]).get(case.pk, []),
    }
    if can_assign(me):
        loads = actions.lawyer_loads()
        team = list(lawyers())
        context["lawyers"] = [(s, loads[s.pk]) for s in team]
        context["suggestion"] = actions.lawyer_suggest(case, loads=loads, team=team)
        # The current lawyer stays chosen; only an unassigned case preselects the suggestion.
        context["preselected"] = case.assignee or context["suggestion"]
    return render(request, "cases/case.html", context, status=status)


def _entry_view(entry: Entry, lang: str) -> dict[str, Any]:
    data = entry.data
    if entry.kind == Entry.Kind.EVENT:
        event = data["event"]
        summary = f"{event_label(event['type'], lang)}: {event['date']}"
        lines = [describe(c, lang) for c in data.get("changes", [])]
        if not lines:
            lines = [STAFF_UI["no_change"][lang]]
    elif entry.kind == Entry.Kind.STATUS:
        summary = f"{STATUS[data['from']][lang]} → {STATUS[data['to']][lang]}"
        if data.get("outcome"):
            summary += f" ({OUTCOME[data['outcome']][lang]})"
        lines = []
    elif entry.kind == Entry.Kind.ASSIGNMENT:
        summary = f"{data.get('from') or '—'} → {data['to']}"
        lines = []
    else:
        summary, lines = "", []
    if entry.kind == Entry.Kind.NOTE and data.get("deadline"):
        kind_label = gettext("deadline")  # a deadline added by hand, not a note
    else:
        kind_label = entry.get_kind_display()
    return {
        "kind": "deadline" if data.get("deadline") else entry.kind,
        "kind_label": kind_label,
        "at": entry.created_at,
        "author": entry.author.username if entry.author else STAFF_UI["requester"][lang],
        "text": entry.text,
        "summary": summary,
        "lines": lines,
        "deadline": data.get("deadline"),
        "document": data.get("document"),
    }


def _opened(me: Staff, pk: int) -> Request:
    """A case this person may see, with its personal data decrypted (VaultSealed if sealed)."""
    case = access_request(me, pk)
    requests_open([case])
    return case


@require_GET
@role_required(*CASEWORK)
def case_view(request: HttpRequest, pk: int) -> HttpResponse:
    me = current_staff(request)
    case = _opened(me, pk)
    audit_record(actor=me, action=AuditAction.VIEW, object_type="request", object_id=case.pk)
    actions.case_seen(request=case, by=me)
    return _case_page(request, case)


def _refused(request: HttpRequest, case: Request, error: str) -> HttpResponse:
    """The case page again, with the reason above it; what was typed is in the request."""
    return _case_page(request, case, error=error, status=400)


Change = Callable[[Request, Staff, dict[str, Any]], None]


def _change(request: HttpRequest, pk: int, form: forms.Form, change: Change) -> HttpResponse:
    """One operation on a case: the form parsed, the action called, the case page shown again
    (with the reason, if the form or the action refused)."""
    me = current_staff(request)
    case = _opened(me, pk)
    if not form.is_valid():
        return _refused(request, case, form_error(form))
    try:
        change(case, me, form.cleaned_data)
    except actions.CaseError as exc:
        return _refused(request, case, exc.text(staff_lang(request)))
    except FactsError as exc:
        return _refused(request, case, exc.text(staff_lang(request)))
    return redirect("cases:case", pk=case.pk)


@require_POST
@role_required(*CASEWORK)
def event_add(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()

    def change(case: Request, me: Staff, data: dict[str, Any]) -> None:
        actions.event_add(
            request=case,
            event_type=data["type"],
            when=data["date"].isoformat(),
            combat=data["combat"] if data["type"] == "refused_order" else None,
            by=me,
            today=today,
        )

    return _change(request, pk, EventForm(request.POST, today=today), change)


@require_POST
@role_required(*CASEWORK)
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    def change(case: Request, me: Staff, data: dict[str, Any]) -> None:
        actions.note_add(request=case, text=data["text"], by=me)

    return _change(request, pk, NoteForm(request.POST), change)


@require_POST
@role_required(*CASEWORK)
def message_send(request: HttpRequest, pk: int) -> HttpResponse:
    def change(case: Request, me: Staff, data: dict[str, Any]) -> None:
        actions.message_send(request=case, text=data["text"], by=me)

    return _change(request, pk, MessageForm(request.POST), change)


@require_POST
@role_required(*CASEWORK)
def status_set(request: HttpRequest, pk: int) -> HttpResponse:
    def change(case: Request, me: Staff, data: dict[str, Any]) -> None:
        actions.status_set(request=case, status=data["status"], outcome=data["outcome"], by=me)

    return _change(request, pk, StatusForm(request.POST), change)


@require_POST
@role_required(Role.COORDINATOR)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    def change(case: Request, me: Staff, data: dict[str, Any]) -> None:
        actions.request_assign(request=case, lawyer=data["lawyer"], by=me)

    return _change(request, pk, AssignForm(request.POST), change)


@require_POST
@role_required(*CASEWORK)
def deadline_add(request: HttpRequest, pk: int) -> HttpResponse:
    def change(case: Request, me: Staff, data: dict[str, Any]) -> None:
        actions.deadline_add(request=case, label=data["label"], due=data["due"], by=me)

    return _change(request, pk, DeadlineForm(request.POST), change)


@require_POST
@role_required(*CASEWORK)
def deadline_done(request: HttpRequest, pk: int, deadline: int) -> HttpResponse:
    me = current_staff(request)
    case = access_request(me, pk)
    found = get_object_or_404(Deadline, pk=deadline, request=case)
    actions.deadline_done(deadline=found, by=me)
    return redirect("cases:case", pk=case.pk)


@require_POST
@role_required(Role.COORDINATOR)
def shred(request: HttpRequest, pk: int) -> HttpResponse:
    me = current_staff(request)
    case = _opened(me, pk)
    form = ShredForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, form_error(form))
    actions.requests_shred(requests=[case], by=me)
    return redirect("cases:queue")


# Deadlines


def _deadline_row(deadline: Deadline, case: Request, today: date, lang: str) -> dict[str, Any]:
    if deadline.kind.startswith(actions.THRESHOLD):
        band = label(deadline.kind.removeprefix(actions.THRESHOLD), lang)
        what = gettext("The absence becomes graver: %(band)s") % {"band": band}
    elif not deadline.label_sealed:
        what = label(deadline.kind, lang)
    elif case.data_key is None:
        what = gettext("(hidden while the vault is sealed)")  # a manual label is sealed
    else:
        what = deadline.label(case.data_key)
    return {
        "d": deadline,
        "what": what,
        "basis": basis_text(deadline.basis, lang),  # "УК РФ ст. 337 ч. 3" read in English too
        "days_left": (deadline.due - today).days,
    }


DEADLINES_PAGE = 50


@require_GET
@role_required(*CASEWORK)
def deadlines_view(request: HttpRequest) -> HttpResponse:
    """The open deadlines of my cases (a coordinator: the team's), filtered; the upcoming ones
    soonest first, and the overdue ones folded apart, latest first, each list paged."""
    me = current_staff(request)
    lang = staff_lang(request)
    today = timezone.localdate()
    form = DeadlineFilterForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    visible = requests_visible(me).exclude(status=Request.Status.CLOSED)
    found = Deadline.objects.filter(done_at=None, request__in=visible)
    kind = data.get("kind", "")
    if kind == "manual":
        found = found.filter(source=Deadline.Source.MANUAL)
    elif kind == "threshold":
        found = found.filter(kind__startswith=actions.THRESHOLD)
    elif kind == "engine":
        found = found.filter(source=Deadline.Source.ENGINE).exclude(
            kind__startswith=actions.THRESHOLD
        )
    assignee = data.get("assignee", "") if can_assign(me) else ""
    if assignee == "none":
        found = found.filter(request__assignee=None)
    elif assignee:
        found = found.filter(request__assignee_id=int(assignee))
    upcoming = found.filter(due__gte=today)
    if data.get("within"):
        upcoming = upcoming.filter(due__lte=today + timedelta(days=int(data["within"])))
    related = ("request", "request__assignee")
    soon = Paginator(
        upcoming.select_related(*related).order_by("due", "kind", "id"), DEADLINES_PAGE
    ).get_page(request.GET.get("page"))
    late = Paginator(
        found.filter(due__lt=today).select_related(*related).order_by("-due", "kind", "id"),
        DEADLINES_PAGE,
    ).get_page(request.GET.get("overdue_page"))
    shown = [*soon.object_list, *late.object_list]
    cases = {d.request_id: d.request for d in shown}
    with suppress(VaultSealed):  # the dates are in the clear; only manual labels are sealed
        requests_open({d.request_id: cases[d.request_id] for d in shown if d.label_sealed}.values())
    kept = {k: v for k, v in request.GET.items() if k not in ("page", "overdue_page")}

    def rows(page: Any) -> list[dict[str, Any]]:
        return [
            {**_deadline_row(d, cases[d.request_id], today, lang), "case": cases[d.request_id]}
            for d in page.object_list
        ]

    def link(name: str, number: int) -> str:
        return "?" + urlencode({**kept, name: number})

    context = {
        "form": form,
        "error": form_error(form) if not valid else "",
        "chosen": data,
        "lawyers": list(lawyers()) if can_assign(me) else [],
        "soon": soon,
        "soon_rows": rows(soon),
        "late": late,
        "late_rows": rows(late),
        "links": {
            "soon_previous": link("page", soon.number - 1) if soon.has_previous() else "",
            "soon_next": link("page", soon.number + 1) if soon.has_next() else "",
            "late_previous": link("overdue_page", late.number - 1) if late.has_previous() else "",
            "late_next": link("overdue_page", late.number + 1) if late.has_next() else "",
        },
        "overdue_open": "overdue_page" in request.GET,
    }
    return render(request, "cases/deadlines.html", context, status=200 if valid else 400)


# Answer templates


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def templates_view(request: HttpRequest) -> HttpResponse:
    lang = staff_lang(request)
    error = None
    if request.method == "POST":
        try:
            actions.template_create(
                title=request.POST.get("title", ""),
                body_ru=request.POST.get("body_ru", ""),
                body_en=request.POST.get("body_en", ""),
            )
        except actions.CaseError as exc:
            error = exc.text(lang)
        else:
            return redirect("cases:templates")
    context = {"templates": AnswerTemplate.objects.order_by("title"), "error": error}
    return render(request, "cases/templates.html", context, status=400 if error else 200)


# Statistics

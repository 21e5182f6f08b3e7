"""Staff pages over requests: the queue, the case page, deadlines, answer templates, statistics.

Views parse, call an action, render. Which requests a person may see is decided only in
`access.py`; which pages a role may open, only by `role_required`.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncWeek
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
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
from objector.documents.views import case_documents, documents_naming
from objector.intake.models import (
    NO_NAME,
    Request,
    categories_of,
    name_indexes_set,
    requests_open,
)
from objector.intake.questionnaire import BY_KEY, EVENT_CHOICES, NOT_ASKED, event_label, shown
from objector.intake.regions import district_name
from objector.law import FactsError
from objector.law.diff import describe
from objector.law.render import render_text
from objector.law.texts import label
from objector.vault.audit import audit_record
from objector.vault.keys import VaultSealed

from . import actions, queue
from .access import access_request, can_assign, lawyers, requests_visible
from .models import AnswerTemplate, Deadline, Entry

CASEWORK = PERSONAL_DATA_ROLES  # the pages over requests show personal data
SMALL_CELL = 5  # counts below this are not shown in statistics


def _choices(table: dict[str, dict[str, str]], lang: str) -> list[tuple[str, str]]:
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
    try:
        number = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        number = 1
    counted, total = queue.counts(base, filters)
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
    kept = {k: v for k, v in request.GET.items() if k != "page"}
    context = {
        "facets": facets,
        "filters": filters,
        "rows": [_queue_row(r, lang) for r in rows],
        "sealed": sealed,
        "total": total,
        "number": number,
        "previous": urlencode({**kept, "page": number - 1}) if number > 1 else None,
        "next": urlencode({**kept, "page": number + 1})
        if number * queue.PAGE_SIZE < total
        else None,
        "here": request.get_full_path(),
        "error": error,
        **_bulk_options(me, lang),
    }
    return render(request, "cases/queue.html", context, status=400 if error else 200)


@require_POST
@role_required(*CASEWORK)
def search(request: HttpRequest) -> HttpResponse:
    """Find a request by its code, or a person's requests by their whole name. The text comes
    in the POST body and never reaches a URL: a code leads to its case page, a name to the queue
    filtered by the name's blind index."""
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
    if kind == "person":
        return redirect(
            reverse("cases:queue") + "?" + urlencode({"status": "all", "person": found})
        )
    case = requests_visible(me).filter(reference=found, shredded_at=None).first()
    if case is None:
        context = {"message": STAFF_UI["no_such_code"][lang], "back": "/staff/queue"}
        return render(request, "cases/refused.html", context, status=404)
    return redirect("cases:case", pk=case.pk)


def _queue_row(r: Request, lang: str) -> dict[str, Any]:
    return {
        "pk": r.pk,
        "reference": r.reference,
        "name": r.personal["name"] if r.data_key is not None else None,
        "shredded": r.shredded_at is not None,
        "created_at": r.created_at,
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


def _back_to_queue(request: HttpRequest) -> str:
    return staff_path(request.POST.get("back", ""), "/staff/queue", within="/staff/queue")


@require_POST
@role_required(*CASEWORK)
def bulk(request: HttpRequest) -> HttpResponse:
    """Assign, set a status, or send a templated answer, to every selected request."""
    me = current_staff(request)
    lang = staff_lang(request)
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()][: queue.PAGE_SIZE * 4]
    selected = list(
        requests_visible(me).filter(pk__in=ids, shredded_at=None).select_related("assignee")
    )
    action = request.POST.get("action", "")
    try:
        if not selected:
            raise actions.CaseError("none_selected")
        if action == "assign" and can_assign(me):
            chosen = request.POST.get("lawyer", "")
            lawyer = None if chosen == "suggested" else lawyers().filter(pk=_int(chosen)).first()
            if lawyer is None and chosen != "suggested":
                raise actions.CaseError("not_a_lawyer")
            done = actions.requests_assign(requests=selected, lawyer=lawyer, by=me)
        elif action == "status":
            done = actions.requests_set_status(
                requests=selected,
                status=request.POST.get("status", ""),
                outcome=request.POST.get("outcome", ""),
                by=me,
            )
        elif action == "template":
            template = get_object_or_404(AnswerTemplate, pk=_int(request.POST.get("template")))
            done = actions.template_send(requests=selected, template=template, by=me)
        else:
            raise actions.CaseError("choose_action")
    except actions.CaseError as exc:
        context = {"message": exc.text(lang), "back": _back_to_queue(request)}
        return render(request, "cases/refused.html", context, status=400)
    context = {
        "message": STAFF_UI["bulk_done"][lang].format(n=done),
        "back": _back_to_queue(request),
    }
    return render(request, "cases/refused.html", context)


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


# The case page


def _case_page(
    request: HttpRequest, case: Request, *, error: str | None = None, status: int = 200
) -> HttpResponse:
    me = current_staff(request)
    lang = staff_lang(request)
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
        "next_statuses": [
            (s, STATUS[s][lang]) for s in STATUS if s in actions.TRANSITIONS[case.status]
        ],
        "outcomes": _choices(OUTCOME, lang),
        "event_choices": [(c.value, c.label[lang]) for c in EVENT_CHOICES],
        "today": today.isoformat(),
        "can_assign": can_assign(me),
        "documents": case_documents(case, lang),
        "named_in": documents_naming(me, case, lang),
    }
    if can_assign(me):
        loads = actions.lawyer_loads()
        team = list(lawyers())
        context["lawyers"] = [(s, loads[s.pk]) for s in team]
        context["suggestion"] = actions.lawyer_suggest(case, loads=loads, team=team)
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
    return {
        "kind": entry.kind,
        "kind_label": STAFF_UI[f"entry_{entry.kind}"][lang],
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
    audit_record(actor=me, action="view", object_type="request", object_id=case.pk)
    return _case_page(request, case)


@require_POST
@role_required(*CASEWORK)
def case_change(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Every change on the case page posts here; the page is shown again with any error."""
    me = current_staff(request)
    case = _opened(me, pk)
    lang = staff_lang(request)
    post = request.POST
    try:
        if what == "event":
            combat = {"yes": True, "no": False}.get(post.get("combat", ""))
            actions.event_add(
                request=case,
                event_type=post.get("type", ""),
                when=post.get("date", "").strip(),
                combat=combat if post.get("type") == "refused_order" else None,
                by=me,
                today=timezone.localdate(),
            )
        elif what == "note":
            actions.note_add(request=case, text=post.get("text", ""), by=me)
        elif what == "message":
            actions.message_send(request=case, text=post.get("text", ""), by=me)
        elif what == "status":
            actions.status_set(
                request=case, status=post.get("status", ""), outcome=post.get("outcome", ""), by=me
            )
        elif what == "assign" and can_assign(me):
            lawyer = lawyers().filter(pk=_int(post.get("lawyer"))).first()
            if lawyer is None:
                raise actions.CaseError("not_a_lawyer")
            actions.request_assign(request=case, lawyer=lawyer, by=me)
        elif what == "deadline":
            try:
                due = date.fromisoformat(post.get("due", "").strip())
            except ValueError:
                raise actions.CaseError("bad_date") from None
            actions.deadline_add(request=case, label=post.get("label", ""), due=due, by=me)
        elif what == "shred" and can_assign(me):
            if post.get("confirm") != "yes":
                raise actions.CaseError("shred_unconfirmed")
            actions.requests_shred(requests=[case], by=me)
            return redirect("cases:queue")
        elif what == "deadline-done":
            deadline = get_object_or_404(Deadline, pk=_int(post.get("deadline")), request=case)
            actions.deadline_done(deadline=deadline, by=me)
        else:
            return HttpResponse(status=404)
    except actions.CaseError as exc:
        return _case_page(request, case, error=exc.text(lang), status=400)
    except FactsError as exc:
        return _case_page(request, case, error=f"{exc.field}: {exc.text(lang)}", status=400)
    if what == "assign" and me.role == Role.LAWYER:
        return redirect("cases:queue")
    return redirect("cases:case", pk=case.pk)


# Deadlines


def _deadline_row(deadline: Deadline, case: Request, today: date, lang: str) -> dict[str, Any]:
    if not deadline.label_sealed:
        what = label(deadline.kind, lang)
    elif case.data_key is None:
        what = "🔒"  # a manual deadline's label, while the vault is sealed
    else:
        what = deadline.label(case.data_key)
    return {"d": deadline, "what": what, "days_left": (deadline.due - today).days}


@require_GET
@role_required(*CASEWORK)
def deadlines_view(request: HttpRequest) -> HttpResponse:
    """Every open deadline of my cases, soonest first; a coordinator sees the whole team's."""
    me = current_staff(request)
    lang = staff_lang(request)
    today = timezone.localdate()
    visible = requests_visible(me).exclude(status=Request.Status.CLOSED)
    found = list(
        Deadline.objects.filter(done_at=None, request__in=visible)
        .select_related("request", "request__assignee")
        .order_by("due", "kind")[:500]
    )
    cases = {d.request_id: d.request for d in found}
    with suppress(VaultSealed):  # the dates are in the clear; only manual labels are sealed
        requests_open({d.request_id: cases[d.request_id] for d in found if d.label_sealed}.values())
    rows = [
        {**_deadline_row(d, cases[d.request_id], today, lang), "case": cases[d.request_id]}
        for d in found
    ]
    return render(request, "cases/deadlines.html", {"rows": rows})


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


def _cell(n: int) -> str:
    return str(n) if n >= SMALL_CELL else f"<{SMALL_CELL}"


def _suppressed(rows: QuerySet[Any], column: str, name: Any) -> list[tuple[str, str]]:
    return [(name(row[column]), _cell(row["n"])) for row in rows]


@require_GET
@role_required(Role.ANALYST, Role.COORDINATOR, Role.ADMINISTRATOR)
def stats_view(request: HttpRequest) -> HttpResponse:
    """Counts only, never a row: what analysts and journalists may see and publish."""
    lang = staff_lang(request)
    every = Request.objects.order_by()

    def by(column: str) -> QuerySet[Any]:
        rows: QuerySet[Any] = every.values(column).annotate(n=Count("id")).order_by(column)
        return rows

    categories: dict[str, int] = {}
    for row in by("category_bits"):  # a few hundred combinations, not every row
        for c in categories_of(row["category_bits"]):
            categories[c] = categories.get(c, 0) + row["n"]
    tables = [
        (STAFF_UI["status"][lang], _suppressed(by("status"), "status", lambda v: STATUS[v][lang])),
        (
            STAFF_UI["outcome"][lang],
            _suppressed(by("outcome").exclude(outcome=""), "outcome", lambda v: OUTCOME[v][lang]),
        ),
        (
            STAFF_UI["personnel"][lang],
            _suppressed(
                by("personnel"), "personnel", lambda v: shown(BY_KEY["personnel"], v, lang) or "—"
            ),
        ),
        (
            STAFF_UI["district"][lang],
            _suppressed(
                by("district"),
                "district",
                lambda v: district_name(v, lang, unknown="—"),
            ),
        ),
        (
            STAFF_UI["channel"][lang],
            _suppressed(by("channel"), "channel", lambda v: CHANNEL[v][lang]),
        ),
        (
            STAFF_UI["categories"][lang],
            [(label(c, lang), _cell(n)) for c, n in sorted(categories.items())],
        ),
    ]
    weeks = (
        every.annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("id"))
        .order_by("week")
    )
    tables.insert(
        0, (STAFF_UI["by_week"][lang], _suppressed(weeks, "week", lambda v: v.date().isoformat()))
    )
    context = {
        "tables": tables,
        "total": every.count(),
        "intro": STAFF_UI["stats_intro"][lang].format(k=SMALL_CELL),
    }
    return render(request, "cases/stats.html", context)

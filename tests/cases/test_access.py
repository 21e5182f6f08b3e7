"""Who sees what: every staff URL, for every role, through the real views.

Lawyers see only their own cases; coordinators see everything; analysts and administrators
see no personal data. A case a person may not see answers 404, as if it did not exist.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.urls import get_resolver

from objector.cases.actions import deadline_add, request_assign
from objector.cases.models import SavedView
from objector.documents.actions import document_extract, document_store
from objector.filings.actions import consent_record, draft_create
from objector.intake.models import requests_open
from objector.intake.regions import DISTRICTS
from objector.persons.models import Mention
from objector.persons.registry import REGISTRY
from objector.persons.tasks import link_request
from objector.stats.models import Release, ReleaseFile
from tests.extraction.files import blank_png

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "admin", "coordinator", "lawyer", "colleague", "analyst")
OK, REDIRECT, FORBIDDEN, HIDDEN, BAD = 200, 302, 403, 404, 400
LOGIN = REDIRECT  # the anonymous are sent to the login page

# url name -> (method, path template, expected status per role in ROLES order)
MATRIX = {
    "accounts:home": ("get", "/staff/", (LOGIN, 302, 302, 302, 302, 302)),
    "accounts:team": ("get", "/staff/team", (LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, 403)),
    "accounts:member": (
        "get",
        "/staff/team/{analyst}",
        (LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ),
    # Destructive changes on the team page need a ticked box: without it, 400 says so.
    "accounts:deactivate": (
        "post",
        "/staff/team/{analyst}/deactivate",
        (LOGIN, BAD, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ),
    "accounts:reactivate": (
        "post",
        "/staff/team/{analyst}/reactivate",
        (LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ),
    "accounts:password_reset": (
        "post",
        "/staff/team/{analyst}/reset-password",
        (LOGIN, BAD, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ),
    "accounts:second_factor_reset": (
        "post",
        "/staff/team/{analyst}/reset-second-factor",
        (LOGIN, BAD, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ),
    "accounts:language": ("post", "/staff/language", (LOGIN, 302, 302, 302, 302, 302)),
    "accounts:password": ("get", "/staff/password", (LOGIN, OK, OK, OK, OK, OK)),
    "cases:queue": ("get", "/staff/queue", (LOGIN, FORBIDDEN, OK, OK, OK, FORBIDDEN)),
    "cases:bulk": ("post", "/staff/queue/bulk", (LOGIN, FORBIDDEN, BAD, BAD, BAD, FORBIDDEN)),
    "cases:search": ("post", "/staff/queue/search", (LOGIN, FORBIDDEN, 302, 302, 302, FORBIDDEN)),
    "cases:view_save": (
        "post",
        "/staff/queue/views",
        (LOGIN, FORBIDDEN, BAD, BAD, BAD, FORBIDDEN),  # no name sent: 400 says so
    ),
    "cases:view_delete": (
        "post",
        "/staff/queue/views/{view}/delete",
        (LOGIN, FORBIDDEN, REDIRECT, HIDDEN, HIDDEN, FORBIDDEN),  # the coordinator's own view
    ),
    "cases:case": (
        "get",
        "/staff/cases/{case}",
        (LOGIN, FORBIDDEN, OK, OK, HIDDEN, FORBIDDEN),
    ),
    # One operation per URL on the case page; every POST sends only {"text": ...}, so an
    # operation that needs more answers 400 to those allowed to try it.
    "cases:note_add": (
        "post",
        "/staff/cases/{case}/note",
        (LOGIN, FORBIDDEN, REDIRECT, REDIRECT, HIDDEN, FORBIDDEN),
    ),
    "cases:message_send": (
        "post",
        "/staff/cases/{case}/message",
        (LOGIN, FORBIDDEN, REDIRECT, REDIRECT, HIDDEN, FORBIDDEN),
    ),
    "cases:event_add": (
        "post",
        "/staff/cases/{case}/event",
        (LOGIN, FORBIDDEN, BAD, BAD, HIDDEN, FORBIDDEN),
    ),
    "cases:status_set": (
        "post",
        "/staff/cases/{case}/status",
        (LOGIN, FORBIDDEN, BAD, BAD, HIDDEN, FORBIDDEN),
    ),
    "cases:deadline_add": (
        "post",
        "/staff/cases/{case}/deadline",
        (LOGIN, FORBIDDEN, BAD, BAD, HIDDEN, FORBIDDEN),
    ),
    "cases:deadline_done": (
        "post",
        "/staff/cases/{case}/deadlines/{deadline}/done",
        (LOGIN, FORBIDDEN, REDIRECT, REDIRECT, HIDDEN, FORBIDDEN),
    ),
    "cases:assign": (
        "post",
        "/staff/cases/{case}/assign",
        (LOGIN, FORBIDDEN, BAD, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ),
    "cases:shred": (
        "post",
        "/staff/cases/{case}/shred",
        (LOGIN, FORBIDDEN, BAD, FORBIDDEN, FORBIDDEN, FORBIDDEN),  # unconfirmed: 400
    ),
    "cases:deadlines": ("get", "/staff/deadlines", (LOGIN, FORBIDDEN, OK, OK, OK, FORBIDDEN)),
    "cases:templates": (
        "get",
        "/staff/templates",
        (LOGIN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ),
    "stats:page": ("get", "/staff/stats", (LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, OK)),
    "stats:chart": ("get", "/staff/stats/chart.png", (LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, OK)),
    "stats:map": ("get", "/staff/stats/map.svg", (LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, OK)),
    # Analysts and coordinators compose and publish releases; administrators only read them.
    "stats:releases": (
        "get",
        "/staff/stats/releases",
        (LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, OK),
    ),
    "stats:preview": (
        "get",
        "/staff/stats/releases/preview",
        (LOGIN, FORBIDDEN, BAD, FORBIDDEN, FORBIDDEN, BAD),  # nothing composed: 400 says so
    ),
    "stats:publish": (
        "post",
        "/staff/stats/releases/publish",
        (LOGIN, FORBIDDEN, BAD, FORBIDDEN, FORBIDDEN, BAD),
    ),
    "stats:release": (
        "get",
        "/staff/stats/releases/{release}",
        (LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, OK),
    ),
    "stats:release_csv": (
        "get",
        "/staff/stats/releases/{release}.csv",
        (LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, OK),
    ),
    "stats:release_chart": (
        "get",
        "/staff/stats/releases/{release}/chart.svg",
        (LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, OK),
    ),
    "stats:release_map": (
        "get",
        "/staff/stats/releases/{release}/map.svg",
        (LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, OK),
    ),
    "stats:release_file": (
        "get",
        "/staff/stats/releases/{release}/files/release-{release}.csv",
        (LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, OK),
    ),
    # Everyone sees whether the vault is sealed and may seal it; only key holders unlock.
    "vault:vault": ("get", "/staff/vault", (LOGIN, OK, OK, OK, OK, OK)),
    "vault:unlock": (
        "post",
        "/staff/vault/unlock",
        (LOGIN, BAD, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ),
    "vault:seal": ("post", "/staff/vault/seal", (LOGIN, 302, 302, 302, 302, 302)),
    "vault:passphrase": (
        "post",
        "/staff/vault/passphrase",
        (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),  # nobody has a grant
    ),
    "vault:grant": (
        "post",
        "/staff/team/{analyst}/grant-key",
        (LOGIN, REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ),
    "vault:revoke": (
        "post",
        "/staff/team/{analyst}/revoke-key",
        (LOGIN, REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ),
    # Evidence follows its case; the organisation's own documents are open to caseworkers.
    "documents:case_upload": (
        "post",
        "/staff/cases/{case}/documents/new",
        (LOGIN, FORBIDDEN, BAD, BAD, HIDDEN, FORBIDDEN),  # no file sent: 400 says so
    ),
    "documents:bulk": ("get", "/staff/documents", (LOGIN, FORBIDDEN, OK, OK, OK, FORBIDDEN)),
    "documents:document": (
        "get",
        "/staff/documents/{document}",
        (LOGIN, FORBIDDEN, OK, OK, HIDDEN, FORBIDDEN),
    ),
    "documents:original": (
        "get",
        "/staff/documents/{document}/original",
        (LOGIN, FORBIDDEN, OK, OK, HIDDEN, FORBIDDEN),
    ),
    "documents:page": (
        "get",
        "/staff/documents/{scan}/pages/1.png",
        (LOGIN, FORBIDDEN, OK, OK, HIDDEN, FORBIDDEN),
    ),
    "documents:person": (
        "post",
        "/staff/documents/{document}/persons/{person}",
        (LOGIN, FORBIDDEN, BAD, BAD, HIDDEN, FORBIDDEN),  # no last name sent: 400 says so
    ),
    # Filings follow their case (or the order they are drafted from).
    "filings:case": (
        "get",
        "/staff/cases/{case}/filings",
        (LOGIN, FORBIDDEN, OK, OK, HIDDEN, FORBIDDEN),
    ),
    "filings:consent": (
        "post",
        "/staff/cases/{case}/filings/consent",
        (LOGIN, FORBIDDEN, BAD, BAD, HIDDEN, FORBIDDEN),  # no date sent: 400 says so
    ),
    "filings:form": (
        "get",
        "/staff/cases/{case}/filings/claim_dismissal",
        (LOGIN, FORBIDDEN, OK, OK, HIDDEN, FORBIDDEN),
    ),
    "filings:new": (
        "post",
        "/staff/cases/{case}/filings/report_dismissal/draft",
        (LOGIN, FORBIDDEN, REDIRECT, REDIRECT, HIDDEN, FORBIDDEN),
    ),
    "filings:draft": (
        "get",
        "/staff/filings/{draft}",
        (LOGIN, FORBIDDEN, OK, OK, HIDDEN, FORBIDDEN),
    ),
    "filings:docx": (
        "get",
        "/staff/filings/{draft}/docx",
        (LOGIN, FORBIDDEN, OK, OK, HIDDEN, FORBIDDEN),
    ),
    "filings:pdf": (
        "get",
        "/staff/filings/{draft}/pdf",
        (LOGIN, FORBIDDEN, OK, OK, HIDDEN, FORBIDDEN),
    ),
    "filings:joint": (
        "get",
        "/staff/documents/{document}/joint-claim",
        (LOGIN, FORBIDDEN, OK, OK, HIDDEN, FORBIDDEN),
    ),
    "filings:joint_new": (
        "post",
        "/staff/documents/{document}/joint-claim/draft",
        (LOGIN, FORBIDDEN, BAD, BAD, HIDDEN, FORBIDDEN),  # nobody chosen: 400 says so
    ),
    # A person of the registry follows the cases and documents that mention them.
    "persons:person": (
        "get",
        "/staff/persons/{registry_person}",
        (LOGIN, FORBIDDEN, OK, OK, HIDDEN, FORBIDDEN),
    ),
    "persons:merge": (
        "post",
        "/staff/persons/{registry_person}/merge",
        (LOGIN, FORBIDDEN, BAD, BAD, HIDDEN, FORBIDDEN),  # nobody chosen: 400 says so
    ),
    "persons:split": (
        "post",
        "/staff/persons/{registry_person}/split",
        (LOGIN, FORBIDDEN, BAD, BAD, HIDDEN, FORBIDDEN),  # nothing ticked: 400 says so
    ),
}
# Public or pre-login pages, tested elsewhere.
PUBLIC = {"accounts:setup", "accounts:login", "accounts:logout", "accounts:otp"}


@pytest.fixture
def world(admin, coordinator, lawyer, colleague, analyst, make_request, client_for):
    case = make_request()
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    order = "ПРИКАЗ\nрядового Синтетова Петра Сергеевича, личный номер АБ-123456\n".encode()
    document = document_store(content=order, filename="o.txt", channel="web", by=lawyer, case=case)
    document_extract(document=document)
    scan = document_store(
        content=blank_png(), filename="s.png", channel="web", by=lawyer, case=case
    )
    consent_record(case=case, when=date(2026, 11, 20), channel="paper", by=lawyer)
    draft = draft_create(
        case=case, kind="report_dismissal", inputs={}, by=lawyer, today=date(2026, 11, 20)
    )
    people = {
        "anonymous": None,
        "admin": admin,
        "coordinator": coordinator,
        "lawyer": lawyer,
        "colleague": colleague,
        "analyst": analyst,
    }
    view = SavedView.objects.create(staff=coordinator, name="Синтетический вид", query="")
    requests_open([case])
    REGISTRY.reset()  # the worker's index: a rolled-back test leaves ids the next one reuses
    link_request.call(case.pk)
    deadline = deadline_add(
        request=case, label="Синтетическое заседание", due=date(2027, 1, 1), by=lawyer
    )
    release = Release.objects.create(
        title="Synthetic",
        created_by=analyst,
        first_week=date(2026, 1, 5),
        last_week=date(2026, 1, 5),
        dims=["district"],
        labels=[[d.key for d in DISTRICTS] + [""]],
        published=[None] * (len(DISTRICTS) + 1) + [12],
        audit=[],
        k=5,
        protection=5,
    )
    ReleaseFile.objects.create(
        release=release,
        name=f"release-{release.pk}.csv",
        content_type="text/csv",
        sha256=hashlib.sha256(b"district,requests\n").hexdigest(),
        size=18,
        body=b"district,requests\n",
    )
    return {
        "release": release,
        "deadline": deadline,
        "view": view,
        "case": case,
        "document": document,
        "person": document.persons.get(),
        "registry_person": Mention.objects.get(request=case).person,
        "scan": scan,
        "draft": draft,
        "analyst": analyst,
        "clients": {k: client_for(v) for k, v in people.items()},
    }


def test_it_covers_every_staff_url() -> None:
    names = set()
    for pattern in get_resolver().url_patterns:
        namespace = getattr(pattern, "namespace", None)
        if namespace in ("accounts", "cases", "vault", "documents", "filings", "stats", "persons"):
            names |= {f"{namespace}:{p.name}" for p in pattern.url_patterns}
    assert names == set(MATRIX) | PUBLIC


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_it_lets_each_role_reach_only_its_pages(world, name, role_index) -> None:
    method, template, expected = MATRIX[name]
    path = template.format(
        case=world["case"].pk,
        analyst=world["analyst"].pk,
        document=world["document"].pk,
        person=world["person"].pk,
        registry_person=world["registry_person"].pk,
        scan=world["scan"].pk,
        draft=world["draft"].pk,
        view=world["view"].pk,
        deadline=world["deadline"].pk,
        release=world["release"].pk,
    )
    client = world["clients"][ROLES[role_index]]
    data = {"text": "Синтетическая заметка"} if method == "post" else None
    response = getattr(client, method)(path, data)
    assert response.status_code == expected[role_index], (name, ROLES[role_index])
    if ROLES[role_index] == "anonymous":
        assert response["Location"].startswith("/staff/login")


def test_it_shows_a_lawyer_only_their_own_cases_in_the_queue(
    world, make_request, lawyer, colleague, client_for
) -> None:
    other = make_request(name="Другой Синтетический")
    theirs = client_for(lawyer).get("/staff/queue?status=all").content.decode()
    assert world["case"].reference in theirs and other.reference not in theirs
    colleagues = client_for(colleague).get("/staff/queue?status=all").content.decode()
    assert world["case"].reference not in colleagues


def test_it_hides_a_colleagues_case_from_every_change(world, colleague, client_for) -> None:
    client = client_for(colleague)
    case = world["case"]
    deadline = world["deadline"].pk
    for what in ("event", "note", "message", "status", "deadline", f"deadlines/{deadline}/done"):
        assert client.post(f"/staff/cases/{case.pk}/{what}", {"text": "x"}).status_code == 404
    assert client.post(f"/staff/cases/{case.pk}/assign", {"text": "x"}).status_code == 403
    assert not case.entries.filter(author=colleague).exists()


def test_it_keeps_bulk_actions_to_visible_requests(world, make_request, lawyer, client_for) -> None:
    other = make_request()
    response = client_for(lawyer).post(
        "/staff/queue/bulk",
        {"ids": [other.pk], "action": "status", "status": "triaged"},
    )
    assert response.status_code == 400  # nothing of theirs was selected
    other.refresh_from_db()
    assert other.status == "new"


def test_it_shows_no_personal_data_to_analysts_and_administrators(
    world, admin, analyst, client_for
) -> None:
    case = world["case"]
    for staff in (admin, analyst):
        for path in ("/staff/stats", "/staff/team"):
            html = client_for(staff).get(path).content.decode()
            for personal in (case.reference, case.personal["name"], case.personal["story"], "Пётр"):
                assert personal not in html


def test_it_never_lets_a_staff_page_be_cached(world) -> None:
    response = world["clients"]["coordinator"].get(f"/staff/cases/{world['case'].pk}")
    assert response["Cache-Control"] == "no-store"

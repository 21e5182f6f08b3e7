"""The triage queue: order, filters and their counts, paging, bulk actions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from objector.cases.models import AnswerTemplate, Entry
from objector.intake.models import Request
from tests.conftest import entry_texts, vault_close

pytestmark = pytest.mark.django_db


def references(html: str) -> list[str]:
    return re.findall(r'href="/staff/cases/\d+"[^>]*>([A-Z0-9-]+)<', html)


def option_count(html: str, name: str, value: str) -> int:
    select = re.search(rf'<select name="{name}">(.*?)</select>', html, re.S)
    assert select, name
    found = re.search(rf'<option value="{value}"[^>]*>[^<]*\((\d+)\)</option>', select.group(1))
    assert found, (name, value)
    return int(found.group(1))


@pytest.fixture
def mixed(make_request):
    """Four requests of different urgency and age."""
    now = timezone.now()
    made = {
        "normal_old": make_request(
            **{"events": ["plans_to_leave"], "date:plans_to_leave": "2026-11-01"}
        ),
        "critical": make_request(
            personnel="mobilized",
            **{"events": ["detained_by_unit"], "date:detained_by_unit": "2026-11-10"},
        ),
        "high_new": make_request(region="moscow"),
        "high_old": make_request(channel="telegram"),
    }
    ages = {"normal_old": 9, "critical": 1, "high_new": 1, "high_old": 5}
    for key, days in ages.items():
        Request.objects.filter(pk=made[key].pk).update(created_at=now - timedelta(days=days))
        made[key].refresh_from_db()
    return made


def test_it_orders_by_urgency_then_longest_waiting(mixed, coordinator, client_for) -> None:
    assert [mixed[k].urgency for k in ("critical", "high_old", "normal_old")] == [
        "critical",
        "high",
        "normal",
    ]
    html = client_for(coordinator).get("/staff/queue").content.decode()
    order = ["critical", "high_old", "high_new", "normal_old"]
    assert references(html) == [mixed[k].reference for k in order]


def test_it_filters_and_counts_what_each_choice_would_show(mixed, coordinator, client_for) -> None:
    client = client_for(coordinator)
    html = client.get("/staff/queue?district=southern").content.decode()
    # Three are in Rostov (southern), one in Moscow (central).
    assert html.count('<tr class="urgency-') == 3
    assert re.search(r'id="total">3<', html)
    # The district filter's own counts ignore it, so that Central still says 1.
    assert option_count(html, "district", "central") == 1
    assert option_count(html, "district", "southern") == 3
    # Other filters count within the chosen district.
    assert option_count(html, "channel", "telegram") == 1
    assert option_count(html, "personnel", "mobilized") == 1
    assert option_count(html, "category", "awol") == 1  # high_new is AWOL too, but in Moscow
    html = client.get("/staff/queue?category=detention_abuse&personnel=mobilized").content.decode()
    assert references(html) == [mixed["critical"].reference]


def test_it_filters_by_status_channel_and_date(mixed, coordinator, client_for) -> None:
    client = client_for(coordinator)
    Request.objects.filter(pk=mixed["critical"].pk).update(status="closed", outcome="no_contact")
    open_html = client.get("/staff/queue").content.decode()
    assert mixed["critical"].reference not in references(open_html)
    assert option_count(open_html, "status", "closed") == 1
    closed = client.get("/staff/queue?status=closed").content.decode()
    assert references(closed) == [mixed["critical"].reference]
    telegram = client.get("/staff/queue?channel=telegram").content.decode()
    assert references(telegram) == [mixed["high_old"].reference]
    since = (timezone.localdate() - timedelta(days=2)).isoformat()
    recent = client.get(f"/staff/queue?from={since}&status=all").content.decode()
    assert set(references(recent)) == {mixed["critical"].reference, mixed["high_new"].reference}
    until = (timezone.localdate() - timedelta(days=6)).isoformat()
    old = client.get(f"/staff/queue?to={until}").content.decode()
    assert references(old) == [mixed["normal_old"].reference]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-02-30", "YYYY-MM-DD"),
        ("to=yesterday", "YYYY-MM-DD"),
        ("district=atlantis", "Unknown filter value"),
        ("status=lost", "Unknown filter value"),
    ],
)
def test_it_refuses_bad_filters_and_says_which(
    mixed, coordinator, client_for, query, message
) -> None:
    coordinator.language = "en"
    coordinator.save()
    response = client_for(coordinator).get(f"/staff/queue?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_it_pages_fifty_at_a_time(make_request, coordinator, client_for) -> None:
    for _ in range(53):
        make_request()
    client = client_for(coordinator)
    first = client.get("/staff/queue").content.decode()
    second = client.get("/staff/queue?page=2").content.decode()
    assert len(references(first)) == 50 and len(references(second)) == 3
    assert not set(references(first)) & set(references(second))
    assert "page=2" in first and client.get("/staff/queue?page=x").status_code == 200


def test_it_assigns_in_bulk_to_the_chosen_lawyer(mixed, coordinator, lawyer, client_for) -> None:
    ids = [mixed["critical"].pk, mixed["high_old"].pk]
    response = client_for(coordinator).post(
        "/staff/queue/bulk", {"ids": ids, "action": "assign", "lawyer": lawyer.pk}
    )
    assert response.status_code == 200
    assert set(Request.objects.filter(assignee=lawyer).values_list("pk", flat=True)) == set(ids)
    assert Request.objects.get(pk=ids[0]).status == "assigned"
    assert Entry.objects.filter(kind="assignment", request_id__in=ids).count() == 2


def test_it_suggests_lawyers_by_district_then_load(
    mixed, coordinator, lawyer, colleague, client_for
) -> None:
    # lawyer covers the southern district, colleague the central one.
    ids = [r.pk for r in mixed.values()]
    client_for(coordinator).post(
        "/staff/queue/bulk", {"ids": ids, "action": "assign", "lawyer": "suggested"}
    )
    assigned = dict(Request.objects.filter(pk__in=ids).values_list("pk", "assignee__username"))
    assert assigned[mixed["high_new"].pk] == "colleague"  # Moscow: central
    assert {assigned[mixed[k].pk] for k in ("critical", "high_old", "normal_old")} == {"lawyer"}


def test_it_spreads_suggestions_by_load_when_nobody_covers_the_district(
    make_request, coordinator, lawyer, colleague, client_for
) -> None:
    ids = [make_request(region="tomsk").pk for _ in range(4)]  # Siberian: nobody covers it
    client_for(coordinator).post(
        "/staff/queue/bulk", {"ids": ids, "action": "assign", "lawyer": "suggested"}
    )
    loads = Request.objects.filter(pk__in=ids).values_list("assignee__username", flat=True)
    assert sorted(loads) == ["colleague", "colleague", "lawyer", "lawyer"]


def test_it_sets_a_status_in_bulk_and_needs_an_outcome_to_close(
    mixed, coordinator, client_for
) -> None:
    client = client_for(coordinator)
    ids = [mixed["critical"].pk, mixed["high_old"].pk]
    refused = client.post("/staff/queue/bulk", {"ids": ids, "action": "status", "status": "closed"})
    assert refused.status_code == 400 and "укажите итог" in refused.content.decode()
    assert not Request.objects.filter(pk__in=ids, status="closed").exists()
    client.post(
        "/staff/queue/bulk",
        {"ids": ids, "action": "status", "status": "closed", "outcome": "left_country"},
    )
    assert Request.objects.filter(pk__in=ids, status="closed", outcome="left_country").count() == 2


def test_it_sends_a_templated_answer_in_each_requesters_language(
    make_request, coordinator, client_for
) -> None:
    russian, english = make_request(lang="ru"), make_request(lang="en")
    template = AnswerTemplate.objects.create(
        title="t", body_ru="Синтетический ответ", body_en="Synthetic answer"
    )
    response = client_for(coordinator).post(
        "/staff/queue/bulk",
        {"ids": [russian.pk, english.pk], "action": "template", "template": template.pk},
    )
    assert response.status_code == 200
    texts = entry_texts(kind="message_out")
    assert texts == {russian.pk: "Синтетический ответ", english.pk: "Synthetic answer"}
    # Answered means read: new requests move on to triaged.
    assert set(Request.objects.values_list("status", flat=True)) == {"triaged"}


def test_it_refuses_a_bulk_action_with_nothing_chosen(mixed, coordinator, client_for) -> None:
    client = client_for(coordinator)
    assert client.post("/staff/queue/bulk", {"action": "status"}).status_code == 400
    no_action = client.post("/staff/queue/bulk", {"ids": [mixed["critical"].pk]})
    assert no_action.status_code == 400
    assert Request.objects.filter(status="new").count() == 4


def test_it_answers_a_template_made_on_the_templates_page(coordinator, client_for) -> None:
    client = client_for(coordinator)
    empty = client.post("/staff/templates", {"title": "", "body_ru": ""})
    assert empty.status_code == 400
    client.post("/staff/templates", {"title": "Ждите", "body_ru": "Ждите ответа", "body_en": ""})
    template = AnswerTemplate.objects.get()
    assert template.body("en") == "Ждите ответа"  # no English text: Russian is sent
    assert "Ждите ответа" in client.get("/staff/templates").content.decode()


def test_the_database_keeps_the_triage_key_true_to_its_columns(mixed, coordinator) -> None:
    from objector.cases.actions import status_set
    from objector.intake.models import triage_decode

    status_set(request=mixed["critical"], status="closed", outcome="no_contact", by=coordinator)
    Request.objects.filter(pk=mixed["high_new"].pk).update(channel="telegram", district="")
    columns = ["category_bits", "channel", "district", "personnel", "status", "urgency_rank"]
    for row in Request.objects.values("triage_key", *columns):
        assert triage_decode(row.pop("triage_key")) == row


def test_it_finds_a_request_by_code_or_by_whole_name(make_request, coordinator, client_for) -> None:
    first = make_request(name="Семён Синтетический")
    second = make_request(name="Семен Синтетический")  # the same person, spelt with е
    other = make_request(name="Иван Другой")
    client = client_for(coordinator)

    by_code = client.post("/staff/queue/search", {"q": first.reference.lower().replace("-", "")})
    assert by_code["Location"] == f"/staff/cases/{first.pk}"
    unknown = client.post("/staff/queue/search", {"q": "2222-2222"})
    assert unknown.status_code == 404 and "нет обращения с таким кодом" in unknown.content.decode()

    # The name travels in the POST body only; the queue is then filtered by its blind index.
    found = client.post("/staff/queue/search", {"q": "  семён СИНТЕТИЧЕСКИЙ "})
    location = found["Location"]
    assert "Синтет" not in location and "%D0" not in location.upper()
    by_name = client.get(location).content.decode()
    assert first.reference in by_name and second.reference in by_name
    assert other.reference not in by_name
    assert re.search(r'id="total">2<', by_name)  # the counts follow the search
    assert 'id="person-filter"' in by_name
    narrowed = client.get(location + "&channel=telegram").content.decode()
    assert re.search(r'id="total">0<', narrowed)  # other filters keep the person
    assert client.get("/staff/queue?person=not-an-index").status_code == 400
    # The names are stored only as keyed hashes.
    assert not Request.objects.filter(name_index__icontains="Синтет").exists()
    # The case page links the same person's other request.
    page = client.get(f"/staff/cases/{first.pk}").content.decode()
    assert f">{second.reference}</a>" in re.search(r'id="same-name">.*?</ul>', page, re.S)[0]


def test_searching_by_name_needs_the_vault_and_says_so(
    make_request, coordinator, client_for
) -> None:
    made = make_request()
    vault_close()
    client = client_for(coordinator)
    refused = client.post("/staff/queue/search", {"q": "Пётр Синтетический"})
    assert refused.status_code == 503
    assert "только когда хранилище открыто" in refused.content.decode()
    by_code = client.post("/staff/queue/search", {"q": made.reference})  # codes are in the clear
    assert by_code["Location"] == f"/staff/cases/{made.pk}"


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("ru", "Хранилище запечатано: имена и отметки о новых ответах скрыты"),
        ("en", "The vault is sealed: names and new-reply markers are hidden"),
    ],
)
def test_the_sealed_queue_says_that_names_and_new_reply_markers_are_hidden(
    make_request, coordinator, client_for, language, sentence
) -> None:
    make_request()
    coordinator.language = language
    coordinator.save()
    vault_close()
    page = client_for(coordinator).get("/staff/queue")
    assert page.status_code == 200
    notice = re.search(r'<p role="status" id="sealed-notice">(.*?)<a ', page.content.decode())
    assert notice and sentence in notice.group(1)

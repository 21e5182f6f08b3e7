"""The queue under a surge: select-all, sorting, saved views, unread replies, ages, search by
any word of a name, bulk results that say who went to whom, and pages beyond the last."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from objector.cases.actions import message_receive, request_assign
from objector.cases.models import CaseRead, NameWord, SavedView
from objector.intake.models import Request, requests_open
from objector.vault.actions import vault_unlock
from tests.conftest import PASSPHRASE, vault_close

pytestmark = pytest.mark.django_db


def references(html: str) -> list[str]:
    return re.findall(r'href="/staff/cases/\d+"[^>]*>([A-Z0-9-]+)<', html)


def test_it_finds_requests_by_any_word_of_a_name(make_request, coordinator, client_for) -> None:
    kuzmin = make_request(name="Кузьмин Иван Петрович")
    other_kuzmin = make_request(name="Пётр Кузьмин")
    ivan = make_request(name="Иван Синтетов")
    client = client_for(coordinator)

    found = client.post("/staff/queue/search", {"q": "кузьмин"})
    assert found.status_code == 302 and "%D0" not in found["Location"].upper()
    page = client.get(found["Location"]).content.decode()
    assert sorted(references(page)) == sorted([kuzmin.reference, other_kuzmin.reference])
    assert re.search(r'id="total">2<', page)
    # Two words narrow to those with both, in any order, ё as е.
    both = client.get(client.post("/staff/queue/search", {"q": "Иван КУЗЬМИН"})["Location"])
    assert references(both.content.decode()) == [kuzmin.reference]
    petr = client.get(client.post("/staff/queue/search", {"q": "петр"})["Location"])
    assert references(petr.content.decode()) == [other_kuzmin.reference]
    assert ivan.reference not in page
    # Only keyed hashes reach the database, never a word of a name.
    assert NameWord.objects.count() == 3 + 2 + 2
    assert all(re.fullmatch(r"[0-9a-f]{32}", w.index) for w in NameWord.objects.all())
    assert client.get("/staff/queue?words=Кузьмин").status_code == 400


def test_it_selects_a_whole_page_without_javascript(make_request, coordinator, client_for) -> None:
    made = [make_request() for _ in range(3)]
    client = client_for(coordinator)
    page = client.get("/staff/queue").content.decode()
    assert page.count(" checked>") == 0
    link = re.search(r'href="\?([^"]+)" id="select-page"', page).group(1)
    selected = client.get("/staff/queue?" + link.replace("&amp;", "&")).content.decode()
    assert selected.count(" checked>") == len(made)
    assert 'id="unselect-page"' in selected
    assert 'class="bulkbar"' in selected


def test_a_bulk_action_reaches_every_request_the_filter_shows_and_says_who_went_to_whom(
    make_request, coordinator, lawyer, colleague, client_for
) -> None:
    web = [make_request() for _ in range(3)]
    telegram = make_request(channel="telegram")
    client = client_for(coordinator)
    answer = client.post(
        "/staff/queue/bulk",
        {"scope": "matching", "filter": "channel=web", "action": "assign", "lawyer": "suggested"},
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    table = re.search(r'<table id="bulk-result">.*?</table>', html, re.S).group(0)
    for r in web:
        r.refresh_from_db()
        assert r.assignee is not None
        assert re.search(rf"{r.reference}</td><td>—</td><td><strong>{r.assignee.username}<", table)
    telegram.refresh_from_db()
    assert telegram.assignee is None  # outside the filter
    assert telegram.reference not in table


def test_a_bulk_status_change_lists_before_and_after(make_request, coordinator, client_for) -> None:
    made = make_request()
    client = client_for(coordinator)
    answer = client.post(
        "/staff/queue/bulk", {"ids": [str(made.pk)], "action": "status", "status": "triaged"}
    )
    html = answer.content.decode()
    assert re.search(rf"{made.reference}</td><td>новое</td><td><strong>разобрано<", html), html


def test_it_refuses_bad_bulk_input_clearly(make_request, coordinator, client_for) -> None:
    make_request()
    client = client_for(coordinator)
    for data in (
        {"ids": ["99999999999999999999999"], "action": "status", "status": "triaged"},
        {"ids": ["abc"], "action": "status"},
        {"scope": "matching", "filter": "channel=carrier-pigeon", "action": "status"},
        {"ids": ["1"], "action": "explode"},
    ):
        answer = client.post("/staff/queue/bulk", data)
        assert answer.status_code == 400, data
        assert 'id="message"' in answer.content.decode()


def test_it_sorts_by_the_column_chosen(make_request, coordinator, client_for) -> None:
    now = timezone.now()
    made = [make_request() for _ in range(3)]
    for days, r in zip((3, 7, 1), made, strict=True):
        Request.objects.filter(pk=r.pk).update(created_at=now - timedelta(days=days))
    client = client_for(coordinator)
    oldest_first = references(client.get("/staff/queue?sort=age").content.decode())
    assert oldest_first == [made[1].reference, made[0].reference, made[2].reference]
    newest_first = references(client.get("/staff/queue?sort=-age").content.decode())
    assert newest_first == list(reversed(oldest_first))
    page = client.get("/staff/queue?sort=age").content.decode()
    assert 'href="?sort=-age" id="sort-age"' in page  # the header flips the order
    assert "7 дней" in page and "3 дня" in page and "1 день" in page  # the age of each
    assert client.get("/staff/queue?sort=name").status_code == 400  # names are sealed


def test_it_saves_views_for_each_staff_member(
    make_request, coordinator, lawyer, client_for
) -> None:
    make_request(channel="telegram")
    client = client_for(coordinator)
    saved = client.post(
        "/staff/queue/views", {"name": "Бот", "query": "channel=telegram&page=4&sort=-age"}
    )
    assert saved.status_code == 302 and saved["Location"].endswith("channel=telegram&sort=-age")
    page = client.get("/staff/queue").content.decode()
    assert re.search(r'id="saved-views".*href="\?channel=telegram&amp;sort=-age">Бот<', page, re.S)
    assert 'id="saved-views"' not in client_for(lawyer).get("/staff/queue").content.decode()
    view = SavedView.objects.get()
    # Another person's view is not theirs to delete; a bad filter is not saved.
    assert client_for(lawyer).post(f"/staff/queue/views/{view.pk}/delete").status_code == 404
    bad = client.post("/staff/queue/views", {"name": "x", "query": "status=nonsense"})
    assert bad.status_code == 400 and SavedView.objects.count() == 1
    unnamed = client.post("/staff/queue/views", {"name": " ", "query": ""})
    assert unnamed.status_code == 400 and "Дайте виду название" in unnamed.content.decode()
    assert client.post(f"/staff/queue/views/{view.pk}/delete").status_code == 302
    assert not SavedView.objects.exists()


def test_it_marks_requester_replies_unread_until_the_case_is_opened(
    replied, coordinator, lawyer, client_for
) -> None:
    made = replied
    message_receive(request=made, text="Жду ответа.")
    client = client_for(coordinator)
    page = client.get("/staff/queue").content.decode()
    assert re.search(rf'id="unread-{made.reference}">2 новых ответа<', page)
    client.get(f"/staff/cases/{made.pk}")
    assert f'id="unread-{made.reference}"' not in client.get("/staff/queue").content.decode()
    # Read by one person is still unread for another.
    assert (
        f'id="unread-{made.reference}"' in client_for(lawyer).get("/staff/queue").content.decode()
    )


def test_a_page_beyond_the_last_is_the_last_page(make_request, coordinator, client_for) -> None:
    made = make_request()
    client = client_for(coordinator)
    for number in ("99999999999999999999999", "9" * 5000, "-3", "x"):
        answer = client.get(f"/staff/queue?page={number}")
        assert answer.status_code == 200, number
        assert references(answer.content.decode()) == [made.reference]


def test_the_sealed_names_show_a_drawn_lock_not_an_emoji(
    make_request, coordinator, client_for
) -> None:
    make_request()
    from tests.conftest import vault_close

    vault_close()
    page = client_for(coordinator).get("/staff/queue").content.decode()
    assert "🔒" not in page
    assert '<svg class="lock"' in page and "скрыто" in page


def test_the_staff_pages_speak_the_readers_language(make_request, coordinator, client_for) -> None:
    """The words come from the gettext catalogues: Russian by default, English for a reader
    who chose it, counts in each language's plural forms."""
    made = make_request()
    requests_open([made])
    message_receive(request=made, text="Вопрос")
    client = client_for(coordinator)
    russian = client.get("/staff/queue").content.decode()
    assert "Отметить все на этой странице" in russian and "1 новый ответ" in russian
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    english = client.get("/staff/queue").content.decode()
    assert "Select all on this page" in english and "1 new reply" in english
    assert "Отметить" not in english
    case = client.get(f"/staff/cases/{made.pk}").content.decode()
    assert "Add event" in case or "Add an event" in case
    assert "Timeline" in case


def test_a_reply_after_the_case_was_opened_is_unread_again_for_that_lawyer_alone(
    make_request, coordinator, lawyer, client_for
) -> None:
    """The read marks are found by a keyed tag of the staff member and the case (CaseRead):
    exactly the replies after a person's last opening are new to them, on the queue's page."""
    made, other = make_request(), make_request()
    for r in (made, other):
        request_assign(request=r, lawyer=lawyer, by=coordinator)
    requests_open([made, other])
    message_receive(request=made, text="Есть новости?")
    message_receive(request=other, text="Жду ответа.")
    client = client_for(lawyer)
    page = client.get("/staff/queue").content.decode()
    assert re.search(rf'id="unread-{made.reference}">1 новый ответ<', page)  # the new one only
    assert client.get(f"/staff/cases/{made.pk}").status_code == 200
    page = client.get("/staff/queue").content.decode()
    assert f'id="unread-{made.reference}"' not in page
    assert f'id="unread-{other.reference}"' in page  # the other case is not read by it
    message_receive(request=made, text="Ещё вопрос.")
    page = client.get("/staff/queue").content.decode()
    assert re.search(rf'id="unread-{made.reference}">1 новый ответ<', page)  # the new one only
    assert client.get(f"/staff/cases/{made.pk}").status_code == 200
    assert f'id="unread-{made.reference}"' not in client.get("/staff/queue").content.decode()
    page = client_for(coordinator).get("/staff/queue").content.decode()
    assert re.search(rf'id="unread-{made.reference}">2 новых ответа<', page)
    # No read mark says which case it is of: a tag of the case and the person, in the clear.
    tags = set(CaseRead.objects.values_list("case_tag", flat=True))
    assert len(tags) == 1 and {made.pk, str(made.pk), made.reference}.isdisjoint(tags)
    assert [f.name for f in CaseRead._meta.get_fields()] == ["id", "staff", "case_tag", "seen_at"]


def test_while_sealed_the_queue_shows_no_new_replies_and_keeps_the_read_marks(
    replied, lawyer, admin, client_for
) -> None:
    made = replied
    client = client_for(lawyer)
    assert client.get(f"/staff/cases/{made.pk}").status_code == 200  # read
    message_receive(request=made, text="Жду ответа.")
    vault_close()
    try:
        page = client.get("/staff/queue")
        assert page.status_code == 200 and made.reference in page.content.decode()
        assert f'id="unread-{made.reference}"' not in page.content.decode()  # not known
        assert client.get(f"/staff/cases/{made.pk}").status_code == 503
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    page = client.get("/staff/queue").content.decode()
    assert re.search(rf'id="unread-{made.reference}">1 новый ответ<', page)  # the new one only

"""The person page, merge and split through the real views, and the queue's markers."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from objector.cases.actions import request_assign
from objector.cases.queue import markers
from objector.documents.actions import document_extract
from objector.documents.models import Document
from objector.persons.actions import CORRECTIONS_PER_MINUTE
from objector.persons.models import Correction, Mention, Person, of_person
from objector.persons.tasks import link_document
from objector.vault.audit import entries_of, objects_open
from objector.vault.models import AuditEntry

from .conftest import ORDER, named_in_order, person_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(linked_request: Any, linked_document: Any, coordinator: Any, lawyer: Any) -> Any:
    case = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    request_assign(request=case, lawyer=lawyer, by=coordinator)
    document = linked_document(ORDER, lawyer, case)
    other = linked_request(name="Выдуманный Илья Андреевич")
    request_assign(request=other, lawyer=lawyer, by=coordinator)
    return {"case": case, "document": document, "other": other, "person": person_of(request=case)}


def test_it_shows_every_mention_with_its_evidence(
    world: Any, coordinator: Any, client_for: Any
) -> None:
    coordinator.language = "en"
    coordinator.save()
    person = world["person"]
    html = client_for(coordinator).get(f"/staff/persons/{person.pk}").content.decode()
    assert world["case"].reference in html
    assert "Синтетов Пётр Сергеевич" in html  # as the request wrote it
    assert "Синтетова Петра Сергеевича" in html or "Синтетов Пётр Сергеевич" in html
    assert "order № 7</a> of 1 March 2025, unit 12345" in html  # the date as the reader writes it
    assert "surname — same" in html and "first name — same" in html
    # The view's entry names the person only sealed; staff find it and read it while unlocked.
    views = list(AuditEntry.objects.filter(action="view", object_type="person"))
    assert [e.object_id for e in views] == [""]
    assert list(objects_open(views).values()) == [str(person.pk)]
    assert [e.actor_name for e in entries_of("person", person.pk)] == ["coordinator"]
    ru = client_for(coordinator)
    coordinator.language = "ru"
    coordinator.save()
    text = ru.get(f"/staff/persons/{person.pk}").content.decode()
    assert "фамилия — совпадает" in text and "Упоминания и доводы каждой связи" in text
    assert "приказ № 7</a> от 1 марта 2025, часть 12345" in text  # it showed "2025-03-01"


def test_it_hides_a_person_from_a_lawyer_without_their_cases(
    world: Any, colleague: Any, analyst: Any, client_for: Any
) -> None:
    person = world["person"]
    assert client_for(colleague).get(f"/staff/persons/{person.pk}").status_code == 404
    assert client_for(analyst).get(f"/staff/persons/{person.pk}").status_code == 403
    assert client_for(colleague).get("/staff/persons/999999").status_code == 404


def test_it_merges_a_person_chosen_by_number(world: Any, lawyer: Any, client_for: Any) -> None:
    client = client_for(lawyer)
    person, other = world["person"], person_of(request=world["other"])
    response = client.post(f"/staff/persons/{person.pk}/merge", {"other": other.pk})
    assert response.status_code == 302 and response["Location"].endswith(f"?merged={other.pk}#done")
    assert person_of(request=world["other"]) == person
    assert not Person.objects.filter(pk=other.pk).exists()
    assert [e.action for e in entries_of("person", person.pk)][-1] == "person_merge"
    # And which person was merged in: before round 9 only the correction's row, outside the
    # keyed chain, said so. Both ids are sealed in the chain, and found while unlocked.
    merged_in = list(
        AuditEntry.objects.filter(action="person_merge", object_type="person_merged_in")
    )
    assert [e.object_id for e in merged_in] == [""]
    assert list(objects_open(merged_in).values()) == [str(other.pk)]
    assert [e.object_type for e in entries_of("person_merged_in", other.pk)] == ["person_merged_in"]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("", "Choose the person to merge into this one."),
        ("forty-two", "A person&#x27;s number is a whole number"),
        ("-3", "A person&#x27;s number is a whole number"),
        ("9" * 30, "No person has that number."),
        ("self", "A person cannot be merged with itself."),
        ("424242", "No person you may see has that number."),
    ],
)
def test_it_names_what_is_wrong_with_a_merge(
    world: Any, lawyer: Any, client_for: Any, value: str, says: str
) -> None:
    lawyer.language = "en"
    lawyer.save()
    person = world["person"]
    value = str(person.pk) if value == "self" else value
    response = client_for(lawyer).post(f"/staff/persons/{person.pk}/merge", {"other": value})
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not Correction.objects.exists()


def test_a_lawyer_may_not_merge_a_person_named_in_a_case_they_cannot_see(
    world: Any,
    linked_request: Any,
    coordinator: Any,
    lawyer: Any,
    colleague: Any,
    client_for: Any,
) -> None:
    """Round 8's walk: a lawyer could merge a person also mentioned in a colleague's case,
    which changed that case's person and markers unseen. Refused either way round, saying
    why, in both languages; a coordinator, who sees every case, may."""
    theirs = linked_request(name="Выдуманный Илья Андреевич")
    request_assign(request=theirs, lawyer=colleague, by=coordinator)
    person, other = world["person"], person_of(request=world["other"])
    assert person_of(request=theirs) == other  # one man, in the lawyer's case and a colleague's
    client = client_for(lawyer)
    for language, says in (
        ("en", f"Person {other.pk} is also mentioned in a case you cannot see"),
        ("ru", f"Человек № {other.pk} упоминается и в деле, которое вам не видно"),
    ):
        lawyer.language = language
        lawyer.save()
        refused = client.post(f"/staff/persons/{person.pk}/merge", {"other": other.pk})
        assert refused.status_code == 400 and says in refused.content.decode()
    back = client.post(f"/staff/persons/{other.pk}/merge", {"other": person.pk})
    assert back.status_code == 400
    assert "Этот человек упоминается и в деле, которое вам не видно" in back.content.decode()
    assert not Correction.objects.exists()
    assert person_of(request=world["case"]) == person and person_of(request=theirs) == other
    merged = client_for(coordinator).post(f"/staff/persons/{person.pk}/merge", {"other": other.pk})
    assert merged.status_code == 302 and person_of(request=theirs) == person


def test_it_splits_the_ticked_mentions_off(world: Any, lawyer: Any, client_for: Any) -> None:
    lawyer.language = "en"
    lawyer.save()
    client = client_for(lawyer)
    person = world["person"]
    order = Mention.objects.get(of_person(person.pk), document=world["document"])
    nothing = client.post(f"/staff/persons/{person.pk}/split", {})
    assert nothing.status_code == 400
    assert "Tick the mentions to move" in nothing.content.decode()
    everything = [m.pk for m in Mention.objects.filter(of_person(person.pk))]
    refused = client.post(f"/staff/persons/{person.pk}/split", {"mentions": everything})
    assert refused.status_code == 400 and "merge instead" in refused.content.decode()
    stranger = Mention.objects.get(request=world["other"])
    foreign = client.post(f"/staff/persons/{person.pk}/split", {"mentions": [stranger.pk]})
    assert foreign.status_code == 400
    done = client.post(f"/staff/persons/{person.pk}/split", {"mentions": [order.pk]})
    assert done.status_code == 302
    order.refresh_from_db()
    assert order.person_pk() != person.pk and order.person_pk() is not None
    assert person_of(request=world["case"]) == person
    split = [e for e in entries_of("person", person.pk) if e.action == "person_split"]
    assert [e.object_type for e in split] == ["person"]
    # The chain says which person the mentions went to (round 9: only the person split was).
    off = entries_of("person_split_off", order.person_pk())
    assert [(e.action, e.object_type) for e in off] == [("person_split", "person_split_off")]


def test_it_marks_the_queue_and_the_case_in_one_query(
    world: Any,
    linked_request: Any,
    coordinator: Any,
    client_for: Any,
    django_assert_num_queries: Any,
) -> None:
    again = linked_request(name="Синтетов Петр Сергеевич", unit="в/ч 12345")
    rows = [world["case"], world["other"], again]
    # Two: the requests' persons' other requests, and the orders naming them (by their tags).
    with django_assert_num_queries(2), translation.override("en"):
        found = markers(coordinator, rows)
    texts = {pk: [t for t, _href in v] for pk, v in found.items()}
    assert "named in order № 7 of unit 12345" in texts[again.pk]
    # The code whole, in a span that never breaks at its hyphen (round 10's walk).
    reference = world["case"].reference
    assert f'already a client: case <span class="ref">{reference}</span>' in texts[again.pk]
    # Выдуманный is named in the same order, and has no other case.
    assert texts[world["other"].pk] == ["named in order № 7 of unit 12345"]
    html = client_for(coordinator).get("/staff/queue").content.decode()
    assert "назван в приказе № 7 части 12345" in html
    assert f'href="/staff/persons/{world["person"].pk}"' in html
    case_page = client_for(coordinator).get(f"/staff/cases/{again.pk}").content.decode()
    assert "Этот же человек в других местах" in case_page
    assert f'уже обращался: дело <span class="ref">{reference}</span>' in case_page


def test_it_tells_a_lawyer_of_another_case_without_naming_it(
    world: Any, linked_request: Any, lawyer: Any, colleague: Any, coordinator: Any
) -> None:
    again = linked_request(name="Синтетов Петр Сергеевич", unit="в/ч 12345")
    request_assign(request=again, lawyer=colleague, by=coordinator)
    with translation.override("en"):
        texts = [t for t, _ in markers(colleague, [again])[again.pk]]
    assert "already a client in another case" in texts
    assert "named in a stored order" in texts  # the order is in a case they cannot see
    assert not any(world["case"].reference in t for t in texts)


def test_it_shows_no_evidence_about_a_mention_in_a_case_the_reader_cannot_see(
    linked_request: Any, lawyer: Any, colleague: Any, coordinator: Any, client_for: Any
) -> None:
    """Red team, round 7: the page listed, for a mention the reader may see, the evidence of
    its link to a mention they may not (a colleague's case): that mention's number, the score
    and each field's verdict. "unit — same", "birth date — day and month swapped" said what the
    hidden request holds. Such a link is now only said to exist."""
    theirs = linked_request(name="Синтетов Петр Сергеевич", unit="в/ч 12345")
    request_assign(request=theirs, lawyer=colleague, by=coordinator)
    mine = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    request_assign(request=mine, lawyer=lawyer, by=coordinator)
    person = person_of(request=mine)
    hidden = Mention.objects.get(request=theirs)
    assert hidden.person == person
    assert any(e["with"] == hidden.pk for e in Mention.objects.get(request=mine).links())
    lawyer.language = "en"
    lawyer.save()
    html = client_for(lawyer).get(f"/staff/persons/{person.pk}").content.decode()
    assert "1 more in cases you cannot see" in html
    assert "a mention in a case you cannot see" in html
    assert f"mention {hidden.pk}" not in html
    assert "unit — " not in html and "surname — " not in html
    # The coordinator sees both, and the evidence in full.
    coordinator.language = "en"
    coordinator.save()
    full = client_for(coordinator).get(f"/staff/persons/{person.pk}").content.decode()
    assert f"linked to mention {hidden.pk}" in full and "surname — same" in full


def test_a_merge_that_lost_a_race_is_refused_not_a_server_error(
    world: Any, lawyer: Any, colleague: Any
) -> None:
    """Red team, round 7: two lawyers merging the same two persons, each into the other, at
    once: both passed the form's checks, and the second merge moved every mention to the
    person the first had just deleted, a foreign-key failure at commit (a 500). The merge now
    checks, under the write lock, that both persons still exist."""
    from objector.persons import actions

    person, other = world["person"], person_of(request=world["other"])
    stale_person, stale_other = Person.objects.get(pk=person.pk), Person.objects.get(pk=other.pk)
    actions.person_merge(person=person, other=other, by=lawyer)  # the first lawyer's
    with pytest.raises(actions.CorrectionError):
        actions.person_merge(person=stale_other, other=stale_person, by=colleague)
    assert person_of(request=world["other"]) == person_of(request=world["case"]) == person
    assert Correction.objects.count() == 1


def test_it_marks_a_link_only_the_name_supports_uncertain_and_says_why(
    linked_request: Any, coordinator: Any, client_for: Any
) -> None:
    """Round 9: a request naming no unit, whose name fits two namesakes in two units, is an
    uncertain link whichever it joins; the page says why, in English and Russian."""
    linked_request(name="Зорин Павел Андреевич", unit="в/ч 12345")
    linked_request(name="Зорин Павел Андреевич", unit="в/ч 54321")
    thin = linked_request(name="Павел Зорин")
    person = person_of(request=thin)
    coordinator.language = "en"
    coordinator.save()
    client = client_for(coordinator)
    html = client.get(f"/staff/persons/{person.pk}").content.decode()
    why = "the mention has neither unit nor birth date, and its name fits another person too"
    assert f"uncertain link: check it ({why})" in html
    # The evidence marks the uncertain link; the reason is said once, in the flag above it.
    assert '<em class="doubt">uncertain</em>' in html and html.count(why) == 1
    assert html.count('class="uncertain"') == 1  # the other link (unit in common) is certain
    coordinator.language = "ru"
    coordinator.save()
    text = client.get(f"/staff/persons/{person.pk}").content.decode()
    assert "связь под сомнением: проверьте (у упоминания нет ни воинской части" in text
    assert '<em class="doubt">под сомнением</em>' in text
    assert text.count("у упоминания нет ни воинской части") == 1


def test_a_name_that_turns_the_line_round_is_kept_to_itself(
    linked_request: Any, coordinator: Any, client_for: Any
) -> None:
    """Red team, round 9: a name is what someone typed, and a right-to-left override in it
    (U+202E, never closed) reversed the rest of its line on the person page, the case's
    reference and the evidence with it, and the names after it among the candidates. Each
    name is isolated (<bdi>), so the override ends where the name does."""
    hostile = "Синтетов \u202eПётр Сергеевич"
    him = linked_request(name=hostile, unit="в/ч 12345")
    sister = linked_request(name="Синтетова Анна Сергеевна")
    client = client_for(coordinator)
    mine = client.get(f"/staff/persons/{person_of(request=him).pk}").content.decode()
    assert f'<strong class="name"><bdi>{hostile}</bdi></strong>' in mine
    hers = client.get(f"/staff/persons/{person_of(request=sister).pk}").content.decode()
    assert f"<bdi>{hostile}</bdi>" in hers  # among the persons with a similar surname
    assert hers.count("\u202e") == 1


def test_a_flood_of_merges_and_splits_is_paced(
    world: Any, lawyer: Any, coordinator: Any, client_for: Any
) -> None:
    """Red team, round 9: a lawyer's script could merge and split as fast as the server wrote,
    each correction keeping both sides' mention ids for every later re-link and taking the
    write lock. Thirty a minute a staff member; the next is refused, and nothing changes."""
    lawyer.language = "en"
    lawyer.save()
    person, other = world["person"], person_of(request=world["other"])
    for _ in range(CORRECTIONS_PER_MINUTE - 1):
        Correction.objects.create(
            kind="merge", left=[], right=[], person_id_kept=1, person_id_other=2, by=lawyer
        )
    Correction.objects.create(  # a colleague's do not count against this lawyer
        kind="merge", left=[], right=[], person_id_kept=1, person_id_other=2, by=coordinator
    )
    client = client_for(lawyer)
    order = Mention.objects.get(of_person(person.pk), document=world["document"])
    assert (
        client.post(f"/staff/persons/{person.pk}/split", {"mentions": [order.pk]}).status_code
        == 302
    )
    refused = client.post(f"/staff/persons/{person.pk}/merge", {"other": other.pk})
    assert refused.status_code == 429
    assert "30 merges and splits in the last minute" in refused.content.decode()
    assert person_of(request=world["other"]) == other  # not merged
    split = client.post(f"/staff/persons/{person.pk}/split", {"mentions": [order.pk]})
    assert split.status_code == 400  # the order's mention was split off already
    Correction.objects.filter(by=lawyer).update(at=timezone.now() - timedelta(minutes=2))
    done = client.post(f"/staff/persons/{person.pk}/merge", {"other": other.pk})
    assert done.status_code == 302
    assert person_of(request=world["other"]) == person


def test_while_sealed_the_queue_says_already_a_client_but_not_the_order(
    world: Any, linked_request: Any, coordinator: Any, admin: Any
) -> None:
    """The orders naming a request's person are found by the person's tag under the
    registry's key: while the vault is sealed the markers say only what requests say."""
    from objector.persons.keyring import forget
    from objector.vault.actions import vault_unlock
    from tests.conftest import PASSPHRASE, vault_close

    again = linked_request(name="Синтетов Петр Сергеевич", unit="в/ч 12345")
    vault_close()
    forget()  # as the seal's signal does in every process
    try:
        with translation.override("en"):
            texts = [t for t, _ in markers(coordinator, [again])[again.pk]]
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    assert texts == [f'already a client: case <span class="ref">{world["case"].reference}</span>']
    with translation.override("en"):
        texts = [t for t, _ in markers(coordinator, [again])[again.pk]]
    assert "named in order № 7 of unit 12345" in texts


def test_a_link_to_a_mention_since_deleted_is_not_shown_as_hidden(
    linked_request: Any, linked_document: Any, coordinator: Any, lawyer: Any, client_for: Any
) -> None:
    """Red team, round 9: a document read again replaces its mentions, and a request linked to
    the old one kept the link, which the person page called "a mention in a case you cannot
    see", even to a coordinator, who sees every case."""
    coordinator.language = "en"
    coordinator.save()
    document = linked_document(ORDER, lawyer)
    case = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    old = Mention.objects.get(of_person(person_of(request=case).pk), document=document)
    assert Mention.objects.get(request=case).links()[0]["with"] == old.pk
    document_extract(document=Document.objects.get(pk=document.pk))  # read again
    assert link_document.call(document.pk) == "done"
    assert not Mention.objects.filter(pk=old.pk).exists()
    page = client_for(coordinator).get(f"/staff/persons/{person_of(request=case).pk}")
    html = page.content.decode()
    assert page.status_code == 200 and "Синтетов Пётр Сергеевич" in html
    assert "in a case you cannot see" not in html


def test_the_likely_merges_cross_requests_and_documents(
    linked_request: Any, linked_document: Any, lawyer: Any, coordinator: Any, client_for: Any
) -> None:
    """Round 10 keys a document's surname blocks apart from a request's (a copy of the disk
    tied an order's names to requests by equal blocks); the person page computes both, so a
    request's person still lists the order's namesake among the likely merges, and back."""
    him = linked_request(name="Выдуманный Игорь Петрович")  # not the order's Илья Андреевич
    document = linked_document(ORDER, lawyer)
    theirs = named_in_order(document)[1]  # Выдуманный Илья Андреевич
    assert theirs.person_pk() != person_of(request=him).pk
    client = client_for(coordinator)
    mine = client.get(f"/staff/persons/{person_of(request=him).pk}").content.decode()
    assert f'href="/staff/persons/{theirs.person_pk()}"' in mine[mine.index('id="candidates"') :]
    page = client.get(f"/staff/persons/{theirs.person_pk()}").content.decode()
    assert (
        f'href="/staff/persons/{person_of(request=him).pk}"'
        in page[page.index('id="candidates"') :]
    )


def test_it_links_a_partial_birth_date_and_says_so(
    make_request: Any, coordinator: Any, client_for: Any
) -> None:
    """Round 10: a birth date known to the month and year only (03.1988) was no date to the
    registry (ISO only), and the linker's verdicts on such dates had no words on the page."""
    from objector.persons.tasks import link_request

    def born(birth_date: str) -> Any:
        request = make_request(name="Зорин Павел Андреевич", unit="в/ч 12345")
        request.personal_update(facts={**request.personal["facts"], "birth_date": birth_date})
        request.save(update_fields=["personal_data"])
        assert link_request.call(request.pk) == "done"
        return request

    full = born("1988-03-15")
    partial = born("03.1988")
    person = person_of(request=full)
    assert person_of(request=partial) == person
    coordinator.language = "en"
    coordinator.save()
    client = client_for(coordinator)
    html = client.get(f"/staff/persons/{person.pk}").content.decode()
    assert "birth date — same month and year (no day on one side)" in html
    coordinator.language = "ru"
    coordinator.save()
    text = client.get(f"/staff/persons/{person.pk}").content.decode()
    assert "дата рождения — те же месяц и год (с одной стороны день не указан)" in text


def test_while_sealed_the_person_page_leads_back_as_the_menu_names_the_queue(
    world: Any, coordinator: Any, lawyer: Any, admin: Any, client_for: Any
) -> None:
    """The sealed person page's heading and back link said "Queue" (Очередь) to a lawyer,
    whose menu calls the same page "My cases" (Мои дела)."""
    import re

    from objector.vault.actions import vault_unlock
    from tests.conftest import PASSPHRASE, vault_close

    vault_close()
    try:
        for staff, names in (
            (lawyer, {"ru": "Мои дела", "en": "My cases"}),
            (coordinator, {"ru": "Очередь", "en": "Queue"}),
        ):
            for language, name in names.items():
                staff.language = language
                staff.save()
                page = client_for(staff).get(f"/staff/persons/{world['person'].pk}")
                assert page.status_code == 503
                html = page.content.decode()
                menu = re.search(
                    r'<nav aria-label="staff">\s*<a href="/staff/queue">([^<]*)</a>', html
                )
                back = re.search(r'<a href="/staff/queue" id="back">([^<]*)</a>', html)
                title = re.search(r"<title>([^<]*) — Objector</title>", html)
                assert menu and back and title, html
                assert menu.group(1) == back.group(1) == name
                # Titled as what it is, a refusal (r11-tidy: it was titled "Back", «Назад», on
                # a refusal leading back to a case).
                assert title.group(1) == {"ru": "Не выполнено", "en": "Not done"}[language]
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)


@pytest.mark.parametrize(
    ("language", "heading"),
    [("ru", "Отделить другого человека"), ("en", "Split off another person")],
)
def test_the_split_form_has_a_heading_of_its_own_that_names_it(
    world: Any, lawyer: Any, client_for: Any, language: str, heading: str
) -> None:
    """A screen-reader user lists a page's headings and forms, a phone user scrolls for one:
    the split form is found by its own heading, and is named by it (it had none)."""
    lawyer.language = language
    lawyer.save()
    html = client_for(lawyer).get(f"/staff/persons/{world['person'].pk}").content.decode()
    form = re.search(r'<form [^>]*id="split-form"[^>]*>(.*?)</form>', html, re.S)
    assert form is not None and 'aria-labelledby="split-heading"' in form[0].split(">")[0]
    # The heading opens the form, before its first mention to tick.
    assert re.match(
        rf'\s*<input [^>]*name="csrfmiddlewaretoken"[^>]*>\s*<h3 id="split-heading">{heading}</h3>',
        form[1],
    )
    assert form[1].index(heading) < form[1].index('name="mentions"')

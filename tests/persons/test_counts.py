"""Honest counts: distinct persons, not mentions, with the range the uncertain links leave;
protected on the statistics page as counts of requests are."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache

from objector.persons.counts import distinct_persons
from objector.persons.models import Mention, Person

from .conftest import ORDER, person_of

pytestmark = pytest.mark.django_db

MEN = [
    "Синтетов Пётр Сергеевич",
    "Выдуманный Илья Андреевич",
    "Примеров Олег Павлович",
    "Тестовый Роман Ильич",
    "Образцов Глеб Юрьевич",
    "Вымыслов Тимур Маратович",
]


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def southern(linked_request: Any) -> list[Any]:
    """Seven requests from the Southern district about six men (the first twice), and one
    from the Central district."""
    found = [linked_request(name=name, unit="в/ч 12345") for name in MEN]
    found.append(linked_request(name="Синтетов Петр Сергеевич", unit="в/ч 12345"))
    found.append(linked_request(name="Условный Марк Денисович", region="moscow"))
    return found


def test_it_counts_each_person_once_however_many_requests_name_him(southern: Any) -> None:
    counted = distinct_persons(["district"], None, measure="persons")
    assert counted.cells == {("southern",): 6, ("central",): 1}
    assert counted.total == 7 and (counted.low, counted.high, counted.uncertain) == (7, 7, 0)


def test_it_says_how_far_uncertain_links_could_move_the_count(southern: Any) -> None:
    first, _, third, fourth = southern[0], southern[1], southern[2], southern[3]
    again = southern[6]
    assert person_of(request=again) == person_of(request=first)
    # Suppose the second request's link was uncertain, and two men were nearly one.
    Mention.objects.filter(request=again).update(uncertain=True)
    Mention.objects.filter(request=fourth).update(near=person_of(request=third).pk)
    counted = distinct_persons(["district"], None, measure="persons")
    assert counted.total == 7
    assert (counted.uncertain, counted.low, counted.high) == (1, 6, 8)


def test_it_counts_persons_named_in_orders_by_unit_and_month(linked_document: Any, lawyer) -> None:
    linked_document(ORDER, lawyer)
    linked_document(ORDER, lawyer)  # the same order stored twice names the same two men
    counted = distinct_persons(["unit", "month"], None, measure="ordered")
    assert counted.cells == {("12345", "2025-03-01"): 2}


def test_persons_named_in_orders_need_the_vault_unlocked(
    linked_document: Any, lawyer: Any, analyst: Any, admin: Any, client_for: Any
) -> None:
    """A document's mention keeps its person only under the registry's key (round 10): while
    the vault is sealed the measure says so (in the reader's language), and the requests'
    persons are still counted."""
    from objector.persons.keyring import forget
    from objector.vault.actions import vault_unlock
    from tests.conftest import PASSPHRASE, vault_close

    linked_document(ORDER, lawyer)
    client = client_for(analyst)
    vault_close()
    forget()  # as the seal's signal does in every process
    try:
        for lang, text in (
            ("en", "counted only while the vault is unlocked"),
            ("ru", "только когда хранилище открыто"),
        ):
            analyst.language = lang
            analyst.save()
            page = client.get("/staff/stats", {"rows": "unit", "measure": "ordered"})
            assert page.status_code == 503 and text in page.content.decode()
            chart = client.get("/staff/stats/chart.svg", {"rows": "unit", "measure": "ordered"})
            assert chart.status_code == 503
        persons = client.get("/staff/stats", {"rows": "district", "measure": "persons"})
        assert persons.status_code == 200
    finally:
        vault_unlock(staff=admin, passphrase=PASSPHRASE)
    page = client.get("/staff/stats", {"rows": "unit", "measure": "ordered"})
    assert page.status_code == 200


def test_it_refuses_a_dimension_a_measure_does_not_have() -> None:
    with pytest.raises(ValueError, match="unit"):
        distinct_persons(["unit"], None, measure="persons")


def test_it_protects_distinct_persons_on_the_statistics_page(
    southern: Any, analyst: Any, client_for: Any
) -> None:
    analyst.language = "en"
    analyst.save()
    client = client_for(analyst)
    html = client.get("/staff/stats", {"rows": "district", "measure": "persons"}).content.decode()

    def cells(row: str) -> list[str]:
        found = re.search(rf"<tr><th>{row}</th>(.*?)</tr>", html)
        assert found, row
        return re.findall(r"<td[^>]*>([^<]*)</td>", found.group(1))

    assert cells("Central") == ["×"]  # one man: hidden, as one request would be
    assert cells("Southern") == ["×"]  # 7 - 6 would give him away
    assert cells("Total") == ["7"]
    assert "Distinct persons, each counted once: 7" in html
    requests = client.get("/staff/stats", {"rows": "district"}).content.decode()
    assert re.search(r"<tr><th>Total</th><td[^>]*>8</td>", requests)
    refused = client.get("/staff/stats", {"rows": "unit", "measure": "persons"})
    assert refused.status_code == 400
    assert "Distinct persons cannot be counted by unit." in refused.content.decode()


def test_it_speaks_russian_about_the_measure(southern: Any, analyst: Any, client_for: Any) -> None:
    html = client_for(analyst).get("/staff/stats", {"rows": "district", "measure": "persons"})
    text = html.content.decode()
    assert "различных людей" in text and "Считать" in text


def test_a_request_whose_name_fits_two_namesakes_widens_the_range(linked_request: Any) -> None:
    """Round 9: two namesakes in two units, and a request naming neither unit. Its name fits
    both, so whichever it joins, the link is uncertain (the linker's "thin" doubt), and the
    distinct persons lie between 1 (the namesakes one man transferred) and 3: the worker's
    link and a full re-link say the same."""
    from objector.persons.tasks import relink_all

    first = linked_request(name="Зорин Павел Андреевич", unit="в/ч 12345")
    second = linked_request(name="Зорин Павел Андреевич", unit="в/ч 54321")
    thin = linked_request(name="Павел Зорин")
    assert person_of(request=first) != person_of(request=second)
    assert person_of(request=thin) in (person_of(request=first), person_of(request=second))
    for _ in ("worker", "relink"):
        mention = Mention.objects.get(request=thin)
        assert mention.uncertain
        assert [e.get("doubt") for e in mention.links()] == ["thin"]
        assert not Mention.objects.get(request=second).uncertain
        counted = distinct_persons(["district"], None, measure="persons")
        assert (counted.total, counted.uncertain, counted.low, counted.high) == (2, 1, 1, 3)
        # Every uncertain neighbour names a person that is (a re-link renumbers persons).
        nears = {m.near_pk() for m in Mention.objects.all()} - {None}
        assert nears and nears <= set(Person.objects.values_list("pk", flat=True))
        assert relink_all.call() == "done"


def test_the_statistics_page_gives_the_range_a_name_that_fits_two_namesakes_leaves(
    southern: Any, linked_request: Any, analyst: Any, client_for: Any
) -> None:
    """Round 9: beside the seven men, two namesakes in two units and a request naming neither
    unit: nine persons, one more if its uncertain link is cut, one fewer if the namesakes are
    one man transferred."""
    linked_request(name="Зорин Павел Андреевич", unit="в/ч 12345")
    linked_request(name="Зорин Павел Андреевич", unit="в/ч 54321")
    linked_request(name="Павел Зорин")
    analyst.language = "en"
    analyst.save()
    client = client_for(analyst)
    html = client.get("/staff/stats", {"rows": "district", "measure": "persons"}).content.decode()
    assert (
        "Distinct persons, each counted once: 9. 1 link between mentions is uncertain; the count "
        "lies between 8 (every uncertain pair made one person) and 10 (every uncertain link cut)"
    ) in " ".join(html.split())
    analyst.language = "ru"
    analyst.save()
    text = client.get("/staff/stats", {"rows": "district", "measure": "persons"}).content.decode()
    assert "Различных людей, каждый учтён один раз: 9. 1 связь" in text
    assert "число лежит между 8" in text and "и 10 (если разорвать" in " ".join(text.split())


def test_one_name_in_two_units_may_be_one_man_transferred(linked_request: Any) -> None:
    """Round 9: two requests of one name from two units are two persons (the units keep them
    apart), but the count's lower end makes them one: a transfer is as plausible."""
    first = linked_request(name="Лапин Олег Игоревич", unit="в/ч 12345")
    second = linked_request(name="Лапин Олег Игоревич", unit="в/ч 67890")
    assert person_of(request=first) != person_of(request=second)
    counted = distinct_persons(["district"], None, measure="persons")
    assert (counted.total, counted.low, counted.high) == (2, 1, 2)


def test_a_doubt_sealed_beside_no_clear_mention_is_counted_while_unlocked(
    linked_request: Any, linked_document: Any, lawyer: Any
) -> None:
    """Round 11: a request's link to an order's name keeps its score and doubt sealed with its
    evidence (no other clear mention of the person stands beside it: red team, round 10,
    finding 6); the counts open it while unlocked. Its man asks again: cutting the doubtful
    link would make one more person."""
    linked_document(ORDER, lawyer)
    first = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    mention = Mention.objects.get(request=first)
    score, _ = mention.certainty()
    assert mention.score is None and score is not None
    mention.linked_set(mention.links(), score, True, clear=False)  # as a doubtful link seals
    mention.save()
    assert (mention.score, mention.uncertain, mention.certainty()) == (None, False, (score, True))
    again = linked_request(name="Синтетов Пётр Сергеевич", unit="в/ч 12345")
    assert person_of(request=again) == person_of(request=first)
    assert Mention.objects.get(request=again).score is not None  # beside a clear mention
    counted = distinct_persons(["district"], None, measure="persons")
    assert (counted.total, counted.uncertain, counted.low, counted.high) == (1, 1, 1, 2)

"""The controlled region list: every federal subject, matched as people write it."""

from __future__ import annotations

import pytest

from objector.intake.questionnaire import BY_KEY, AnswerError, parse_answer, shown
from objector.intake.regions import DISTRICT_BY_KEY, REGIONS, find_region


def test_every_region_has_a_known_district_and_unique_key() -> None:
    assert len(REGIONS) == 89
    assert len({r.key for r in REGIONS}) == 89
    assert all(r.district in DISTRICT_BY_KEY for r in REGIONS)


@pytest.mark.parametrize("region", REGIONS, ids=lambda r: r.key)
def test_every_region_is_found_by_its_own_names(region) -> None:
    assert find_region(region.ru) == region
    assert find_region(region.en) == region


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Москва", "moscow"),
        ("в Москве", "moscow"),
        ("Moscow", "moscow"),
        ("Московская обл.", "moscow_oblast"),
        ("moscow oblast", "moscow_oblast"),
        ("в Краснодарском крае", "krasnodar"),
        ("в Республике Башкортостан", "bashkortostan"),
        ("Ростов", "rostov"),
        ("спб", "saint_petersburg"),
        ("ХМАО", "khanty_mansi"),
        ("ДНР", "donetsk"),
        ("Екатеринбург", "sverdlovsk"),
        ("ЁЛКИ", None),
        ("Алтай", None),  # the republic or the krai: ask again
        ("Atlantis", None),
        ("", None),
    ],
)
def test_it_matches_regions_as_people_write_them(typed, key) -> None:
    found = find_region(typed)
    assert (found.key if found else None) == key


def test_the_question_stores_the_key_and_shows_the_name() -> None:
    q = BY_KEY["region"]
    value = parse_answer(q, "в Татарстане", {}, today=None)
    assert value == "tatarstan"
    assert shown(q, value, "ru") == "Республика Татарстан"
    assert shown(q, value, "en") == "Tatarstan"
    assert parse_answer(q, "  ", {}, today=None) == ""
    with pytest.raises(AnswerError) as refused:
        parse_answer(q, "Алтай", {}, today=None)
    assert "регион" in refused.value.text("ru") and "region" in refused.value.text("en")

"""The person page names every verdict the linker gives, in Russian too (round 6 of issue #16:
"begins alike" and "everyday form" were shown as the linker's English keys)."""

from __future__ import annotations

from datetime import date

from django.utils import translation
from django.utils.translation import gettext

from objector.linking import Mention
from objector.linking.link import _stats, compare, prepare
from objector.persons.views import VERDICTS


def test_the_everyday_form_verdicts_are_named_in_both_languages() -> None:
    records = prepare(
        [
            Mention("1", "Слава Зорхасанов"),
            Mention("2", "Зорхасанов Ярослав"),
            Mention("3", "Ермоша Зорхасанов"),
            Mention("4", "Зорхасанов Ермолай"),
        ]
    )
    st = _stats(records)
    verdicts = {
        compare(records[a], records[b], st).fields["first_name"] for a, b in ((0, 1), (2, 3))
    }
    assert verdicts == {"everyday form", "begins alike"}
    for v in verdicts:
        assert v in VERDICTS
        with translation.override("ru"):
            assert gettext(VERDICTS[v]) != VERDICTS[v]


def test_the_slip_in_an_everyday_form_verdict_is_named_in_both_languages() -> None:
    records = prepare([Mention("1", "свша зорхасанов"), Mention("2", "Зорхасанов Александр")])
    verdict = compare(records[0], records[1], _stats(records)).fields["first_name"]
    assert verdict == "slip in an everyday form"
    assert verdict in VERDICTS
    with translation.override("ru"):
        assert gettext(VERDICTS[verdict]) != VERDICTS[verdict]


def test_the_slip_in_a_form_no_list_holds_verdict_is_named_in_both_languages() -> None:
    records = prepare([Mention("1", "Зорхасанов гордпйка"), Mention("2", "Зорхасанов Гордей")])
    verdict = compare(records[0], records[1], _stats(records)).fields["first_name"]
    assert verdict == "begins alike, with a slip"
    assert verdict in VERDICTS
    with translation.override("ru"):
        assert gettext(VERDICTS[verdict]) != VERDICTS[verdict]


def test_the_two_letters_verdict_is_named_in_both_languages() -> None:
    """Round 8: two slips in one surname, one in each mention, beside the same birth date."""
    day = date(1991, 4, 17)
    records = prepare(
        [
            Mention("1", "Ледокрылов Тихомир Ярополкович", None, day),
            Mention("2", "Лндокрвлов Тихомир", None, day),
        ]
    )
    verdict = compare(records[0], records[1], _stats(records)).fields["surname"]
    assert verdict == "two letters"
    assert verdict in VERDICTS
    with translation.override("ru"):
        assert gettext(VERDICTS[verdict]) != VERDICTS[verdict]


def test_the_form_the_list_gives_another_name_verdict_is_named_in_both_languages() -> None:
    """Round 9: "Веня" is listed for Вениамин; Венедикт, which the list lacks, begins so too."""
    records = prepare([Mention("1", "Веня Зорхасанов"), Mention("2", "Зорхасанов Венедикт")])
    verdict = compare(records[0], records[1], _stats(records)).fields["first_name"]
    assert verdict == "begins alike, a form the list gives another name"
    assert verdict in VERDICTS
    with translation.override("ru"):
        assert gettext(VERDICTS[verdict]) != VERDICTS[verdict]


def test_every_partial_birth_date_verdict_is_named_in_both_languages() -> None:
    """Round 10: a birth date known to the month or the year only has verdicts of its own."""
    day = date(1991, 4, 3)
    pairs = [
        (day, None, None, (1991, 0)),  # same year
        (day, None, None, (1991, 4)),  # same month and year
        (date(1992, 4, 3), None, None, (1991, 4)),  # year off by one, same month
        (date(1992, 4, 3), None, None, (1991, 0)),  # year off by one, no month
        (day, None, None, (1991, 3)),  # month may be the day
    ]
    verdicts = set()
    for a_day, a_part, b_day, b_part in pairs:
        records = prepare(
            [
                Mention("1", "Ледокрылов Тихомир Ярополкович", None, a_day, "", a_part),
                Mention("2", "Ледокрылов Тихомир Ярополкович", None, b_day, "", b_part),
            ]
        )
        verdicts.add(compare(records[0], records[1], _stats(records)).fields["birth_date"])
    assert verdicts == {
        "same year",
        "same month and year",
        "year off by one, same month",
        "year off by one, no month",
        "month may be the day",
    }
    for v in verdicts:
        assert v in VERDICTS
        with translation.override("ru"):
            assert gettext(VERDICTS[v]) != VERDICTS[v]

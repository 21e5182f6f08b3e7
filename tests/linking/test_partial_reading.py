"""What a line says only in part (round 10): a birth date known to the year or the month and
year, and a surname with initials whose gender the line does not tell ("Андреева Н.С." is her
nominative or his genitive). Through the real command in a subprocess, and through `link`.
Every mention below is a synthetic person."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from objector.linking import fields
from objector.linking.link import Mention, link

from .test_real_input import CLEAN, NAMESAKE, command, jsonl, persons

# --- a birth date known to the year, or to the month and year ---------------------------------

# Written as people write a date they know only in part; each is CLEAN's (23.11.1985) or
# NAMESAKE's (02.04.1990).
HIS_YEAR = ["1985", "1985 г.р.", "1985 г.", "11.1985", "1985-11", "ноябрь 1985", "ноября 1985 г."]
NAMESAKES_YEAR = ["1990", "1990 г.р.", "04.1990", "апрель 1990", "1990-04"]


@pytest.mark.parametrize("written", HIS_YEAR + NAMESAKES_YEAR)
def test_a_year_or_a_month_and_year_tells_two_namesakes_apart(tmp_path: Path, written: str) -> None:
    # No unit, no patronymic: only the year (or month and year) says which of the two he is.
    thin = {"id": "m", "name": "Кравчук Александр", "birth_date": written, "source": "web"}
    code, rows, err = command(tmp_path, jsonl(CLEAN, NAMESAKE, thin))
    assert code == 0, err
    p = persons(rows)
    assert p["c"] != p["n"], rows
    assert p["m"] == (p["c"] if written in HIS_YEAR else p["n"]), rows
    assert "warning" not in err, err


def _his_name_born(written: str) -> dict[str, str]:
    """An order's line with his full name and unit, and a birth date as `written`."""
    return {
        "id": "m",
        "name": "Кравчук Александр Николаевич",
        "unit": "в/ч 30512",
        "birth_date": written,
        "source": "order",
    }


@pytest.mark.parametrize("written", ["1990", "1983", "04.1985", "1985-03"])
def test_a_year_two_apart_or_another_month_is_no_link(tmp_path: Path, written: str) -> None:
    # As a full date's: another year (beyond a year's slip) or another month of the same year
    # keeps the same name apart, however well the rest agrees.
    code, rows, err = command(tmp_path, jsonl(CLEAN, _his_name_born(written)))
    assert code == 0, err
    p = persons(rows)
    assert p["m"] != p["c"], rows


@pytest.mark.parametrize("written", ["1986", "1984", "11.1986"])
def test_a_year_off_by_one_is_against_but_does_not_forbid(tmp_path: Path, written: str) -> None:
    # An age counted before or after a birthday: the same unit and full name still link.
    code, rows, err = command(tmp_path, jsonl(CLEAN, _his_name_born(written)))
    assert code == 0, err
    p = persons(rows)
    assert p["m"] == p["c"], rows


def test_a_month_and_year_may_be_a_swapped_day() -> None:
    # 03.11.1985 with the day and month swapped is 11.03.1985: "03.1985" may be of it.
    his = Mention("c", "Кравчук Александр Николаевич", "30512", date(1985, 11, 3), "ruling")
    part = Mention("m", "Кравчук Александр Николаевич", "30512", None, "order", (1985, 3))
    assert len(set(link([his, part]).labels)) == 1


def test_a_year_alone_keeps_two_namesakes_apart_across_their_persons() -> None:
    # The year-only mention may join either namesake, never both: its year is a cannot-link
    # with the other's date, across the whole person.
    a = Mention("a", "Кравчук Александр Николаевич", "30512", date(1985, 11, 23), "ruling")
    b = Mention("b", "Кравчук Александр Николаевич", None, date(1990, 4, 2), "ruling")
    year = Mention("y", "Кравчук Александр", None, None, "web", (1985, 0))
    thin = Mention("t", "Кравчук А.Н.", "30512", None, "order")
    labels = link([a, b, year, thin]).labels
    assert labels[0] != labels[1]
    assert labels[2] == labels[0]


def test_partial_dates_are_read_and_impossible_ones_warned() -> None:
    today = date(2026, 12, 5)
    assert fields.birth("1985", today) == (None, (1985, 0), None)
    assert fields.birth({"year": 1985, "month": 11}, today) == (None, (1985, 11), None)
    assert fields.birth("мая 1990", today) == (None, (1990, 5), None)
    assert fields.birth("23.11.1985", today) == (date(1985, 11, 23), None, None)
    for impossible in ("2030", "13.1985", "1850"):
        day, part, warning = fields.birth(impossible, today)
        assert day is None and part is None and warning is not None


# --- a surname with initials that reads as hers or his alike ------------------------------------

HIM = {
    "id": "him",
    "name": "Андреев Николай Сергеевич",
    "unit": "в/ч 52144",
    "birth_date": "1994-07-12",
    "source": "ruling",
}
HER = {
    "id": "her",
    "name": "Андреева Наталья Сергеевна",
    "unit": None,
    "birth_date": "1996-01-30",
    "source": "web",
}
# As an order («уволить Андреева Н.С.») or a request («Андреева Н.С.», her nominative) writes it.
FORMS = ["Андреева Н.С.", "Андреева НС", "Н.С. Андреева", "АНДРЕЕВА Н. С."]


@pytest.mark.parametrize("her_first", [True, False])
@pytest.mark.parametrize("form", FORMS)
def test_a_request_reads_it_as_hers(tmp_path: Path, form: str, her_first: bool) -> None:
    # The brother and sister (one patronymic, one stem, one initial each) are both in sight, and
    # nothing in the line says whose it is but where it comes from: a request (web, Telegram)
    # names its subject in the nominative, so hers. An order's line leans neither way (its
    # lists write names in the nominative too): it joins one of them, never both. In whichever
    # order the lines come.
    order = {"id": "o", "name": form, "unit": None, "birth_date": None, "source": "order"}
    web = {"id": "w", "name": form, "unit": None, "birth_date": None, "source": "web"}
    tg = {"id": "t", "name": form, "unit": None, "birth_date": None, "source": "telegram"}
    anchors = (HER, HIM) if her_first else (HIM, HER)
    code, rows, err = command(tmp_path, jsonl(*anchors, order, web, tg))
    assert code == 0, err
    p = persons(rows)
    assert p["him"] != p["her"], rows
    assert p["w"] == p["her"] and p["t"] == p["her"], rows
    assert p["o"] in (p["him"], p["her"]), rows


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("source", ["order", "web", "telegram", "press", ""])
def test_it_links_to_either_when_only_one_is_in_sight(form: str, source: str) -> None:
    # The source leans, never forbids: with one of them alone in sight, the line is theirs.
    for anchor in (HIM, HER):
        clean = Mention(str(anchor["id"]), str(anchor["name"]), None, None, str(anchor["source"]))
        line = Mention("x", form, None, None, source)
        assert len(set(link([clean, line]).labels)) == 1, (anchor["id"], form, source)


def test_it_never_chains_him_and_her_together() -> None:
    # Lines of every source and form, none of which tells a gender: each joins one of them or
    # stays apart, and the two are never one person.
    him = Mention("him", "Андреев Николай Сергеевич", None, None, "ruling")
    her = Mention("her", "Андреева Наталья Сергеевна", None, None, "web")
    lines = [
        Mention(f"{i}", form, None, None, source)
        for i, (form, source) in enumerate(
            (f, s) for f in FORMS for s in ("order", "web", "ruling", "telegram", "")
        )
    ]
    for mentions in ([him, her, *lines], [*lines, her, him], [her, *lines, him]):
        labels = dict(zip((m.id for m in mentions), link(mentions).labels, strict=True))
        assert labels["him"] != labels["her"]


@pytest.mark.parametrize("form", ["Вишневская Н.С.", "Н.С. Вишневская", "ВИШНЕВСКАЯ Н. С."])
@pytest.mark.parametrize("source", ["order", "web"])
def test_an_adjectives_ending_in_aya_is_hers_as_written(form: str, source: str) -> None:
    # His cases are «Вишневского», «Вишневскому», …: «Вишневская» is her nominative and nothing
    # else, so the line is never his, whatever its source.
    him = Mention("him", "Вишневский Николай Сергеевич", None, None, "ruling")
    her = Mention("her", "Вишневская Наталья Сергеевна", None, None, "web")
    line = Mention("x", form, None, None, source)
    assert len(set(link([him, line]).labels)) == 2
    assert len(set(link([her, line]).labels)) == 1


def test_a_weaker_pair_does_not_place_a_line_before_its_best() -> None:
    # The real-style set's brother and sister (P61, P62): the order's «Горбунова Т.А.» fits him
    # and her alike, and her message's «Горбунова Таисия» only two bits above the decision; the
    # requests' «Горбунова Т.А.» are hers. Each is placed by its best pairs first.
    him = Mention("him", "Горбунов Тимофей Аркадьевич", "в/ч 61428", date(1993, 5, 17), "ruling")
    her = Mention("her", "Горбунова Таисия Аркадьевна", "в/ч 40317", date(1997, 9, 2), "web")
    lines = [
        him,
        Mention("o", "Горбунова Т.А.", None, None, "order"),
        Mention("o2", "Т.А. Горбунова", "в/ч 61428", None, "order"),
        Mention("m1", "Горбунов Тимофей", "61428", None, "web", (1993, 5)),
        Mention("m2", "Горбунов Тимофей Аркадьевич", None, None, "telegram", (1993, 0)),
        her,
        Mention("w", "Горбунова Т.А.", None, None, "web"),
        Mention("t", "ГОРБУНОВА Т. А.", None, None, "telegram"),
        Mention("m3", "Горбунова Таисия", None, None, "telegram", (1997, 9)),
    ]
    labels = dict(zip((m.id for m in lines), link(lines).labels, strict=True))
    assert {labels[k] for k in ("him", "o", "o2", "m1", "m2")} == {labels["him"]}
    assert {labels[k] for k in ("her", "w", "t", "m3")} == {labels["her"]}
    assert labels["him"] != labels["her"]

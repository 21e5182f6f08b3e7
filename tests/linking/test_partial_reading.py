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


@pytest.mark.parametrize("written", ["1990", "1983", "04.1985", "1985-03"])
def test_a_year_two_apart_or_another_month_is_no_link(tmp_path: Path, written: str) -> None:
    # As a full date's: another year (beyond a year's slip) or another month of the same year
    # keeps the same name apart, however well the rest agrees.
    other = {
        "id": "m",
        "name": "Кравчук Александр Николаевич",
        "unit": "в/ч 30512",
        "birth_date": written,
        "source": "order",
    }
    code, rows, err = command(tmp_path, jsonl(CLEAN, other))
    assert code == 0, err
    p = persons(rows)
    assert p["m"] != p["c"], rows


@pytest.mark.parametrize("written", ["1986", "1984", "11.1986"])
def test_a_year_off_by_one_is_against_but_does_not_forbid(tmp_path: Path, written: str) -> None:
    # An age counted before or after a birthday: the same unit and full name still link.
    other = {
        "id": "m",
        "name": "Кравчук Александр Николаевич",
        "unit": "в/ч 30512",
        "birth_date": written,
        "source": "order",
    }
    code, rows, err = command(tmp_path, jsonl(CLEAN, other))
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

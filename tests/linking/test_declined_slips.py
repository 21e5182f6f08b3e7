"""Round 12 of issue #16: slips that a declined or short surname makes two letters or no block,
and a woman's adjective surname read as her first name. Each pair is one man or woman in the
linker's eyes as one mention of a slip should be; synthetic names."""

from __future__ import annotations

import pytest

from objector.linking import Mention, link, translit
from objector.linking.normalise import read


def linked(a: str, b: str, unit_a: str | None = None, unit_b: str | None = None) -> bool:
    result = link([Mention("a", a, unit_a, None), Mention("b", b, unit_b, None)])
    return result.labels[0] == result.labels[1]


@pytest.mark.parametrize(
    ("slipped", "right"),
    [
        # «Рогожого» for «Рогозого» (з and ж): read back as Рогожий (-ий after ж) beside
        # Рогозый, two letters apart though one was slipped.
        ("Рогожого Нестора Серафимовича", "Рогозой Нестор Серафимович"),
        ("Рогожого Нестора Серафимовича", "рогозой нестор"),
        ("рядового Брусчакого Потапа Никоновича", "Брусчаной Потап Никонович"),
    ],
)
def test_a_slip_before_an_adjective_ending_is_one_letter(slipped: str, right: str) -> None:
    assert linked(slipped, right)


def test_an_adjective_ending_is_still_a_letter_where_the_stem_differs_too() -> None:
    # Рогожий and Розовый: not one slip apart for the ending's sake.
    assert not linked("Рогожого Нестора Серафимовича", "Розовой Нестор Серафимович")


@pytest.mark.parametrize(
    ("a", "b", "unit"),
    [
        # A surname whose key is three letters («Заяц» is "зац"): its slip was in no block.
        ("Заяц Потап", "змяц потап", "17919"),
        ("Лося Я.С.", "Лрсю Яромиру Севериновичу", "89190"),
    ],
)
def test_a_slip_in_a_short_keyed_surname_is_found(a: str, b: str, unit: str) -> None:
    assert linked(a, b, unit, unit)


def test_a_short_surname_with_another_letter_in_another_unit_stays_apart() -> None:
    # One letter apart but nothing else agreeing beyond the first name: still two men.
    assert not linked("Заяц Потап", "Змяц Потап", "17919", "20058")


@pytest.mark.parametrize(
    ("text", "surname", "first"),
    [
        ("Севиль Патиссоная", "патиссоная", "севиль"),
        ("СЕВИЛЬ ПАТИССОНАЯ", "патиссоная", "севиль"),
        ("Айтен Смородиная", "смородиная", "айтен"),
        ("Рая Смородиная", "смородиная", "раиса"),  # a name the dictionary knows: as before
    ],
)
def test_her_adjective_surname_is_read_as_the_surname(text: str, surname: str, first: str) -> None:
    # Neither word a first name the dictionary knows: the shape tells, as his «-ый» does.
    name = read(text)
    assert (name.surname, name.first) == (surname, first)


def test_her_adjective_surname_links_in_either_order() -> None:
    assert linked("Севиль Патиссоная", "Патиссоная Севиль")


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Serafim Sosentshvili", "Сосентшвили Серафим Яромирович"),
        ("SOSENTSHVILI SERAFIM", "Сосентшвили Серафим"),
    ],
)
def test_tsh_in_latin_reads_as_t_and_sh(latin: str, cyrillic: str) -> None:
    # Every scheme writes тш as "tsh" and цх as "tskh" (or "cx"): "ts" and a lone "h" was the
    # reading before, Сосенцхвили, a surname no Cyrillic mention of him has.
    surname = next(w for w in latin.split() if w.lower() != "serafim")
    assert translit.to_cyrillic(surname) == "сосентшвили"
    assert linked(latin, cyrillic)

"""Names and ranks from the nominative, checked against the synthetic generator's declensions,
which are written out by hand apart from the project's rules."""

from __future__ import annotations

import pytest

from objector.extraction import names, synthetic
from objector.filings import inflect

CASE_INDEX = {"gent": synthetic.GEN, "datv": synthetic.DAT, "ablt": synthetic.INS}
# Every pool the generator has: the training names and both held-out ones.
POOLS = [synthetic.Pool.load(name) for name in synthetic.POOLS]


def fold(text: str) -> str:
    return text.replace("ё", "е")


@pytest.mark.parametrize("case", inflect.CASES)
def test_it_declines_every_synthetic_name_as_the_generator_does(case: str) -> None:
    wrong = []
    checked = 0
    stems = [
        (pool, cls, stem) for pool in POOLS for cls, ss in pool.surnames.items() for stem in ss
    ]
    for pool, cls, stem in stems:
        for female in (False, True):
            firsts = pool.female_first if female else pool.male_first
            surname = synthetic.female_nominative(stem, cls) if female else stem
            for first in firsts:
                for fathers in pool.fathers[:4]:
                    father = fathers[1 if female else 0]
                    gender = inflect.gender_of(father, first)
                    assert gender == ("femn" if female else "masc")
                    got, _ = inflect.full_name(surname, first, father, gender, case)
                    i = CASE_INDEX[case]
                    want = " ".join(
                        (
                            synthetic.decline_surname(stem, cls, female, i),
                            synthetic.decline_first(firsts[first], first, i),
                            synthetic.decline_patronymic(father, female, i),
                        )
                    )
                    checked += 1
                    if fold(got) != fold(want):
                        wrong.append((got, want))
    assert checked > 1000
    assert wrong == []


def test_it_reads_its_own_forms_back_to_the_nominative_with_the_extraction_rules() -> None:
    for surname in ("Хабибуллин", "Достоевский", "Толстой", "Петросян", "Римский-Корсаков"):
        for case in inflect.CASES:
            form, check = inflect.surname(surname, "masc", case)
            assert names.surname(form, names.Grammar("masc", (case,))) == surname
            assert check is False


def test_it_marks_for_a_check_what_a_rule_guessed() -> None:
    _, forms = inflect.full_name("Соловей", "Игорь", "Игоревич", "masc", "gent")
    assert [f.form for f in forms if f.check] == ["Соловея"]
    _, forms = inflect.full_name("Гусейнов", "Эльчин", "Рашид оглы", "masc", "datv")
    assert [f.nominative for f in forms if f.check] == ["Рашид оглы"]


def test_it_leaves_indeclinable_surnames_and_names_as_they_are() -> None:
    assert inflect.full_name("Черных", "Ольга", "Ивановна", "femn", "datv")[0] == (
        "Черных Ольге Ивановне"
    )
    assert inflect.full_name("Бойко", "Айгуль", "Маратовна", "femn", "gent")[0] == (
        "Бойко Айгуль Маратовны"
    )
    assert inflect.full_name("Кикнадзе", "Зорикто", None, "masc", "ablt")[0] == "Кикнадзе Зорикто"


@pytest.mark.parametrize(("nominative", "gent", "datv", "written"), synthetic.RANKS)
def test_it_declines_every_rank(nominative: str, gent: str, datv: str, written: str | None) -> None:
    assert inflect.rank(nominative, "gent") == (gent, False)
    assert inflect.rank(nominative, "datv") == (datv, False)
    if written:  # an abbreviation is read to its full form first
        assert inflect.rank(written, "gent")[0] == gent


def test_it_refuses_a_rank_it_does_not_know() -> None:
    assert inflect.normalise_rank("генералиссимус всея") is None
    assert inflect.initials("Хабибуллин", "Айдар", "Рустамович") == "А.Р. Хабибуллин"


# Held out: names outside the generator's pools, with their forms written out by hand from the
# grammar, never used to tune the rules.
HELD_OUT = [
    # surname, first, patronymic, genitive, dative, instrumental
    ("Шевчук", "Тарас", "Богданович", "Шевчука Тараса Богдановича", "Шевчуку Тарасу Богдановичу",
     "Шевчуком Тарасом Богдановичем"),
    ("Гарифуллина", "Ляйсан", "Ринатовна", "Гарифуллиной Ляйсан Ринатовны",
     "Гарифуллиной Ляйсан Ринатовне", "Гарифуллиной Ляйсан Ринатовной"),
    ("Жамсуев", "Баир", "Цыренович", "Жамсуева Баира Цыреновича", "Жамсуеву Баиру Цыреновичу",
     "Жамсуевым Баиром Цыреновичем"),
    ("Оганесян", "Карен", "Ашотович", "Оганесяна Карена Ашотовича",
     "Оганесяну Карену Ашотовичу", "Оганесяном Кареном Ашотовичем"),
    ("Оганесян", "Анаит", "Ашотовна", "Оганесян Анаит Ашотовны", "Оганесян Анаит Ашотовне",
     "Оганесян Анаит Ашотовной"),
    ("Вишневецкий", "Григорий", "Павлович", "Вишневецкого Григория Павловича",
     "Вишневецкому Григорию Павловичу", "Вишневецким Григорием Павловичем"),
    ("Лановой", "Василий", "Семёнович", "Ланового Василия Семёновича",
     "Лановому Василию Семёновичу", "Лановым Василием Семёновичем"),
    ("Долгих", "Марина", "Олеговна", "Долгих Марины Олеговны", "Долгих Марине Олеговне",
     "Долгих Мариной Олеговной"),
    ("Кравченко", "Любовь", "Николаевна", "Кравченко Любови Николаевны",
     "Кравченко Любови Николаевне", "Кравченко Любовью Николаевной"),
    ("Исмаилов", "Руслан", "Магомедович", "Исмаилова Руслана Магомедовича",
     "Исмаилову Руслану Магомедовичу", "Исмаиловым Русланом Магомедовичем"),
]  # fmt: skip


@pytest.mark.parametrize("row", HELD_OUT, ids=lambda r: r[0])
def test_it_declines_held_out_names(row: tuple[str, ...]) -> None:
    surname, first, patronymic, *want = row
    gender = inflect.gender_of(patronymic, first)
    assert gender is not None
    got = [inflect.full_name(surname, first, patronymic, gender, c)[0] for c in inflect.CASES]
    assert [fold(g) for g in got] == [fold(w) for w in want]

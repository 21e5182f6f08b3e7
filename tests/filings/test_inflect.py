"""Names and ranks from the nominative, checked against the synthetic generator's declensions,
which are written out by hand apart from the project's rules."""

from __future__ import annotations

import pytest

from objector.extraction import names, synthetic
from objector.filings import inflect

CASE_INDEX = {"gent": synthetic.GEN, "datv": synthetic.DAT, "ablt": synthetic.INS}


def fold(text: str) -> str:
    return text.replace("ё", "е")


@pytest.mark.parametrize("case", inflect.CASES)
def test_it_declines_every_synthetic_name_as_the_generator_does(case: str) -> None:
    wrong = []
    checked = 0
    for cls, stems in synthetic.SURNAMES.items():
        for stem in stems:
            for female in (False, True):
                firsts = synthetic.FEMALE_FIRST if female else synthetic.MALE_FIRST
                surname = synthetic.female_nominative(stem, cls) if female else stem
                for first in firsts:
                    for fathers in synthetic.FATHERS[:4]:
                        father = fathers[1 if female else 0]
                        gender = inflect.gender_of(father, first)
                        assert gender == ("femn" if female else "masc")
                        got, _ = inflect.full_name(surname, first, father, gender, case)
                        i = CASE_INDEX[case]
                        want = " ".join(
                            (
                                synthetic.decline_surname(stem, cls, female, i),
                                synthetic.decline_first(first, female, i),
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

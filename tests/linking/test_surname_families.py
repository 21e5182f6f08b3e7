"""Round 9 of issue #16: surnames beyond the eight suffix families the bench wrote before
(Заяц, Петрович, Толстой, Сковорода, Данелия, Мамедов … оглы), each read to one person through
`link` in the cases orders and rulings write them. Synthetic names where a real one is not the
point."""

from __future__ import annotations

import pytest

from objector.linking import Mention, link


def one_person(*names: str, unit: str = "41676") -> bool:
    """One person, and the surnames read as one (not as one letter apart: in a crowd of
    namesakes a slip is no evidence)."""
    mentions = [Mention(f"m{i}", n, unit, None) for i, n in enumerate(names)]
    result = link(mentions)
    fields = [e.fields["surname"] for e in result.links]
    alike = ("same", "transliteration")
    return (
        len(set(result.labels)) == 1 and len(fields) == len(names) - 1 and set(fields) <= {*alike}
    )


@pytest.mark.parametrize(
    "names",
    [
        # A surname in -ич: his declines, hers does not; neither is the patronymic.
        ("Лопухович Нестор Трофимович", "рядового Лопуховича Н.Т.", "Лопухович Нестор"),
        ("Нестор Лопухович", "Лопуховичу Нестору Трофимовичу"),
        ("Лопухович Лада Трофимовна", "Лопухович Ладе Трофимовне", "Лопухович Лада"),
        ("LOPUKHOVICH NESTOR", "Лопухович Нестор Трофимович"),
    ],
)
def test_a_surname_in_ich_is_not_read_as_the_patronymic(names: tuple[str, ...]) -> None:
    assert one_person(*names)


@pytest.mark.parametrize(
    "names",
    [
        ("Пихтский Любомир Эльчин оглы", "ефрейтора Пихтского Любомира Эльчин оглы"),
        ("Кузнец Эрнест Рашид оглы", "Кузнеца Эрнеста Рашид оглы", "Кузнецу Э.Р."),
        ("Кочерга Лейла Рашид кызы", "Кочерги Лейлы Рашид кызы"),
        ("Эльчин Рашид оглы Кочерга", "Кочерги Эльчина Рашид оглы"),
        ("Муха Эльчин Фуад оглы", "Муху Эльчина Фуад оглы"),
    ],
)
def test_a_name_with_ogly_or_kyzy_is_brought_to_the_nominative(names: tuple[str, ...]) -> None:
    assert one_person(*names)


@pytest.mark.parametrize(
    "names",
    [
        ("Кочерга Нестор Самсонович", "сержанту Н.С. Кочерге", "Кочерги Нестора Самсоновича"),
        ("Сковорода Лада Рауфовна", "Сковороды Лады Рауфовны", "Сковородой Ладой Рауфовной"),
        ("Муха Серафим Трофимович", "рядового Муху С.Т.", "Мухой Серафимом Трофимовичем"),
        ("Зозуля Потап Никонович", "Зозули П.Н."),
    ],
)
def test_a_surname_in_a_declines_for_him_and_her(names: tuple[str, ...]) -> None:
    assert one_person(*names)


@pytest.mark.parametrize(
    "names",
    [
        ("Данелия Тофик Намикович", "старшего лейтенанта Данелии Т.Н."),
        ("Гамсахурдия Лада Эминовна", "Гамсахурдией Ладой Эминовной"),
    ],
)
def test_a_surname_in_iya_declines(names: tuple[str, ...]) -> None:
    assert one_person(*names)


@pytest.mark.parametrize(
    "names",
    [
        # The genitive hides the stress: Багулого is of Багулой or of Багулый.
        ("Багулой Лука Потапович", "Багулого Л.П."),
        ("Багулой Лука Потапович", "BAGULOI LUKA", "Багулого Луки Потаповича"),
        ("Донской Самсон Юлианович", "Донского С.Ю."),
    ],
)
def test_a_surname_in_oi_is_one_with_its_genitive(names: tuple[str, ...]) -> None:
    assert one_person(*names)


@pytest.mark.parametrize(
    "names",
    [
        # A vowel the oblique cases drop: before -к after -р it may be there or not.
        ("Лаврок Трофим Серафимович", "Лаврка Т.С."),
        ("Журавель Трофим Тарасович", "Т.Т. Журавля"),
    ],
)
def test_a_fleeting_vowel_is_put_back(names: tuple[str, ...]) -> None:
    assert one_person(*names)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # Two words, no patronymic: which is the surname, when neither is a name we know or
        # both are? The one the dictionary knows as a surname (Данелия, Ким, Ляшко), one of a
        # surname's endings (Соснадзе, Клёнок), or a noun beside an everyday form (Нестя Лось).
        ("Северин Данелия", "Данелия Северин Намикович"),
        ("Эрик Ким", "Ким Эрик Намикович"),
        ("Севиль Ляшко", "Ляшко Севиль Намиковна"),
        ("Северин Соснадзе", "Соснадзе Северин Намикович"),
        ("Северин Клёнок", "Клёнок Северин Намикович"),
        ("нестя лось", "Лося Н.П."),
    ],
)
def test_the_surname_of_two_words_is_told_by_what_it_is(one: str, other: str) -> None:
    assert one_person(one, other)


@pytest.mark.parametrize(
    "names",
    [
        # Both parts decline; Latin spellings keep the hyphen or drop it.
        ("Петров-Водкин Кузьма Сергеевич", "Petrov-Vodkin Kuzma", "Петрова-Водкина К.С."),
        ("Римский-Корсаков Нестор Эминович", "RIMSKII-KORSAKOV NESTOR", "Nestor Rimsky-Korsakov"),
    ],
)
def test_a_double_barrelled_surname_is_one_in_every_script(names: tuple[str, ...]) -> None:
    assert one_person(*names)

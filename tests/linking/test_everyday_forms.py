"""Round 8 of issue #16: everyday forms built on a listed form or a name with the suffixes
Russian stacks on it (Ванюшка, Шурочка, Сашулька, Гошенька; Фаридик, Лейлочка), in every case,
are read by rule back to the full name (`objector.linking.normalise._derived`), not listed one
by one. Synthetic surnames."""

from __future__ import annotations

from datetime import date

import pytest

from objector.linking import Mention, link
from objector.linking.normalise import read


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # Forms whose stem changes from the full name, with suffixes on them, in each case
        ("Ванюшка Зорхасанов", "иван"),
        ("Ванюшкой Зорхасановым", "иван"),
        ("Ванюшечка Зорхасанов", "иван"),
        ("Ванятка Зорхасанов", "иван"),
        ("Ванечке Зорхасанову", "иван"),
        ("Сашулька Зорхасанов", "александр"),
        ("Сашком Зорхасановым", "александр"),
        ("Санечка Зорхасанов", "александр"),
        ("Санькой Зорхасановым", "александр"),
        ("Шурочкой Зорхасановым", "александр"),
        ("Шурику Зорхасанову", "александр"),
        ("Жеке Зорхасанову", "евгений"),
        ("Жекой Зорхасановым", "евгений"),
        ("Павлушей Зорхасановым", "павел"),
        ("Андрейку Зорхасанова", "андрей"),
        ("Иванушка Зорхасанов", "иван"),
    ],
)
def test_a_derived_form_of_a_listed_form_reads_as_the_full_name(text: str, first: str) -> None:
    name = read(text)
    assert (name.first, name.gender, name.surname) == (first, "m", "зорхасанов")


@pytest.mark.parametrize(
    ("text", "first", "gender"),
    [
        # A form of his name and hers with a suffix: the surname's ending tells whose.
        ("Шурочка Зорхасанов", "александр", "m"),
        ("Шурочка Зорхасанова", "александра", "f"),
        ("Валечке Зорхасановой", "валентина", "f"),
        ("Женечка Зорхасанов", "евгений", "m"),
    ],
)
def test_a_derived_form_of_his_name_and_hers_takes_the_surnames_gender(
    text: str, first: str, gender: str
) -> None:
    name = read(text)
    assert (name.first, name.gender) == (first, gender)


@pytest.mark.parametrize(
    ("text", "form", "options"),
    [
        ("Гошенька Зорхасанов", "гоша", ("георгий", "егор", "игорь")),
        ("Гошкой Зорхасановым", "гоша", ("георгий", "егор", "игорь")),
        ("Асечка Зорхасанова", "ася", ("анастасия", "асият")),
        ("Лелечке Зорхасановой", "леля", ("елена", "ольга")),
    ],
)
def test_a_derived_form_of_a_form_of_several_names_is_that_form(
    text: str, form: str, options: tuple[str, ...]
) -> None:
    name = read(text)
    assert (name.first, name.first_options) == (form, options)


@pytest.mark.parametrize(
    ("text", "first", "gender", "surname"),
    [
        # A name the dictionary knows, not the list, with a suffix: men's and women's, in the
        # oblique cases too
        ("Фаридика Зорхасанова", "фарид", "m", "зорхасанов"),
        ("Фаридиком Зорхасановым", "фарид", "m", "зорхасанов"),
        ("Эрикчику Зорхасанову", "эрик", "m", "зорхасанов"),
        ("Рамилькой Зорхасановым", "рамиль", "m", "зорхасанов"),
        ("Айдарчиком Зорхасановым", "айдар", "m", "зорхасанов"),
        ("Эльзочка Зорхасанова", "эльза", "f", "зорхасанова"),
        ("Эльзочке Зорхасановой", "эльза", "f", "зорхасанова"),
        ("Эльзочкой Зорхасановой", "эльза", "f", "зорхасанова"),
        ("Лейлочку Зорхасанову", "лейла", "f", "зорхасанова"),
        ("Гузельке Зорхасановой", "гузель", "f", "зорхасанова"),
        ("Наилечкой Зорхасановой", "наиля", "f", "зорхасанова"),
        ("Алсушкой Зорхасановой", "алсу", "f", "зорхасанова"),
    ],
)
def test_a_name_with_a_suffix_reads_as_the_name_in_any_case(
    text: str, first: str, gender: str, surname: str
) -> None:
    name = read(text)
    assert (name.first, name.gender, name.surname) == (first, gender, surname)


@pytest.mark.parametrize(
    ("word", "not_"),
    [
        ("Ахмедула", "ахмед"),  # -улла: a name of its own
        ("Алибек", "алиб"),  # -бек: a name of its own
        ("Ириней", "ирина"),  # a man's name, no case of Ирина
        ("Марика", "мария"),  # -ка follows a consonant
        ("Вита", "витя"),  # no case of Витя
    ],
)
def test_a_name_of_its_own_is_not_read_as_a_form_of_another(word: str, not_: str) -> None:
    assert read(f"{word} Зорхасанов").first != not_


def _same(a: str, b: str) -> bool:
    born = date(1991, 3, 14)
    crowd = [
        Mention("c1", "Хасаных Павел Сергеевич", "11111", date(1990, 1, 1)),
        Mention("c2", "Хасаных Мария Петровна", None, date(1985, 5, 5)),
    ]
    labels = link([Mention("a", a, None, born), Mention("b", b, None, born), *crowd]).labels
    return labels[0] == labels[1]


@pytest.mark.parametrize(
    ("everyday", "full"),
    [
        ("Ванюшка Хасаных", "Хасаных Иван Петрович"),
        ("Ванюшечка Хасаных", "Хасаных Иван Петрович"),
        ("Сашулька Хасаных", "Хасаных Александр Петрович"),
        ("Санечка Хасаных", "Хасаных Александр Петрович"),
        ("Жекой Хасаных", "Хасаных Евгений Петрович"),
        ("Гошенька Хасаных", "Хасаных Георгий Петрович"),
        ("Асечка Хасаных", "Хасаных Анастасия Петровна"),
        ("Лелечка Хасаных", "Хасаных Ольга Петровна"),
        ("Рамилькой Хасаных", "Хасаных Рамиль Ильдарович"),
        ("Айдарчиком Хасаных", "Хасаных Айдар Ильдарович"),
    ],
)
def test_a_derived_form_links_to_the_full_name(everyday: str, full: str) -> None:
    assert _same(everyday, full)


@pytest.mark.parametrize(
    ("everyday", "other"),
    [
        ("Ванюшка Хасаных", "Хасаных Игорь Петрович"),
        ("Шурик Хасаных", "Хасаных Александра Петровна"),
        ("Фаридик Хасаных", "Хасаных Фарида Ильдаровна"),  # -ик: his, not hers
        ("Лейлочка Хасаных", "Хасаных Лилия Ильдаровна"),
        ("Эльзочке Хасаных", "Хасаных Эльвира Ильдаровна"),
    ],
)
def test_a_derived_form_does_not_link_to_another_name(everyday: str, other: str) -> None:
    assert not _same(everyday, other)

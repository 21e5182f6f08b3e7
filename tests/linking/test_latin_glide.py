"""Round 10: the transliteration key merges an initial ю, я with у, а (Юлиан's key is Ульян's,
Яна's is Анна's); every Latin spelling keeps them apart (Yu, Iu, Ju; Ya, Ia against U, A), so a
Latin name is read as spelt before another name's merged key. Synthetic surnames."""

from __future__ import annotations

from datetime import date

import pytest

from objector.linking import Mention, link
from objector.linking.normalise import read
from objector.linking.translit import key


@pytest.mark.parametrize(
    ("latin", "first"),
    [
        ("Yulian Kamarashin", "юлиан"),
        ("IULIAN KAMARASHIN", "юлиан"),
        ("Yuliya Kamarashina", "юлия"),
        ("Yulia Kamarashina", "юлия"),
        ("Ulyan Kamarashin", "ульян"),
        ("Yana Kamarashina", "яна"),
        ("Anna Kamarashina", "анна"),
    ],
)
def test_a_latin_name_is_read_as_spelt_before_a_name_sharing_its_key(
    latin: str, first: str
) -> None:
    name = read(latin).first
    # The dictionary may spell it Юлиян: one name with Юлиан, not Ульян.
    assert name is not None and name[0] == first[0] and key(name) == key(first)


def linked(*texts: str) -> list[int]:
    crowd = [
        Mention("c1", "Петров Иван Сергеевич", "11111", date(1990, 1, 1)),
        Mention("c2", "Сидорова Мария Петровна", None, date(1985, 5, 5)),
    ]
    mentions = [Mention(f"m{i}", t, None, None) for i, t in enumerate(texts)]
    return link([*mentions, *crowd]).labels[: len(texts)]


def test_ulyan_links_with_his_everyday_forms_and_yulian_stays_apart() -> None:
    a, b, c, d = linked("Ульян Камарашин", "Уля Камарашин", "Ulyan Kamarashin", "Yulian Kamarashin")
    assert a == b == c
    assert d != a


def test_yuliya_in_latin_links_with_yulia_not_with_ulya() -> None:
    a, b, c = linked("Юлия Камарашина", "Yuliya Kamarashina", "Ульяна Камарашина")
    assert a == b
    assert c != a

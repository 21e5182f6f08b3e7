"""Birth dates read beside the names of orders and rulings (plain Python): each attached to
its own person in lists of a hundred and more names, and the other dates of a document (the
order's own, an absence's, a law's) never read as one."""

from __future__ import annotations

import random

import pytest

from objector.extraction import extract_text

STEMS = [
    "Синтет",
    "Выдум",
    "Придум",
    "Тест",
    "Образц",
    "Пробн",
    "Макет",
    "Шаблон",
    "Черновик",
    "Набросак",
    "Эскиз",
    "Чертеж",
    "Модел",
    "Пример",
    "Опыт",
    "Проб",
    "Замысл",
    "Вымысл",
    "Сочин",
    "Измышл",
    "Фантаз",
    "Небыл",
    "Загадк",
    "Задум",
    "Зарисовк",
    "Очерк",
    "Прообраз",
    "Подобн",
    "Схож",
    "Сходн",
    "Двойник",
    "Копир",
    "Дублик",
    "Отпечатк",
    "Слепк",
    "Оттиск",
    "Снимк",
    "Образ",
    "Узор",
]
SURNAMES = [f"{stem}{end}" for stem in STEMS for end in ("ов", "ин", "ев")]  # 120
FIRST = ("Ивана", "Петра", "Олега", "Максима", "Антона", "Романа", "Дениса", "Руслана")
MIDDLE = ("Ивановича", "Петровича", "Олеговича", "Сергеевича", "Андреевича", "Павловича")
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
          "сентября", "октября", "ноября", "декабря")  # fmt: skip


def _nominative(genitive: str) -> str:
    return genitive[:-1]  # Синтетова -> Синтетов, Ивана -> Иван, Ивановича -> Иванович


def _born(rng: random.Random) -> tuple[str, str | None]:
    """One way an order writes a birth date, and what is read from it."""
    y, m, d = rng.randint(1965, 2006), rng.randint(1, 12), rng.randint(1, 28)
    way = rng.randrange(8)
    if way == 0:
        return f", {d:02d}.{m:02d}.{y} г.р.", f"{y}-{m:02d}-{d:02d}"
    if way == 1:
        return f", {y} года рождения", f"{y}"
    if way == 2:
        return f", родившегося {d} {MONTHS[m - 1]} {y} года", f"{y}-{m:02d}-{d:02d}"
    if way == 3:
        return f" ({y} г.р.)", f"{y}"
    if way == 4:
        return f", дата рождения: {d:02d}.{m:02d}.{y}", f"{y}-{m:02d}-{d:02d}"
    if way == 5:
        return f", {m:02d}.{y} г.р.", f"{y}-{m:02d}"
    return "", None  # most entries give none


def _distractor(rng: random.Random) -> str:
    """What else a list's entry says, with dates that are no birth dates."""
    return rng.choice(
        (
            "",
            f", личный номер АБ-{rng.randint(100000, 999999)}",
            f", самовольно оставившего воинскую часть {rng.randint(1, 28):02d}.0"
            f"{rng.randint(1, 9)}.2024",
            f", отсутствующего на службе с {rng.randint(1, 28)} марта 2025 г.",
            f", в/ч {rng.randint(10000, 99999)}, с 01.02.2025 г.",
        )
    )


def _order(seed: int) -> tuple[str, dict[str, str | None]]:
    rng = random.Random(seed)  # noqa: S311 -- test data, not a secret
    surnames = SURNAMES[:]
    rng.shuffle(surnames)
    lines = [
        "ПРИКАЗ",
        "командира войсковой части 12345",
        "от 15.01.2025 г.                                  № 45",
        "В соответствии со ст. 51 Федерального закона от 28.03.1998 № 53-ФЗ",
        "ПРИКАЗЫВАЮ:",
        "1. Исключить из списков личного состава части:",
    ]
    expected: dict[str, str | None] = {}
    for i, surname in enumerate(surnames):
        first, middle = rng.choice(FIRST), rng.choice(MIDDLE)
        name = f"{surname}а {first} {middle}"
        born, value = _born(rng)
        # The birth date before or after what else the entry says, as orders write either.
        rest = _distractor(rng)
        entry = (
            f"рядового {name}{born}{rest}" if rng.random() < 0.5 else f"рядового {name}{rest}{born}"
        )
        lines.append(f"{entry}{';' if i + 1 < len(surnames) else '.'}")
        expected[" ".join(map(_nominative, (f"{surname}а", first, middle)))] = value
    lines += ["", "Командир войсковой части 12345", "полковник            С.В. Кузнецов"]
    return "\n".join(lines) + "\n", expected


def _read(text: str) -> dict[str, str | None]:
    persons = extract_text(text).persons
    return {" ".join(filter(None, (p.last, p.first, p.middle))): p.birth_date for p in persons}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_birth_date_goes_to_its_own_name_in_a_list_of_120(seed: int) -> None:
    text, expected = _order(seed)
    read = _read(text)
    assert sum(v is not None for v in expected.values()) > 30  # the list has many to attach
    named = {k: v for k, v in read.items() if not k.startswith("Кузнецов")}
    assert named == expected


def test_it_reads_each_way_an_order_or_ruling_writes_a_birth_date() -> None:
    text = (
        "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n1. Исключить:\n"
        "рядового Синтетова Петра Сергеевича, 12.03.1999 г.р., личный номер АБ-123456;\n"
        "ефрейтора Выдуманного Илью Андреевича, 1998 года рождения;\n"
        "рядового Придуманного Олега Ивановича, родившегося 5 июня 2001 года, в/ч 54321;\n"
        "рядового Тестова Максима Олеговича (2000 г.р.);\n"
        "рядового Образцова Игоря Павловича, 1997г.р.;\n"
        "рядового Макетова Романа Денисовича, 1996 г. рождения.\n"
    )
    assert _read(text) == {
        "Синтетов Петр Сергеевич": "1999-03-12",
        "Выдуманный Илья Андреевич": "1998",
        "Придуманный Олег Иванович": "2001-06-05",
        "Тестов Максим Олегович": "2000",
        "Образцов Игорь Павлович": "1997",
        "Макетов Роман Денисович": "1996",
    }


@pytest.mark.parametrize(
    "clause",
    [
        # The order's own date, an absence's, a law's, a period's: none is a birth date.
        ", самовольно оставившего часть 12.05.2024",
        ", отсутствующего с 12 марта 2025 года",
        ", с 14.02.2025 г. рядового запаса",
        ", с 2024 года проходящего службу по контракту",
        ", на основании приказа от 01.03.2025 г. № 7",
        ", контракт от 12.03.2023 г. р-н Заречный",  # "г. р-н" is not "г.р."
        ", в 2023 г. ранее судимого",
        ", 31.02.1999 г.р.",  # no such date: read as none, not as a wrong one
        ", 2041 г.р.",  # a year to come
    ],
)
def test_other_dates_are_never_read_as_birth_dates(clause: str) -> None:
    text = (
        "ПРИКАЗ\nкомандира войсковой части 12345\nот 1 марта 2025 г. № 7\n1. Исключить:\n"
        f"рядового Синтетова Петра Сергеевича{clause};\n"
        "рядового Выдуманного Илью Андреевича, 1998 г.р.\n"
    )
    assert _read(text) == {
        "Синтетов Петр Сергеевич": None,
        "Выдуманный Илья Андреевич": "1998",
    }


def test_a_birth_date_after_the_next_name_is_that_ones_not_the_one_before() -> None:
    """A person whose entry gives none does not take his neighbour's, in one sentence or in a
    ruling's list of plaintiffs."""
    text = (
        "РЕШЕНИЕ\nИменем Российской Федерации\n12 марта 2025 года Энский гарнизонный военный "
        "суд\nрассмотрев административное исковое заявление рядового Синтетова Петра "
        "Сергеевича и рядового Выдуманного Ильи Андреевича, 1998 г.р., а также Придуманного "
        "Олега Ивановича, родившегося 5 июня 2001 года,\n"
    )
    assert _read(text) == {
        "Синтетов Петр Сергеевич": None,
        "Выдуманный Илья Андреевич": "1998",
        "Придуманный Олег Иванович": "2001-06-05",
    }


def test_the_birth_date_is_in_the_persons_record() -> None:
    text = "ПРИКАЗ\n1. Исключить:\nрядового Синтетова Петра Сергеевича, 03.1999 г.р.\n"
    [person] = extract_text(text).as_dict()["persons"]
    assert person["birth_date"] == "1999-03"

"""A mention's fields as people export them, read into what the linker compares. No Django.

Birth dates come as 16.02.1988, 16.02.88, 16/02/1988, 16-02-1988, «16 февраля 1988 г.»,
1988-02-16T00:00, an object {"year", "month", "day"}, a year alone, "" or "null"; units as
«в/ч 12345», «войсковая часть № 12345», «ВЧ-12345», «military unit 12345», 12345 (a number),
«в/ч 12 345», «в/ч 12345-А», «в/ч 12345, 2 рота»; names as one string or an object of parts.
A value that cannot be a date (31.02.1988, a year to come) is read as no date, with a warning:
the mention is still linked. The value itself is never repeated in a message (it is personal
data, and stderr may be logged).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any


class Unreadable(ValueError):
    """A field's value that is no value of its kind: (Russian, English) messages."""

    def __init__(self, ru: str, en: str) -> None:
        super().__init__(en)
        self.ru, self.en = ru, en


_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
_MONTH_RE = re.compile(
    r"^(\d{1,2})\s+(январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[яй]|июн[ья]|июл[ья]|августа?"
    r"|сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья])\s+(\d{4})(?:\s*(?:г\.?|года?))?$",
    re.IGNORECASE,
)
_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]*(?:Z|[+-]\d{2}:?\d{2})?)?$", re.IGNORECASE
)
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:\s*(?:г\.?|года?))?$")
_YEAR = re.compile(r"^(\d{4})(?:\s*(?:г\.?|года?))?$")
_NONE = {"", "null", "none", "nan", "-", "—", "нет", "не указано", "н/д"}


def birth_date(value: Any, today: date | None = None) -> tuple[date | None, tuple[str, str] | None]:
    """The date, or None; and a warning (Russian, English) when a value was there but is not
    read as a date (it is then no date: the mention is linked without one)."""
    today = today or date.today()
    if value is None:
        return None, None
    if isinstance(value, dict):
        try:
            y, mo, d = (int(value[k]) for k in ("year", "month", "day"))
        except (KeyError, TypeError, ValueError):
            return None, _warn_form()
        return _checked(y, mo, d, today)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None, _warn_form()
    if len(value) == 10 and value[4] == "-":  # YYYY-MM-DD, as most lines write it
        try:
            y, mo, d = int(value[:4]), int(value[5:7]), int(value[8:])
        except ValueError:
            pass
        else:
            return _checked(y, mo, d, today)
    text = " ".join(value.split()).strip().lower()
    if text in _NONE:
        return None, None
    if m := _ISO.match(text):
        return _checked(int(m[1]), int(m[2]), int(m[3]), today)
    if m := _DMY.match(text):
        year = int(m[3])
        if len(m[3]) == 2:  # 16.02.88: born in this century if that is not yet to come
            year += 2000 if 2000 + year <= today.year else 1900
        return _checked(year, int(m[2]), int(m[1]), today)
    if m := _MONTH_RE.match(text):
        month = next(n for stem, n in _MONTHS.items() if m[2].startswith(stem))
        return _checked(int(m[3]), month, int(m[1]), today)
    if _YEAR.match(text):
        return None, (
            "birth_date: указан только год, дата не сравнивается",
            "birth_date: only a year, not compared",
        )
    return None, _warn_form()


def _warn_form() -> tuple[str, str]:
    return (
        "birth_date: не дата (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД), прочитано как пустое",
        "birth_date: not a date (DD.MM.YYYY or YYYY-MM-DD), read as none",
    )


def _checked(y: int, m: int, d: int, today: date) -> tuple[date | None, tuple[str, str] | None]:
    try:
        day = date(y, m, d)
    except ValueError:
        return None, (
            "birth_date: такой даты нет, прочитано как пустое",
            "birth_date: no such date, read as none",
        )
    if not 1900 <= y <= today.year or day > today:
        return None, (
            f"birth_date: год {y} невозможен, прочитано как пустое",
            f"birth_date: the year {y} is impossible, read as none",
        )
    return day, None


def unit(value: Any) -> str | None:
    """The unit as written (a number made text); `Unreadable` for anything else."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value)
    if isinstance(value, dict) and "number" in value:
        return unit(value["number"])
    if isinstance(value, str):
        return value.strip() or None
    raise Unreadable("unit: строка, число или null", "unit: a string, a number or null")


_NAME_PARTS = (
    ("surname", "last_name", "last", "family_name", "фамилия"),
    ("first_name", "first", "given_name", "имя"),
    ("patronymic", "middle_name", "middle", "отчество"),
)


def name(value: Any) -> str:
    """The name as one string: as written, or an object's parts, surname first."""
    if isinstance(value, dict):
        parts = []
        for keys in _NAME_PARTS:
            part = next((value[k] for k in keys if isinstance(value.get(k), str)), None)
            if part and part.strip():
                parts.append(part.strip())
        if parts:
            return " ".join(parts)
        raise Unreadable(
            "name: в объекте нет фамилии или имени (surname, first_name, patronymic)",
            "name: the object holds no surname or first name (surname, first_name, patronymic)",
        )
    if not isinstance(value, str) or not value.strip():
        raise Unreadable("нет поля name (непустая строка)", "no name (a non-empty string)")
    return value

"""A mention's fields as people export them, read into what the linker compares. No Django.

Birth dates come as 16.02.1988, 16.02.88, 16/02/1988, 16-02-1988, «16 февраля 1988 г.»,
1988-02-16T00:00, an object {"year", "month", "day"}, "" or "null"; a month and year (02.1988,
1988-02, «февраль 1988», {"year", "month"}) or a year alone («1988», «1988 г.р.») is kept as
what it is, a partial date (`birth`), compared for what it says; units as
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
_YEAR = re.compile(r"^(\d{4})(?:\s*(?:г\.?\s*р\.?|г\.?|года?(?:\s+рождения)?))?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[./-](\d{4})(?:\s*(?:г\.?|года?))?$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_WORD_YEAR = re.compile(
    r"^(январ[ьяе]|феврал[ьяе]|марта?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|августа?|сентябр[ьяе]"
    r"|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])\s+(\d{4})(?:\s*(?:г\.?|года?))?$",
    re.IGNORECASE,
)
_NONE = {"", "null", "none", "nan", "-", "—", "нет", "не указано", "н/д"}


# A date known to the month or the year only: (year, month), month 0 when only the year is.
Partial = tuple[int, int]


def birth_date(value: Any, today: date | None = None) -> tuple[date | None, tuple[str, str] | None]:
    """The date, or None; and a warning (Russian, English) when a value was there but is not
    read as a date (it is then no date: the mention is linked without one). A month and year or
    a year alone is no date here (`birth` keeps it)."""
    day, _, warning = birth(value, today)
    return day, warning


def birth(
    value: Any, today: date | None = None
) -> tuple[date | None, Partial | None, tuple[str, str] | None]:
    """The full date, or else the month and year or the year alone (`Partial`), or neither; and
    a warning (Russian, English) when a value was there but is read as none."""
    day, warning = _birth_date(value, today or date.today())
    if day is not None or warning != _PARTIAL:
        return day, None, warning
    part, warning = _partial(value, today or date.today())
    return None, part, warning


_PARTIAL = ("", "")  # `_birth_date`'s mark for a value `_partial` reads


def _partial(value: Any, today: date) -> tuple[Partial | None, tuple[str, str] | None]:
    if isinstance(value, dict):
        y, mo = int(value["year"]), int(value.get("month") or 0)
    else:
        text = " ".join(str(value).split()).strip().lower()
        if m := _YEAR.match(text):
            y, mo = int(m[1]), 0
        elif m := _MONTH_YEAR.match(text):
            y, mo = int(m[2]), int(m[1])
        elif m := _YEAR_MONTH.match(text):
            y, mo = int(m[1]), int(m[2])
        elif m := _MONTH_WORD_YEAR.match(text):
            y = int(m[2])
            mo = next(n for stem, n in _MONTHS.items() if m[1].lower().startswith(stem))
        else:  # pragma: no cover - `_birth_date` marks only what one of these reads
            return None, _warn_form()
    if not 0 <= mo <= 12:
        return None, (
            "birth_date: такого месяца нет, прочитано как пустое",
            "birth_date: no such month, read as none",
        )
    if not 1900 <= y <= today.year or (y, mo) > (today.year, today.month):
        return None, (
            f"birth_date: год {y} невозможен, прочитано как пустое",
            f"birth_date: the year {y} is impossible, read as none",
        )
    return (y, mo), None


def _birth_date(value: Any, today: date) -> tuple[date | None, tuple[str, str] | None]:
    if value is None:
        return None, None
    if isinstance(value, dict):
        try:
            y, mo, d = (int(value[k]) for k in ("year", "month", "day"))
        except (KeyError, TypeError, ValueError):
            try:  # {"year": 1988} or {"year": 1988, "month": 2}: a partial date
                int(value["year"]), int(value.get("month") or 0)
            except (KeyError, TypeError, ValueError):
                return None, _warn_form()
            return None, _PARTIAL
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
    if any(r.match(text) for r in (_YEAR, _MONTH_YEAR, _YEAR_MONTH, _MONTH_WORD_YEAR)):
        return None, _PARTIAL
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

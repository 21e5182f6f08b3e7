"""Dates as people type them: "24.02.2022", "24.02.22", "24 февраля 2022", "24 февраля",
"2022-02-24", "24 February 2022". Plain Python, no Django.

Written here rather than taken from dateparser: dateparser guesses (it reads "02.03" as either
day-first or month-first depending on settings, and fills gaps silently), while a deadline
computed from a guessed date can cost someone years. This accepts only unambiguous day-first
forms, and says what was wrong otherwise.
"""

from __future__ import annotations

import re
from datetime import date

from objector.law import FactsError

_MONTHS = {
    # Russian month names in the genitive (as in "24 февраля") and nominative, and English.
    **dict.fromkeys(("января", "январь", "янв", "january", "jan"), 1),
    **dict.fromkeys(("февраля", "февраль", "фев", "february", "feb"), 2),
    **dict.fromkeys(("марта", "март", "мар", "march", "mar"), 3),
    **dict.fromkeys(("апреля", "апрель", "апр", "april", "apr"), 4),
    **dict.fromkeys(("мая", "май", "may"), 5),
    **dict.fromkeys(("июня", "июнь", "июн", "june", "jun"), 6),
    **dict.fromkeys(("июля", "июль", "июл", "july", "jul"), 7),
    **dict.fromkeys(("августа", "август", "авг", "august", "aug"), 8),
    **dict.fromkeys(("сентября", "сентябрь", "сен", "сент", "september", "sep", "sept"), 9),
    **dict.fromkeys(("октября", "октябрь", "окт", "october", "oct"), 10),
    **dict.fromkeys(("ноября", "ноябрь", "ноя", "november", "nov"), 11),
    **dict.fromkeys(("декабря", "декабрь", "дек", "december", "dec"), 12),
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})")
_WORDS = re.compile(r"(\d{1,2})\s+([a-zа-яё]+)\.?(?:\s+(\d{4}))?(?:\s*(?:г\.?|года?))?")


def _error(text: str, why_en: str, why_ru: str) -> FactsError:
    return FactsError("date", f"{text!r}: {why_en}", f"«{text}»: {why_ru}")


def parse_user_date(text: str, *, today: date, expect_future: bool = False) -> date:
    """The date a person typed. A date without a year is the latest such date not after today,
    or, with `expect_future`, the earliest one not before today."""
    raw = text.strip().lower().replace("ё", "е")
    raw = re.sub(r"\s+", " ", raw)
    if len(raw) > 40:
        raise _error(text[:40], "this is too long to be a date", "это слишком длинно для даты")
    year: int | None
    if m := _ISO.fullmatch(raw):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _NUMERIC.fullmatch(raw):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if year < 100:
            year += 2000
    elif (m := _WORDS.fullmatch(raw)) and m[2] in _MONTHS:
        day, month = int(m[1]), _MONTHS[m[2]]
        year = int(m[3]) if m[3] else None
    else:
        raise _error(
            text,
            "write the date as 24.02.2022 or 24 February 2022",
            "напишите дату так: 24.02.2022 или 24 февраля 2022",
        )
    if year is None:
        year = today.year
        if not expect_future and (month, day) > (today.month, today.day):
            year -= 1
        if expect_future and (month, day) < (today.month, today.day):
            year += 1
    try:
        return date(year, month, day)
    except ValueError:
        raise _error(text, "there is no such date", "такой даты нет") from None

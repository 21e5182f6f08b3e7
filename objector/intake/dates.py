"""Dates as people type them: "24.02.2022", "24.02.22", "24 февраля 2022", "24 февраля",
"2022-02-24", "24 February 2022", "February 24, 2022", "28.11", "ноябрь 2026", "вчера".
Plain Python, no Django.

Written here rather than taken from dateparser: dateparser guesses (it reads "02.03" as either
day-first or month-first depending on settings, and fills gaps silently), while a deadline
computed from a guessed date can cost someone years. This accepts only unambiguous day-first
forms, and says what was wrong otherwise. "11/3/2026" is day-first in Russia and month-first in
the United States: with a slash and both numbers up to 12 it is refused with the two readings
named, never guessed. A month without a day ("ноябрь 2026") means its first day, which the review
page then shows in words, so the person sees what was understood.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

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
_NUMERIC = re.compile(r"(\d{1,2})([./])(\d{1,2})(?:[./](\d{2}|\d{4}))?")
_YEAR_WORD = r"(?:\s*(?:г\.?|года?))?"
_WORDS = re.compile(r"(\d{1,2})\s+([a-zа-яё]+)\.?(?:,?\s+(\d{4}))?" + _YEAR_WORD)
_WORDS_MONTH_FIRST = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?")
_MONTH_YEAR = re.compile(r"([a-zа-яё]+)\.?\s+(\d{4})" + _YEAR_WORD)
_RELATIVE = {
    **dict.fromkeys(("сегодня", "today"), 0),
    **dict.fromkeys(("вчера", "yesterday"), -1),
    **dict.fromkeys(("позавчера",), -2),
    **dict.fromkeys(("завтра", "tomorrow"), 1),
}
_MONTH_NAMES = {
    "ru": (
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip


def human_date(value: str | date, lang: str) -> str:
    """A date in words, as people write it: "3 июля 2023", "3 July 2023"."""
    d = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.day} {_MONTH_NAMES[lang][d.month - 1]} {d.year}"


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
    if raw in _RELATIVE:
        return today + timedelta(days=_RELATIVE[raw])
    if m := _ISO.fullmatch(raw):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _NUMERIC.fullmatch(raw):
        day, month = int(m[1]), int(m[3])
        year = int(m[4]) if m[4] else None
        if year is not None and year < 100:
            year += 2000
        if m[2] == "/" and month > 12 >= day:
            day, month = month, day  # "3/13/2026" can only be month-first
        elif m[2] == "/" and day <= 12 and month <= 12 and day != month:
            raise _error(
                text,
                f"this could be {day} {_MONTH_NAMES['en'][month - 1]} or "
                f"{month} {_MONTH_NAMES['en'][day - 1]}; write the month in words, e.g. "
                f"{day} {_MONTH_NAMES['en'][month - 1]} {year or today.year}",
                f"это может быть и {day} {_MONTH_NAMES['ru'][month - 1]}, и {month} "
                f"{_MONTH_NAMES['ru'][day - 1]}; напишите месяц словом, например "
                f"{day} {_MONTH_NAMES['ru'][month - 1]} {year or today.year}",
            )
    elif (m := _WORDS.fullmatch(raw)) and m[2] in _MONTHS:
        day, month = int(m[1]), _MONTHS[m[2]]
        year = int(m[3]) if m[3] else None
    elif (m := _WORDS_MONTH_FIRST.fullmatch(raw)) and m[1] in _MONTHS:
        day, month = int(m[2]), _MONTHS[m[1]]
        year = int(m[3]) if m[3] else None
    elif (m := _MONTH_YEAR.fullmatch(raw)) and m[1] in _MONTHS:
        day, month, year = 1, _MONTHS[m[1]], int(m[2])
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


# A serviceman's date of birth (the questionnaire's `birth_date`). Many relatives know only the
# year, or the month and year: each is kept as what it says, never filled in to a whole date,
# and stored as the linker reads it (objector.linking.fields.birth): "1999-03-12", "1999-03",
# "1999". The bounds refuse typing errors, not people: nobody born before 1940 (86 and more
# this year) serves or is called up (the oldest reservists are called up to 70, and volunteer
# formations have taken men in their sixties), while a year such as 1899 or 1099 is a slip of
# the finger; and nobody serves before 16 (cadets of military colleges become servicemen at 16
# or 17, conscripts and contract soldiers at 18). A date that may still be before 16 (the year
# alone, or the month) is taken at its earliest.
BIRTH_FIRST_YEAR = 1940
BIRTH_MIN_AGE = 16
_BIRTH_YEAR = re.compile(r"(\d{4})(?:\s*(?:г\.?\s*р\.?|г\.?|года?)(?:\s*рождения)?)?")
_BIRTH_MONTH_YEAR = re.compile(r"(\d{1,2})[./-](\d{4})" + _YEAR_WORD)
_BIRTH_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_BIRTH_SHORT_YEAR = re.compile(r"(\d{1,2}[./]\d{1,2}[./])(\d{2})")
_MONTH_NAMES_NOMINATIVE = {
    "ru": (
        "январь", "февраль", "март", "апрель", "май", "июнь",
        "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    ),
    "en": _MONTH_NAMES["en"],
}  # fmt: skip


def _birth_error(why_en: str, why_ru: str) -> FactsError:
    # The typed value is not repeated: the person sees it in the field beside the message.
    return FactsError("birth_date", why_en, why_ru)


def parse_birth_date(text: str, *, today: date) -> str:
    """A date of birth as a person typed it: the whole date ("12.03.1999", "12 марта 1999",
    "12.03.99"), the month and year ("03.1999", "март 1999", "March 1999") or the year alone
    ("1999", "1999 г.р."). Returns "YYYY-MM-DD", "YYYY-MM" or "YYYY"; FactsError (field
    `birth_date`) for what cannot be one."""
    raw = re.sub(r"\s+", " ", text.strip().lower().replace("ё", "е"))
    if len(raw) > 40:
        raise _birth_error("this is too long to be a date", "это слишком длинно для даты")
    year: int
    month = day = 0
    if m := _BIRTH_YEAR.fullmatch(raw):
        year = int(m[1])
    elif m := _BIRTH_MONTH_YEAR.fullmatch(raw):
        year, month = int(m[2]), int(m[1])
    elif m := _BIRTH_YEAR_MONTH.fullmatch(raw):
        year, month = int(m[1]), int(m[2])
    elif (m := _MONTH_YEAR.fullmatch(raw)) and m[1] in _MONTHS:
        year, month = int(m[2]), _MONTHS[m[1]]
    else:
        if m := _BIRTH_SHORT_YEAR.fullmatch(raw):  # 12.03.99: the latest such year not to come
            short = int(m[2])
            century = 2000 if 2000 + short <= today.year else 1900
            raw = f"{m[1]}{century + short}"
        if not re.search(r"\d", raw):
            raise _birth_error(
                "write the date as 12.03.1999, the month and year as 03.1999, or the year "
                "alone: 1999",
                "напишите дату так: 12.03.1999, месяц и год так: 03.1999, или только год: 1999",
            )
        if not re.search(r"\d{4}", raw):
            raise _birth_error(
                "write the year too, e.g. 12.03.1999, or the year alone: 1999",
                "укажите и год, например 12.03.1999, или только год: 1999",
            )
        try:
            whole = parse_user_date(raw, today=today)
        except FactsError as exc:
            if "такой даты нет" in exc.message_ru:
                raise _birth_error("there is no such date", "такой даты нет") from None
            raise _birth_error(
                "write the date as 12.03.1999, the month and year as 03.1999, or the year "
                "alone: 1999",
                "напишите дату так: 12.03.1999, месяц и год так: 03.1999, или только год: 1999",
            ) from None
        year, month, day = whole.year, whole.month, whole.day
    if not 1 <= (month or 1) <= 12:
        raise _birth_error("there is no such month", "такого месяца нет")
    if (year, month, day) > (today.year, today.month, today.day):
        raise _birth_error("this date is still to come", "эта дата ещё не наступила")
    if year < BIRTH_FIRST_YEAR:
        raise _birth_error(
            f"a year before {BIRTH_FIRST_YEAR} cannot be right; check the year",
            f"год раньше {BIRTH_FIRST_YEAR} не может быть верным; проверьте год",
        )
    earliest = date(year, month or 1, day or 1)
    try:
        sixteen = earliest.replace(year=earliest.year + BIRTH_MIN_AGE)
    except ValueError:  # born on 29 February: sixteen on 1 March of a common year
        sixteen = date(earliest.year + BIRTH_MIN_AGE, 3, 1)
    if sixteen > today:
        raise _birth_error(
            f"this would make the serviceman younger than {BIRTH_MIN_AGE}; check the year",
            f"тогда военнослужащему меньше {BIRTH_MIN_AGE} лет; проверьте год",
        )
    if day:
        return earliest.isoformat()
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def human_birth_date(value: str, lang: str) -> str:
    """A stored date of birth in words: "12 марта 1999", "март 1999", "March 1999", "1999"."""
    parts = value.split("-")
    if len(parts) == 3:
        return human_date(value, lang)
    if len(parts) == 2:
        return f"{_MONTH_NAMES_NOMINATIVE[lang][int(parts[1]) - 1]} {parts[0]}"
    return parts[0]

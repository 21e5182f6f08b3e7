"""What a document is: kind, number, date, unit, court and the articles it cites."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}

# A speck that OCR reads before the heading ("' ПРИКАЗ") does not hide it; "ПРИКАЗЫВАЮ" marks
# an order wherever the heading went (a continuation page first, a misread heading).
_ORDER = re.compile(r"^[^\w\n]*(?:выписка\s+из\s+)?приказ(?:а)?\b", re.I | re.M)
_ORDERING = re.compile(r"\bприказываю\b", re.I)
_RULING = re.compile(
    r"^\s*(?:решение|определение|постановление|приговор|апелляционное\s+определение)\b", re.I | re.M
)
_LETTER = re.compile(r"уважаем\w+|исх\.\s*№|на\s+(?:ваш|ваше)\s+обращени|с\s+уважением", re.I)
_COURT_IN_TEXT = re.compile(r"\bсуд\b|\bсуда\b|\bсудом\b|\bсудья\b", re.I)

_NUMBER = re.compile(r"№\s*(?P<n>[\w/.-]*\d[\w/.-]*)", re.I)
_DATE_WORDS = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?P<m>{'|'.join(MONTHS)})\s+(?P<y>\d{{4}})", re.I
)
_DATE_DOTS = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?![\d])")
_UNIT = re.compile(r"(?:войсков\w+\s+част\w+|в/ч)\s*(?:№\s*)?(?P<u>\d{4,5})(?:-(?P<s>\d+))?", re.I)
_COURT = re.compile(
    r"(?P<c>(?:[А-ЯЁ][а-яё-]+[ \t]+){1,2}(?:гарнизонн|окружн|флотск|районн|городск|областн)\w*"
    r"(?:\s+военн\w*)?\s+суд\w*(?:\s+(?:г\.|города)\s+[А-ЯЁ][а-яё-]+)?)",
)
_ARTICLE = re.compile(
    r"(?:(?:п\.|пункт\w*)\s*(?:«\w»|\"\w\"|\d+)\s*)?(?:(?:ч\.|част\w*)\s*\d+\s*)?"
    r"(?:ст\.|стать\w*)\s*(?P<art>\d+(?:\.\d+)?)"
    r"(?P<law>\s+(?:Конституции(?:\s+(?:РФ|Российской\s+Федерации))?|УК\s+РФ|ГПК\s+РФ|КАС\s+РФ|"
    r"ТК\s+РФ|КоАП\s+РФ|Уголовного\s+кодекса(?:\s+РФ|\s+Российской\s+Федерации)?|"
    r"(?:Федерального\s+закона|ФЗ|Закона)(?:\s+от\s+[\d.]+(?:\s*г\.)?)?(?:\s*№\s*[\w-]+)?"
    r"(?:\s*«[^»]{0,120}»)?))?",
    re.I,
)
_LAW_SHORT = [
    (re.compile(r"Конституц", re.I), "Конституции РФ"),
    (re.compile(r"^\s*УК|Уголовн", re.I), "УК РФ"),
    (re.compile(r"^\s*ГПК", re.I), "ГПК РФ"),
    (re.compile(r"^\s*КАС", re.I), "КАС РФ"),
    (re.compile(r"^\s*ТК", re.I), "ТК РФ"),
    (re.compile(r"^\s*КоАП", re.I), "КоАП РФ"),
]


def kind(text: str) -> str:
    head = text[:600]
    if _ORDER.search(head):
        return "order"
    if _RULING.search(head) and _COURT_IN_TEXT.search(text):
        return "ruling"
    if _ORDERING.search(text):
        return "order"
    if _LETTER.search(text):
        return "letter"
    return "other"


def number(text: str) -> str | None:
    m = _NUMBER.search(text[:800])
    return m.group("n").rstrip(".") if m else None


def date(text: str) -> str | None:
    """The document's own date: the first real date in its heading, as YYYY-MM-DD."""
    head = text[:800]
    candidates = []
    for m in _DATE_WORDS.finditer(head):
        if not _is_birth(head, m):
            candidates.append(
                (m.start(), int(m.group("y")), MONTHS[m.group("m").lower()], int(m.group("d")))
            )
    for m in _DATE_DOTS.finditer(head):
        if not _is_birth(head, m):
            candidates.append((m.start(), int(m.group("y")), int(m.group("m")), int(m.group("d"))))
    for _, y, mo, d in sorted(candidates):
        try:
            return dt.date(y, mo, d).isoformat()
        except ValueError:
            continue  # "31.02.2025" is an OCR misreading or a typo, not a date
    return None


# A person's birth date in the heading's lines ("рядового …, 12.03.1999 г.р.", "родившегося 5
# июня 2001 года") is not the document's date.
_BIRTH_AFTER = re.compile(r"\s*(?:г\.?\s?р(?:\.|(?![\w-]))|(?:г\.|года?)\s+рожд)", re.I)
_BIRTH_BEFORE = re.compile(r"(?:родивш\w*|рожд[её]нн\w*|рождения\s*:?|д\.\s?р\.\s*:?)\s*$", re.I)


def _is_birth(head: str, m: re.Match[str]) -> bool:
    return bool(
        _BIRTH_AFTER.match(head, m.end())
        or _BIRTH_BEFORE.search(head, max(0, m.start() - 30), m.start())
    )


def unit(text: str) -> str | None:
    m = _UNIT.search(text)
    if m is None:
        return None
    return f"войсковая часть {m.group('u')}" + (f"-{m.group('s')}" if m.group("s") else "")


def court(text: str) -> str | None:
    m = _COURT.search(text[:1500])
    if m is None:
        return None
    words = m.group("c").split()
    return " ".join(_nominative_court_word(w) for w in words)


def _nominative_court_word(word: str) -> str:
    low = word.lower()
    if low in ("г.", "города") or (
        word[:1].isupper() and low not in ("суд", "суда", "суде", "судом")
    ):
        if re.search(r"(?:ого|ому|ым|ом)$", low) and word[:1].isupper():
            return re.sub(
                r"(?:ого|ому|ым|ом)$", "ий" if low.endswith(("кого", "ком")) else "ый", word
            )
        return word
    for suffix in ("ого", "ому", "ым", "ом"):
        if low.endswith(suffix) and not low.startswith("суд"):
            return word[: -len(suffix)] + ("ий" if word[: -len(suffix)].endswith("к") else "ый")
    if low.startswith("суд"):
        return "суд"
    return word


def articles(text: str) -> list[str]:
    """Articles cited, in a fixed short form ("ст. 59 Конституции РФ"), each once, in order."""
    seen: list[str] = []
    for m in _ARTICLE.finditer(text):
        law = re.sub(r"\s+", " ", (m.group("law") or "").strip())
        for pattern, short in _LAW_SHORT:
            if pattern.search(law):
                law = short
                break
        else:
            if law:
                number = re.search(r"№\s*([\w-]+)", law)
                law = f"ФЗ № {number.group(1)}" if number else "ФЗ"
        item = f"ст. {m.group('art')}" + (f" {law}" if law else "")
        if item not in seen:
            seen.append(item)
    return seen

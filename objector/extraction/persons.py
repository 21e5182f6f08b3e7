"""Persons in a document: found, brought to the nominative, given a role, and merged so that
each person is one entry however many times the document names them.

The grammar is anchored on what list-style documents are made of: a rank, then a name (full,
"Фамилия И.О." or "И.О. Фамилия"), then perhaps a personal number. Names with no rank before
them are taken when their patronymic proves them (rulings, letters), or when a role word
("судья", "истец") stands before initials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import fields
from .model import ROLES, Mention, Page, Person
from .names import (
    CASES,
    INDECLINABLE,
    TURKIC,
    Grammar,
    first_name,
    fold,
    is_first_name,
    patronymic,
    surname,
)
from .ranks import RANK_RE, canonical, rank_cases

_UP = "А-ЯЁ"
_LOW = "а-яё"
_CAP = rf"[{_UP}][{_UP}{_LOW}]+(?:-[{_UP}][{_UP}{_LOW}]+)?"
_SP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # a name may be broken across two lines
_TURKIC = "|".join(TURKIC)

# Last First Middle ("Иванова Петра Сергеевича", "Мамедова Эльчина Рашид оглы").
# Both are lookaheads so that candidates overlap: in "Рядового Иванова Петра Сергеевича" the
# first three words fail and the last three must still be tried.
_FULL = re.compile(
    rf"(?<![\w.])(?=(?P<last>{_CAP}){_SP}(?P<first>{_CAP}){_SP}"
    rf"(?P<middle>{_CAP}(?:{_SP}(?i:{_TURKIC})(?![\w]))?)(?![\w-]))"
)
# First Middle Last, as letters and signatures write it ("Пётр Сергеевич Иванов").
_FULL_FML = re.compile(
    rf"(?<![\w.])(?=(?P<first>{_CAP}){_SP}(?P<middle>{_CAP}(?:{_SP}(?i:{_TURKIC}))?){_SP}"
    rf"(?P<last>{_CAP})(?![\w-]))"
)
# OCR reads the initial З as the digit 3, and О as 0; the initials accept both.
_UPI = f"{_UP}30"
# OCR often reads the last initial's full stop as a comma ("Хайруллине Э.Р,").
_LAST_INIT = re.compile(
    rf"(?<![\w.])(?P<last>{_CAP}){_SP}(?P<i1>[{_UPI}])\.[ \t]?(?:(?P<i2>[{_UPI}])[.,])?(?![\w])"
)
_INIT_LAST = re.compile(
    rf"(?<![\w.])(?P<i1>[{_UPI}])\.[ \t]?(?P<i2>[{_UPI}])\.(?:[ \t]?|{_SP})"
    rf"(?P<last>{_CAP})(?![\w-])"
)

_PERSONAL_NUMBER = re.compile(
    rf"(?:(?:личн\w*\s+номер\w*|л/н|ЛН|жетон\w*)\s*[:№]?\s*)?"
    rf"(?<![\w-])(?P<pn>[{_UP}]{{1,2}}[ \t]?[-–][ \t]?\d{{6}})(?!\d)",
    re.IGNORECASE,
)

# Capitalised words that open a sentence or a heading and are never surnames.
_NOT_SURNAMES_TEXT = """
Приказ Приказываю Исключить Уволить Назначить Полагать Считать Зачислить Основание Командир
Начальник Врио Судья Судьи Истец Истца Истцы Истцов Истица Ответчик
Секретарь Секретаре Представитель Гражданин Гражданина Гражданка Уважаемый Уважаемая
Председательствующий Председательствующего
Решение Определение Суд Войсковая Войсковой Российской Федерации Именем Прокурор Заявитель
Заявителя Административный Административного Подпись Копия Верно Исп Тел Рядовой Рядового
Сержант Сержанта Лейтенант Капитан Майор Полковник Прапорщик Ефрейтор Матрос Мичман
Старшина Младший Старший Генерал Адмирал Гвардии Согласно Прошу Сообщаю Сообщаем
Направляю Настоящим Исх Вх Дело Материалы Установил Решил Постановил Определил
Рассмотрев Заслушав Приложение Москва Россия Министерство Обороны Статья Федеральный Закон
Конституция Кодекс С Уважением
"""
_NOT_SURNAMES = {fold(w) for w in _NOT_SURNAMES_TEXT.split()}

_MASK = re.compile(
    r"«[^»\n]{0,120}»|\"[^\"\n]{0,120}\"|"
    rf"(?:\b(?:ул|пр-т|пер|пл|им|б-р)\.|\b(?:улиц\w*|проспект\w*|переул\w*|площад\w*|имени|"
    rf"бульвар\w*|набережн\w*|корабл\w*|судн\w*|крейсер\w*|фрегат\w*|корвет\w*|эсминц\w*|"
    rf"подводн\w+\s+лодк\w*))(?:\s+(?:{_CAP}|[{_UP}]\.|\d+\w*)){{1,4}}"
)

_ROLE_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"секретар", re.I), "secretary"),
    (re.compile(r"судь[яиеюй]|председательствующ|в\s+составе", re.I), "judge"),
    (re.compile(r"истц|истец|истиц|заявител", re.I), "plaintiff"),
    (
        re.compile(r"командир|начальник|врио|комиссар|подпис|с\s+уважением|исполнитель", re.I),
        "signatory",
    ),
]
_ANON = re.compile(r"ФИО\s?(\d+)|[<\[(]\s*данные\s+изъяты\s*[>\])]", re.IGNORECASE)
_ANON_CONTEXT = re.compile(
    rf"(?:{RANK_RE.pattern}|истц\w*|истец|истица|заявител\w*|граждан\w*|представител\w*)\s*$",
    re.IGNORECASE,
)


@dataclass
class _Found:
    page: int
    start: int
    end: int
    last: str
    first: str | None
    middle: str | None
    initials: bool
    rank: str | None
    role: str
    personal_number: str | None
    unit: str | None  # the person's own, where their entry names one
    text: str
    # For initials whose case nothing settles ("рапорт ... Хайруллиной А.И."): the nominative
    # under every reading, so that the mention can join the full name it abbreviates.
    readings: tuple[str, ...] = ()


def masked(text: str) -> str:
    """The text with quotations, street and ship names blanked (same length, so spans hold)."""
    return _MASK.sub(lambda m: " " * len(m.group(0)), text)


def find_persons(pages: list[Page], kind: str) -> list[Person]:
    found: list[_Found] = []
    for page in pages:
        found.extend(_find_on_page(page, kind))
    return _merge(found, pages)


def _find_on_page(page: Page, kind: str) -> list[_Found]:
    text = masked(page.text)
    ranks = {m.end(): m for m in RANK_RE.finditer(text)}
    taken: list[tuple[int, int]] = []
    out: list[_Found] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for pattern in (_FULL, _FULL_FML):
        for m in pattern.finditer(text):
            start, end = min(m.start("last"), m.start("first")), max(m.end("last"), m.end("middle"))
            if not free(start, end):
                continue
            if pattern is _FULL_FML and not is_first_name(m.group("first")):
                continue
            f = _full(m, start, end, text, ranks, page, kind)
            if f is not None:
                taken.append((start, end))
                out.append(f)
    for pattern in (_LAST_INIT, _INIT_LAST):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()) or fold(m.group("last")) in _NOT_SURNAMES:
                continue
            if pattern is _LAST_INIT and not m.group("i2"):
                continue
            rank_m = _rank_before(ranks, text, m.start())
            role = _role(text, m.start(), rank_m, kind)
            if rank_m is None and role == "mentioned" and not _initials_context(text, m.start()):
                continue
            cases = rank_cases(rank_m.group(0)) if rank_m else (_role_case(text, m.start()),)
            last = m.group("last")
            grammar = Grammar(_surname_gender(last, cases[0] if cases else None), cases)
            readings = {surname(last, Grammar(g, (c,))) for g in ("masc", "femn") for c in CASES}
            i1, i2 = _letter(m.group("i1")), _letter(m.group("i2"))
            entry = _entry(text, m.end())
            taken.append((m.start(), m.end()))
            out.append(
                _Found(
                    page.number,
                    m.start(),
                    m.end(),
                    surname(last, grammar),
                    f"{i1}.",
                    f"{i2}." if i2 else None,
                    True,
                    canonical(rank_m) if rank_m else None,
                    role,
                    _personal_number(entry),
                    fields.unit(entry),
                    page.text[m.start() : m.end()],
                    tuple(sorted(readings)),
                )
            )
    return out


def _letter(initial: str | None) -> str | None:
    return {"3": "З", "0": "О"}.get(initial, initial) if initial else None


def _full(
    m: re.Match[str],
    start: int,
    end: int,
    text: str,
    ranks: dict[int, re.Match[str]],
    page: Page,
    kind: str,
) -> _Found | None:
    last, first, middle = m.group("last"), m.group("first"), m.group("middle")
    if fold(last) in _NOT_SURNAMES or fold(first) in _NOT_SURNAMES:
        return None
    rank_m = _rank_before(ranks, text, start)
    words = middle.split()
    if len(words) == 2:  # "Рашид оглы"
        gender = "femn" if fold(words[1]) in ("кызы", "гызы") else "masc"
        words[1] = words[1].lower()
        cases = rank_cases(rank_m.group(0)) if rank_m else None
        if cases is None and not last.lower().endswith(INDECLINABLE):
            cases = (_case_of_surname(last, gender),)
        # An indeclinable surname ("Шевченко") after an abbreviated rank tells no case: the
        # first name's dictionary reading decides.
        grammar = Grammar(gender, cases)
        first_nom, grammar = first_name(first, grammar)
        middle_nom = f"{words[0][:1].upper()}{words[0][1:].lower()} {words[1].lower()}"
    else:
        parsed = patronymic(middle)
        if parsed is None:
            return None
        middle_nom, grammar = parsed
        if rank_m is not None and (cases := rank_cases(rank_m.group(0))):
            # The rank narrows what the patronymic leaves open (feminine -е: dative or
            # prepositional).
            narrowed = tuple(c for c in grammar.cases or () if c in cases)
            grammar = Grammar(grammar.gender, narrowed or grammar.cases)
        first_nom, _ = first_name(first, grammar)
    entry = _entry(text, end)
    return _Found(
        page.number,
        start,
        end,
        surname(last, grammar),
        first_nom,
        middle_nom,
        False,
        canonical(rank_m) if rank_m else None,
        _role(text, start, rank_m, kind),
        _personal_number(entry),
        fields.unit(entry),
        page.text[start:end],
    )


def _rank_before(ranks: dict[int, re.Match[str]], text: str, start: int) -> re.Match[str] | None:
    """The rank that ends just before `start`, across spaces or a table's cell border."""
    i, other = start, 0
    while i > 0 and text[i - 1] in " \t|:,–—":
        i -= 1
        other += text[i] not in " \t"
        if other > 3:
            return None
    return ranks.get(i)


def _line_before(text: str, start: int, width: int = 90) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - width) : start]
    if not before.strip():  # a name alone on its line: the heading above gives the role
        prev_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        before = text[prev_start:line_start]
    return before


def _role(text: str, start: int, rank_m: re.Match[str] | None, kind: str) -> str:
    before = _line_before(text, rank_m.start() if rank_m else start)
    for pattern, role in _ROLE_WORDS:
        if pattern.search(before):
            if role == "signatory" and kind == "ruling":
                continue
            return role
    if kind == "order" and rank_m is not None:
        return "subject"
    if kind == "ruling" and re.match(r"\s*\d+[.)]", text[text.rfind("\n", 0, start) + 1 : start]):
        return "plaintiff"
    if kind in ("order", "letter") and _in_signature(text, start):
        return "signatory"
    return "mentioned"


_POSITION = re.compile(
    r"командир|начальник|врио|уважением|директор|руководител|председател|исполнител|заместител|"
    r"комиссар",
    re.I,
)


def _in_signature(text: str, start: int) -> bool:
    """In the last lines of the page, under a position ("Командир войсковой части …")."""
    line_end = text.find("\n", start)
    after = [ln for ln in text[line_end:].splitlines() if ln.strip()] if line_end >= 0 else []
    if len(after) > 2:
        return False
    before = [ln for ln in text[:start].splitlines() if ln.strip()][-3:]
    return bool(_POSITION.search(" ".join(before)))


def _initials_context(text: str, start: int) -> bool:
    """Initials with neither rank nor role word are a name only beside a known signal."""
    before = _line_before(text, start, 40).lower()
    return bool(re.search(r"рапорт|заявлени|гр\.|граждан|в\s+отношении|обратил", before))


_CASE_WORDS = [
    (
        re.compile(
            r"\b(?:судьи|секретаря|рапорт\w*|заявлени[ея]|в\s+отношении|председательством|"
            r"гражданина|гражданки|истца|истицы)\b"
        ),
        "gent",
    ),
    (re.compile(r"\b(?:секретаре|при)\b"), "loct"),
    (re.compile(r"\b(?:гражданину|гражданке|истцу|истице)\b"), "datv"),
    (re.compile(r"\b(?:судья|секретарь|истец|истица|гражданин|гражданка)\b"), "nomn"),
]


def _role_case(text: str, start: int) -> str:
    """The case a role word governs ("при секретаре Иванове" — prepositional); the word nearest
    the name wins."""
    before = _line_before(text, start, 60).lower()
    best: tuple[int, str] | None = None
    for pattern, case in _CASE_WORDS:
        for m in pattern.finditer(before):
            if best is None or m.end() > best[0]:
                best = (m.end(), case)
    return best[1] if best else "nomn"


def _case_of_surname(word: str, gender: str) -> str:
    """With no rank to agree with ("ряд. Мамедова Эльчина Рашид оглы"), a known gender lets the
    surname's ending tell the case."""
    low = word.lower()
    if gender == "femn":
        return (
            "accs"
            if low.endswith(("ову", "еву", "ину", "ую"))
            else ("gent" if low.endswith("ой") else "nomn")
        )
    if low.endswith(("ого", "его")):
        return "gent"
    if low.endswith(("ому", "ему")):
        return "datv"
    if low.endswith(("ым", "ом", "им")):
        return "ablt"
    for ending, case in (("а", "gent"), ("я", "gent"), ("у", "datv"), ("ю", "datv"), ("е", "loct")):
        if low.endswith(ending) and low[-2:-1] not in "аеёиоуыэюя":
            return case
    return "nomn"


def _surname_gender(word: str, case: str | None) -> str:
    low = word.lower()
    if case in (None, "nomn") and low.endswith(("ова", "ева", "ёва", "ина", "ына", "ская", "цкая")):
        return "femn"
    if case not in (None, "nomn") and low.endswith(("ой", "ую")):
        return "femn"  # masculine -ой surnames change it in every oblique case (Толстого)
    if low.endswith(("овой", "евой", "иной", "ыной", "скую")):
        return "femn"
    return "masc"


def _entry(text: str, end: int) -> str:
    """What follows a name in its own entry of a list: up to ";", a blank line, the next
    numbered row or the next rank."""
    window = text[end : end + 90]
    stop = re.search(r";|\n\s*\n|\n\s*\d+\s*[.)|]", window)
    window = window[: stop.start()] if stop else window
    if rank := RANK_RE.search(window):
        window = window[: rank.start()]
    return window


def _personal_number(entry: str) -> str | None:
    m = _PERSONAL_NUMBER.search(entry)
    if m is None:
        return None
    return re.sub(r"[ \t]", "", m.group("pn")).replace("–", "-").upper()


def _merge(found: list[_Found], pages: list[Page]) -> list[Person]:
    """One entry per person: a full name and its initials ("Иванов П.С.") are the same person."""
    found.sort(key=lambda f: (f.initials, f.page, f.start))  # full names first
    persons: list[Person] = []
    keys: list[tuple[str, str, str]] = []
    by_page = {p.number: p for p in pages}
    for f in found:
        key = (fold(f.last), fold(f.first or "")[:1], fold(f.middle or "")[:1])
        index = next((i for i, k in enumerate(keys) if _same(k, key, f.initials)), None)
        for reading in f.readings if index is None else ():
            alt = (fold(reading), key[1], key[2])
            index = next((i for i, k in enumerate(keys) if _same(k, alt, True)), None)
            if index is not None:
                break
        page = by_page[f.page]
        mention = Mention(
            f.page,
            (f.start, f.end),
            f.text,
            page.box(f.start, f.end),
            page.confidence(f.start, f.end),
        )
        if index is None:
            keys.append(key)
            persons.append(
                Person(
                    f.role,
                    f.rank,
                    f.last,
                    f.first,
                    f.middle,
                    f.initials,
                    f.personal_number,
                    [mention],
                    mention.confidence,  # the fullest form of the name is found first
                    f.unit,
                )
            )
            continue
        p = persons[index]
        p.mentions.append(mention)
        p.rank = p.rank or f.rank
        p.personal_number = p.personal_number or f.personal_number
        p.unit = p.unit or f.unit
        if ROLES.index(f.role) < ROLES.index(p.role):
            p.role = f.role
    for p in persons:
        p.mentions.sort(key=lambda m: (m.page, m.span))
    persons.sort(key=lambda p: (p.mentions[0].page, p.mentions[0].span))
    return persons


def _same(known: tuple[str, str, str], new: tuple[str, str, str], initials: bool) -> bool:
    if known[0] != new[0]:
        return False
    if not initials:
        return known == new
    return known[1] == new[1] and (not new[2] or not known[2] or known[2] == new[2])


def anonymized_count(pages: list[Page]) -> int:
    """How many persons an anonymized ruling hides: distinct "ФИО<n>", and each "<данные
    изъяты>" that stands where a person would (after a rank or a role word)."""
    numbered: set[str] = set()
    unnamed = 0
    for page in pages:
        for m in _ANON.finditer(page.text):
            if m.group(1):
                numbered.add(m.group(1))
            elif _ANON_CONTEXT.search(page.text[max(0, m.start() - 60) : m.start()]):
                unnamed += 1
    return len(numbered) + unnamed

"""Persons in a document: found, brought to the nominative, given a role, and merged so that
each person is one entry however many times the document names them.

A document is read as one unit: its pages are joined (a rank at the foot of one page governs
the name at the head of the next; initials on page 3 join the full name on page 1), and tables
whose cells wrap are rebuilt column by column first (`tables`).

A name is found by its shape: full ("Фамилия Имя Отчество", "Имя Отчество Фамилия"), surname
and first name, or surname and initials (one or two). Its case comes from the word that governs
it, read through pymorphy3's grammar: a rank or any other person noun ("подполковника",
"адвоката") puts the name in apposition, in the same case; any other noun ("рапорт", "в
отношении") takes it in the genitive. Where the form stays ambiguous, the person says so
(`uncertain`) rather than guess silently.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from . import births, fields, tables
from .model import ROLES, Mention, Page, Person
from .names import (
    CASES,
    INDECLINABLE,
    TURKIC,
    Grammar,
    first_name,
    fold,
    is_common_word,
    is_first_name,
    noun_cases,
    opens_clause,
    patronymic,
    surname_and_doubt,
)
from .ranks import RANK_RE, canonical, rank_cases

_UP = "А-ЯЁ"
_LOW = "а-яё"
# A name part; a part after a hyphen may be in lower case (Сарыг-оол, Кара-оолович).
_CAP = rf"[{_UP}][{_UP}{_LOW}]+(?:-[{_UP}{_LOW}][{_UP}{_LOW}]+)?"
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
# Last First, with no patronymic (Tuvan and other names, tables): "Носика Олега".
_LAST_FIRST = re.compile(
    rf"(?<![\w.])(?=(?P<last>{_CAP}){_SP}(?P<first>{_CAP})(?![\w-])(?![ \t]*[{_UP}][.]))"
)
# OCR reads the initial З as the digit 3, and О as 0; the initials accept both.
_UPI = f"{_UP}30"
# OCR often reads the last initial's full stop as a comma ("Хайруллине Э.Р,"). One initial is
# enough ("Дробота Е.", "В. Ляшко") where a rank, a role or a signature vouches for the name.
_LAST_INIT = re.compile(
    rf"(?<![\w.])(?P<last>{_CAP}){_SP}(?P<i1>[{_UPI}])\.[ \t]?(?:(?P<i2>[{_UPI}])[.,])?(?![\w])"
)
_INIT_LAST = re.compile(
    rf"(?<![\w.])(?P<i1>[{_UPI}])\.[ \t]?(?:(?P<i2>[{_UPI}])\.)?(?:[ \t]?|{_SP})"
    rf"(?P<last>{_CAP})(?![\w-])"
)

# A scan may double the hyphen ("ЖП--229547").
_PERSONAL_NUMBER = re.compile(
    rf"(?:(?:личн\w*\s+номер\w*|л/н|ЛН|жетон\w*)\s*[:№]?\s*)?"
    rf"(?<![\w-])(?P<pn>[{_UP}]{{1,2}}[ \t]?[-–]{{1,2}}[ \t]?\d{{6}})(?!\d)",
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
Конституция Кодекс С Уважением Адвокат Адвоката
"""
_NOT_SURNAMES = {fold(w) for w in _NOT_SURNAMES_TEXT.split()}

_MASK = re.compile(
    r"«[^»\n]{0,120}»|\"[^\"\n]{0,120}\"|"
    rf"(?:\b(?:ул|пр-т|пер|пл|им|б-р)\.|\b(?:улиц\w*|проспект\w*|переул\w*|площад\w*|имени|"
    rf"бульвар\w*|набережн\w*|корабл\w*|судн\w*|крейсер\w*|фрегат\w*|корвет\w*|эсминц\w*|"
    rf"подводн\w+\s+лодк\w*))(?:\s+(?:{_CAP}|[{_UP}]\.|\d+\w*)){{1,4}}"
)

# The words that give a person a role in what precedes the name, nearest first. A person
# named as someone's representative is not the party they represent ("представителя истцов").
_ROLE_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"представител\w*|адвокат\w*|защитник\w*", re.I), "representative"),
    (re.compile(r"секретар\w*", re.I), "secretary"),
    (re.compile(r"судь[яиеюй]|председательствующ\w*|в\s+составе", re.I), "judge"),
    (re.compile(r"истц\w*|истец|истиц\w*|заявител\w*|исков\w*\s+заявлени\w*", re.I), "plaintiff"),
]
_ANON = re.compile(r"ФИО\s?(\d+)|[<\[(]\s*данные\s+изъяты\s*[>\])]", re.IGNORECASE)
_ANON_CONTEXT = re.compile(
    rf"(?:{RANK_RE.pattern}|истц\w*|истец|истица|заявител\w*|граждан\w*|представител\w*)\s*$",
    re.IGNORECASE,
)
# Initials with neither rank nor role word are a name only beside a known signal.
_INITIALS_SIGNAL = re.compile(r"рапорт|заявлени|гр\.|граждан|в\s+отношении|обратил", re.I)
_SIGN_OFF = re.compile(r"с\s+уважением|подпис", re.I)
# What ends a person's clause: the next entry of a list.
# A blank line does, and, since OCR drops blank lines, so does a table row's end or a sentence's
# end at a line's end (after a word, a number or an initial; not after an abbreviation: "1990 г.").
_CLAUSE_END = re.compile(
    r";|\n\s*\n|\n[\s|│┃║]*\d+\s*[.)|│┃║]|[|│┃║][ \t]*\n"
    r"|(?:(?<=[а-яёА-ЯЁ]{3})|(?<=\d)|(?<=[А-ЯЁ]))\.[ \t]*\n"
)
_CLAUSE_MAX = 400
# A birth date in a person's own clause, only where words say it is one ("12.03.1999 г.р.",
# "1999 года рождения", "родившегося 12 марта 1999 года", "(1999 г.р.)", "дата рождения:
# 12.03.1999"): the order's date and the dates of an absence stand in the same clauses, and
# a date without those words is never read as a birth date.
_BIRTH_WORDS = r"(?:г\.?\s?р(?:\.|(?![\w-]))|(?:г\.|года?)\s+рожд(?:ения|\.))"
_BIRTH = re.compile(
    # the date, then "г.р.", "г. р.", "года рождения", "г. рождения"
    rf"(?:{births.VALUE}\s*{_BIRTH_WORDS})"
    # or the words, then the date
    rf"|(?:(?:родивш|рожденн|рождённ)[{_LOW}]*|дата\s+рождения|д\.\s?р\.)\s*[:–-]?\s*"
    + births.VALUE.replace("?P<", "?P<b_"),
    re.IGNORECASE,
)
# A birth date that opens a list's entry, before the name: "1999 г.р. рядовой Иванов И.И.",
# "12.03.1999 — Иванов Иван Иванович". Without the words ("г.р.") only a whole date (or month
# and year) set off by a dash or colon, of a man of age on the document's date, and only where
# nothing but a number, a unit or a personal number follows the name on its line.
_BEFORE_NAME = re.compile(
    rf"[ \t]*(?:\d{{1,3}}[.)][ \t]*|[-–—•][ \t]*)?(?P<date>{births.VALUE})"
    rf"(?:[ \t]*(?P<words>{_BIRTH_WORDS}))?[ \t]*(?P<dash>[,:–—-])?[ \t]*$",
    re.IGNORECASE,
)
_BEFORE_NEAR = 120  # characters: an entry's opening date is this near its name, at most
_AFTER_BARE = re.compile(
    r"[\s,.;]*(?:(?:(?:личн\w*\s+номер\w*|л/н|в/ч|войсков\w+\s+част\w+)\s*[:№]?\s*)?"
    r"[\w-]*\d[\w-]*[\s,.;]*)*",
    re.IGNORECASE,
)
# One list of years (or dates) for the names before it, in their order: "рядовые Иванов И.И.,
# Петров П.П., 1999 и 2001 г.р. соответственно".
_PLAIN_VALUE = re.sub(r"\?P<\w+>", "", births.VALUE)
_RESPECTIVE = re.compile(
    rf"(?:соответственно\s*,?\s*)?(?P<list>{_PLAIN_VALUE}(?:\s*(?:,|и)\s*{_PLAIN_VALUE})+)\s*"
    r"(?:г\.?\s?г\.?\s?р\.?|г\.?\s?р(?:\.|(?![\w-]))|(?:гг?\.|годов|года)\s+рожд(?:ения|\.))"
    r"(?:\s*,?\s*соответственно)?",
    re.IGNORECASE,
)
_BIRTH_ANCHOR = re.compile(r"[гГ]\.?\s?[гГ]?\.?\s?[рР](?:\.|(?![\w-]))|[рР]ожд")
_SHARED = re.compile(rf"(?:оба|обе|все|каждый)\s+{births.VALUE}\s*{_BIRTH_WORDS}", re.IGNORECASE)
_BETWEEN_LISTED = re.compile(r"[\s,(]*(?:и\s+)?", re.IGNORECASE)
_BIRTH_NEAR = 160  # characters after the name: a birth date further on is another's, or none
_LOWER_WORD = re.compile(rf"(?<![\w-])[{_LOW}]{{4,}}(?![\w-])")
_CONTEXT = 160  # how far back a rank or role word is looked for, at most


@dataclass
class _Found:
    start: int
    end: int
    form: str  # "full", "fml", "last_first", "initials"
    match: re.Match[str]
    rank: re.Match[str] | None
    weak: bool = False  # initials with nothing to vouch for them: kept only if they join a name
    # Filled in once every name in the document is known:
    last: str = ""
    first: str | None = None
    middle: str | None = None
    role: str = "mentioned"
    personal_number: str | None = None
    unit: str | None = None
    birth_date: str | None = None
    uncertain: str | None = None
    # A date opens his entry that the name before may claim too (`_read`): neither's.
    contested: bool = False
    # For initials whose case nothing settles ("рапорт ... Хайруллиной А.И."): the nominative
    # under every reading, so that the mention can join the full name it abbreviates.
    readings: tuple[str, ...] = ()


class _Document:
    """The pages joined into one text (tables rebuilt), with the way back to each page."""

    def __init__(self, pages: list[Page]) -> None:
        self.pages = pages
        self.rebuilt = [tables.rebuild(p.text) for p in pages]
        self.starts: list[int] = []
        position = 0
        for r in self.rebuilt:
            self.starts.append(position)
            position += len(r.text) + 1
        self.raw = "\n".join(r.text for r in self.rebuilt)
        self.text = masked(self.raw)

    def boxes(self, start: int, end: int) -> tuple[int, tuple[int, int, int, int]] | None:
        """The page and the box of the characters [start, end), where the page has boxes."""
        page, a, b = self.locate(start, end)
        box = page.box(a, b)
        return (page.number, box) if box else None

    def locate(self, start: int, end: int) -> tuple[Page, int, int]:
        i = bisect.bisect_right(self.starts, start) - 1
        rebuilt, base = self.rebuilt[i], self.starts[i]
        local_end = min(end - base, len(rebuilt.text))
        a = rebuilt.original(start - base)
        b = rebuilt.original(max(local_end - 1, start - base)) + 1
        return self.pages[i], a, b


def masked(text: str) -> str:
    """The text with quotations, street and ship names blanked (same length, so spans hold)."""
    return _MASK.sub(lambda m: " " * len(m.group(0)), text)


def find_persons(pages: list[Page], kind: str, written: str | None = None) -> list[Person]:
    """The persons the pages name; `written` is the document's date (`fields.date`), which a
    birth date written without words must be 16 years before."""
    doc = _Document(pages)
    found = _find(doc.text)
    reference = dt.date.fromisoformat(written) if written else dt.date.today()
    _read(doc.text, found, kind, reference)
    _read_births(doc, found, reference)
    return _merge(found, doc)


def _read_births(doc: _Document, found: list[_Found], reference: dt.date) -> None:
    """Each name's birth date: from his own clause (read in `_read`), else from a date that
    opens his entry, a list of dates for the names before it, or a table's birth-date column.
    A date that two names could claim is given to neither."""
    text, today = doc.text, dt.date.today()
    for f in found:
        if (
            f.birth_date is None
            and not f.contested
            and (before := _birth_before(text, f, reference))
        ):
            f.birth_date = before[1]
    for index, value in _respective(text, found, today).items():
        found[index].birth_date = value
    # Under a birth-date header, a date is of a man of age today: the document's date is its
    # heading's first date, which is a row's birth date where the table comes first.
    rows = births.rows(text, doc.boxes, today)
    if not rows:
        return
    starts = [r.start for r in rows]
    in_row: dict[int, list[_Found]] = {}
    for f in found:
        k = bisect.bisect_right(starts, f.start) - 1
        if k >= 0 and f.start < rows[k].end:
            in_row.setdefault(k, []).append(f)
    for k, named in in_row.items():
        value = rows[k].value
        if value is None:
            continue
        if len(named) != 1:
            for f in named:
                f.birth_date = None  # two names in one row: the date is neither's for sure
            continue
        [f] = named
        f.birth_date = value if f.birth_date in (None, value) else None


def _find(text: str) -> list[_Found]:
    """Every name-shaped span, without overlaps, the fuller forms first."""
    ranks = {m.end(): m for m in RANK_RE.finditer(text)}
    taken = bytearray(len(text) + 1)
    out: list[_Found] = []

    def free(a: int, b: int) -> bool:
        return taken.find(1, a, b) < 0

    def take(f: _Found) -> None:
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
        out.append(f)

    for pattern, form in ((_FULL, "full"), (_FULL_FML, "fml")):
        for m in pattern.finditer(text):
            start, end = min(m.start("last"), m.start("first")), max(m.end("last"), m.end("middle"))
            if not free(start, end):
                continue
            if _not_a_name(m.group("last")) or _not_a_name(m.group("first")):
                continue
            if form == "fml" and not is_first_name(m.group("first")):
                continue
            if not _has_patronymic(m.group("middle")):
                continue
            take(_Found(start, end, form, m, _rank_before(ranks, text, start)))
    for pattern in (_LAST_INIT, _INIT_LAST):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()) or _not_a_name(m.group("last")):
                continue
            rank_m = _rank_before(ranks, text, m.start())
            vouched = rank_m is not None or _vouched(text, m.start(), m.end())
            if not m.group("i2") and not vouched:
                continue
            weak = not vouched and not _INITIALS_SIGNAL.search(_before(text, m.start(), 40))
            take(_Found(m.start(), m.end(), "initials", m, rank_m, weak))
    for m in _LAST_FIRST.finditer(text):
        start, end = m.start("last"), m.end("first")
        if not free(start, end) or _not_a_name(m.group("last")):
            continue
        if _not_a_name(m.group("first")) or is_common_word(m.group("first")):
            continue
        rank_m = _rank_before(ranks, text, start)
        # A first name with no patronymic is a person where a rank stands before it, or where
        # the dictionary knows the first name and a table cell or list entry holds the pair.
        if rank_m is None and not (is_first_name(m.group("first")) and _in_cell(text, start, end)):
            continue
        take(_Found(start, end, "last_first", m, rank_m))
    out.sort(key=lambda f: f.start)
    return out


def _not_a_name(word: str) -> bool:
    """A heading's word, or a rank: a scan capitalises a rank that opens a signature line
    ("ПОДПОЛКОВНИК Р.А. Кочемасов", where the typed page had a gap), and the rank word then
    has a surname's shape."""
    return fold(word) in _NOT_SURNAMES or RANK_RE.fullmatch(word) is not None


def _has_patronymic(middle: str) -> bool:
    return len(middle.split()) == 2 or patronymic(middle) is not None


def _in_cell(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start].rstrip(" \t")
    after = text[end : line_end if line_end >= 0 else len(text)].lstrip(" \t")
    return before.endswith(("|", "│", "┃", "║")) and after[:1] in ("|", "│", "┃", "║")


def _before(text: str, start: int, width: int) -> str:
    return text[max(0, start - width) : start]


def _rank_before(ranks: dict[int, re.Match[str]], text: str, start: int) -> re.Match[str] | None:
    """The rank that ends just before `start`, across spaces, a line break or a table's cell
    border."""
    i, other = start, 0
    while i > 0 and text[i - 1] in " \t\n|│┃║:,–—.":
        i -= 1
        other += text[i] not in " \t\n"
        if other > 3:
            return None
    # A full stop ends the rank's sentence, unless a cell's rule follows it ("сержант запаса.|":
    # a speck in a scanned table).
    gap = text[i:start]
    if "." in gap and not any(c in gap for c in "|│┃║"):
        return ranks.get(i + gap.rindex(".") + 1) if gap.rstrip(" \t\n").endswith(".") else None
    return ranks.get(i)


def _line_of(text: str, start: int, end: int) -> tuple[str, str]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start:start], text[end : line_end if line_end >= 0 else len(text)]


def _vouched(text: str, start: int, end: int) -> bool:
    """A role word just before initials, or a signature."""
    before = _before(text, start, 60)
    cut = max(before.rfind(";"), before.rfind("\n\n"))
    before = before[cut + 1 :]
    return any(p.search(before) for p, _ in _ROLE_WORDS) or _in_signature(text, start, end)


def _in_signature(text: str, start: int, end: int) -> bool:
    """A signature: the name ends its line, among the last lines of the document, under a
    position — a person noun in the nominative that opens its line ("Командир …", "Военный
    комиссар") — or a sign-off ("С уважением"), or beside a position that is not a rank
    ("Адвокат Н.С. Мурзина"). A rank alone before the name ("полковник С.В. Кузнецов") signs
    only under a position, or set apart by a gap, as signatures are typed: in a list it is the
    next subject."""
    before, after = _line_of(text, start, end)
    if after.strip(" \t.,") or start < _last_lines(text, 4):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    previous = text[text.rfind("\n", 0, max(line_start - 1, 0)) + 1 : line_start]
    if _SIGN_OFF.search(previous) or _opens_with_position(previous):
        return True
    head = before.strip()
    if not head or not _opens_with_position(head):
        return False
    is_rank = RANK_RE.fullmatch(head) is not None
    return not is_rank or bool(re.search(r"\S(?: {2,}|\t)$", before))


def _opens_with_position(line: str) -> bool:
    """The line opens with a person noun in the nominative (after at most one adjective)."""
    # An initial ("К.И., и") is not a position, though the dictionary reads letters as nouns.
    words = [w for w in re.findall(rf"[{_UP}{_LOW}-]+", line) if len(w) > 2]
    for i, word in enumerate(words[:2]):
        read = noun_cases(word)
        if read is not None and read[1] and "nomn" in read[0]:
            return i == 0 or word[:1].islower() or read[0] == ("nomn",)
    return False


def _last_lines(text: str, count: int) -> int:
    """Where the last `count` non-empty lines of the text begin (read from the end only)."""
    end, seen = len(text), 0
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        seen += bool(text[start:end].strip())
        if seen == count:
            return start
        end = start - 1
    return 0


def _governed(text: str, start: int, rank_m: re.Match[str] | None) -> tuple[str, ...] | None:
    """The cases the governing word allows the name: the rank's, or the word just before."""
    if rank_m is not None:
        return rank_cases(rank_m.group(0))
    before = _before(text, start, 80)
    cut = max(before.rfind(c) for c in ",;:()«»!?")
    words = re.findall(rf"[{_UP}{_LOW}]+(?:-[{_UP}{_LOW}]+)?", before[cut + 1 :])[-4:]
    fallback: tuple[str, ...] | None = None
    for i, word in enumerate(reversed(words)):
        read = noun_cases(word)
        if read is None:
            if i == 0:
                return None  # a verb, a preposition: the name's own forms decide
            continue
        cases, animate = read
        if animate:
            # The person noun the name stands beside: the same case ("при секретаре судебного
            # заседания Бельском").
            return (*cases, "accs") if "gent" in cases and "accs" not in cases else cases
        if i == 0:
            fallback = ("gent",)  # "рапорт Иванова", "в отношении Ивановой"
            if "gent" not in cases:
                return fallback
        elif "gent" not in cases:
            break  # a genitive chain ends here
    return fallback


def _read(text: str, found: list[_Found], kind: str, reference: dt.date) -> None:
    """Each name to the nominative, with its role, personal number and unit, now that every
    name of the document is known (a clause ends where the next person's begins)."""
    previous: _Found | None = None
    for i, f in enumerate(found):
        cases = _governed(text, f.start, f.rank)
        if f.form in ("full", "fml"):
            _read_full(f, cases)
        elif f.form == "last_first":
            _read_last_first(f, cases)
        else:
            _read_initials(f, cases)
        anchor = f.rank.start() if f.rank else f.start
        lo = max(anchor - _CONTEXT, previous.end if previous else 0)
        before = text[lo:anchor]
        if (cut := before.rfind(";")) >= 0:
            before = before[cut + 1 :]
        f.role = _role(text, f, before, kind, previous)
        bound = found[i + 1].start if i + 1 < len(found) else len(text)
        entry = text[f.end : min(bound, f.end + _CLAUSE_MAX)]
        if stop := _CLAUSE_END.search(entry):
            entry = entry[: stop.start()]
        if text[f.end - 1] == "." and re.match(r"[ \t]*\n", entry):
            entry = ""  # initials that end a line end a sentence: "возложить на Гуляева Т.Ф."
        if rank := RANK_RE.search(entry):
            entry = entry[: rank.start()]
        for word in _LOWER_WORD.finditer(entry):
            if opens_clause(word.group(0)):
                entry = entry[: word.start()]
                break
        f.personal_number = _personal_number(entry)
        f.unit = fields.unit(entry)
        opens = _birth_before(text, found[i + 1], reference) if i + 1 < len(found) else None
        if opens is not None and opens[0] < f.end + len(entry):
            # A date that opens the next entry, within this one's reach ("…, 1998 г.р.,\n1999
            # г.р. рядового Петрова"): the next one's if this one has his own, else neither's.
            entry = entry[: opens[0] - f.end]
            found[i + 1].contested = _birth_date(entry[:_BIRTH_NEAR], dt.date.today()) is None
        f.birth_date = _birth_date(entry[:_BIRTH_NEAR], dt.date.today())
        if not f.weak:
            previous = f


def _read_full(f: _Found, cases: tuple[str, ...] | None) -> None:
    m = f.match
    last, first, middle = m.group("last"), m.group("first"), m.group("middle")
    words = middle.split()
    if len(words) == 2:  # "Рашид оглы"
        gender = "femn" if fold(words[1]) in ("кызы", "гызы") else "masc"
        if cases is None and not last.lower().endswith(INDECLINABLE):
            cases = (_case_of_surname(last, gender),)
        # An indeclinable surname ("Шевченко") after an abbreviated rank tells no case: the
        # first name's dictionary reading decides.
        grammar = Grammar(gender, cases)
        f.first, grammar = first_name(first, grammar)
        f.middle = f"{words[0][:1].upper()}{words[0][1:].lower()} {words[1].lower()}"
    else:
        parsed = patronymic(middle) or (middle, Grammar(None, None))  # _find checked it
        f.middle, grammar = parsed
        if cases:
            # The governing word narrows what the patronymic leaves open (feminine -е: dative
            # or prepositional).
            narrowed = tuple(c for c in grammar.cases or () if c in cases)
            grammar = Grammar(grammar.gender, narrowed or grammar.cases)
        f.first, _ = first_name(first, grammar)
    f.last, f.uncertain = surname_and_doubt(last, grammar)


def _read_last_first(f: _Found, cases: tuple[str, ...] | None) -> None:
    last, first = f.match.group("last"), f.match.group("first")
    gender = _surname_gender(last, cases[0] if cases else None)
    f.first, grammar = first_name(first, Grammar(None, cases))
    grammar = Grammar(grammar.gender or gender, cases)
    if grammar.gender != gender and not is_first_name(first):
        grammar = Grammar(gender, cases)
    f.first, _ = first_name(first, grammar)
    f.last, f.uncertain = surname_and_doubt(last, grammar)
    if not is_first_name(first) and cases and "nomn" not in cases:
        f.uncertain = f.uncertain or "first_name"


def _read_initials(f: _Found, cases: tuple[str, ...] | None) -> None:
    m = f.match
    last = m.group("last")
    settled = cases or ("nomn",)
    grammar = Grammar(_surname_gender(last, settled[0]), settled)
    f.last, f.uncertain = surname_and_doubt(last, grammar)
    if cases is None:  # every reading, for the initials to join the name they abbreviate
        readings = {
            surname_and_doubt(last, Grammar(g, (c,)))[0] for g in ("masc", "femn") for c in CASES
        }
        f.readings = tuple(sorted(readings))
        if len({fold(r) for r in readings}) > 1:
            f.uncertain = "case"  # cleared if the initials join a full name
    i1, i2 = _letter(m.group("i1")), _letter(m.group("i2"))
    f.first, f.middle = f"{i1}.", f"{i2}." if i2 else None


def _letter(initial: str | None) -> str | None:
    return {"3": "З", "0": "О"}.get(initial, initial) if initial else None


def _role(text: str, f: _Found, before: str, kind: str, previous: _Found | None) -> str:
    nearest: tuple[int, str] | None = None
    for pattern, role in _ROLE_WORDS:
        for m in pattern.finditer(before):
            if nearest is None or m.end() > nearest[0]:
                nearest = (m.end(), role)
    if nearest is not None and nearest[1] == "plaintiff" and _ROLE_WORDS[0][0].search(before):
        nearest = (nearest[0], "representative")  # "представителя истцов"
    if nearest is not None and nearest[1] in ("judge", "secretary"):
        return nearest[1]
    if _in_signature(text, f.start, f.end):
        return "judge" if kind == "ruling" and nearest and nearest[1] == "judge" else "signatory"
    if nearest is not None:
        return nearest[1]
    # The next in a list ("рядового А, ефрейтора Б и младшего сержанта В") shares its role.
    joined = before.strip(" \t\n,") in ("", "и")
    if joined and previous is not None and previous.role in ("plaintiff", "representative"):
        return previous.role
    if kind == "order" and f.rank is not None:
        return "subject"
    line_start = text.rfind("\n", 0, f.start) + 1
    if kind == "ruling" and re.match(r"\s*\d+[.)]", text[line_start : f.start]):
        return "plaintiff"
    return "mentioned"


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


def _personal_number(entry: str) -> str | None:
    m = _PERSONAL_NUMBER.search(entry)
    if m is None:
        return None
    return re.sub(r"[-–]+", "-", re.sub(r"[ \t]", "", m.group("pn"))).upper()


def _birth_date(entry: str, today: dt.date) -> str | None:
    """The birth date a person's clause gives: "YYYY-MM-DD", or "YYYY-MM" or "YYYY" when only
    so much is written (as `objector.linking.fields.birth` reads it); None where there is none,
    or none that can be a date (31.02.1999, a year to come), or two that disagree."""
    found = {births.value(m.groupdict(), today) for m in _BIRTH.finditer(entry)}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def _birth_before(text: str, f: _Found, reference: dt.date) -> tuple[int, str] | None:
    """A birth date that opens the entry of the name `f` ("1999 г.р. рядовой Иванов И.И."):
    where it starts, and what it says."""
    anchor = f.rank.start() if f.rank else f.start
    # Looked for near the name only: a search back to the text's start for each name would
    # make a long text without line breaks quadratic.
    lo = max(0, anchor - _BEFORE_NEAR)
    cut = max(text.rfind("\n", lo, anchor), text.rfind(";", lo, anchor))
    if cut < 0 and lo > 0:
        return None
    m = _BEFORE_NAME.match(text, cut + 1, anchor)
    if m is None:
        return None
    if m.group("words"):
        found = births.value(m.groupdict(), dt.date.today())
    else:
        whole = m.group("d") or m.group("dw") or m.group("mm")
        line_end = text.find("\n", f.end, f.end + _BEFORE_NEAR)
        after = text[f.end : line_end if line_end >= 0 else f.end + _BEFORE_NEAR]
        if not (whole and m.group("dash") and _AFTER_BARE.fullmatch(after)):
            return None
        found = births.value(m.groupdict(), births.adult_before(reference))
    return (m.start("date"), found) if found else None


def _respective(text: str, found: list[_Found], today: dt.date) -> dict[int, str | None]:
    """The names a list of birth dates after them gives one each, in order (index in `found` →
    date); where the counts differ, each of those names gets none rather than a guess. One date
    for all of them («оба 1999 г.р.») gives each that date."""
    out: dict[int, str | None] = {}
    if not births.may_hold(text):
        return out
    anchors = [m.span() for m in _BIRTH_ANCHOR.finditer(text)]
    ends = [f.end for f in found]
    for m in _near_birth_words(_RESPECTIVE, text, anchors):
        values = [
            births.value(v.groupdict(), today) for v in re.finditer(births.VALUE, m.group("list"))
        ]
        listed = _listed_before(text, found, ends, m.start())
        for n, index in enumerate(listed):
            out[index] = values[n] if len(listed) == len(values) else None
    for m in _near_birth_words(_SHARED, text, anchors):
        value = births.value(m.groupdict(), today)
        listed = _listed_before(text, found, ends, m.start())
        for index in listed if len(listed) > 1 else ():
            out[index] = value
    return out


def _near_birth_words(
    pattern: re.Pattern[str], text: str, anchors: list[tuple[int, int]]
) -> list[re.Match[str]]:
    """The matches of `pattern` that take in birth words ("г.р.", "рождения"; `anchors`), each
    tried only around them: a scan of the whole text from every position costs more than the
    rest of a birth date's reading."""
    out: list[re.Match[str]] = []
    for a, b in anchors:
        for m in pattern.finditer(text, max(0, a - 160), b + 24):
            if m.start() <= a < m.end() and (not out or m.start() >= out[-1].end()):
                out.append(m)
    return out


def _listed_before(text: str, found: list[_Found], ends: list[int], at: int) -> list[int]:
    """The names listed just before `at` ("рядовых А, Б и ефрейтора В, …"), in order."""
    k = bisect.bisect_right(ends, at) - 1
    if k < 0 or not _BETWEEN_LISTED.fullmatch(text, found[k].end, at):
        return []
    listed = [k]
    while k > 0:
        nxt = found[k]
        anchor = nxt.rank.start() if nxt.rank else nxt.start
        if not _BETWEEN_LISTED.fullmatch(text, found[k - 1].end, anchor):
            break
        k -= 1
        listed.append(k)
    listed.reverse()
    return listed


def _merge(found: list[_Found], doc: _Document) -> list[Person]:
    """One entry per person. Full names are one person only when all three parts agree
    (namesakes "Мурзин Антон М." and "Мурзин Артур М." stay two); initials join the full name
    they abbreviate, and where two full names fit, the nearest before them, marked uncertain."""
    order = sorted(found, key=lambda f: (f.form == "initials", f.start))
    persons: list[Person] = []
    full_keys: dict[tuple[str, str, str], int] = {}
    # Surname and first initial → the persons so named, for the initials to look up.
    by_surname: dict[tuple[str, str], list[int]] = {}
    first_start: list[int] = []
    for f in order:
        page, a, b = doc.locate(f.start, f.end)
        box, confidence = page.box(a, b), page.confidence(a, b)
        mention = Mention(page.number, (a, b), page.text[a:b], box, confidence)
        index: int | None = None
        if f.form != "initials":
            key = (fold(f.last), fold(f.first or ""), fold(f.middle or ""))
            index = full_keys.get(key)
        else:
            fits: list[int] = []
            for reading in (f.last, *f.readings):
                named = by_surname.get((fold(reading), fold(f.first or "")[:1]), [])
                # The nearest namesakes first; two fits are enough to know it is ambiguous.
                for i in reversed(named):
                    if _abbreviates(f, persons[i]):
                        fits.append(i)
                        if len(fits) == 2:
                            break
                if fits:
                    break
            if len(fits) > 1:
                before = [i for i in fits if first_start[i] < f.start] or fits
                index = max(before, key=lambda i: first_start[i])
                persons[index].uncertain = persons[index].uncertain or "ambiguous_initials"
            elif fits:
                index = fits[0]
            elif f.weak:
                continue
        if index is None:
            index = len(persons)
            persons.append(
                Person(
                    f.role,
                    canonical(f.rank) if f.rank else None,
                    f.last,
                    f.first,
                    f.middle,
                    f.form == "initials",
                    f.personal_number,
                    [mention],
                    mention.confidence,  # the fullest form of the name is found first
                    f.unit,
                    f.uncertain,
                    f.birth_date,
                )
            )
            first_start.append(f.start)
            by_surname.setdefault((fold(f.last), fold(f.first or "")[:1]), []).append(index)
            if f.form != "initials":
                full_keys[(fold(f.last), fold(f.first or ""), fold(f.middle or ""))] = index
            continue
        p = persons[index]
        p.mentions.append(mention)
        p.rank = p.rank or (canonical(f.rank) if f.rank else None)
        p.personal_number = p.personal_number or f.personal_number
        p.unit = p.unit or f.unit
        p.birth_date = p.birth_date or f.birth_date
        if p.uncertain == "case" and f.form != "initials":
            p.uncertain = None
        if ROLES.index(f.role) < ROLES.index(p.role):
            p.role = f.role
    for p in persons:
        p.mentions.sort(key=lambda m: (m.page, m.span))
    persons.sort(key=lambda p: (p.mentions[0].page, p.mentions[0].span))
    return persons


def _abbreviates(f: _Found, p: Person) -> bool:
    """Initials "П.С." (or "П.") fit a person whose first and middle names start so."""
    first, middle = fold(f.first or "")[:1], fold(f.middle or "")[:1]
    if fold(p.first or "")[:1] != first:
        return False
    return not middle or not p.middle or fold(p.middle)[:1] == middle


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

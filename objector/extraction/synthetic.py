"""Synthetic documents with ground truth, for the evaluation and the tests.

Every name here is invented from common parts; no real person is described. The declensions are
written out by hand, independently of `names.py`, so that the evaluation does not grade the
extractor against its own rules.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass, field
from typing import Any

# Cases: 0 nominative, 1 genitive, 2 dative, 3 accusative, 4 instrumental, 5 prepositional.
NOM, GEN, DAT, ACC, INS, LOC = range(6)

MALE_FIRST = {
    "Иван": "Ивана Ивану Ивана Иваном Иване",
    "Пётр": "Петра Петру Петра Петром Петре",
    "Павел": "Павла Павлу Павла Павлом Павле",
    "Алексей": "Алексея Алексею Алексея Алексеем Алексее",
    "Сергей": "Сергея Сергею Сергея Сергеем Сергее",
    "Дмитрий": "Дмитрия Дмитрию Дмитрия Дмитрием Дмитрии",
    "Игорь": "Игоря Игорю Игоря Игорем Игоре",
    "Никита": "Никиты Никите Никиту Никитой Никите",
    "Илья": "Ильи Илье Илью Ильёй Илье",
    "Артём": "Артёма Артёму Артёма Артёмом Артёме",
    "Рустам": "Рустама Рустаму Рустама Рустамом Рустаме",
    "Ильдар": "Ильдара Ильдару Ильдара Ильдаром Ильдаре",
    "Баир": "Баира Баиру Баира Баиром Баире",
    "Аслан": "Аслана Аслану Аслана Асланом Аслане",
    "Магомед": "Магомеда Магомеду Магомеда Магомедом Магомеде",
    "Тимур": "Тимура Тимуру Тимура Тимуром Тимуре",
    "Эльчин": "Эльчина Эльчину Эльчина Эльчином Эльчине",
    "Вугар": "Вугара Вугару Вугара Вугаром Вугаре",
    "Михаил": "Михаила Михаилу Михаила Михаилом Михаиле",
    "Николай": "Николая Николаю Николая Николаем Николае",
    "Андрей": "Андрея Андрею Андрея Андреем Андрее",
    "Егор": "Егора Егору Егора Егором Егоре",
    "Константин": "Константина Константину Константина Константином Константине",
    "Ярослав": "Ярослава Ярославу Ярослава Ярославом Ярославе",
    "Айдар": "Айдара Айдару Айдара Айдаром Айдаре",
    "Зорикто": "Зорикто Зорикто Зорикто Зорикто Зорикто",
}
FEMALE_FIRST = {
    "Мария": "Марии Марии Марию Марией Марии",
    "Анна": "Анны Анне Анну Анной Анне",
    "Ольга": "Ольги Ольге Ольгу Ольгой Ольге",
    "Елена": "Елены Елене Елену Еленой Елене",
    "Наталья": "Натальи Наталье Наталью Натальей Наталье",
    "Алёна": "Алёны Алёне Алёну Алёной Алёне",
    "Айгуль": "Айгуль Айгуль Айгуль Айгуль Айгуль",
    "Гульнара": "Гульнары Гульнаре Гульнару Гульнарой Гульнаре",
    "Сэсэг": "Сэсэг Сэсэг Сэсэг Сэсэг Сэсэг",
    "Айтен": "Айтен Айтен Айтен Айтен Айтен",
    "Дарья": "Дарьи Дарье Дарью Дарьей Дарье",
    "Светлана": "Светланы Светлане Светлану Светланой Светлане",
}
# Father's names, with the patronymic stem for each gender.
FATHERS = [
    ("Сергеевич", "Сергеевна"),
    ("Петрович", "Петровна"),
    ("Иванович", "Ивановна"),
    ("Алексеевич", "Алексеевна"),
    ("Ильдарович", "Ильдаровна"),
    ("Цыренович", "Цыреновна"),
    ("Рустамович", "Рустамовна"),
    ("Магомедович", "Магомедовна"),
    ("Ильич", "Ильинична"),
    ("Кузьмич", "Кузьминична"),
    ("Андреевич", "Андреевна"),
    ("Николаевич", "Николаевна"),
    ("Тимурович", "Тимуровна"),
    ("Фёдорович", "Фёдоровна"),
    ("Аскарович", "Аскаровна"),
]
TURKIC_FATHERS = ["Рашид", "Гасан", "Алекпер", "Вагиф", "Эльдар"]
TURKIC_MALE = ["Эльчин", "Вугар"]
TURKIC_FEMALE = ["Айтен"]

# Surname stems by declension class; "{}" is the stem.
SURNAMES = {
    "ov": [
        "Иванов",
        "Петров",
        "Кузнецов",
        "Смирнов",
        "Шарипов",
        "Магомедов",
        "Гасанов",
        "Бадмаев",
        "Доржиев",
        "Галиев",
        "Алиев",
        "Цыденов",
        "Соловьёв",
        "Воробьёв",
        "Хайруллин",
        "Сафин",
        "Гарипов",
        "Абдуллаев",
        "Мамедов",
        "Хабибуллин",
        "Ильин",
        "Зиннатуллин",
        "Бородин",
        "Фомин",
        "Карпов",
    ],
    "sky": ["Ковальский", "Заречный", "Высоцкий", "Новицкий", "Бельский"],
    "oy": ["Толстой", "Крутой"],
    "fixed": ["Черных", "Белых", "Седых", "Шевченко", "Бондаренко", "Кикнадзе", "Гелашвили"],
    "yan": ["Петросян", "Григорян", "Аветисян"],
}


def decline_surname(nom: str, cls: str, female: bool, case: int) -> str:
    if cls == "fixed" or (cls == "yan" and female):
        return nom
    if cls == "yan":
        return nom + ["", "а", "у", "а", "ом", "е"][case]
    if cls == "ov":
        if female:
            return nom + ["а", "ой", "ой", "у", "ой", "ой"][case]
        return nom + ["", "а", "у", "а", "ым", "е"][case]
    if cls == "sky":
        stem = nom[:-2]
        ends_f = ["ая", "ой", "ой", "ую", "ой", "ой"]
        ends_m = [nom[-2:], "ого", "ому", "ого", "им" if nom.endswith("ий") else "ым", "ом"]
        return stem + (ends_f if female else ends_m)[case]
    # "oy": Толстой / Толстая
    stem = nom[:-2]
    return (
        stem
        + (
            ["ая", "ой", "ой", "ую", "ой", "ой"]
            if female
            else ["ой", "ого", "ому", "ого", "ым", "ом"]
        )[case]
    )


def female_nominative(nom: str, cls: str) -> str:
    if cls == "ov":
        return nom + "а"
    if cls in ("sky", "oy"):
        return nom[:-2] + "ая"
    return nom


def decline_first(nom: str, female: bool, case: int) -> str:
    forms = (FEMALE_FIRST if female else MALE_FIRST)[nom].split()
    return nom if case == NOM else forms[case - 1]


def decline_patronymic(nom: str, female: bool, case: int) -> str:
    if nom.endswith((" оглы", " кызы")):
        return nom
    if female:
        return nom[:-1] + ["а", "ы", "е", "у", "ой", "е"][case]
    return nom + ["", "а", "у", "а", "ем", "е"][case]


# Rank: nominative, genitive, dative, abbreviated genitive (or None).
RANKS = [
    ("рядовой", "рядового", "рядовому", "ряд."),
    ("ефрейтор", "ефрейтора", "ефрейтору", "ефр."),
    ("младший сержант", "младшего сержанта", "младшему сержанту", "мл. с-та"),
    ("сержант", "сержанта", "сержанту", "с-та"),
    ("старший сержант", "старшего сержанта", "старшему сержанту", "ст. с-та"),
    ("старшина", "старшины", "старшине", None),
    ("прапорщик", "прапорщика", "прапорщику", "пр-ка"),
    ("лейтенант", "лейтенанта", "лейтенанту", "л-та"),
    ("старший лейтенант", "старшего лейтенанта", "старшему лейтенанту", "ст. л-та"),
    ("капитан", "капитана", "капитану", "к-на"),
    ("майор", "майора", "майору", "м-ра"),
    ("матрос", "матроса", "матросу", "матр."),
    ("старший матрос", "старшего матроса", "старшему матросу", "ст. матр."),
    ("старшина 2 статьи", "старшины 2 статьи", "старшине 2 статьи", None),
    (
        "главный корабельный старшина",
        "главного корабельного старшины",
        "главному корабельному старшине",
        None,
    ),
    ("мичман", "мичмана", "мичману", None),
    ("капитан-лейтенант", "капитан-лейтенанта", "капитан-лейтенанту", None),
    ("капитан 3 ранга", "капитана 3 ранга", "капитану 3 ранга", "кап. 3 р."),
]
RANK_WORD_CASE = {NOM: 0, GEN: 1, ACC: 1, DAT: 2}


@dataclass
class Person:
    last: str
    first: str
    middle: str
    female: bool
    cls: str
    rank: int | None = None
    rank_mod: str = ""  # "гвардии" or "запаса"
    personal_number: str | None = None
    role: str = "mentioned"
    initials_only: bool = False
    unit: str | None = None  # named in the person's own entry

    def rank_full(self) -> str | None:
        if self.rank is None:
            return None
        base = RANKS[self.rank][0]
        if self.rank_mod == "гвардии":
            return f"гвардии {base}"
        if self.rank_mod == "запаса":
            return f"{base} запаса"
        return base

    def rank_text(self, case: int, abbreviate: bool = False) -> str:
        forms = RANKS[self.rank or 0]
        word = str(forms[RANK_WORD_CASE[case]])
        if abbreviate and case in (GEN, ACC) and forms[3]:
            word = forms[3]
        if self.rank_mod == "гвардии":
            return f"гвардии {word}"
        if self.rank_mod == "запаса":
            return f"{word} запаса"
        return word

    def full(self, case: int) -> str:
        last_nom = female_nominative(self.last, self.cls) if self.female else self.last
        last = decline_surname(self.last, self.cls, self.female, case) if case else last_nom
        return (
            f"{last} {decline_first(self.first, self.female, case)} "
            f"{decline_patronymic(self.middle, self.female, case)}"
        )

    def initials(self, case: int, before: bool = False) -> str:
        last = decline_surname(self.last, self.cls, self.female, case)
        ini = f"{self.first[0]}.{self.middle[0]}."
        return f"{ini} {last}" if before else f"{last} {ini}"

    def truth(self) -> dict[str, Any]:
        last = female_nominative(self.last, self.cls) if self.female else self.last
        if self.initials_only:
            first, middle = f"{self.first[0]}.", f"{self.middle[0]}."
        else:
            first, middle = self.first, self.middle
        return {
            "role": self.role,
            "rank": self.rank_full(),
            "last": last,
            "first": first,
            "middle": middle,
            "initials_only": self.initials_only,
            "personal_number": self.personal_number,
            "unit": self.unit,
        }


@dataclass
class Synthetic:
    kind: str
    text: str
    persons: list[dict[str, Any]]
    number: str | None = None
    date: str | None = None
    unit: str | None = None
    anonymized_count: int = 0
    layout: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
CITIES = ["Севастополь", "Новосибирск", "Улан-Удэ", "Казань", "Владикавказ", "Мурманск"]


class Generator:
    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.used: set[tuple[str, str, str]] = set()

    def person(self, *, military: bool = True, female: bool | None = None) -> Person:
        rng = self.rng
        while True:
            female = rng.random() < 0.2 if female is None else female
            turkic = rng.random() < 0.08
            cls = rng.choice(["ov"] * 6 + ["sky", "oy", "fixed", "fixed", "yan"])
            last = rng.choice(SURNAMES[cls])
            if turkic:
                first = rng.choice(TURKIC_FEMALE if female else TURKIC_MALE)
                middle = f"{rng.choice(TURKIC_FATHERS)} {'кызы' if female else 'оглы'}"
            else:
                first = rng.choice(list(FEMALE_FIRST if female else MALE_FIRST))
                middle = rng.choice(FATHERS)[1 if female else 0]
            key = (last, first, middle)
            if key not in self.used and (first[0], middle[0], last) not in self.used:
                self.used.add(key)
                self.used.add((first[0], middle[0], last))
                break
        p = Person(last, first, middle, female, cls)
        if military:
            p.rank = rng.randrange(len(RANKS))
            p.rank_mod = rng.choice(["", "", "", "", "гвардии", "запаса"])
            letters = "АБВГДЕЖИКЛМНОПРСТУ"
            p.personal_number = (
                f"{rng.choice(letters)}{rng.choice(letters)}-{rng.randrange(100000, 999999)}"
            )
        return p

    def heading_date(self) -> tuple[str, str]:
        y, m, d = (
            self.rng.randrange(2022, 2026),
            self.rng.randrange(1, 13),
            self.rng.randrange(1, 29),
        )
        return f"{d} {MONTHS[m - 1]} {y} г.", f"{y:04d}-{m:02d}-{d:02d}"

    def _caps(self, text: str, p: float) -> str:
        return text.upper() if self.rng.random() < p else text

    def order(self, n: int | None = None, layout: str | None = None) -> Synthetic:
        rng = self.rng
        self.used.clear()
        layout = layout or rng.choice(["list", "table", "dative", "numbered"])
        n = n or rng.randrange(2, 12)
        unit = str(rng.randrange(10000, 99999))
        number = f"{rng.randrange(1, 400)}"
        date_text, date_iso = self.heading_date()
        persons = [self.person() for _ in range(n)]
        for p in persons:
            p.role = "subject"
        lines = [
            f"ПРИКАЗ\nкомандира войсковой части {unit}",
            f"{date_text}{' ' * 20}№ {number}",
            f"г. {rng.choice(CITIES)}",
            "",
        ]
        lines.append("Об исключении из списков личного состава части")
        lines.append(
            "В соответствии со ст. 51 Федерального закона от 28.03.1998 № 53-ФЗ «О воинской "
            "обязанности и военной службе»"
        )
        lines.append("ПРИКАЗЫВАЮ:")
        if layout == "table":
            lines.append("1. Исключить из списков личного состава части военнослужащих:")
            lines.append("№ | Воинское звание | Фамилия, имя, отчество | Личный номер")
            for i, p in enumerate(persons, 1):
                lines.append(
                    f"{i} | {p.rank_text(NOM)} | {self._caps(p.full(NOM), 0.3)} | "
                    f"{p.personal_number}"
                )
        elif layout == "units":
            # An order of a higher command over several units: each entry names its unit.
            lines.append("1. Исключить из списков личного состава:")
            for p in persons:
                p.unit = f"войсковая часть {rng.randrange(10000, 99999)}"
                where = rng.choice([p.unit, p.unit.replace("войсковая часть", "в/ч")])
                lines.append(f"{p.rank_text(GEN)} {p.full(GEN)}, {where}, л/н {p.personal_number};")
        elif layout == "dative":
            lines.append("1. Объявить строгий выговор:")
            for p in persons:
                lines.append(f"{p.rank_text(DAT)} {p.full(DAT)}, личный номер {p.personal_number};")
        else:
            lines.append("1. Исключить из списков личного состава части:")
            caps = rng.random() < 0.3
            for i, p in enumerate(persons, 1):
                name = p.full(GEN).upper() if caps else p.full(GEN)
                rank = p.rank_text(GEN, abbreviate=rng.random() < 0.5)
                pn = rng.choice(
                    [f", личный номер {p.personal_number}", f", л/н {p.personal_number}"]
                )
                prefix = f"{i}) " if layout == "numbered" else ""
                lines.append(f"{prefix}{rank} {name}{pn};")
        # Later mentions by initials: the same persons, not new ones.
        ground = rng.sample(persons, k=min(len(persons), rng.randrange(1, 3)))
        lines.append("2. Начальнику штаба обеспечить исключение в установленный срок.")
        lines.append(
            "3. Сведения направить в распоряжение командира корабля «Вице-адмирал Захарьин», "
            "адрес: г. Мурманск, ул. Адмирала Головко, д. 3."
        )
        lines.append(
            "Основание: "
            + "; ".join(f"рапорт {p.rank_text(GEN)} {p.initials(GEN)}" for p in ground)
            + "."
        )
        signer = self.person()
        signer.role = "signatory"
        signer.initials_only = True
        signer.rank_mod = ""
        signer.rank = rng.choice([9, 10, 16, 17])
        signer.personal_number = None
        lines += [
            "",
            f"Командир войсковой части {unit}",
            f"{signer.rank_text(NOM)}{' ' * 30}{signer.initials(NOM, before=True)}",
        ]
        text = _wrap("\n".join(lines))
        truth = [p.truth() for p in persons] + [signer.truth()]
        return Synthetic(
            "order", text, truth, number, date_iso, f"войсковая часть {unit}", layout=layout
        )

    def ruling(self, anonymized: bool = False, n: int | None = None) -> Synthetic:
        rng = self.rng
        self.used.clear()
        date_text, date_iso = self.heading_date()
        number = f"2а-{rng.randrange(10, 999)}/{date_iso[:4]}"
        city = rng.choice(CITIES)
        court = f"{city.replace('-', '-')} гарнизонный военный суд"
        judge = self.person(military=False)
        judge.role, judge.initials_only = "judge", True
        secretary = self.person(military=False)
        secretary.role, secretary.initials_only = "secretary", True
        n = n or rng.randrange(1, 8)
        plaintiffs = [self.person() for _ in range(n)]
        for p in plaintiffs:
            p.role, p.personal_number = "plaintiff", None
        unit = str(rng.randrange(10000, 99999))
        lines = [
            "РЕШЕНИЕ",
            "ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ",
            f"Дело № {number}",
            f"{date_text}{' ' * 20}г. {city}",
            "",
            f"{court} в составе председательствующего судьи {judge.initials(GEN)}, "
            f"при секретаре судебного заседания {secretary.initials(LOC)},",
        ]
        truth = [judge.truth(), secretary.truth()]
        if anonymized:
            lines.append(
                "рассмотрев в открытом судебном заседании административное дело по "
                "административному исковому заявлению военнослужащих войсковой части "
                f"{unit} " + ", ".join(f"ФИО{i}" for i in range(1, n + 1)) + " об оспаривании "
                "действий командира войсковой части, проживающих по адресу: <данные изъяты>,"
            )
            lines.append("установил:")
            lines.append(
                "ФИО1 проходил военную службу по контракту в <данные изъяты> с "
                f"{date_iso[:4]} года."
            )
        else:
            lines.append(
                "рассмотрев в открытом судебном заседании административное дело по "
                f"административному исковому заявлению военнослужащих войсковой части {unit}:"
            )
            for i, p in enumerate(plaintiffs, 1):
                lines.append(f"{i}. {p.rank_text(GEN)} {p.full(GEN)};")
            # The first is named again below with the unit he serves in.
            plaintiffs[0].unit = f"войсковая часть {unit}"
            truth += [p.truth() for p in plaintiffs]
            lines.append("установил:")
            first = plaintiffs[0]
            lines.append(
                f"Административный истец {first.initials(NOM)} проходит военную службу в "
                f"войсковой части {unit}, расположенной по ул. Маршала Жукова."
            )
        lines.append(
            "Руководствуясь ст. 59 Конституции РФ, ст. 175-180 КАС РФ, суд решил: в "
            "удовлетворении административного искового заявления отказать."
        )
        lines += ["", f"Судья{' ' * 30}{judge.initials(NOM, before=True)}"]
        text = _wrap("\n".join(lines))
        return Synthetic(
            "ruling",
            text,
            truth,
            number,
            date_iso,
            f"войсковая часть {unit}",
            anonymized_count=n if anonymized else 0,
            layout="anonymized" if anonymized else "ruling",
            meta={"court": court},
        )

    def letter(self) -> Synthetic:
        rng = self.rng
        self.used.clear()
        date_text, date_iso = self.heading_date()
        number = f"{rng.randrange(100, 9999)}/{rng.randrange(1, 99)}"
        addressee = self.person(military=False)
        addressee.initials_only, addressee.role = True, "mentioned"
        son = self.person(female=False)
        son.role = "mentioned"
        son.personal_number = None
        signer = self.person(female=False)
        signer.rank, signer.rank_mod, signer.personal_number = 10, "", None
        signer.role, signer.initials_only = "signatory", True
        unit = str(rng.randrange(10000, 99999))
        son.unit = f"войсковая часть {unit}"  # "проходит военную службу в войсковой части …"
        text = _wrap(
            "\n".join(
                [
                    "Военный комиссариат Республики Бурятия",
                    f"Исх. № {number} от {date_text}",
                    "",
                    ("Гражданке " if addressee.female else "Гражданину ") + addressee.initials(DAT),
                    "",
                    f"На Ваше обращение сообщаем, что {son.rank_text(NOM)} {son.full(NOM)} "
                    "проходит "
                    f"военную службу по призыву в войсковой части {unit}. Оснований для увольнения "
                    "в соответствии со ст. 51 Федерального закона № 53-ФЗ не имеется.",
                    "",
                    "Военный комиссар",
                    f"{signer.rank_text(NOM)}{' ' * 30}{signer.initials(NOM, before=True)}",
                ]
            )
        )
        truth = [addressee.truth(), son.truth(), signer.truth()]
        truth[1]["personal_number"] = None
        return Synthetic(
            "letter", text, truth, number, date_iso, f"войсковая часть {unit}", layout="letter"
        )

    def corpus(self, count: int) -> list[Synthetic]:
        docs: list[Synthetic] = []
        for i in range(count):
            pick = i % 6
            if pick < 3:
                docs.append(self.order())
            elif pick == 3:
                docs.append(self.ruling())
            elif pick == 4:
                docs.append(self.ruling(anonymized=True))
            else:
                docs.append(self.letter())
        return docs


def _wrap(text: str, width: int = 92) -> str:
    """Lines as a printed page breaks them; names may straddle a line end, as on paper."""
    out = []
    for line in text.split("\n"):
        if len(line) <= width or "|" in line or "  " in line:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)


# Orders and rulings are printed in Times New Roman (Liberation Serif has its metrics), 12-14 pt.
FONT_PATHS = (
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
LINES_PER_PAGE = 42
POINTS = 13


def render_scan(
    text: str, *, dpi: int = 300, noise: float = 0.0, skew: float = 0.0, seed: int = 0
) -> list[Any]:
    """The text printed on A4 at 13 pt and scanned: one greyscale image per page, with Gaussian
    noise (standard deviation `noise` in grey levels), specks, and a skew of `skew` degrees."""
    import os

    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    path = next((p for p in FONT_PATHS if os.path.exists(p)), None)
    if path is None:
        raise RuntimeError("no Cyrillic font: run scripts/install-ocr")
    rng = np.random.default_rng(seed)
    font = ImageFont.truetype(path, round(POINTS / 72 * dpi))
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    margin, step = round(0.8 * dpi), round(POINTS / 72 * dpi * 1.45)
    lines = []
    for line in text.split("\n"):
        lines.extend(_fit(line, font, width - 2 * margin))
    pages = []
    for first in range(0, max(len(lines), 1), LINES_PER_PAGE):
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        y = margin
        for line in lines[first : first + LINES_PER_PAGE]:
            draw.text((margin, y), line, font=font, fill=0)
            y += step
        if skew:
            image = image.rotate(
                skew, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False
            )
        if noise:
            pixels = np.asarray(image, dtype=np.float64) + rng.normal(0, noise, image.size[::-1])
            specks = rng.random(pixels.shape) < 0.002
            pixels[specks] = 0
            image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
        image.info["dpi"] = (dpi, dpi)
        pages.append(image)
    return pages


def render_photo(text: str, *, seed: int = 0) -> list[Any]:
    """The text photographed with a phone: 200 dpi worth of pixels, a shadow across the page,
    sensor noise, a tilt, JPEG at quality 70, and the 72 dpi cameras write into the header."""
    import io

    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    photos = []
    for page in render_scan(text, dpi=200, skew=float(rng.uniform(-2, 2)), seed=seed):
        pixels = np.asarray(page, dtype=np.float64)
        height, width = pixels.shape
        ys, xs = np.mgrid[0:height, 0:width]
        light = 0.55 + 0.45 * (xs / width) * (0.6 + 0.4 * ys / height)
        pixels = pixels * light + rng.normal(0, 8, pixels.shape)
        out = io.BytesIO()
        Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(
            out, format="JPEG", quality=70, dpi=(72, 72)
        )
        out.seek(0)
        photo = Image.open(out)
        photo.load()
        photos.append(photo)
    return photos


def _fit(line: str, font: Any, width: int) -> list[str]:
    """A line broken where the printed page would break it."""
    if font.getlength(line) <= width:
        return [line]
    if "  " in line:  # a signature line: close up the gap between position and name
        line = " ".join(line.split())
        if font.getlength(line) <= width:
            return [line]
    out, current = [], ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and font.getlength(candidate) > width:
            out.append(current)
            current = word
        else:
            current = candidate
    out.append(current)
    return out

"""Synthetic documents with ground truth, for the evaluation and the tests.

Every name here is invented from common parts; no real person is described. The declensions are
written out by hand, independently of `names.py`, so that the evaluation does not grade the
extractor against its own rules.
"""

from __future__ import annotations

import json
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Cases: 0 nominative, 1 genitive, 2 dative, 3 accusative, 4 instrumental, 5 prepositional.
NOM, GEN, DAT, ACC, INS, LOC = range(6)

_POOLS = Path(__file__).with_name("names_data")


@dataclass(frozen=True)
class Pool:
    """Name parts, with every oblique form written out by hand (names_data/*.json)."""

    male_first: dict[str, str]
    female_first: dict[str, str]
    female_first_rare: dict[str, str]  # names pymorphy3's dictionary lacks
    male_first_tuvan: dict[str, str]
    fathers: list[tuple[str, str]]
    fathers_tuvan: list[tuple[str, str]]
    turkic_fathers: list[str]
    turkic_male: dict[str, str]
    turkic_female: dict[str, str]
    surnames: dict[str, list[str]]
    irregular: dict[str, str]

    @classmethod
    def load(cls, name: str) -> Pool:
        data = json.loads((_POOLS / f"{name}.json").read_text(encoding="utf-8"))
        fields = {k: v for k, v in data.items() if not k.startswith("_")}
        fields["fathers"] = [tuple(f) for f in fields["fathers"]]
        fields["fathers_tuvan"] = [tuple(f) for f in fields["fathers_tuvan"]]
        return cls(**fields)

    def first_forms(self, nom: str) -> str:
        for table in (
            self.male_first,
            self.female_first,
            self.female_first_rare,
            self.male_first_tuvan,
            self.turkic_male,
            self.turkic_female,
        ):
            if nom in table:
                return table[nom]
        raise KeyError(nom)


POOLS = ("train", "heldout", "heldout2", "heldout3")


def decline_surname(
    nom: str, cls: str, female: bool, case: int, irregular: dict[str, str] | None = None
) -> str:
    if cls == "fixed" or (cls in ("yan", "irregular") and female):
        return nom
    if cls == "irregular":
        return nom if case == NOM else (irregular or {})[nom].split()[case - 1]
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


def decline_first(forms: str, nom: str, case: int) -> str:
    return nom if case == NOM else forms.split()[case - 1]


def decline_patronymic(nom: str, female: bool, case: int) -> str:
    if nom.endswith((" оглы", " кызы")) or not nom:
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
    ("подполковник", "подполковника", "подполковнику", "п/п-ка"),
    ("полковник", "полковника", "полковнику", "п-ка"),
    ("генерал-майор", "генерал-майора", "генерал-майору", None),
    ("генерал-лейтенант", "генерал-лейтенанта", "генерал-лейтенанту", None),
]
SENIOR = range(18, 22)  # the ranks above: an order's list rarely holds them
RANK_WORD_CASE = {NOM: 0, GEN: 1, ACC: 1, DAT: 2}


@dataclass
class Person:
    last: str
    first: str
    middle: str  # "" where the name has no patronymic
    female: bool
    cls: str
    forms: str = ""  # the first name's oblique forms, by hand
    irregular: dict[str, str] = field(default_factory=dict, repr=False)
    rank: int | None = None
    rank_mod: str = ""  # "гвардии" or "запаса"
    personal_number: str | None = None
    role: str = "mentioned"
    initials_only: bool = False
    single: bool = False  # one initial only ("В. Ляшко")
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

    def surname(self, case: int) -> str:
        if case == NOM:
            return female_nominative(self.last, self.cls) if self.female else self.last
        return decline_surname(self.last, self.cls, self.female, case, self.irregular)

    def full(self, case: int) -> str:
        name = f"{self.surname(case)} {decline_first(self.forms, self.first, case)}"
        middle = decline_patronymic(self.middle, self.female, case)
        return f"{name} {middle}" if middle else name

    def initials(self, case: int, before: bool = False) -> str:
        last = self.surname(case)
        ini = f"{self.first[0]}." if self.single or not self.middle else (
            f"{self.first[0]}.{self.middle[0]}."
        )  # fmt: skip
        return f"{ini} {last}" if before else f"{last} {ini}"

    def truth(self) -> dict[str, Any]:
        if self.initials_only:
            first: str | None = f"{self.first[0]}."
            middle = f"{self.middle[0]}." if self.middle and not self.single else None
        else:
            first, middle = self.first, self.middle or None
        return {
            "role": self.role,
            "rank": self.rank_full(),
            "last": self.surname(NOM),
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
    """Synthetic documents from one pool of names ("train", or "heldout": other names, never
    tuned on) and one seed."""

    def __init__(self, seed: int = 1, pool: str = "train") -> None:
        self.rng = random.Random(seed)
        self.pool = Pool.load(pool)
        self.used: set[tuple[str, str, str]] = set()

    def person(
        self,
        *,
        military: bool = True,
        female: bool | None = None,
        variety: str = "",
        surname_class: str | None = None,
    ) -> Person:
        """A person; `variety` asks for a hard kind of name: "rare_female" (a first name the
        dictionary lacks), "tuvan" (lower-case hyphenated parts), "no_patronymic"."""
        rng, pool = self.rng, self.pool
        while True:
            female = rng.random() < 0.2 if female is None else female
            if variety == "rare_female":
                female = True
            if variety == "tuvan":
                female = False
            turkic = not variety and rng.random() < 0.08
            cls = surname_class or rng.choice(["ov"] * 6 + ["sky", "oy", "fixed", "fixed", "yan"])
            last = rng.choice(
                list(pool.irregular) if cls == "irregular" else pool.surnames[cls]
            )  # fmt: skip
            if variety == "tuvan":
                first = rng.choice(list(pool.male_first_tuvan))
                middle = rng.choice(pool.fathers_tuvan)[0]
            elif variety == "rare_female":
                first = rng.choice(list(pool.female_first_rare))
                middle = rng.choice(pool.fathers)[1]
            elif turkic:
                first = rng.choice(list(pool.turkic_female if female else pool.turkic_male))
                middle = f"{rng.choice(pool.turkic_fathers)} {'кызы' if female else 'оглы'}"
            else:
                first = rng.choice(list(pool.female_first if female else pool.male_first))
                middle = rng.choice(pool.fathers)[1 if female else 0]
            if variety == "no_patronymic":
                middle = ""
            key = (last, first, middle)
            if key not in self.used and (first[0], middle[:1], last) not in self.used:
                self.used.add(key)
                self.used.add((first[0], middle[:1], last))
                break
        p = Person(last, first, middle, female, cls, pool.first_forms(first), pool.irregular)
        if military:
            p.rank = rng.randrange(SENIOR.start)
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

    def corpus(self, count: int, hard: bool = False) -> list[Synthetic]:
        """`count` documents: orders, rulings and letters; with `hard`, every other one shows
        one of the CLASSES of failure issue #15 found, in turn."""
        docs: list[Synthetic] = []
        for i in range(count):
            if hard and i % 2:
                docs.append(self.hard(CLASSES[(i // 2) % len(CLASSES)]))
                continue
            pick = (i // 2 if hard else i) % 6
            if pick < 3:
                docs.append(self.order())
            elif pick == 3:
                docs.append(self.ruling())
            elif pick == 4:
                docs.append(self.ruling(anonymized=True))
            else:
                docs.append(self.letter())
        return docs

    # The hard classes. Each document's layout names its class, for the benchmark's F1 by class.

    def hard(self, cls: str) -> Synthetic:
        if cls not in CLASSES:
            raise ValueError(f"unknown class {cls!r}: one of {', '.join(CLASSES)}")
        doc: Synthetic = getattr(self, f"_hard_{cls}")()
        doc.layout = cls
        return doc

    def _head(self, unit: str) -> list[str]:
        date_text, _ = self.heading_date()
        return [
            f"ПРИКАЗ\nкомандира войсковой части {unit}",
            f"{date_text}{' ' * 20}№ {self.rng.randrange(1, 400)}",
            f"г. {self.rng.choice(CITIES)}",
            "",
            "ПРИКАЗЫВАЮ:",
        ]

    def _signed(self, lines: list[str], unit: str, single: bool = False) -> Person:
        signer = self.person()
        signer.role, signer.initials_only, signer.rank_mod = "signatory", True, ""
        signer.single, signer.personal_number = single, None
        signer.rank = self.rng.choice([9, 10, 18, 19])
        position = self.rng.choice(["Командир войсковой части", "Начальник штаба войсковой части"])
        lines += ["", f"{position} {unit}"]
        lines.append(f"{signer.rank_text(NOM)}{' ' * 30}{signer.initials(NOM, before=True)}")
        return signer

    def _subjects(self, n: int, **kw: Any) -> list[Person]:
        self.used.clear()
        out = [self.person(**kw) for _ in range(n)]
        for p in out:
            p.role = "subject"
        return out

    def _order_of(
        self, persons: list[Person], entries: list[str], single: bool = False
    ) -> Synthetic:
        unit = str(self.rng.randrange(10000, 99999))
        lines = [*self._head(unit), "1. Исключить из списков личного состава части:", *entries]
        signer = self._signed(lines, unit, single)
        truth = [p.truth() for p in persons] + [signer.truth()]
        return Synthetic("order", _wrap("\n".join(lines)), truth, unit=f"войсковая часть {unit}")

    def _hard_wrapped_table(self) -> Synthetic:
        persons = self._subjects(self.rng.randrange(2, 7))
        rows = ["| № | Воинское звание | Фамилия, имя, отчество | Личный номер |"]
        for i, p in enumerate(persons, 1):
            name = p.full(NOM)
            head, _, tail = name.rpartition(" ")
            rank = p.rank_text(NOM)
            rank_head, _, rank_tail = rank.partition(" ") if " " in rank else (rank, "", "")
            rows.append(f"| {i} | {rank_head} | {head} | {p.personal_number} |")
            rows.append(f"|   | {rank_tail} | {tail} |   |")
        return self._order_of(persons, rows)

    def _hard_box_table(self) -> Synthetic:
        persons = self._subjects(self.rng.randrange(2, 6))
        rule = "├────┼──────────────────────┼──────────────────────────┼────────────┤"
        rows = ["┌────┬──────────────────────┬──────────────────────────┬────────────┐"]
        for i, p in enumerate(persons, 1):
            last, first, *middle = p.full(NOM).split(" ", 2)
            rows.append(f"│ {i:<2} │ {p.rank_text(NOM):<20} │ {last + ' ' + first:<24} │ "
                        f"{p.personal_number:<10} │")  # fmt: skip
            rows.append(f"│    │                      │ {' '.join(middle):<24} │            │")
            rows.append(rule)
        rows[-1] = "└────┴──────────────────────┴──────────────────────────┴────────────┘"
        return self._order_of(persons, rows)

    def _hard_single_initial(self) -> Synthetic:
        persons = self._subjects(self.rng.randrange(2, 6))
        entries = []
        for p in persons:
            p.initials_only = p.single = True
            entries.append(f"{p.rank_text(GEN)} {p.initials(GEN)}, л/н {p.personal_number};")
        return self._order_of(persons, entries, single=True)

    def _hard_namesakes(self) -> Synthetic:
        persons = self._subjects(2, female=False, surname_class="ov")
        twin = persons[1]
        pool = [f for f in self.pool.male_first if f != persons[0].first]
        same = [f for f in pool if f[0] == persons[0].first[0]]
        twin.last, twin.cls = persons[0].last, persons[0].cls
        twin.first = self.rng.choice(same or pool)
        twin.forms = self.pool.first_forms(twin.first)
        persons += self._subjects(self.rng.randrange(0, 3))
        entries = [f"{p.rank_text(GEN)} {p.full(GEN)}, личный номер {p.personal_number};"
                   for p in persons]  # fmt: skip
        return self._order_of(persons, entries)

    def _hard_no_patronymic(self) -> Synthetic:
        persons = self._subjects(self.rng.randrange(2, 6), variety="no_patronymic")
        entries = [f"{p.rank_text(GEN)} {p.full(GEN)}, личный номер {p.personal_number};"
                   for p in persons]  # fmt: skip
        return self._order_of(persons, entries)

    def _hard_fleeting_vowel(self) -> Synthetic:
        persons = self._subjects(self.rng.randrange(2, 5), female=False, surname_class="irregular")
        entries = [f"{p.rank_text(GEN)} {p.full(GEN)}, личный номер {p.personal_number};"
                   for p in persons]  # fmt: skip
        return self._order_of(persons, entries)

    def _hard_short_stem(self) -> Synthetic:
        persons = self._subjects(self.rng.randrange(2, 5), surname_class="fixed")
        persons += self._subjects(self.rng.randrange(1, 3), female=False, surname_class="irregular")
        persons = persons[-4:]
        self.rng.shuffle(persons)
        entries = [f"{p.rank_text(DAT)} {p.full(DAT)}, личный номер {p.personal_number};"
                   for p in persons]  # fmt: skip
        unit = str(self.rng.randrange(10000, 99999))
        lines = [*self._head(unit), "1. Объявить благодарность:", *entries]
        signer = self._signed(lines, unit)
        truth = [p.truth() for p in persons] + [signer.truth()]
        return Synthetic("order", _wrap("\n".join(lines)), truth)

    def _hard_unknown_feminine(self) -> Synthetic:
        persons = self._subjects(self.rng.randrange(2, 5), variety="rare_female")
        case = self.rng.choice([GEN, ACC])
        entries = [f"{p.rank_text(case)} {p.full(case)}, личный номер {p.personal_number};"
                   for p in persons]  # fmt: skip
        return self._order_of(persons, entries)

    def _hard_hyphen_lower(self) -> Synthetic:
        persons = self._subjects(self.rng.randrange(2, 4), variety="tuvan", surname_class="yan")
        entries = [f"{p.rank_text(GEN)} {p.full(GEN)}, л/н {p.personal_number};" for p in persons]
        return self._order_of(persons, entries)

    def _hard_senior_rank(self) -> Synthetic:
        persons = self._subjects(self.rng.randrange(2, 5))
        entries = []
        for p in persons:
            p.rank, p.rank_mod, p.initials_only = self.rng.choice(SENIOR), "", True
            entries.append(f"{p.rank_text(GEN)} {p.initials(GEN)}, л/н {p.personal_number};")
        return self._order_of(persons, entries)

    def _letter_frame(self, body: list[str], signer: Person, position: str) -> list[str]:
        date_text, _ = self.heading_date()
        unit = self.rng.randrange(10000, 99999)
        return [
            f"Командиру войсковой части {unit}",
            f"Исх. № {self.rng.randrange(10, 999)} от {date_text}",
            "",
            "Уважаемый командир!",
            *body,
            "С уважением,",
            f"{position}{' ' * 26}{signer.initials(NOM, before=True)}",
        ]

    def _hard_governing_noun(self) -> Synthetic:
        """A lawyer's letter: names after "адвоката", "в интересах", "в отношении", "рапорта
        командира роты капитана", each in the case its governing word asks."""
        self.used.clear()
        lawyer = self.person(military=False)
        lawyer.role, lawyer.initials_only = "signatory", True
        client = self.person()
        client.personal_number = None
        other = self.person(military=False)
        other.initials_only = True
        officer = self.person()
        officer.rank, officer.rank_mod, officer.personal_number = 9, "", None
        officer.initials_only = True
        body = [
            f"В производстве адвоката {lawyer.initials(GEN)} находится поручение в интересах "
            f"{client.rank_text(GEN)} {client.full(GEN)}. Прошу сообщить, принималось ли решение "
            f"в отношении {other.initials(GEN)}, и направить копию рапорта командира роты "
            f"{officer.rank_text(GEN)} {officer.initials(GEN)}.",
        ]
        lines = self._letter_frame(body, lawyer, "Адвокат")
        truth = [p.truth() for p in (lawyer, client, other, officer)]
        return Synthetic("letter", _wrap("\n".join(lines)), truth)

    def _hard_line_break(self) -> Synthetic:
        """A rank at the end of one line, the name it governs on the next."""
        persons = self._subjects(self.rng.randrange(2, 5))
        lines = []
        for p in persons:
            case = self.rng.choice([DAT, GEN])
            verb = "Объявить выговор за нарушение распорядка дня" if case == DAT else (
                "Полагать сдавшим дела и должность"
            )  # fmt: skip
            name = p.full(case) if self.rng.random() < 0.5 else p.initials(case)
            p.initials_only = name == p.initials(case)
            lines.append(f"{verb} {p.rank_text(case)}\n{name}, л/н {p.personal_number}.")
        return self._order_of(persons, lines)

    def _hard_pages(self) -> Synthetic:
        """An order over two pages: the second has no heading, starts in the middle of the list
        (the rank at the foot of page 1) and names a subject again by initials only."""
        persons = self._subjects(self.rng.randrange(3, 7))
        unit = str(self.rng.randrange(10000, 99999))
        lines = [*self._head(unit), "1. Исключить из списков личного состава части:"]
        for i, p in enumerate(persons):
            rank = p.rank_text(GEN)
            if i == len(persons) // 2:
                lines.append(f"{rank}\f{p.full(GEN)}, личный номер {p.personal_number};")
            else:
                lines.append(f"{rank} {p.full(GEN)}, личный номер {p.personal_number};")
        again = self.rng.choice(persons)
        lines.append(f"2. Контроль за сдачей имущества возложить на {again.initials(ACC)}")
        signer = self._signed(lines, unit)
        truth = [p.truth() for p in persons] + [signer.truth()]
        return Synthetic("order", "\n".join(lines), truth)

    def _hard_far_number(self) -> Synthetic:
        persons = self._subjects(self.rng.randrange(2, 5))
        posts = ["механика-водителя танкового взвода мотострелковой роты",
                 "стрелка-помощника гранатомётчика второго отделения",
                 "водителя автомобильного отделения взвода обеспечения"]  # fmt: skip
        entries = []
        for p in persons:
            name = p.full(GEN).upper() if self.rng.random() < 0.3 else p.full(GEN)
            entries.append(
                f"{p.rank_text(GEN)} {name}, {self.rng.choice(posts)}, "
                f"{self.rng.randrange(1975, 2005)} года рождения, личный номер {p.personal_number};"
            )
        return self._order_of(persons, entries)

    def _hard_roles(self) -> Synthetic:
        """A ruling: plaintiffs in one paragraph, their representative, and an officer whose
        report is cited (a position word in running text, not a signature)."""
        self.used.clear()
        judge = self.person(military=False)
        judge.role, judge.initials_only = "judge", True
        secretary = self.person(military=False)
        secretary.role, secretary.initials_only = "secretary", True
        plaintiffs = [self.person() for _ in range(self.rng.randrange(2, 5))]
        for p in plaintiffs:
            p.role, p.personal_number = "plaintiff", None
        agent = self.person(military=False)
        agent.role = "representative"
        officer = self.person()
        officer.rank, officer.rank_mod, officer.personal_number = 9, "", None
        officer.initials_only = True
        named = ", ".join(f"{p.rank_text(GEN)} {p.full(GEN)}" for p in plaintiffs[:-1])
        last = plaintiffs[-1]
        whose = "истцов" if len(plaintiffs) > 1 else "истца"
        lines = [
            "РЕШЕНИЕ",
            "ИМЕНЕМ РОССИЙСКОЙ ФЕДЕРАЦИИ",
            f"Гарнизонный военный суд в составе председательствующего судьи {judge.initials(GEN)}, "
            f"при секретаре судебного заседания {secretary.initials(LOC)}, рассмотрев "
            f"административное дело по административному исковому заявлению {named} и "
            f"{last.rank_text(GEN)} {last.full(GEN)} об оспаривании действий командира "
            f"войсковой части, с участием представителя {whose} {agent.full(GEN)},",
            "установил:",
            f"Согласно рапорту командира роты {officer.rank_text(GEN)} {officer.initials(GEN)} "
            "истцы отсутствовали на построении.",
            "Руководствуясь ст. 175-180 КАС РФ, суд решил: отказать.",
            "",
            f"Судья{' ' * 30}{judge.initials(NOM, before=True)}",
        ]
        truth = [p.truth() for p in (judge, secretary, *plaintiffs, agent, officer)]
        return Synthetic("ruling", _wrap("\n".join(lines)), truth)


CLASSES = (
    "wrapped_table",
    "box_table",
    "single_initial",
    "namesakes",
    "no_patronymic",
    "fleeting_vowel",
    "short_stem",
    "unknown_feminine",
    "hyphen_lower",
    "senior_rank",
    "governing_noun",
    "line_break",
    "pages",
    "far_number",
    "roles",
)


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
    # A form feed starts a new sheet, as the document's own page break.
    chunks: list[list[str]] = []
    for sheet in text.split("\f"):
        lines = []
        for line in sheet.split("\n"):
            lines.extend(_fit(line, font, width - 2 * margin))
        chunks.extend(
            lines[first : first + LINES_PER_PAGE]
            for first in range(0, max(len(lines), 1), LINES_PER_PAGE)
        )
    pages = []
    for chunk in chunks:
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        y = margin
        for line in chunk:
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

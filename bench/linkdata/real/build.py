"""The real-style mention set, written by hand (round 9, issue #16): `python build.py` writes
mentions.jsonl (the input, bytes as written), truth.jsonl (one line per input line: the person,
or what the CLI must say) and array.json / not_jsonl.csv (whole files the wrong shape).

Every mention below was typed by one engineer (r9-real) from knowledge of how orders, rulings,
mothers' requests, Telegram messages and Ukrainian and Belarusian papers write names; the persons
are synthetic (no real person). It is not a sample of real documents: it is a list of the ways
real input differs from `bench/link.py`'s generator, each tagged with its class. The script only
turns the rows into bytes (invisible characters, a BOM, CRLF, a non-UTF-8 byte); the 10 MB line
is added by `bench/link_real.py` at run time, to keep the repository small.

truth.jsonl, one row per input line (blank lines too): {"line", "class", "expect", "person"}
where expect is "link" (the mention must be output, in its person's cluster), "error" (the
line must be reported on stderr by its number), "skip" (a blank line: nothing), or "warn" (the
mention is output and a warning names the line).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
NBSP, THIN, ZW, SHY, BREVE, NNBSP, WJ = (
    "\u00a0",
    "\u2009",
    "\u200b",
    "\u00ad",
    "\u0306",
    "\u202f",
    "\u2060",
)

# (person, class, fields) – fields as the line's JSON object; id added in order unless given.
ROWS: list[tuple[str, str, dict[str, object]]] = []


def m(
    person: str,
    cls: str,
    name: object,
    unit: object = None,
    birth: object = None,
    source: str = "order",
    **extra: object,
) -> None:
    row: dict[str, object] = {"name": name, "unit": unit, "birth_date": birth, "source": source}
    row.update(extra)
    ROWS.append((person, cls, row))


# --- P01 Хабибуллин Айдар Рашитович, в/ч 41235, 14.03.1996 -----------------------------------
m("P01", "control", "Хабибуллин Айдар Рашитович", "в/ч 41235", "1996-03-14", "ruling")
m("P01", "rank.full", "рядового Хабибуллина А.Р.", "в/ч 41235")
m("P01", "lookalike.initials", "Хабибуллин A.P.", "41235")  # Latin A, P
m("P01", "date.dmy", "Хабибуллин Айдар", None, "14.03.1996", "web")
m("P01", "lookalike.lat_in_cyr", "Хaбибуллин Айдaр Рашитович", None, "1996-03-14", "web")  # Latin a
m("P01", "unit.forms", "Хабибуллина Айдара Рашитовича", "ВЧ-41235", None, "ruling")
m("P01", "latin.press", "Aidar Khabibullin", None, None, "press")
m("P01", "initials.nodots", "Хабибуллин АР", "в/ч № 41235")

# --- P02 Иванов Андрей Сергеевич, 52011, 16.02.1988; P03 his namesake, 63790, 02.07.1991 ---
m("P02", "control", "Иванов Андрей Сергеевич", "в/ч 52011", "1988-02-16", "ruling")
m("P02", "date.dmyy", "Иванов Андрей Сергеевич", None, "16.02.88", "web")
m("P02", "date.words", "Иванова Андрея Сергеевича", None, "16 февраля 1988 г.", "ruling")
m("P02", "initials.glued", "А.С.Иванов", "52011")
m("P02", "initials.spaced", "Иванов А. С.", "войсковая часть 52011")
m("P02", "date.datetime", "Иванов Андрей", None, "1988-02-16T00:00", "telegram")
m("P02", "lookalike.lat_in_cyr", "Ивaнов Андрей Сергеевич", "52011", None, "web")  # Latin a
m("P03", "control", "Иванов Андрей Сергеевич", "в/ч 63790", "1991-07-02", "ruling")
m("P03", "date.dmy", "Иванов Андрей Сергеевич", None, "02.07.1991", "web")
m("P03", "unit.forms", "Иванов А.С.", "войсковая часть № 63790")
m("P03", "surname.comma", "ИВАНОВ, Андрей Сергеевич", "63790", "1991-07-02", "ruling")
m("P03", "unit.number", "рядового Иванова А.С.", 63790)
m("P03", "date.words", "Иванов Андрей Сергеевич", None, "2 июля 1991 года", "web")

# --- P04 Кравчук Александр Николаевич (Ukrainian papers: Олександр Миколайович), 30512 -------
m("P04", "control", "Кравчук Александр Николаевич", "в/ч 30512", "1985-11-23", "ruling")
m("P04", "ukr.cyrillic", "Кравчук Олександр Миколайович", None, "23.11.1985", "web")
m("P04", "ukr.latin", "Oleksandr Kravchuk", None, None, "press")
m("P04", "ukr.latin", "KRAVCHUK OLEKSANDR", "30512", "1985-11-23", "web")
m("P04", "rank.abbrev", "мл. сержанта Кравчука А.Н.", "в/ч 30512")
m("P04", "quotes", "«Кравчук Александр»", None, "1985-11-23", "web")

# --- P05 Бондаренко Николай Петрович (Микола Петрович), 30512, 08.05.1979 -------------------
m("P05", "control", "Бондаренко Николай Петрович", "в/ч 30512", "1979-05-08", "ruling")
m("P05", "ukr.cyrillic", "Бондаренко Микола Петрович", None, "1979-05-08", "web")
m("P05", "ukr.latin", "Mykola Bondarenko", None, "1979-05-08", "press")
m("P05", "rank.caps", "ЕФРЕЙТОРА БОНДАРЕНКО Н.П.", "в/ч 30512")
m("P05", "nbsp", f"Бондаренко{NBSP}Николай{NBSP}Петрович", "30512", None, "ruling")
m("P05", "initials.one", "Бондаренко Н.", "в/ч 30512", "08.05.1979")

# --- P06 Лукашевич Сергей Иванович (Belarusian: Сяргей, Siarhei), 71044, 30.09.1993 ---------
m("P06", "control", "Лукашевич Сергей Иванович", "в/ч 71044", "1993-09-30", "ruling")
m("P06", "bel.latin", "Siarhei Lukashevich", None, "1993-09-30", "press")
m("P06", "bel.latin", "LUKASHEVICH SIARHEI", "71044", None, "web")
m("P06", "bel.cyrillic", "Лукашэвіч Сяргей Іванавіч", None, "30.09.1993", "web")
m("P06", "title", "гражданина Лукашевича С.И.", "71044", "1993-09-30")
m("P06", "zero_width", f"Лукаше{ZW}вич Сергей", None, "1993-09-30", "telegram")

# --- P07 Семёнов Артём Юрьевич, 11590, 12.01.2001 ------------------------------------------
m("P07", "control", "Семёнов Артём Юрьевич", "в/ч 11590", "2001-01-12", "ruling")
m("P07", "yo", "Семенов Артем Юрьевич", "11590", None, "ruling")
m("P07", "yo", "Сёменов Артём", None, "2001-01-12", "telegram")  # ё written where е stands
m("P07", "combining", "Семёнов Арте\u0308м Юрьевич", "11590", None, "web")  # е + diaeresis
m("P07", "rank.full", "рядовому Семёнову А.Ю.", "в/ч 11590")
m("P07", "date.dmyy", "Семёнов Артём", "11590", "12.01.01", "web")
m("P07", "soft_hyphen", f"Семё{SHY}нов Ар{SHY}тём Юрьевич", None, "2001-01-12", "web")

# --- P08 Фёдорова Алёна Викторовна (a woman, the same unit), 11590, 21.06.1999 -------------
m("P08", "control", "Фёдорова Алёна Викторовна", "в/ч 11590", "1999-06-21", "ruling")
m("P08", "yo", "Федорова Алена Викторовна", None, "1999-06-21", "web")
m("P08", "title", "военнослужащей Фёдоровой А.В.", "в/ч 11590")
m("P08", "initials.nodots", "Федорова АВ", "11590", None, "order")

# --- P09 Федоров Алексей Викторович (her namesake stem, a man), 11590, 04.04.1998 ----------
m("P09", "control", "Федоров Алексей Викторович", "в/ч 11590", "1998-04-04", "ruling")
m("P09", "initials.nodots", "Федоров АВ", "11590", "1998-04-04")
m("P09", "title", "военнослужащего Федорова А.В.", "в/ч 11590", "04.04.1998")
m("P09", "thin_space", f"Федоров{THIN}Алексей", None, "1998-04-04", "telegram")

# --- P10 Зайцев Дмитрий Олегович (son), 47001, 31.12.1990; P11 Зайцев Олег Петрович (father) -
m("P10", "control", "Зайцев Дмитрий Олегович", "в/ч 47001", "1990-12-31", "ruling")
m("P10", "date.words", "Зайцев Дмитрий Олегович", None, "31 декабря 1990", "web")
m("P10", "initials.glued", "Д.О.Зайцев", "47001", "31.12.1990")
m("P10", "unit.spaces", "Зайцева Д.О.", "в/ч 47 001", None, "order")
m("P10", "punct", "Зайцев Дмитрий Олегович,", None, "1990-12-31", "web")
m("P11", "control", "Зайцев Олег Петрович", "в/ч 47001", "1966-02-10", "ruling")
m("P11", "date.dmy", "Зайцев Олег Петрович", None, "10.02.1966", "web")
m("P11", "rank.abbrev", "ст. прапорщика Зайцева О.П.", "в/ч 47001", None)
m("P11", "initials.spaced", "Зайцев О. П.", "47001", "1966-02-10")

# --- P12 Тагиров Ильдар Маратович, 65432, 15.08.2000 ----------------------------------------
m("P12", "control", "Тагиров Ильдар Маратович", "в/ч 65432", "2000-08-15", "ruling")
m("P12", "unit.letter", "Тагиров И.М.", "в/ч 65432-А", None)
m("P12", "unit.english", "Ildar Tagirov", "military unit 65432", None, "press")
m("P12", "rank.guard", "гв. рядовой Тагиров И.М.", "65432")
m("P12", "date.impossible", "Тагиров Ильдар Маратович", "65432", "31.02.2000", "web")
m("P12", "date.empty", "Тагиров Ильдар", "в/ч 65432", "", "telegram")
m("P12", "date.null_string", "Тагиров Ильдар Маратович", "65432", "null", "web")

# --- P13 Гончаренко Андрей Васильевич (Андрій Васильович), 22480, 05.10.1987 ----------------
m("P13", "control", "Гончаренко Андрей Васильевич", "в/ч 22480", "1987-10-05", "ruling")
m("P13", "ukr.cyrillic", "Гончаренко Андрій Васильович", None, "05.10.1987", "web")
m("P13", "ukr.latin", "Andrii Honcharenko", None, "1987-10-05", "press")
m("P13", "rank.abbrev", "ряд. Гончаренко А.В.", "в/ч 22480")

# --- P14 Шевчук Юрий Алексеевич (Юрій Олексійович), 22480, 03.03.1983 ----------------------
m("P14", "control", "Шевчук Юрий Алексеевич", "в/ч 22480", "1983-03-03", "ruling")
m("P14", "ukr.cyrillic", "Шевчук Юрій Олексійович", "22480", "1983-03-03", "web")
m("P14", "ukr.latin", "Yurii Shevchuk", None, "1983-03-03", "press")
m("P14", "rank.surname_only", "рядового Шевчука", "в/ч 22480", "03.03.1983")

# --- P15 Мельников Евгений Андреевич, 38105, 25.05.1995 -------------------------------------
m("P15", "control", "Мельников Евгений Андреевич", "в/ч 38105", "1995-05-25", "ruling")
m("P15", "combining", f"Мельников Евгении{BREVE} Андреевич", "38105", None, "web")  # и + ̆
m("P15", "lookalike.lat_in_cyr", "Meльникoв Евгений", None, "1995-05-25", "telegram")  # M, o
m("P15", "date.year", "Мельников Евгений Андреевич", "38105", "1995", "web")
m("P15", "rank.full", "сержанта Мельникова Е.А.", "в/ч 38105")

# --- P16 Корнилов Павел Игоревич, 38105, 29.02.1992 -----------------------------------------
m("P16", "control", "Корнилов Павел Игоревич", "в/ч 38105", "1992-02-29", "ruling")
m("P16", "date.dmy", "Корнилов Павел Игоревич", None, "29.02.1992", "web")
m("P16", "rank.full", "ефрейтору Корнилову П.И.", "в/ч 38105")
m("P16", "lookalike.cyr_in_lat", "Pаvel Kornilov", None, "1992-02-29", "press")  # Cyrillic а
m(
    "P16",
    "json.nested",
    {"surname": "Корнилов", "first_name": "Павел", "patronymic": "Игоревич"},
    "38105",
    "1992-02-29",
    "web",
)

# --- P17 Ершов Константин Ильич, 54321, 19.07.1989 ------------------------------------------
m("P17", "control", "Ершов Константин Ильич", "в/ч 54321", "1989-07-19", "ruling")
m("P17", "rank.abbrev", "мл. серж. Ершова К.И.", "в/ч 54321")
m("P17", "initials.nodots", "Ершов КИ", "54321", None, "order")
m("P17", "date.words", "Ершов Константин", None, "19 июля 1989 г.", "telegram")
m(
    "P17",
    "json.extra",
    "Ершов Константин Ильич",
    "54321",
    "1989-07-19",
    "web",
    phone_hash="x7f3",
    region="Курская область",
)

# --- P18 Ёлкин Виталий Сергеевич, 54321, 11.11.1994 -----------------------------------------
m("P18", "control", "Ёлкин Виталий Сергеевич", "в/ч 54321", "1994-11-11", "ruling")
m("P18", "yo", "Елкин Виталий Сергеевич", "54321", None, "ruling")
m("P18", "yo", "ЕЛКИН В.С.", "в/ч 54321", "1994-11-11", "order")
m("P18", "quotes", '"Ёлкин Виталий"', None, "1994-11-11", "telegram")

# --- P19 Абрамович Денис Аркадьевич, 12712, 27.01.1997 --------------------------------------
m("P19", "control", "Абрамович Денис Аркадьевич", "в/ч 12712", "1997-01-27", "ruling")
m("P19", "rank.abbrev", "мл. с-та Абрамовича Д.А.", "в/ч 12712")
m("P19", "json.numeric_id", "Абрамович Денис", None, "1997-01-27", "web", id=9001)
m("P19", "unit.number", "Абрамович Д.А.", 12712, None)
m(
    "P19",
    "json.missing_fields",
    "Абрамович Денис Аркадьевич",
    NotImplemented,
    NotImplemented,
    NotImplemented,
)  # only id and name

# --- P20 Ким Виктор Эдуардович, 12712, 08.08.1986 -------------------------------------------
m("P20", "control", "Ким Виктор Эдуардович", "в/ч 12712", "1986-08-08", "ruling")
m("P20", "initials.one", "Ким В.", "в/ч 12712", "1986-08-08")
m("P20", "rank.full", "РЯДОВОГО КИМА В.Э.", "в/ч 12712")
m("P20", "date.dmyy", "Ким Виктор", None, "08.08.86", "telegram")

# --- P21 Гайнуллин Ринат Ильдарович, 61620, 30.04.2002 --------------------------------------
m("P21", "control", "Гайнуллин Ринат Ильдарович", "в/ч 61620", "2002-04-30", "ruling")
m("P21", "lookalike.lat_in_cyr", "Гaйнуллин Pинат", None, "2002-04-30", "web")  # Latin a, P
m("P21", "unit.forms", "Гайнуллина Р.И.", "в/ч№61620", None)
m("P21", "date.slash", "Гайнуллин Ринат Ильдарович", None, "30/04/2002", "web")
m("P21", "rank.full", "старшего сержанта Гайнуллина Р.И.", "в/ч 61620")

# --- P22 Сафиуллина Гульнара Ринатовна, 61620, 12.12.1998 -----------------------------------
m("P22", "control", "Сафиуллина Гульнара Ринатовна", "в/ч 61620", "1998-12-12", "ruling")
m("P22", "title", "гр. Сафиуллиной Г.Р.", "в/ч 61620", "12.12.1998")
m("P22", "date.words", "Сафиуллина Гульнара", None, "12 декабря 1998 г.", "web")

# --- P23 Лысенко Тарас Богданович, 30512, 06.06.1990 ----------------------------------------
m("P23", "control", "Лысенко Тарас Богданович", "в/ч 30512", "1990-06-06", "ruling")
m("P23", "ukr.latin", "Taras Lysenko", None, "1990-06-06", "press")
m("P23", "ukr.cyrillic", "Лисенко Тарас Богданович", "30512", "1990-06-06", "web")
m("P23", "rank.full", "гвардии рядового Лысенко Т.Б.", "в/ч 30512")

# --- P24 Ткаченко Виталий Иванович (Віталій Іванович), 43210, 17.03.1994 --------------------
m("P24", "control", "Ткаченко Виталий Иванович", "в/ч 43210", "1994-03-17", "ruling")
m("P24", "ukr.cyrillic", "Ткаченко Віталій Іванович", None, "17.03.1994", "web")
m("P24", "ukr.latin", "Vitalii Tkachenko", "43210", None, "press")
m("P24", "json.crlf", "Ткаченко В.И.", "в/ч 43210", None)

# --- P25 Новиков Михаил Александрович, 83245, 10.10.1993; P26 namesake, 19876, 15.01.1985 ----
m("P25", "control", "Новиков Михаил Александрович", "в/ч 83245", "1993-10-10", "ruling")
m("P25", "date.dmy", "Новиков Михаил Александрович", "83245", "10.10.1993", "web")
m("P25", "rank.full", "рядового Новикова М.А.", "в/ч 83245")
m("P25", "unit.forms", "Новиков М.А.", "В/Ч 83245", None)
m("P26", "control", "Новиков Михаил Александрович", "в/ч 19876", "1985-01-15", "ruling")
m("P26", "date.words", "Новикова Михаила Александровича", None, "15 января 1985 г.", "ruling")
m("P26", "unit.forms", "рядового Новикова М.А.", "войсковой части 19876")
m("P26", "date.datetime", "Новиков Михаил", "19876", "1985-01-15T00:00:00Z", "web")

# --- P27 Соколов Игорь Владимирович (father), 27027, 09.09.1984; P28 Соколов Илья Игоревич ---
m("P27", "control", "Соколов Игорь Владимирович", "в/ч 27027", "1984-09-09", "ruling")
m("P27", "rank.abbrev", "ст. с-та Соколова И.В.", "в/ч 27027")
m("P27", "initials.nodots", "Соколов ИВ", "27027", "1984-09-09")
m("P28", "control", "Соколов Илья Игоревич", "в/ч 27027", "2004-02-14", "ruling")
m("P28", "initials.nodots", "Соколов ИИ", "27027", "2004-02-14")
m("P28", "date.dmyy", "Соколов Илья", None, "14.02.04", "telegram")
m("P28", "rank.full", "рядового Соколова И.И.", "в/ч 27027", "14.02.2004")

# --- P29 Петренко Олег Витальевич (Віталійович), 22480, 21.08.1992 --------------------------
m("P29", "control", "Петренко Олег Витальевич", "в/ч 22480", "1992-08-21", "ruling")
m("P29", "ukr.cyrillic", "Петренко Олег Віталійович", "22480", "1992-08-21", "web")
m("P29", "ukr.latin", "Oleh Petrenko", None, "1992-08-21", "press")

# --- P30 Козлов Роман Евгеньевич, 77120, 22.03.1991 -----------------------------------------
m("P30", "control", "Козлов Роман Евгеньевич", "в/ч 77120", "1991-03-22", "ruling")
m("P30", "unit.extra", "Козлов Р.Е.", "в/ч 77120, 3 мсб, 2 рота", None)
m("P30", "punct", "Козлов Роман Евгеньевич.", "77120", "1991-03-22", "web")
m("P30", "punct", "- Козлов Роман -", None, "1991-03-22", "telegram")
m("P30", "word_joiner", f"Коз{WJ}лов Роман Евгеньевич", "77120", None, "web")

# --- P31 Морозов Николай Дмитриевич, 35640, 05.11.1996 --------------------------------------
m("P31", "control", "Морозов Николай Дмитриевич", "в/ч 35640", "1996-11-05", "ruling")
m("P31", "lookalike.initials", "Морозов H.Д.", "35640", None)  # Latin H for Н
m("P31", "unit.extra", "Морозова Н.Д.", "в/ч 35640 (1 батальон)", None)
m("P31", "date.words", "Морозов Николай", None, "5 ноября 1996 г.", "web")

# --- P32 Волков Артур Ренатович, 35640, 19.09.1999 ------------------------------------------
m("P32", "control", "Волков Артур Ренатович", "в/ч 35640", "1999-09-19", "ruling")
m("P32", "lookalike.lat_in_cyr", "Boлков Артур Ренатович", "35640", None, "web")  # Latin B, o
m("P32", "narrow_nbsp", f"Волков{NNBSP}А.Р.", "в/ч 35640", None)
m("P32", "json.dup_identical", "Волков Артур", None, "1999-09-19", "telegram", id="dup-1")
m("P32", "json.dup_identical", "Волков Артур", None, "1999-09-19", "telegram", id="dup-1")

# --- P33 Орлов Станислав Юрьевич, 88012, 17.04.1987 -----------------------------------------
m("P33", "control", "Орлов Станислав Юрьевич", "в/ч 88012", "1987-04-17", "ruling")
m("P33", "rank.surname_only", "мл. сержанта Орлова", "в/ч 88012", "17.04.1987")
m("P33", "json.dup_different", "Орлов Станислав", "88012", None, "telegram", id="tg-5")
m("P33", "date.dmy", "Орлов Станислав Юрьевич", None, "17.04.1987", "web")

# --- P34 Белоусов Григорий Павлович, 88012, 05.05.1990 --------------------------------------
m("P34", "control", "Белоусов Григорий Павлович", "в/ч 88012", "1990-05-05", "ruling")
m("P34", "json.dup_different", "Белоусов Григорий", "88012", None, "web", id="tg-5")
m("P34", "initials.nodots", "Белоусов ГП", "88012", "05.05.1990")
m("P34", "title", "военнослужащего рядового Белоусова Г.П.", "в/ч 88012")

# --- P35 Черненко Богдан Олегович, 30512, 14.01.1995 ----------------------------------------
m("P35", "control", "Черненко Богдан Олегович", "в/ч 30512", "1995-01-14", "ruling")
m("P35", "ukr.latin", "Bohdan Chernenko", None, "1995-01-14", "press")
m("P35", "json.non_utf8", "Черненко Богдан", "30512", "1995-01-14", "web")  # written in cp1251

# --- P36 Захарченко Ярослав Игоревич, 43210, 02.02.1989 -------------------------------------
m("P36", "control", "Захарченко Ярослав Игоревич", "в/ч 43210", "1989-02-02", "ruling")
m("P36", "ukr.cyrillic", "Захарченко Ярослав Ігорович", "43210", "1989-02-02", "web")
m("P36", "json.stray_byte", "Захарченко Ярослав", "43210", "02.02.1989", "web")
m("P36", "json.bom", "Захарченко Я.И.", "в/ч 43210", None)

# --- P37 Гусев Василий Петрович, 52011, 13.06.1986 ------------------------------------------
m("P37", "control", "Гусев Василий Петрович", "в/ч 52011", "1986-06-13", "ruling")
m("P37", "ukr.cyrillic", "Гусєв Василь Петрович", "52011", "1986-06-13", "web")
m("P37", "title", "гражданину Гусеву В.П.", "в/ч 52011", "13.06.1986")
m("P37", "json.nested_date", "Гусев Василий", "52011", {"year": 1986, "month": 6, "day": 13}, "web")

# --- P38 Пономарёв Денис Игоревич, 91150, 24.12.2003 ----------------------------------------
m("P38", "control", "Пономарёв Денис Игоревич", "в/ч 91150", "2003-12-24", "ruling")
m("P38", "yo", "ПОНОМАРЕВ ДЕНИС ИГОРЕВИЧ", "91150", "2003-12-24", "ruling")
m("P38", "date.dmyy", "Пономарев Денис", None, "24.12.03", "web")
m("P38", "rank.caps", "ГВ. РЯДОВОГО ПОНОМАРЁВА Д.И.", "В/Ч 91150")
m("P38", "tab_space", "Пономарёв\tДенис  Игоревич", "91150", None, "web")

# --- P39 Латыпов Руслан Айдарович, 65432, 01.09.1997 ----------------------------------------
m("P39", "control", "Латыпов Руслан Айдарович", "в/ч 65432", "1997-09-01", "ruling")
m("P39", "rank.abbrev", "ефр. Латыпова Р.А.", "в/ч 65432")
m("P39", "json.missing_name", None, "65432", "1997-09-01", "web")
m("P39", "initials.glued", "Р.А.Латыпов", "в/ч65432", None)

# --- P40 Дьяченко Олег Николаевич (Олег Миколайович), 30512, 11.07.1984 ----------------------
m("P40", "control", "Дьяченко Олег Николаевич", "в/ч 30512", "1984-07-11", "ruling")
m("P40", "ukr.cyrillic", "Дяченко Олег Миколайович", "30512", "1984-07-11", "web")
m("P40", "ukr.latin", "Oleh Diachenko", "30512", "1984-07-11", "press")
m("P40", "quotes", "„Дьяченко Олег“", "30512", None, "telegram")


# --- P41–P60: a second pass over the same classes, other names -------------------------------
m("P41", "control", "Кузнецов Владимир Алексеевич", "в/ч 15073", "1992-05-19", "ruling")
m("P41", "rank.full", "младшего сержанта Кузнецова В.А.", "в/ч 15073")
m("P41", "initials.nodots", "Кузнецов ВА", "15073", "19.05.1992")
m("P41", "date.words", "Кузнецов Владимир", None, "19 мая 1992 г.", "web")
m("P41", "lookalike.lat_in_cyr", "Kузнецов Bладимир Алексеевич", None, "1992-05-19", "web")
m("P41", "unit.forms", "Кузнецов В. А.", "в.ч. 15073", None)
m("P42", "control", "Кузнецов Владимир Алексеевич", "в/ч 24406", "1979-10-02", "ruling")
m("P42", "date.dmyy", "Кузнецов Владимир Алексеевич", None, "02.10.79", "web")
m("P42", "rank.abbrev", "п-ка Кузнецова В.А.", "в/ч 24406")
m("P42", "unit.number", "Кузнецов В.А.", 24406, None)
m("P43", "control", "Попова Екатерина Игоревна", "в/ч 15073", "1996-08-27", "ruling")
m("P43", "yo", "Попова Екатерина Игорёвна", None, "1996-08-27", "web")
m("P43", "title", "гражданки Поповой Е.И.", "15073", "27.08.1996")
m("P43", "nbsp", f"Попова{NBSP}Е.{NBSP}И.", "в/ч 15073", None)
m("P44", "control", "Попов Евгений Игоревич", "в/ч 15073", "1994-02-11", "ruling")
m("P44", "initials.glued", "Е.И.Попов", "15073", "11.02.1994")
m("P44", "zero_width", f"Попов{ZW} Евгений{ZW} Игоревич", None, "1994-02-11", "telegram")
m("P44", "rank.full", "рядового Попова Е.И.", "в/ч 15073")
m("P45", "control", "Яковлев Максим Олегович", "в/ч 60213", "2003-03-08", "ruling")
m("P45", "date.datetime", "Яковлев Максим Олегович", "60213", "2003-03-08 00:00:00", "web")
m("P45", "soft_hyphen", f"Як{SHY}овлев Мак{SHY}сим", None, "2003-03-08", "telegram")
m("P45", "rank.abbrev", "мл. с-та Яковлева М.О.", "в/ч 60213")
m("P45", "lookalike.cyr_in_lat", "Maksim Yakоvlev", None, "2003-03-08", "press")  # Cyrillic о
m("P45", "unit.letter", "Яковлев М.О.", 'в/ч 60213 "Б"', None)
m("P46", "control", "Смирнов Кирилл Андреевич", "в/ч 60213", "1999-11-30", "ruling")
m("P46", "date.impossible", "Смирнов Кирилл Андреевич", "60213", "1999-11-31", "web")
m("P46", "title", "военнослужащему Смирнову К.А.", "в/ч 60213", "30.11.1999")
m("P46", "initials.one", "Смирнов К.", "60213", "1999-11-30")
m("P46", "surname.comma", "СМИРНОВ, Кирилл Андреевич", "60213", None, "ruling")
m("P47", "control", "Олейник Сергей Николаевич", "в/ч 30512", "1988-04-12", "ruling")
m("P47", "ukr.cyrillic", "Олійник Сергій Миколайович", "30512", "1988-04-12", "web")
m("P47", "ukr.latin", "Serhii Oliinyk", None, "1988-04-12", "press")
m("P47", "ukr.latin", "OLIINYK SERHII", "30512", None, "web")
m("P47", "rank.abbrev", "ряд. Олейника С.Н.", "в/ч 30512")
m("P48", "control", "Коваль Дмитрий Петрович", "в/ч 43210", "1991-09-09", "ruling")
m("P48", "ukr.cyrillic", "Коваль Дмитро Петрович", "43210", "1991-09-09", "web")
m("P48", "ukr.latin", "Dmytro Koval", None, "1991-09-09", "press")
m("P48", "date.words", "Коваль Дмитрий", "43210", "9 сентября 1991 года", "telegram")
m("P49", "control", "Жуковский Алексей Викторович", "в/ч 71044", "1990-01-20", "ruling")
m("P49", "bel.latin", "Aliaksei Zhukouski", None, "1990-01-20", "press")
m("P49", "bel.cyrillic", "Жукоўскі Аляксей Віктаравіч", "71044", "1990-01-20", "web")
m("P49", "rank.full", "сержанта Жуковского А.В.", "в/ч 71044")
m("P50", "control", "Мартынов Глеб Сергеевич", "в/ч 83245", "2000-07-07", "ruling")
m("P50", "combining", "Мартынов Глеб Серге\u0301евич", "83245", "2000-07-07", "web")
m("P50", "punct", "Мартынов, Глеб", None, "2000-07-07", "telegram")
m("P50", "quotes", "«Мартынов Г.С.»", "в/ч 83245", None)
m("P50", "date.year", "Мартынов Глеб Сергеевич", "83245", "2000", "web")
m("P51", "control", "Андреев Николай Сергеевич", "в/ч 27027", "1995-12-01", "ruling")
m("P51", "combining", f"Андреев Николаи{BREVE} Сергеевич", "27027", None, "web")
m("P51", "rank.caps", "МЛ. СЕРЖАНТА АНДРЕЕВА Н.С.", "В/Ч 27027")
m("P51", "date.dmy", "Андреев Николай", None, "01.12.1995", "telegram")
m("P51", "lookalike.initials", "Андреев H.C.", "27027", None)  # Latin H, C
m("P52", "control", "Андреева Наталья Сергеевна", "в/ч 27027", "1997-03-15", "ruling")
m("P52", "initials.nodots", "Андреева НС", "27027", None)
m("P52", "title", "военнослужащей Андреевой Н.С.", "в/ч 27027", "15.03.1997")
m("P53", "control", "Степанов Тимур Ринатович", "в/ч 91150", "2001-06-18", "ruling")
m("P53", "unit.forms", "Степанов Т.Р.", "part 91150", None)
m("P53", "unit.extra", "Степанова Т.Р.", "в/ч 91150, 1-й батальон", None)
m("P53", "date.dmy", "Степанов Тимур Ринатович", None, "18-06-2001", "web")
m("P53", "thin_space", f"Степанов{THIN}Т.Р.", "91150", "2001-06-18")
m("P54", "control", "Фролов Антон Евгеньевич", "в/ч 47001", "1993-08-04", "ruling")
m("P54", "rank.surname_only", "ефрейтора Фролова", "в/ч 47001", "04.08.1993")
m(
    "P54",
    "json.extra",
    "Фролов Антон Евгеньевич",
    "47001",
    "1993-08-04",
    "web",
    request={"channel": "web", "n": 17},
)
m("P54", "date.dmyy", "Фролов Антон", None, "04.08.93", "telegram")
m("P55", "control", "Гребенюк Игорь Олегович", "в/ч 22480", "1986-02-22", "ruling")
m("P55", "ukr.cyrillic", "Гребенюк Ігор Олегович", "22480", "1986-02-22", "web")
m("P55", "ukr.latin", "Ihor Hrebeniuk", None, "1986-02-22", "press")
m("P55", "rank.full", "рядового Гребенюка И.О.", "в/ч 22480")
m("P56", "control", "Исмаилов Рустам Тимурович", "в/ч 65432", "1998-05-05", "ruling")
m("P56", "json.numeric_id", "Исмаилов Рустам", "65432", "1998-05-05", "web", id=9002)
m(
    "P56",
    "json.nested",
    {"last_name": "Исмаилов", "first_name": "Рустам", "middle_name": "Тимурович"},
    "65432",
    None,
    "web",
)
m("P56", "lookalike.lat_in_cyr", "Исмаилов Pустам Тимурович", "65432", None, "ruling")
m("P57", "control", "Белов Артём Андреевич", "в/ч 11590", "2002-10-10", "ruling")
m("P57", "yo", "Белов Артем Андреевич", None, "2002-10-10", "web")
m("P57", "rank.guard", "гв. мл. сержанта Белова А.А.", "в/ч 11590")
m("P57", "date.datetime", "Белов Артём", "11590", "2002-10-10T03:00:00+03:00", "telegram")
m("P58", "control", "Савченко Максим Юрьевич", "в/ч 19876", "1990-03-30", "ruling")
m("P58", "ukr.cyrillic", "Савченко Максим Юрійович", "19876", "1990-03-30", "web")
m("P58", "ukr.latin", "Maksym Savchenko", None, "1990-03-30", "press")
m("P58", "unit.english", "Savchenko Maksym", "military unit No. 19876", None, "press")
m("P59", "control", "Тихонов Илья Романович", "в/ч 77120", "1997-07-27", "ruling")
m("P59", "title", "гражданина Тихонова Ильи Романовича", "77120", "27.07.1997")
m("P59", "rank.full", "рядовому Тихонову И.Р.", "в/ч 77120")
m("P59", "unit.extra", "Тихонов И.Р.", "в/ч 77120 (2 рота, 3 взвод)", None)
m("P60", "control", "Ахмедов Эльдар Рашидович", "в/ч 88012", "1995-09-14", "ruling")
m("P60", "initials.spaced", "Ахмедов Э. Р.", "88012", "1995-09-14")
m("P60", "date.words", "Ахмедов Эльдар", None, "14 сентября 1995", "web")
m("P60", "punct", "Ахмедов Эльдар Рашидович;", "88012", None, "web")

# --- P61–P62: round 10 (r10-read), typed by hand as an intake sees them -------------------------
# A brother and sister of one patronymic and one pair of initials: an order's «уволить Горбунова
# Т.А.» is his genitive, her own request's «Горбунова Т.А.» her nominative; and birth dates
# known in part (a month and year, a year «г.р.»).
m("P61", "control", "Горбунов Тимофей Аркадьевич", "в/ч 61428", "1993-05-17", "ruling")
m("P61", "initials.hers_or_his", "Горбунова Т.А.", None, None, "order")
m("P61", "initials.hers_or_his", "Т.А. Горбунова", "в/ч 61428", None, "order")
m("P61", "date.month_year", "Горбунов Тимофей", "61428", "05.1993", "web")
m("P61", "date.year", "Горбунов Тимофей Аркадьевич", None, "1993 г.р.", "telegram")
m("P62", "control", "Горбунова Таисия Аркадьевна", "в/ч 40317", "1997-09-02", "web")
m("P62", "initials.hers_or_his", "Горбунова Т.А.", None, None, "web")
m("P62", "initials.hers_or_his", "ГОРБУНОВА Т. А.", None, None, "telegram")
m("P62", "date.month_year", "Горбунова Таисия", None, "сентябрь 1997", "telegram")

# --- lines that are no mention --------------------------------------------------------------
ERRORS: list[tuple[str, str]] = [  # (class, the line as written)
    ("json.not_json", "Иванов Андрей Сергеевич, в/ч 52011"),
    ("json.not_object", '["Иванов", "52011"]'),
    ("json.no_id", json.dumps({"name": "Кравчук Олександр", "unit": "30512"}, ensure_ascii=False)),
    ("json.truncated", '{"id": "x-trunc", "name": "Зайцев Дмитрий'),
]


def to_bytes(row: dict[str, object]) -> bytes:
    fields = {k: v for k, v in row.items() if v is not NotImplemented}
    if fields.get("name") is None:
        fields.pop("name")
    return json.dumps(fields, ensure_ascii=False).encode()


def build() -> None:
    lines: list[bytes] = []
    truth: list[dict[str, object]] = []
    for n, (person, cls, row) in enumerate(ROWS, 1):
        ident = row.pop("id", f"m{n:03d}")
        row = {"id": ident, **row}
        data = to_bytes(row)
        expect = "link"
        if cls == "json.non_utf8":
            data = data.decode().encode("cp1251")
        elif cls == "json.stray_byte":  # a cp1251 non-breaking space inside UTF-8 text
            data = data.replace(" Ярослав".encode(), b"\xa0" + "Ярослав".encode())
        elif cls == "json.crlf":
            data += b"\r"
        elif cls == "json.bom":
            pass  # the BOM goes on the file's first line, below
        elif cls == "json.missing_name":
            expect = "error"
        elif (
            cls == "json.dup_identical"
            and ident == "dup-1"
            and any(t.get("id") == "dup-1" for t in truth)
        ):
            expect = "warn"  # the same line again: one mention, a warning
        elif cls == "date.impossible":
            expect = "warn"
        lines.append(data)
        truth.append({"class": cls, "expect": expect, "person": person, "id": ident})
    # The BOM row first (a file saved by Notepad or Excel), then a blank line and the rest, with
    # the lines that are no mention spread through.
    bom = next(i for i, t in enumerate(truth) if t["class"] == "json.bom")
    order = [bom] + [i for i in range(len(lines)) if i != bom]
    out: list[bytes] = []
    out_truth: list[dict[str, object]] = []
    errs = list(ERRORS)
    for k, i in enumerate(order):
        out.append(lines[i])
        out_truth.append(truth[i])
        if k == 0:
            out.append(b"")
            out_truth.append({"class": "json.blank", "expect": "skip"})
            out.append(b"   \t")
            out_truth.append({"class": "json.blank", "expect": "skip"})
        if k % 60 == 30 and errs:
            cls, text = errs.pop()
            out.append(text.encode())
            out_truth.append({"class": cls, "expect": "error"})
    while errs:
        cls, text = errs.pop()
        out.append(text.encode())
        out_truth.append({"class": cls, "expect": "error"})
    out[0] = b"\xef\xbb\xbf" + out[0]
    (HERE / "mentions.jsonl").write_bytes(b"".join(x + b"\n" for x in out))
    with open(HERE / "truth.jsonl", "w", encoding="utf-8") as f:
        for number, t in enumerate(out_truth, 1):
            f.write(json.dumps({"line": number, **t}, ensure_ascii=False) + "\n")
    # Whole files the wrong shape: a JSON array of mentions (what an export writes), and a CSV.
    sample = [dict(r, id=f"a{k}") for k, (_p, c, r) in enumerate(ROWS) if c == "control"][:12]
    (HERE / "array.json").write_text(json.dumps(sample, ensure_ascii=False, indent=1) + "\n")
    (HERE / "not_jsonl.csv").write_text(
        "id;name;unit;birth_date\n1;Иванов Андрей Сергеевич;в/ч 52011;16.02.1988\n"
        "2;Кравчук Александр Николаевич;в/ч 30512;23.11.1985\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    build()

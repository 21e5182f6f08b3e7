"""Personal names to the nominative case.

The patronymic fixes gender and case with regular endings, so it is read by rule. First names
come from pymorphy3's dictionary of names (tag Name), filtered by that gender and case. Surnames
are folded by the declension rules of Russian surnames: a dictionary knows only common surnames,
and pymorphy3's guesses for an unknown one ("Хайруллина": feminine nominative or masculine
genitive?) are exactly the ambiguity the patronymic already settles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pymorphy3

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_VOWELS = set("аеёиоуыэюя")

_PATR_M = re.compile(r"^(.+?(?:ович|евич|ёвич|ьич|ич))(а|у|ем|ом|е)?$")
_PATR_F = re.compile(r"^(.+?(?:овн|евн|ёвн|ичн))(а|ы|е|у|ой)$")
_PATR_M_CASE = {
    "": ("nomn",),
    "а": ("gent", "accs"),
    "у": ("datv",),
    "ем": ("ablt",),
    "ом": ("ablt",),
    "е": ("loct",),
}
_PATR_F_CASE = {
    "а": ("nomn",),
    "ы": ("gent",),
    "е": ("datv", "loct"),
    "у": ("accs",),
    "ой": ("ablt",),
}
TURKIC = ("оглы", "кызы", "улы", "уулу", "гызы")


@dataclass(frozen=True)
class Grammar:
    """What is known of a name's gender ("masc"/"femn") and case; None where unknown."""

    gender: str | None
    cases: tuple[str, ...] | None


@lru_cache(maxsize=65536)
def patronymic(word: str) -> tuple[str, Grammar] | None:
    """ "Сергеевича" → ("Сергеевич", masc, gent/accs); None when the word is not a patronymic.
    Cached: a batch of names asks it of every word, and the patronymics repeat."""
    low = word.lower()
    if m := _PATR_F.match(low):
        return _restore(word, m.group(1) + "а"), Grammar("femn", _PATR_F_CASE[m.group(2)])
    if m := _PATR_M.match(low):
        if len(m.group(1)) < 5:  # "Бич", "Лич": too short to be a patronymic
            return None
        return _restore(word, m.group(1)), Grammar("masc", _PATR_M_CASE[m.group(2) or ""])
    return None


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def _parse(low: str) -> tuple[Any, ...]:
    """pymorphy3's readings of a word, once per word: several questions are asked of each."""
    return tuple(_morph().parse(low))


@lru_cache(maxsize=65536)
def _name_parses(low: str) -> tuple[tuple[str, str, str, float], ...]:
    """(nominative, gender, case, preference) of each reading of `low` as a first name.

    Only dictionary readings count: pymorphy3's guesses for unknown words ("Вугару" as an
    unknown prefix plus "-ару") are noise here. A declinable reading is preferred to an
    indeclinable one ("Анне" is the dative of Анна before it is the name Анне).
    """
    out = []
    for p in _parse(low):
        if "Name" not in p.tag or "sing" not in p.tag or len(p.methods_stack) != 1:
            continue
        nom = p.inflect({"nomn", "sing"})
        preference = p.score + (0 if "Fixd" in p.tag else 1)
        out.append(
            (nom.word if nom else p.normal_form, str(p.tag.gender), str(p.tag.case), preference)
        )
    return tuple(out)


@lru_cache(maxsize=65536)
def known_word(low: str) -> bool:
    """The dictionary holds the word (not a guess from its ending)."""
    return bool(_morph().word_is_known(low))


def word_forms(word: str) -> set[str]:
    """Every form of a word the dictionary knows, from its first reading."""
    parses = _parse(word.lower())
    return {f.word for f in parses[0].lexeme} if parses else set()


def is_first_name(word: str) -> bool:
    return bool(_name_parses(word.lower()))


@lru_cache(maxsize=16384)
def is_common_word(word: str) -> bool:
    """A word the dictionary knows other than as a name ("Войсковой", "Москвы"): not a first
    name the dictionary lacks."""
    low = word.lower()
    return not is_first_name(low) and any(
        len(p.methods_stack) == 1
        and "UNKN" not in p.tag
        and not any(t in p.tag for t in ("Name", "Surn", "Patr"))
        for p in _parse(low)
    )


def first_name(word: str, grammar: Grammar) -> tuple[str, Grammar]:
    """The nominative of a first name, and the gender and case its reading settled on."""
    low = word.lower()
    best: tuple[str, str, str, float] | None = None
    for nom, gender, case, score in _name_parses(low):
        if grammar.gender and gender not in (grammar.gender, "ms-f", "None"):
            continue
        if grammar.cases and case not in grammar.cases:
            continue
        if best is None or score > best[3]:
            best = (nom, gender, case, score)
    if best is None:
        return _unknown_first_name(word, grammar), grammar
    settled = best[1] if best[1] in ("masc", "femn") else grammar.gender
    return _restore(word, best[0]), Grammar(settled, (best[2],))


# A first name the dictionary lacks (many Tuvan, Tatar, Buryat and Caucasian names) declines by
# its ending: feminine names in -а/-я as nouns of the first declension (Сайлана → Сайлану,
# Сайланы, Сайлане, Сайланой), feminine names in a consonant not at all (Чечек), masculine names
# in a consonant as nouns of the second (Айдыс → Айдыса, Айдысу, Айдысом, Айдысе).
_FEMININE_FIRST = {
    "gent": (("ы", "а"), ("и", "я")),
    "datv": (("е", "а"),),
    "accs": (("у", "а"), ("ю", "я")),
    "ablt": (("ой", "а"), ("ей", "я")),
    "loct": (("е", "а"),),
}
_MASCULINE_FIRST = {
    "gent": ("а",),
    "accs": ("а",),
    "datv": ("у",),
    "ablt": ("ом", "ем"),
    "loct": ("е",),
}
_SIBILANT_OR_VELAR = set("гкхжшчщ")


def _unknown_first_name(word: str, grammar: Grammar) -> str:
    low = word.lower()
    for case in grammar.cases or ():
        if case == "nomn":
            return _restore(word, low)
        if grammar.gender == "femn":
            for ending, nominative in _FEMININE_FIRST.get(case, ()):
                if low.endswith(ending) and len(low) > len(ending) + 2:
                    stem = low[: -len(ending)]
                    if ending == "и" and stem[-1] in _SIBILANT_OR_VELAR:
                        nominative = "а"  # spelling rule: Ольги, not Ольгы
                    return _restore(word, stem + nominative)
        elif grammar.gender == "masc":
            for ending in _MASCULINE_FIRST.get(case, ()):
                stem = low[: -len(ending)]
                if low.endswith(ending) and len(stem) > 1 and stem[-1] not in _VOWELS:
                    return _restore(word, stem)
    return _restore(word, low)


def noun_cases(word: str) -> tuple[tuple[str, ...], bool] | None:
    """The cases a noun can be in, and whether it names
    a person (animate); None when the word is not a noun the dictionary knows.

    This is how a governing word is read: a person noun ("адвоката", "подполковника") is
    followed by the name it stands in apposition to, in the same case; any other noun
    ("рапорт", "в отношении") takes the name in the genitive."""
    return _noun_cases(word.lower())


@lru_cache(maxsize=16384)
def _noun_cases(low: str) -> tuple[tuple[str, ...], bool] | None:
    readings: dict[str, list[str]] = {"sing": [], "plur": []}
    animate = False
    for p in _parse(low):
        if len(p.methods_stack) != 1 or p.tag.POS != "NOUN":
            continue
        if any(t in p.tag for t in ("Name", "Surn", "Patr")) or not p.tag.case:
            continue
        animate = animate or "anim" in p.tag
        readings["plur" if p.tag.number == "plur" else "sing"].append(str(p.tag.case))
    cases = readings["sing"] or readings["plur"]  # a person is one: the singular first
    if not cases:
        return None
    return tuple(c for c in CASES if c in cases), animate


@lru_cache(maxsize=16384)
def opens_clause(word: str) -> bool:
    """A gerund or an infinitive ("рассмотрев", "прибыть"): a new action, so the clause that
    named a person has ended."""
    parses = _parse(word.lower())
    return bool(parses) and parses[0].tag.POS in ("GRND", "INFN")


# Surname endings by (gender, case): the ending in that case → the nominative ending.
_SURNAME_RULES: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("masc", "gent"): [("ского", "ский"), ("цкого", "цкий"), ("ого", "ой"), ("его", "ий")],
    ("masc", "datv"): [("скому", "ский"), ("цкому", "цкий"), ("ому", "ой"), ("ему", "ий")],
    ("masc", "ablt"): [
        ("ским", "ский"),
        ("цким", "цкий"),
        ("овым", "ов"),
        ("евым", "ев"),
        ("ёвым", "ёв"),
        ("иным", "ин"),
        ("ыным", "ын"),
        ("ым", "ой"),
        ("им", "ий"),
    ],
    ("masc", "loct"): [("ском", "ский"), ("цком", "цкий"), ("ом", "ой"), ("ем", "ий")],
    ("femn", "gent"): [
        ("ской", "ская"),
        ("цкой", "цкая"),
        ("овой", "ова"),
        ("евой", "ева"),
        ("ёвой", "ёва"),
        ("иной", "ина"),
        ("ыной", "ына"),
        ("ой", "ая"),
    ],
    ("femn", "accs"): [
        ("скую", "ская"),
        ("цкую", "цкая"),
        ("ову", "ова"),
        ("еву", "ева"),
        ("ёву", "ёва"),
        ("ину", "ина"),
        ("ыну", "ына"),
        ("ую", "ая"),
    ],
}
_SURNAME_RULES[("masc", "accs")] = _SURNAME_RULES[("masc", "gent")]
for _case in ("datv", "ablt", "loct"):
    _SURNAME_RULES[("femn", _case)] = _SURNAME_RULES[("femn", "gent")]
_CONSONANT_CASE_ENDINGS = {"gent": "а", "accs": "а", "datv": "у", "ablt": "ом", "loct": "е"}


def surname(word: str, grammar: Grammar) -> str:
    """ "Иванова" (masc, gent) → "Иванов"; "Ивановой" (femn, datv) → "Иванова"; "Черных" stays."""
    return surname_and_doubt(word, grammar)[0]


@lru_cache(maxsize=65536)
def surname_and_doubt(word: str, grammar: Grammar) -> tuple[str, str | None]:
    """The nominative of a surname, and why it is in doubt where the grammar allows two
    ("Бычка": Бычок or Бычек), else None."""
    doubt: str | None = None
    out = []
    for part in word.split("-"):
        low, why = _surname_part(part.lower(), grammar)
        doubt = doubt or why
        out.append(_restore(part, low))
    return "-".join(out), doubt


# Surnames ending in a vowel other than -а/-я do not decline, nor do those in -их/-ых; the
# dictionary knows the indeclinable ones in -а (Дюма).
INDECLINABLE = ("их", "ых", "ко", "дзе", "швили", "иа", "ия", "ое", "аго", "яго", "о", "и", "э")


def _surname_part(low: str, grammar: Grammar) -> tuple[str, str | None]:
    cases = grammar.cases or ("nomn",)
    if "nomn" in cases or len(low) < 3:
        return low, None
    gender = grammar.gender or "masc"
    doubt: str | None = None
    for case in cases:
        if gender == "femn" and low.endswith(("ой", "ую")):
            # Adjectival (Луговая → Луговой) or possessive (Лугова → Луговой)? A surname the
            # dictionary knows decides. Else an adjective with the stress on -ой (луговой)
            # leans adjectival, one in -ый (сомовый) possessive, as surnames mostly are; where
            # both readings stand, the person is marked.
            lemma = _adjective_lemma(low, "femn", case)
            possessive = low.endswith(("овой", "евой", "ёвой", "иной", "ыной"))
            if lemma is not None and lemma.endswith(("ой", "ый", "ий")):
                if _known_surname(low):
                    return lemma[:-2] + "ая", None
                if not possessive:
                    return lemma[:-2] + "ая", None
                if lemma.endswith("ой"):
                    return lemma[:-2] + "ая", "surname_form"
                doubt = "surname_form"
        for ending, nominative in _SURNAME_RULES.get((gender, case), ()):
            if low.endswith(ending) and len(low) > len(ending) + 1:
                if nominative == "ой" and not _is_oi_surname(low, ending):
                    nominative = "ый" if low[-len(ending) - 1] not in "кгхжшчщ" else "ий"
                return low[: -len(ending)] + nominative, doubt
        if (a_stem := _a_stem(low, gender, case)) is not None:
            # Surnames in -а/-я decline for him and her alike: Сковороды, Гамсахурдии, Муху
            # (his accusative in -у: a consonant's is in -а), Сковородой (his in -ой).
            return a_stem, None
        if low.endswith(INDECLINABLE) or _fixed(low):
            return low, None
        if gender == "masc":
            if (known := _known_masculine(low, case)) is not None:
                # Surnames may keep a vowel the noun drops (Журавель, of журавль): where the
                # noun ends in a consonant and -ль/-нь/-рь, the surname's vowel is open.
                cluster = len(known) > 3 and known[-3] not in _VOWELS and known[-2:] in (
                    "ль", "нь", "рь"
                )  # fmt: skip
                return known, "fleeting_vowel" if cluster else None
            # Surnames ending in a consonant (Иванов, Петросян, Кобец): -а, -у, -ом, -е; in
            # -ь/-й: -я, -ю, -ем, -е.
            end = _CONSONANT_CASE_ENDINGS.get(case)
            if end and low.endswith(end) and low[-len(end) - 1] not in _VOWELS | {"ь", "й"}:
                return _fleeting_vowel(low[: -len(end)])
            if case == "ablt" and low.endswith("ем") and len(low) > 4 and low[-3] in "жшчщц":
                # After ж, ш, ч, щ and ц an unstressed -ом is written -ем (Куркумцем, Мякишем):
                # a hard stem, as no masculine noun ends in -ць or -шь.
                return _fleeting_vowel(low[:-2])
            soft = {"gent": "я", "accs": "я", "datv": "ю", "ablt": "ем", "loct": "е"}.get(case)
            if soft and low.endswith(soft) and len(low) > len(soft) + 1:
                stem = low[: -len(soft)]
                if stem[-1] in _VOWELS:
                    return stem + "й", None  # Хоя → Хой, Гая → Гай
                if stem[-1] not in "ьй":
                    return stem + "ь", None  # Коваля → Коваль
    return low, None


def _a_stem(low: str, gender: str, case: str) -> str | None:
    """The nominative in -а or -я where only a surname in -а/-я takes this ending in this case
    (both genders): -ы in the genitive, -ии/-ию/-ией of -ия, and his -у (accusative) and -ой
    (instrumental). None where the ending may be another declension's."""
    if len(low) < 4:
        return None
    if case in ("gent", "datv", "loct") and low.endswith("ии"):
        return low[:-1] + "я"
    if case == "accs" and low.endswith("ию"):
        return low[:-1] + "я"
    if case == "ablt" and low.endswith("ией"):
        return low[:-2] + "я"
    if case == "gent" and low.endswith("ы") and low[-2] not in _VOWELS:
        return low[:-1] + "а"
    if gender == "masc" and case == "accs" and low.endswith("у") and low[-2] not in _VOWELS:
        return low[:-1] + "а"
    if gender == "masc" and case == "ablt" and low.endswith("ой") and low[-3] not in _VOWELS:
        return low[:-2] + "а"
    return None


def surname_alternatives(word: str, grammar: Grammar) -> tuple[str, ...]:
    """Other nominatives the grammar allows where the spelling cannot settle one: a surname
    in -а or -я (Зозули: Зозуля; Кочерге: Кочерга or Кочерги's -я; Квашей: Кваша or Кваша's
    -я), his -овым or -иным (Луговым: Лугов or Луговой), a fleeting vowel before -к (Лаврка:
    Лаврк or Лаврок; Журавля: Журавль or Журавель). Lower case, for the linker to try beside
    the surname's first reading."""
    low = word.lower()
    if (
        "-" in low
        or len(low) < 4
        or not grammar.cases
        or low[-1] not in _ALTERNATIVE_ENDS
        or (low[-1] == "м" and not low.endswith(("ем", "ом", "ым")))
    ):
        return ()
    masc = (grammar.gender or "masc") == "masc"
    out: list[str] = []
    for case in grammar.cases:
        if case == "gent" and low[-1] == "и" and low[-2] != "и":
            out.append(low[:-1] + ("а" if low[-2] in _HUSH else "я"))
        elif case in ("datv", "loct") and low[-1] == "е":
            out += [low[:-1] + "а", low[:-1] + "я"]
        elif case == "accs" and low[-1] == "ю":
            out.append(low[:-1] + "я")
        elif case == "ablt" and low.endswith("ей"):
            out += [low[:-2] + "я", low[:-2] + "а"]
        if masc and case == "ablt" and low.endswith(("овым", "евым", "ёвым", "иным", "ыным")):
            # His -ым is of a possessive surname or an adjectival one: Луговым is Лугов's or
            # Луговой's (Боровой, Садовой), Осиным Осин's or Осиной's.
            out.append(low[:-2] + "ый")
        if masc and case != "nomn":
            end = _CONSONANT_CASE_ENDINGS.get(case)
            if end and low.endswith(end):
                stem = low[: -len(end)]
                if len(stem) > 3 and stem[-1] == "к" and stem[-2] not in _VOWELS_AND_SIGNS:
                    out.append(stem[:-1] + "ок")  # Лаврка: Лаврок
            if low.endswith(("ля", "ня", "ря", "лю", "ню", "рю", "лем", "нем", "рем")):
                nominative, doubt = surname_and_doubt(low, Grammar("masc", (case,)))
                nominative = nominative.lower()
                if doubt == "fleeting_vowel" and nominative[-2:] in ("ль", "нь", "рь"):
                    out.append(nominative[:-2] + "е" + nominative[-2:])  # Журавля: Журавель
    if not out:
        return ()
    # Russian spelling writes no я after г, к, х, ж, ш, ч, щ.
    return tuple(
        dict.fromkeys(
            w for w in out if w != low and len(w) > 3 and not (w[-1] == "я" and w[-2] in _HUSH)
        )
    )


_ALTERNATIVE_ENDS = frozenset("иеюйауям")
_VOWELS_AND_SIGNS = _VOWELS | {"ь", "й"}
_HUSH = "гкхжшчщ"


def _fleeting_vowel(stem: str) -> tuple[str, str | None]:
    """A stem whose nominative had a vowel the oblique cases drop: Кобц- → Кобец, Зайц- → Заяц,
    Бойц- → Боец, Пеньк- → Пенёк, Дубк- → Дубок. Russian words do not end in a consonant
    followed by ц, so there the vowel is certain; before к it is "о" after a hard consonant,
    and after a sibilant either "о" or "е" (Бычок, Бычек), which the grammar cannot settle."""
    if len(stem) < 3:
        return stem, None
    last, before = stem[-1], stem[-2]
    if last == "ц" and before not in _VOWELS:
        if before == "й":
            return stem[:-2] + ("яц" if stem[-3] == "а" else "ец"), None
        if before == "ь":
            return stem[:-2] + "ец", None
        return stem[:-1] + "ец", None
    if last == "к" and before == "ь":
        return stem[:-2] + "ёк", None
    if last == "к" and before in "жшчщ":
        return stem[:-1] + "ок", "fleeting_vowel"
    if last == "к" and before in "бвгдзптфм":
        return stem[:-1] + "ок", None
    return stem, None


@lru_cache(maxsize=16384)
def _fixed(low: str) -> bool:
    """A surname the dictionary knows as indeclinable (Дюма, Ляшко)."""
    return any("Fixd" in p.tag and "Surn" in p.tag for p in _parse(low))


@lru_cache(maxsize=16384)
def _known_masculine(low: str, case: str) -> str | None:
    """The dictionary's nominative where it knows the word as a masculine noun or surname in
    this case (Зайца → заяц, Орла → орёл): its own declension, fleeting vowels included."""
    for p in _parse(low):
        if (
            len(p.methods_stack) == 1
            and p.tag.POS == "NOUN"
            and p.tag.gender == "masc"
            and p.tag.number == "sing"
            and p.tag.case == case
            and "Name" not in p.tag
            and "Patr" not in p.tag
        ):
            nominative = p.inflect({"nomn", "sing"})
            return nominative.word if nominative else None
    return None


@lru_cache(maxsize=16384)
def _is_oi_surname(low: str, ending: str) -> bool:
    """Толстого → Толстой, Лугового → Луговой, but Белого → Белый: the stress, which the
    spelling hides, is in pymorphy3's dictionary of surnames, or of the adjectives surnames
    come from."""
    lemma = _adjective_lemma(low, "masc", None)
    return lemma is not None and lemma.endswith("ой")


@lru_cache(maxsize=65536)
def surname_evidence(word: str) -> int:
    """What the dictionary says of a word as a surname: 2 where it knows it as one (Данелия,
    Ляшко, Ким), 1 where it knows it as a noun or adjective that is no name (Лось, Лебедь,
    Долгий, Клёнок: surnames are made of such words), else 0 (a name, a place, or a word it
    does not know)."""
    low = word.lower()
    tags = [p.tag.grammemes for p in _parse(low) if len(p.methods_stack) == 1]
    if any("Surn" in t for t in tags):
        return 2
    if not any("Name" in t for t in tags) and any(
        ("NOUN" in t or "ADJF" in t) and not ("Patr" in t or "Geox" in t) for t in tags
    ):
        return 1
    return 0


@lru_cache(maxsize=16384)
def _known_surname(low: str) -> bool:
    return any("Surn" in p.tag and len(p.methods_stack) == 1 for p in _parse(low))


@lru_cache(maxsize=16384)
def _adjective_lemma(low: str, gender: str, case: str | None) -> str | None:
    """The masculine nominative of a surname or adjective the dictionary knows in this gender
    (and case): its surname reading first."""
    adjective: str | None = None
    for p in _parse(low):
        if len(p.methods_stack) != 1 or p.tag.gender != gender:
            continue
        if case is not None and p.tag.case != case:
            continue
        if "Surn" in p.tag:
            return str(p.normal_form)
        if p.tag.POS == "ADJF" and adjective is None:
            adjective = str(p.normal_form)
    return adjective


def _restore(original: str, low: str) -> str:
    """Title case, and ё only where the document wrote ё (the dictionary writes "Пётр"); a part
    after a hyphen the document wrote in lower case stays so (Сарыг-оол, Кара-оолович)."""
    if "ё" not in original.lower():
        low = low.replace("ё", "е")
    written = original.split("-")
    parts = low.split("-")
    out = []
    for i, part in enumerate(parts):
        lower = 0 < i < len(written) and written[i][:1].islower()
        out.append(part if lower else part[:1].upper() + part[1:])
    return "-".join(out)


def fold(text: str) -> str:
    """The key two spellings of one name share: lower case, ё as е."""
    return text.lower().replace("ё", "е")

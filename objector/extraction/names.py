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


def patronymic(word: str) -> tuple[str, Grammar] | None:
    """ "Сергеевича" → ("Сергеевич", masc, gent/accs); None when the word is not a patronymic."""
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
def _name_parses(low: str) -> tuple[tuple[str, str, str, float], ...]:
    """(nominative, gender, case, preference) of each reading of `low` as a first name.

    Only dictionary readings count: pymorphy3's guesses for unknown words ("Вугару" as an
    unknown prefix plus "-ару") are noise here. A declinable reading is preferred to an
    indeclinable one ("Анне" is the dative of Анна before it is the name Анне).
    """
    out = []
    for p in _morph().parse(low):
        if "Name" not in p.tag or "sing" not in p.tag or len(p.methods_stack) != 1:
            continue
        nom = p.inflect({"nomn", "sing"})
        preference = p.score + (0 if "Fixd" in p.tag else 1)
        out.append(
            (nom.word if nom else p.normal_form, str(p.tag.gender), str(p.tag.case), preference)
        )
    return tuple(out)


def is_first_name(word: str) -> bool:
    return bool(_name_parses(word.lower()))


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
        # Not in the dictionary (many Tatar, Buryat and Caucasian names): masculine names ending
        # in a consonant take -а/-у/-ом; anything else is left as written.
        cases = grammar.cases or ()
        consonant_stem = low[-1:] in ("а", "у") and low[-2:-1] not in _VOWELS
        if grammar.gender != "femn" and consonant_stem and set(cases) & {"gent", "accs", "datv"}:
            return _restore(word, low[:-1]), grammar
        return _restore(word, low), grammar
    settled = best[1] if best[1] in ("masc", "femn") else grammar.gender
    return _restore(word, best[0]), Grammar(settled, (best[2],))


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
INDECLINABLE = ("их", "ых", "ко", "дзе", "швили", "иа", "ия", "ое", "аго", "яго")
_CONSONANT_CASE_ENDINGS = {"gent": "а", "accs": "а", "datv": "у", "ablt": "ом", "loct": "е"}


def surname(word: str, grammar: Grammar) -> str:
    """ "Иванова" (masc, gent) → "Иванов"; "Ивановой" (femn, datv) → "Иванова"; "Черных" stays."""
    parts = word.split("-")
    return "-".join(_restore(p, _surname_part(p.lower(), grammar)) for p in parts)


def _surname_part(low: str, grammar: Grammar) -> str:
    cases = grammar.cases or ("nomn",)
    if "nomn" in cases or low.endswith(INDECLINABLE):
        return low
    gender = grammar.gender or "masc"
    for case in cases:
        for ending, nominative in _SURNAME_RULES.get((gender, case), ()):
            if low.endswith(ending) and len(low) > len(ending) + 1:
                if nominative == "ой" and not _is_oi_surname(low, ending):
                    nominative = "ый" if low[-len(ending) - 1] not in "кгхжшчщ" else "ий"
                return low[: -len(ending)] + nominative
        if gender == "masc":
            # Surnames ending in a consonant (Иванов, Петросян, Гусейн): -а, -у, -ом, -е; in -ь/-й:
            # -я, -ю, -ем, -е.
            end = _CONSONANT_CASE_ENDINGS.get(case)
            if end and low.endswith(end) and low[-len(end) - 1] not in _VOWELS:
                return low[: -len(end)]
            soft = {"gent": "я", "accs": "я", "datv": "ю", "ablt": "ем"}.get(case)
            if soft and low.endswith(soft) and len(low) > 3:
                stem = low[: -len(soft)]
                return stem + ("й" if stem[-1] in _VOWELS else "ь")
    return low


@lru_cache(maxsize=16384)
def _is_oi_surname(low: str, ending: str) -> bool:
    """Толстого → Толстой, but Белого → Белый: pymorphy3's dictionary of surnames decides."""
    for p in _morph().parse(low):
        if "Surn" in p.tag:
            return bool(p.normal_form.endswith("ой"))
    return False


def _restore(original: str, low: str) -> str:
    """Title case, and ё only where the document wrote ё (the dictionary writes "Пётр")."""
    if "ё" not in original.lower():
        low = low.replace("ё", "е")
    return "-".join(part[:1].upper() + part[1:] for part in low.split("-"))


def fold(text: str) -> str:
    """The key two spellings of one name share: lower case, ё as е."""
    return text.lower().replace("ё", "е")

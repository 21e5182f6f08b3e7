"""Names and ranks from the nominative into the case a sentence needs.

«в интересах рядового Хабибуллина Айдара Рустамовича», «Хабибуллину Айдару Рустамовичу».

The extraction reads names the other way (any case → nominative, `objector.extraction.names`).
Here the patronymic is declined by rule, first names by pymorphy3's dictionary of names with the
regular endings as a fallback, and surnames by the declension of Russian surnames, the mirror of
the extraction's rules. Each surname form is read back through the extraction's own rules
(`names.surname`): a form that does not fold back to the nominative is marked for the lawyer's
check, and so is every form the dictionary did not know. Every form is shown to the lawyer anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from objector.extraction import names, ranks

CASES = ("gent", "datv", "ablt")
CASE_NAMES_RU = {"nomn": "им.", "gent": "род.", "datv": "дат.", "ablt": "твор."}
_VOWELS = set("аеёиоуыэюя")
_HUSHING = set("жшчщц")
_VELAR_HUSHING = set("кгхжшчщ")


@dataclass(frozen=True)
class Form:
    """One generated form, for the lawyer's list: the nominative, the case and the result."""

    nominative: str
    case: str
    form: str
    check: bool  # True when a rule guessed rather than knew

    def as_dict(self) -> dict[str, object]:
        return {
            "nominative": self.nominative,
            "case": self.case,
            "form": self.form,
            "check": self.check,
        }


def gender_of(patronymic: str | None, first_name: str | None) -> str | None:
    """ "masc" or "femn" from the patronymic (or "оглы"/"кызы"), else from the first name."""
    if patronymic:
        low = patronymic.lower().strip()
        if low.endswith(("оглы", "улы", "уулу")):
            return "masc"
        if low.endswith(("кызы", "гызы")):
            return "femn"
        if low.endswith(("ич",)):
            return "masc"
        if low.endswith(("на",)):
            return "femn"
    if first_name:
        genders = {g for _, g, case, _ in names._name_parses(first_name.lower()) if case == "nomn"}
        if genders == {"masc"}:
            return "masc"
        if genders == {"femn"}:
            return "femn"
    return None


def _title(original: str, low: str) -> str:
    return names._restore(original, low)


# --- patronymic -----------------------------------------------------------------------------


def patronymic(word: str, gender: str, case: str) -> tuple[str, bool]:
    low = word.lower()
    parts = low.split()
    if len(parts) > 1 and parts[-1] in names.TURKIC:
        # "Рашид оглы": the father's name declines as a name would not; left as written.
        return word, True
    if gender == "masc" and re.search(r"(ич)$", low):
        end = {"gent": "а", "datv": "у", "ablt": "ем"}[case]
        return _title(word, low + end), False
    if gender == "femn" and low.endswith("на"):
        end = {"gent": "ы", "datv": "е", "ablt": "ой"}[case]
        return _title(word, low[:-1] + end), False
    return word, True


# --- first name -----------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def _dictionary_name(low: str, gender: str, case: str) -> str | None:
    for p in names._morph().parse(low):
        if "Name" not in p.tag or "nomn" not in p.tag or len(p.methods_stack) != 1:
            continue
        if str(p.tag.gender) not in (gender, "ms-f"):
            continue
        if "Fixd" in p.tag:
            return low
        form = p.inflect({case, "sing"})
        if form is not None:
            return str(form.word)
    return None


def first_name(word: str, gender: str, case: str) -> tuple[str, bool]:
    low = word.lower()
    known = _dictionary_name(low, gender, case)
    if known is not None:
        return _title(word, known), False
    return _title(word, _noun_form(low, gender, case)), True


def _noun_form(low: str, gender: str, case: str) -> str:
    """The regular endings of a name the dictionary does not know (Айдар, Зульфия, Нияз)."""
    last = low[-1:]
    if last in ("а", "я"):
        stem = low[:-1]
        soft = last == "я" or stem[-1:] in _VELAR_HUSHING
        if case == "gent":
            return stem + ("и" if soft or stem.endswith("и") else "ы")
        if case == "datv":
            return stem + ("и" if stem.endswith("и") else "е")
        return stem + ("ей" if last == "я" else ("ей" if stem[-1:] in _HUSHING else "ой"))
    if gender == "femn" or last in _VOWELS:
        return low  # Айгуль, Нелли, Марго: indeclinable
    if last in ("й", "ь"):
        stem = low[:-1]
        return stem + {"gent": "я", "datv": "ю", "ablt": "ем"}[case]
    ablt = "ем" if last in _HUSHING else "ом"
    return low + {"gent": "а", "datv": "у", "ablt": ablt}[case]


# --- surname --------------------------------------------------------------------------------

_MASC_ENDINGS: list[tuple[str, dict[str, str]]] = [
    ("ский", {"gent": "ского", "datv": "скому", "ablt": "ским"}),
    ("цкий", {"gent": "цкого", "datv": "цкому", "ablt": "цким"}),
    ("ов", {"gent": "ова", "datv": "ову", "ablt": "овым"}),
    ("ев", {"gent": "ева", "datv": "еву", "ablt": "евым"}),
    ("ёв", {"gent": "ёва", "datv": "ёву", "ablt": "ёвым"}),
    ("ин", {"gent": "ина", "datv": "ину", "ablt": "иным"}),
    ("ын", {"gent": "ына", "datv": "ыну", "ablt": "ыным"}),
    ("ой", {"gent": "ого", "datv": "ому", "ablt": "ым"}),
    ("ый", {"gent": "ого", "datv": "ому", "ablt": "ым"}),
]
_FEMN_ENDINGS: list[tuple[str, dict[str, str]]] = [
    ("ская", {"gent": "ской", "datv": "ской", "ablt": "ской"}),
    ("цкая", {"gent": "цкой", "datv": "цкой", "ablt": "цкой"}),
    ("ова", {"gent": "овой", "datv": "овой", "ablt": "овой"}),
    ("ева", {"gent": "евой", "datv": "евой", "ablt": "евой"}),
    ("ёва", {"gent": "ёвой", "datv": "ёвой", "ablt": "ёвой"}),
    ("ина", {"gent": "иной", "datv": "иной", "ablt": "иной"}),
    ("ына", {"gent": "ыной", "datv": "ыной", "ablt": "ыной"}),
    ("ая", {"gent": "ой", "datv": "ой", "ablt": "ой"}),
]
# Besides the extraction's list of endings that never decline: surnames ending in these vowels.
_INDECLINABLE_VOWELS = ("о", "е", "и", "у", "ю", "э", "ы")


def surname(word: str, gender: str, case: str) -> tuple[str, bool]:
    """ "Хабибуллин" (masc, gent) → "Хабибуллина"; checked back through the extraction's rules."""
    parts = word.split("-")
    forms = [_surname_part(p.lower(), gender, case) for p in parts]
    form = "-".join(_title(p, f) for p, (f, _) in zip(parts, forms, strict=True))
    guessed = any(g for _, g in forms)
    back = names.surname(form, names.Grammar(gender, (case,)))
    return form, guessed or names.fold(back) != names.fold(word)


def _surname_part(low: str, gender: str, case: str) -> tuple[str, bool]:
    if low.endswith(names.INDECLINABLE) or low.endswith(_INDECLINABLE_VOWELS):
        return low, False
    table = _MASC_ENDINGS if gender == "masc" else _FEMN_ENDINGS
    for ending, by_case in table:
        if low.endswith(ending) and len(low) > len(ending) + 1:
            return low[: -len(ending)] + by_case[case], False
    if gender == "masc":
        if low.endswith("ий"):
            stem = low[:-2]
            adj = "ого" if stem[-1:] in _VELAR_HUSHING else "его"
            ends = {"gent": adj, "datv": adj[:-2] + "му", "ablt": "им"}
            return stem + ends[case], False
        if low.endswith(("а", "я")):  # Кочерга, Головня: declined like nouns
            return _noun_form(low, "femn", case), True
        # A fleeting vowel (Соловей → Соловья, Кузнец → Кузнеца or Кузнецa) is the family's own
        # usage: such endings are marked for the lawyer's check.
        fleeting = low.endswith(("ей", "ец", "ок", "ёк"))
        if low.endswith(("й", "ь")):
            return low[:-1] + {"gent": "я", "datv": "ю", "ablt": "ем"}[case], fleeting
        ablt = "ем" if low[-1:] in _HUSHING else "ом"
        return low + {"gent": "а", "datv": "у", "ablt": ablt}[case], fleeting
    if low.endswith(("а", "я")):
        return _noun_form(low, "femn", case), True
    return low, False  # a woman's surname in a consonant does not decline


# --- whole names and ranks ------------------------------------------------------------------


def full_name(
    surname_: str, first: str | None, patronymic_: str | None, gender: str, case: str
) -> tuple[str, list[Form]]:
    """The full name in `case`, and the form of each of its words for the lawyer's list."""
    out: list[str] = []
    forms: list[Form] = []
    word, check = surname(surname_, gender, case)
    out.append(word)
    forms.append(Form(surname_, case, word, check))
    if first:
        word, check = first_name(first, gender, case)
        out.append(word)
        forms.append(Form(first, case, word, check))
    if patronymic_:
        word, check = patronymic(patronymic_, gender, case)
        out.append(word)
        forms.append(Form(patronymic_, case, word, check))
    return " ".join(out), forms


def initials(surname_: str, first: str | None, patronymic_: str | None) -> str:
    """ "А.Р. Хабибуллин", as a signature line wants it."""
    letters = "".join(f"{w[0].upper()}." for w in (first, patronymic_) if w)
    return f"{letters} {surname_}".strip()


_RANK_ADJECTIVES = ("рядовой", "младший", "старший", "главный", "корабельный")
_RANK_FIXED = ("гвардии", "запаса", "в", "отставке", "юстиции", "медицинской", "службы")


def normalise_rank(text: str) -> str | None:
    """The full nominative of a written rank ("мл. с-т" → "младший сержант"); None if unknown."""
    m = ranks.RANK_RE.fullmatch(text.strip())
    return ranks.canonical(m) if m else None


def rank(text: str, case: str) -> tuple[str, bool]:
    """ "младший сержант" → "младшего сержанта". The rank is normalised first."""
    canonical = normalise_rank(text)
    if canonical is None:
        return text, True
    out: list[str] = []
    for word in canonical.split():
        # "капитана 3 ранга": the grade, "ранга" and "запаса" stay as they are.
        if word in _RANK_FIXED or word.isdigit() or word in ("ранга", "статьи"):
            out.append(word)
            continue
        if word in _RANK_ADJECTIVES:
            stem = word[:-2]
            soft = word.endswith("ий") and stem[-1:] in _HUSHING
            adj = {"gent": "его" if soft else "ого", "datv": "ему" if soft else "ому"}
            adj["ablt"] = "им" if soft else "ым"
            out.append(stem + adj[case])
            continue
        head, _, last = word.rpartition("-")
        inflected = _noun_form(last, "masc", case)
        out.append(f"{head}-{inflected}" if head else inflected)
    return " ".join(out), False

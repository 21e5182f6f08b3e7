"""One mention's name, read into parts: surname, first name, patronymic (or their initials), gender.

Grammatical case is undone by `objector.extraction.names`, the rules the document extraction
uses; this module only decides which word is which, maps everyday forms to the full name
(`data/diminutives.txt`, and by rule the forms built on them: Ванюшка, Шурочке), corrects a
one-letter slip in a first name against the known names, and reads Latin spellings back into
Cyrillic (`translit`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from operator import attrgetter
from typing import Any

from rapidfuzz.distance import OSA

from objector.extraction.names import (
    CASES,
    TURKIC,
    Grammar,
    _name_parses,
    first_name,
    fold,
    is_first_name,
    patronymic,
    surname,
    surname_alternatives,
    surname_evidence,
)
from objector.extraction.ranks import RANK_RE, rank_cases

from . import clean, translit

_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['`’-])*\.?")
# Everyday suffixes on top of a full name ("Айдарчик", "Ринатик"): tried only when the word is not
# a name itself, and kept only when what is left is one.
_DIMINUTIVE_SUFFIXES = ("чик", "ик", "ка", "ушка", "юшка", "енька", "онька", "очка", "ечка")
_FEMININE_SURNAME = re.compile(r"(ова|ева|ёва|ина|ына|ская|цкая|ая)$")
_MASCULINE_SURNAME = re.compile(r"(ов|ев|ёв|ин|ын|ский|цкий|ой|ый|ий)$")


@dataclass(frozen=True, slots=True)
class Name:
    """A name in parts. Strings are folded (lower case, ё as е); `*_initial` is set when only an
    initial was written, and also when the full part is (its first letter)."""

    surname: str
    # Readings of the surname's stem (gender endings off), for when the case is unknown:
    # "хабибуллина а.р." may be a woman's nominative or a man's genitive.
    stems: tuple[str, ...]
    first: str | None
    first_initial: str | None
    patronymic: str | None
    patronymic_initial: str | None
    gender: str | None  # "m", "f" or None
    latin: bool
    # An everyday form the list gives to several full names ("слава": Владислав, Вячеслав,
    # Станислав, Ярослав) is kept as written in `first`, and these are the names it may stand
    # for; empty when `first` is a full name (or a form of one name only).
    first_options: tuple[str, ...] = ()
    # The everyday form as written, where the list read it as the one full name in `first`
    # ("веня" for Вениамин): the list says nothing of names it does not hold (Венедикт).
    first_form: str | None = None

    @property
    def stem_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(translit.key(s) for s in self.stems))

    def __reduce__(self) -> tuple[type[Name], tuple[Any, ...]]:
        # Speed only (round 10): the pool's readers send each name back pickled, and a frozen
        # dataclass with slots pickles through a Python loop over its fields a name; as its
        # fields in order it is half the CPU, sent and received (a few % of `objector link`).
        return (Name, _name_fields(self))


_name_fields = attrgetter(*(f.name for f in fields(Name)))


@dataclass(frozen=True)
class _Lexicon:
    full: dict[str, str]  # every known form (folded) → folded full name
    both_genders: set[str]  # forms of a man's and a woman's name alike ("саша", "женя")
    gendered: dict[tuple[str, str], str]  # (form, "m"/"f") → full name, for shared forms
    gender: dict[str, str]  # full name → "m"/"f"
    by_key: dict[str, str]  # translit key of a full name or form → full name
    deletions: dict[str, set[str]]  # one letter deleted → full names (symmetric-delete lookup)
    # Everyday forms the list gives to more than one full name of one gender ("слава", "витя",
    # "гоша") → those names, in the list's order; and the same by transliteration key.
    ambiguous: dict[str, tuple[str, ...]]
    ambiguous_by_key: dict[str, str]  # translit key of such a form → the form


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    full: dict[str, str] = {}
    gendered: dict[tuple[str, str], str] = {}
    gender: dict[str, str] = {}
    owners: dict[tuple[str, str], list[str]] = {}  # (form, gender) → every full name it is of
    order: dict[tuple[str, str], int] = {}
    text = resources.files("objector.linking").joinpath("data/diminutives.txt").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, _, forms = (
            line.partition(":") if not line.startswith("f:") else line[2:].partition(":")
        )
        g = "f" if line.startswith("f:") else "m"
        name = fold(head.strip())
        gender[name] = g
        for form in [name, *(fold(f) for f in forms.split())]:
            gendered[(form, g)] = name
            full.setdefault(form, name)
            if form != name and name not in owners.setdefault((form, g), []):
                owners[(form, g)].append(name)
                order.setdefault((form, g), len(order))
    by_key: dict[str, str] = {}
    deletions: dict[str, set[str]] = {}
    for form, name in full.items():
        by_key.setdefault(translit.key(form), name)
    for name in gender:
        for i in range(len(name)):
            deletions.setdefault(name[:i] + name[i + 1 :], set()).add(name)
        deletions.setdefault(name, set()).add(name)
    both = {form for form, g in gendered if g == "f" and (form, "m") in gendered}
    # A form of a man's name and a woman's ("саша", "шура") stands for both; the rest of the
    # name (the surname's ending) or its gender picks among them later.
    ambiguous: dict[str, tuple[str, ...]] = {}
    for (form, _g), names in sorted(owners.items(), key=lambda e: order[e[0]]):
        options = ambiguous.setdefault(form, ())
        ambiguous[form] = (*options, *(n for n in names if n not in options))
    ambiguous = {form: names for form, names in ambiguous.items() if len(names) > 1}
    ambiguous_by_key = {translit.key(form): form for form in ambiguous}
    return _Lexicon(full, both, gendered, gender, by_key, deletions, ambiguous, ambiguous_by_key)


def _from_lexicon(form: str, g: str | None) -> str | None:
    lex = lexicon()
    if g and (form, g) in lex.gendered:
        return lex.gendered[(form, g)]
    return lex.full.get(form)


def _typo_fix(form: str) -> str | None:
    """The known full name one slip away (a letter deleted, added, replaced, or two swapped), if
    exactly one is."""
    lex = lexicon()
    if len(form) < 4:
        return None
    near: set[str] = set(lex.deletions.get(form, ()))
    for i in range(len(form)):
        near |= lex.deletions.get(form[:i] + form[i + 1 :], set())
    found = {n for n in near if n != form and OSA.distance(n, form) <= 1}
    return found.pop() if len(found) == 1 else None


# The oblique forms of the known full names, by their ending, for one thing only: to find the
# name behind a slip in a declined form ("Евгнния", "Пмвла", "Дммтрию"), which neither the
# dictionary nor the full-name lookup reads. Rules, not the dictionary: the names are few and
# regular, and the forms are never shown.
_MASCULINE_FORMS = {
    "й": ("я", "ю", "ем", "е"),
    "ь": ("я", "ю", "ем", "е"),
    "а": ("ы", "е", "у", "ой", "и"),
    "я": ("и", "е", "ю", "ей"),
}
_FEMININE_FORMS = {
    "ия": ("ии", "ию", "ией"),
    "а": ("ы", "и", "е", "у", "ой", "ей"),
    "я": ("и", "е", "ю", "ей"),
}


def _oblique_forms(name: str, gender: str) -> set[str]:
    if gender == "f":
        for end, forms in _FEMININE_FORMS.items():
            if name.endswith(end):
                return {name[: -len(end)] + f for f in forms}
        return set()
    for end, forms in _MASCULINE_FORMS.items():
        if name.endswith(end):
            return {name[: -len(end)] + f for f in forms}
    stem = _FLEETING.get(name, name)
    return {stem + f for f in ("а", "у", "ом", "е")}


_FLEETING = {"павел": "павл", "лев": "льв"}


@lru_cache(maxsize=1)
def _declined() -> tuple[dict[str, set[tuple[str, str]]], dict[str, set[str]]]:
    """Every form of every known full name → (name, gender); and its one-letter deletions."""
    forms: dict[str, set[tuple[str, str]]] = {}
    for name, g in lexicon().gender.items():
        for form in {name} | _oblique_forms(name, g):
            forms.setdefault(form, set()).add((name, g))
    deletions: dict[str, set[str]] = {}
    for form in forms:
        deletions.setdefault(form, set()).add(form)
        for i in range(len(form)):
            deletions.setdefault(form[:i] + form[i + 1 :], set()).add(form)
    return forms, deletions


def _declined_typo_fix(low: str, gender: str | None) -> str | None:
    """The known name one slip away from this word read as any of its forms, if exactly one
    name is (of the given gender, where known)."""
    if len(low) < 4:
        return None
    forms, deletions = _declined()
    near: set[str] = set(deletions.get(low, ()))
    for i in range(len(low)):
        near |= deletions.get(low[:i] + low[i + 1 :], set())
    names = {
        name
        for form in near
        if form != low and OSA.distance(form, low) <= 1
        for name, g in forms[form]
        if gender is None or g == gender
    }
    return names.pop() if len(names) == 1 else None


# Everyday forms built on a listed form or a name: the suffixes Russian stacks on a name's stem
# (Ваня → Ванечка, Ванюша → Ванюшка → Ванюшечка; Шура → Шурик, Шурочка; Саша → Сашенька,
# Сашуля → Сашулька, Сашок; Айдар → Айдарчик; Лейла → Лейлочка), each as the stem it leaves
# before the form's own ending, longest first. Read by rule, so that the list need hold only the
# forms that change the stem (Шура, Ваня, Жека, Гоша, Ася).
_SUFFIX_STEMS = (
    "ушечк", "юшечк", "еньк", "оньк", "ечк", "очк", "ушк", "юшк", "ятк", "чик",
    "юш", "уш", "ул", "юл", "ун", "юн", "ус", "юс", "ух", "юх", "ик", "ок", "ек", "к",
)  # fmt: skip
# The case endings of such forms and of names (first declension: Ваня, Шурочка; second: Шурик,
# Сашок, Фаридик; third: Гузель) → the nominative's ending, and the cases. The nominative is
# tried first: "Ванюшка" is Ванюшка, not the genitive of a "Ванюшок".
_CASE_ENDINGS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("", "", ("nomn",)),
    ("ой", "а", ("ablt",)),
    ("ою", "а", ("ablt",)),
    ("ей", "я", ("ablt",)),
    ("ей", "а", ("ablt",)),
    ("ею", "я", ("ablt",)),
    ("ы", "а", ("gent",)),
    ("и", "а", ("gent",)),
    ("и", "я", ("gent", "datv", "loct")),
    ("е", "а", ("datv", "loct")),
    ("е", "я", ("datv", "loct")),
    ("у", "а", ("accs",)),
    ("ю", "я", ("accs",)),
    ("а", "", ("gent", "accs")),
    ("я", "ь", ("gent", "accs")),
    ("у", "", ("datv",)),
    ("ю", "ь", ("datv",)),
    ("ом", "", ("ablt",)),
    ("ем", "", ("ablt",)),
    ("ем", "ь", ("ablt",)),
    ("е", "", ("loct",)),
    ("и", "ь", ("gent", "datv", "loct")),
    ("ью", "ь", ("ablt",)),
)
_VOWEL_SUFFIX_START = ("о", "е", "у", "ю")
_SOFT_AFTER = frozenset("ьяюеиё")
_MASCULINE_SUFFIX_STEMS = ("чик", "ик", "ок", "ек")
_VOWELS = frozenset("аеиоуыэюя")
_A_SUFFIX_STEMS = tuple(s for s in _SUFFIX_STEMS if s not in _MASCULINE_SUFFIX_STEMS)
_CONSONANT_END = re.compile(r"[бвгджзклмнпрстфхцчшщ]$")


@lru_cache(maxsize=1)
def _stem_index() -> dict[str, tuple[str, ...]]:
    """The stem of every listed form and full name (its ending -а, -я or -ь off) → those
    forms, in the list's order: "ван" → ("ваня",), "шур" → ("шура",), "иван" → ("иван",)."""
    out: dict[str, dict[str, None]] = {}
    for form in lexicon().full:
        stem = form[:-1] if form[-1] in "аяь" else form
        if len(stem) >= 2:
            out.setdefault(stem, {})[form] = None
    for name, stem in _FLEETING.items():  # Павел → Павлуша, Лев → Львёнок
        out.setdefault(stem, {})[name] = None
    return {stem: tuple(forms) for stem, forms in out.items()}


def _genders_of(form: str) -> set[str]:
    lex = lexicon()
    return {g for g in ("m", "f") if (form, g) in lex.gendered}


@lru_cache(maxsize=262144)
def _derived(
    low: str, g: str | None, cases: tuple[str, ...] | None
) -> tuple[str, tuple[str, ...], int, str | None] | None:
    """A word read as a listed form, or else a name the dictionary knows, with everyday
    suffixes on it and in any case: (that form or name, the word's cases, how surely: 2 for a
    listed form, 1 for a dictionary name, and the gender the word's shape requires, if any)."""
    if len(low) < 4 or not low.isalpha():
        return None
    found_name: tuple[str, tuple[str, ...], int, str | None] | None = None
    # A name of its own in the dictionary ("Ванюшка", "Светланка", but also "Иванка",
    # "Даника") is read only as itself in the nominative, and only as a form of a name of its
    # gender.
    own = _dictionary_genders(low)
    for end, nominative_end, word_cases in _CASE_ENDINGS:
        if cases and not set(word_cases) & set(cases):
            continue
        if end and (own or not low.endswith(end)):
            continue
        nominative = low[: len(low) - len(end)] + nominative_end
        # A word ending in a consonant ("Шурик", "Сашок", "Фаридик") is a man's.
        need = "m" if _CONSONANT_END.search(nominative) else None
        if g and need and g != need:
            continue
        want = g or need
        if own and want is None and len(own) == 1:
            want = next(iter(own))
        elif own and want and want not in own:
            continue
        # A listed form in a case the dictionary does not know ("Жеке", "Рамильку"); not a
        # name of its own that looks like one ("Ириней" is no case of Ирина).
        if (
            end
            and nominative in lexicon().full
            and (want is None or want in _genders_of(nominative))
        ):
            return nominative, word_cases, 2, want
        for stem in _stripped(nominative, oblique=bool(end)):
            # A soft sign before the suffix ("Камилька", "Олька") follows a soft consonant: of a
            # name in -ь or -я (Камиль, Оля), not in -а (Камила would be "Камилка").
            soft = nominative[len(stem) : len(stem) + 1] == "ь"
            forms = [
                f
                for f in _stem_index().get(stem, ())
                if f != low
                and (want is None or want in _genders_of(f))
                and (not soft or f[len(stem) : len(stem) + 1] in _SOFT_AFTER)
            ]
            if forms:
                if _one_reading(forms, want):
                    return forms[0], word_cases, 2, want
                continue  # "Ленечка": Леня's or Лена's, and nothing tells
            if found_name is not None or len(stem) < 3 or stem[-1] in _VOWELS:
                continue
            # A name the dictionary knows, with a suffix on it ("Эрикчик", "Лейлочка").
            bases = [
                b
                for b in dict.fromkeys(
                    (stem + "я", stem + "ь") if soft else (stem, stem + "а", stem + "я", stem + "ь")
                )
                if len(b) >= 4 and b != low and _dictionary_genders(b)
            ]
            if want:
                bases = [b for b in bases if want in _dictionary_genders(b)]
            if len(bases) > 1 and nominative[len(stem) : len(stem) + 1] in _VOWEL_SUFFIX_START:
                # "Аминочка": -очка, -енька, -уля take the place of a name's -а (Амина), not
                # follow a consonant (Амин); and -а before -я where the dictionary holds both.
                bases = [b for b in bases if b[-1] in "ая"][:1] or bases
            genders = {want} if want else {x for b in bases for x in _dictionary_genders(b)}
            if len(bases) == 1 and len(genders) == 1:
                found_name = (bases[0], word_cases, 1, genders.pop())
    return found_name


def _stripped(nominative: str, oblique: bool = False) -> list[str]:
    """The stems the suffixes leave, fewest suffixes first (a soft sign before one off too:
    "Санька" → "сан"): at most three, and at least two letters left. The last suffix fits the
    word's ending: -ик, -чик, -ок, -ек end a man's form in a consonant ("Шурик"), the others
    one in -а or -я ("Шурочка", "Сашуля"); "Марика", "Моника" are names of their own."""
    if nominative.endswith(("бек", "ула")):
        return []  # Казбек, Алибек; Ахмедула, Шарифула (-улла): names of their own
    if nominative[-1:] in ("а", "я"):
        outer: tuple[str, ...] = _A_SUFFIX_STEMS
        core = nominative[:-1]
    elif _CONSONANT_END.search(nominative):
        outer, core = _MASCULINE_SUFFIX_STEMS, nominative
        if oblique and len(nominative) > 2 and nominative[-2] not in _VOWELS:
            outer = ("к",)  # the fleeting vowel of -ок, -ек: "Сашком", "Санька" (of Санёк)
    else:
        return []
    out: list[str] = []
    frontier = [core]
    for suffixes in (outer, _SUFFIX_STEMS, _SUFFIX_STEMS):
        found = []
        for stem in frontier:
            for suffix in suffixes:
                if stem.endswith(suffix) and len(stem) - len(suffix) >= 2:
                    rest = stem[: -len(suffix)]
                    if suffix == "к" and rest[-1] in _VOWELS:
                        continue  # -ка follows a consonant (Машка); "Марика" is no Мария's
                    found.append(rest)
                    if rest.endswith("ь") and len(rest) > 2:
                        found.append(rest[:-1])
        out += found
        frontier = found
    return list(dict.fromkeys(out))


def _names_of(form: str, g: str | None) -> set[str]:
    lex = lexicon()
    options = lex.ambiguous.get(form) or (lex.full[form],)
    return {n for n in options if g is None or lex.gender[n] == g}


def _one_reading(forms: list[str], g: str | None) -> bool:
    """The forms a stem gives read as one name, or as one form (a form of several names is
    one reading: "гоша"); not two forms of different genders where nothing tells which
    ("лен": Лена, Леня)."""
    if len(forms) == 1:
        return True
    return len({frozenset(_names_of(f, g)) for f in forms}) == 1


@lru_cache(maxsize=65536)
def _dictionary_genders(low: str) -> frozenset[str]:
    """The genders the dictionary reads the word as a first name of, in the nominative."""
    return frozenset(
        {"masc": "m", "femn": "f"}[gender]
        for _, gender, case, preference in _name_parses(low)
        # Declinable readings only: "Аминя", an indeclinable guess, is no base for "Аминочка".
        if case == "nomn" and gender in ("masc", "femn") and preference >= 1
    )


@dataclass(frozen=True)
class _First:
    name: str
    gender: str | None
    grammar: Grammar
    # How surely the word is a first name: 3 a full name or everyday form as listed, 2 one in
    # the dictionary as written, 1 read through an ending or a slip. "Дима Зорин": both words
    # read as names (Зорина is a name too), and Дима is the surer.
    strength: int = 1
    options: tuple[str, ...] = ()  # as `Name.first_options`


@lru_cache(maxsize=262144)
def _read_first(word: str, grammar: Grammar) -> _First | None:
    """A first name in any case or everyday form, as its folded full name; None if not one."""
    low = fold(word)
    g = {"masc": "m", "femn": "f"}.get(grammar.gender or "")
    if not grammar.cases and not g and low in lexicon().gender:
        # Written as a full name and nothing says the case: the nominative ("Александра
        # Гусьян" is Alexandra, not "of Alexander").
        full_gender = lexicon().gender[low]
        return _First(low, full_gender, Grammar(_gender_name(full_gender), ("nomn",)), 3)
    if not g and low in lexicon().both_genders:
        # "Саша" with nothing to tell Alexander from Alexandra: the form as written, with both
        # names, and no gender (the surname may give it).
        return _First(low, None, grammar, 3, lexicon().ambiguous[low])
    hit = _from_lexicon(low, g)
    if hit is not None and _of_the_other_case_or_gender(hit, g, grammar):
        # Her name as written, where the grammar says a man or a case not the nominative: his
        # name in that case ("Александренко Евгения Михайловича" and "рядового Иванова
        # Александра" are of Евгений and Александр, not Евгения and Александра).
        theirs = {n for n, ng in _declined()[0].get(low, ()) if ng != lexicon().gender[hit]}
        hit = theirs.pop() if len(theirs) == 1 else None
    nominative, settled = first_name(word, grammar)
    known = hit is not None or nominative.lower() != word.lower() or is_name(low)
    if hit is None:
        hit = _from_lexicon(fold(nominative), g)
    if hit is None and (derived := _derived(low, g, grammar.cases)) is not None:
        # "Ванюшка", "Шурочке", "Гошенькой", "Фаридика": a listed form (or a name) with
        # everyday suffixes on it, in any case; read as that form is.
        base, cases, strength, base_gender = derived
        inner = _read_first(base, Grammar(_gender_name(base_gender) if base_gender else None, None))
        if inner is not None:
            gender_ = inner.grammar.gender or (_gender_name(base_gender) if base_gender else None)
            return _First(
                inner.name, inner.gender, Grammar(gender_, cases), strength, inner.options
            )
    if hit is None:
        for suffix in _DIMINUTIVE_SUFFIXES:
            if low.endswith(suffix) and len(low) - len(suffix) >= 3:
                base = low[: -len(suffix)]
                if is_name(base) or _from_lexicon(base, g):
                    hit = _from_lexicon(base, g) or base
                    break
    slip = False
    if hit is None and not _name_fits(low, grammar):
        # No name we know, and no name the dictionary knows in this gender and case: a slip in
        # a declined form ("Пмвла Петровича")?
        hit = _declined_typo_fix(low, g)
        slip = hit is not None
    if hit is None and not known:
        hit = _typo_fix(low)
        if hit is None:
            return None
    name = hit or fold(nominative)
    gender = lexicon().gender.get(name) or {"masc": "m", "femn": "f"}.get(settled.gender or "")
    if slip:
        strength = 1
    elif _from_lexicon(low, g):
        strength = 3
    elif nominative.lower() == word.lower() and is_name(low):
        strength = 2
    else:
        strength = 1
    if _MASCULINE_SURNAME.search(low) or _FEMININE_SURNAME.search(low):
        strength -= 1  # "Зорин", "Иванова": surnames before names
    # An everyday form of several names ("Слава") stays as written, with the names it may be.
    lex = lexicon()
    form = next((f for f in (low, fold(nominative)) if f in lex.ambiguous), None)
    if form is not None and not slip and name in lex.ambiguous[form]:
        if not g and _of_both_genders(lex.ambiguous[form]):
            gender = None  # "Саши": his Саша's or hers, as "Саша" is; the surname may tell
        elif gender and settled.gender and settled.gender != _gender_name(gender):
            # The list's gender over the dictionary's guess, as below: "Гера" is Герман's and
            # Георгий's in the list, a woman's name in the dictionary.
            settled = Grammar(_gender_name(gender), settled.cases)
        return _First(form, gender, settled, strength, lex.ambiguous[form])
    if name in lex.gender and settled.gender and settled.gender != _gender_name(gender):
        # The list's gender over the dictionary's guess: "Ляйсан" (Лейсан's spelling) is hers.
        settled = Grammar(_gender_name(gender), settled.cases)
    return _First(name, gender, settled, strength)


def _of_the_surnames_gender(first: _First, word: str, last_word: str) -> _First:
    """A first name in the nominative beside a surname whose nominative ending says the other
    gender ("Броня Квасливнин", "Камилька Пекарев"): the surname says who it is, unless the
    word is a full name or form as listed. Read again as a name of the surname's gender (the
    dictionary's Броня is hers; Камилька is Камиль's as well as Камила's), or else kept as
    written with the surname's gender."""
    if first.strength >= 3 or first.gender is None:
        return first
    own = _surname_gender(last_word)
    if (
        own is None
        or first.gender == own
        or (first.grammar.cases and "nomn" not in first.grammar.cases)
    ):
        return first
    again = _read_first(word, Grammar(_gender_name(own), None))
    if again is not None and again.gender == own:
        return again
    return _First(first.name, own, Grammar(_gender_name(own), first.grammar.cases), 0)


def _of_the_other_case_or_gender(name: str, g: str | None, grammar: Grammar) -> bool:
    """A full name read as written (so in the nominative) that the grammar rules out: of the
    other gender, or in a case that is not the nominative."""
    own = lexicon().gender.get(name)
    if own is None:
        return False
    if g:
        return own != g
    return grammar.cases is not None and bool(grammar.cases) and "nomn" not in grammar.cases


def _nominative_first(reading: _First | None, word: str) -> _First | None:
    """The word's reading as a name in the nominative, where the dictionary holds it so as
    written, over an oblique reading of another name."""
    if reading is None or not reading.grammar.cases or "nomn" in reading.grammar.cases:
        return reading
    nominative = _read_first(word, Grammar(None, ("nomn",)))
    if nominative is None or nominative.strength < 2:
        return reading
    # Only a word some name has as its nominative: "Саши", "Александры" are no name's
    # nominative (the forced reading took them as written), and "Саши Ивановой" is of Саша.
    if nominative.strength < 3 and not _name_fits(fold(word), Grammar(None, ("nomn",))):
        return reading
    return nominative


def _unknown_first(word: str, grammar: Grammar) -> _First:
    """A word read as a first name that neither our list nor the dictionary knows."""
    nominative, settled = first_name(word, grammar)
    g = {"masc": "m", "femn": "f"}.get(settled.gender or "")
    return _First(fold(nominative), g, settled, 0)


# Surname endings, as written in Cyrillic and as Latin spellings read back ("-sky" is "скы"):
# for telling the surname from a first name that no list knows. First names end in -ина and -ин
# too (Полина, Вениамин), so this decides only after the names are read; -ян only in a long
# word (Петросян, not the Tuvan first names Саян, Буян).
_SURNAME_SHAPE = re.compile(
    r"(ов|ев|ин|ын|ова|ева|ина|ына|[сц]к(ий|ии|ый|ы|ая|ой)|[иы]х|енко|[ую]к|\w{3}[иь]?ян|дзе|швили)$"
)


def _looks_like_surname(word: str) -> bool:
    return bool(_SURNAME_SHAPE.search(fold(word)))


# Surname endings beyond the usual ones (Петрович, Кузнец, Клёнок, Толстой, Бойко, Дадиани),
# and the everyday suffixes of first names (Самсоша, Нестя, Лейлочка): for two words neither a
# name we know, which is the surname.
_FAMILY_SHAPE = re.compile(
    r"(ович|евич|[^аеиоуыэюя]ец|[^аеиоуыэюя]ок|[^аеиоуыэюяк]ой|[^аеиоуыэюя]ый|\w{2}[^аеиоуыэюя]ая|[гкх]ий|ко|аго|ани)$"
)
# A surname's -ин, -ын is a first name's too (Константин, Валентин, Вениамин, Северин); -ов and
# -ев are only of Яков and Лев, whom the dictionary knows.
_FIRST_NAME_TOO = re.compile(r"[иы]н$")
_EVERYDAY_SHAPE = re.compile(r"(ша|ня|тя|ся|ля|ка|чик|ик|очка|ечка|енька|онька|уля|юша)$")


# Endings no first name has (-ин has: Вениамин, Северин).
_SURE_SHAPE = re.compile(r"(дзе|швили|енко|ович|евич|[сц]кий|[сц]кая|[иы]х|аго)$")


def _surname_likeness(word: str) -> float:
    """3 for a surname's sure ending or one the dictionary knows as a surname, 2 for a
    surname's ending (3 on a noun or adjective: Долгий, Клёнок; not -тий, -рий, which first
    names end in, Гурий with a slip), half less for -ин, which
    first names have too (Северин Салафасолев), 1 for a noun or adjective; one less for an
    everyday name's ending."""
    low = fold(word)
    known = surname_evidence(low)
    score: float
    if _SURE_SHAPE.search(low) or known == 2:
        score = 3
    elif _looks_like_surname(word) or _FAMILY_SHAPE.search(low):
        score = 2 + known  # Клёнок: a surname's ending on a noun, over Северин's -ин
        if _FIRST_NAME_TOO.search(low):
            score -= 0.5
    else:
        score = known
    return score - (1 if _EVERYDAY_SHAPE.search(low) else 0)


@lru_cache(maxsize=65536)
def _latin_name(cyr: str) -> str | None:
    """A Latin-read word as a first name the dictionary knows, trying the readings Latin loses
    (я for "ia" after a consonant, where Cyrillic has ия, ья or иа: Sofia, Veniamin; э for an
    initial "e": Eduard)."""
    low = fold(cyr)
    variants = [low]
    if low.startswith("е"):
        variants.append("э" + low[1:])
    for soft in ("ия", "ья", "иа"):
        variants.append(re.sub(r"(?<=[бвгдзклмнпрстфхцчшщ])я", soft, low))
    return next((v for v in dict.fromkeys(variants) if len(v) > 2 and is_name(v)), None)


def _name_fits(low: str, grammar: Grammar) -> bool:
    """The dictionary reads the word as a first name of this gender and case."""
    return any(
        (not grammar.gender or gender in (grammar.gender, "ms-f", "None"))
        and (not grammar.cases or case in grammar.cases)
        for _, gender, case, _ in _name_parses(low)
    )


@lru_cache(maxsize=262144)
def is_name(low: str) -> bool:
    """A lower-case word that the name dictionary knows as a first name in some case and gender
    ("саша", "ивана"); cached, as the linker asks it of the same words many times."""
    return is_first_name(low)


_IOTATED = {"ю": "у", "я": "а", "у": "ю", "а": "я"}


def _iotation_differs(read: str, name: str) -> bool:
    """One begins with ю or я where the other has у or а: a sound the key merges and every
    Latin spelling keeps apart (Yu, Iu, Ju against U)."""
    return _IOTATED.get(read[:1]) == name[:1]


@lru_cache(maxsize=262144)
def _first_from_latin(word: str) -> str | None:
    return _first_from_latin_how(word)[0]


@lru_cache(maxsize=262144)
def _first_from_latin_how(word: str) -> tuple[str | None, int]:
    """The first name a Latin word reads as, and how: 0 as spelt (a name or form the list
    holds), 1 by the list's key, 2 as a slip one letter from a name ("KARAS" for Тарас)."""
    lex = lexicon()
    readings = translit.candidates(word)
    # The spelling as read back first ("YULIYA" is Юлия, though Уля shares her key).
    for cyr in readings:
        if cyr in lex.ambiguous:  # "SLAVA": the form, as in Cyrillic
            return cyr, 0
        if cyr in lex.full:
            return lex.full[cyr], 0
    for cyr in readings:
        k = translit.key(cyr)
        found = lex.ambiguous_by_key.get(k) or lex.by_key.get(k)
        if found and _iotation_differs(cyr, found):
            # The key drops the glide of an initial ю, я, which Latin writes (Yu, Ya): YULIAN
            # is not Ульян, YANA not Анна. Left to the dictionary, as a name not listed.
            return None, 1
        if found:
            return found, 1
    # English conventions add or drop a vowel ("Alexander"): a known name one letter away; but
    # not a letter replaced, nor the first letter, when the dictionary knows the word as a name
    # of its own (Zarina is not a slip in Marina, Renat not in Ринат, Alina not in Galina).
    main = translit.candidates(word)[0]
    fixed = _typo_fix(main)
    if fixed and fixed != main + "ь" and _dictionary_genders(main + "ь"):
        # A soft sign at the end, which ICAO, the passports and English conventions drop
        # ("KAMIL" is Камиль, not a vowel short of Камила): before a letter added.
        return main + "ь", 2
    if fixed and (fixed[0] != main[:1] or len(fixed) == len(main)) and _latin_name(main):
        return None, 2
    return fixed, 2


def _latin_first_names(rest: list[str], cyr: list[str], at: list[int]) -> list[tuple[int, str]]:
    """The words of a Latin name that read as a first name, best kind first: a name as spelt
    (the list's, else the dictionary's) before one near a name (the list's key, a slip one
    letter away). "Rashid Karas" is Рашид, whom the dictionary knows, not Тарас with a slip;
    "BELAIA SNEZHANA" is Снежана, not Белла by the key. Each word keeps its own reading
    ("Alexander", which the dictionary knows as spelt, still reads as Александр)."""
    listed, spelt, near = [], [], []
    for i in at:
        found, how = _first_from_latin_how(rest[i])
        if found and how == 0:
            listed.append((i, found))
        elif _latin_name(cyr[i]):
            spelt.append((i, found or _latin_name(cyr[i]) or fold(cyr[i])))
        elif found:
            near.append((i, found))
    # A word shaped like a surname that the dictionary knows too (Зорин) is the surname before
    # a name near a listed one ("Alexander Zorin").
    names = [(i, f) for i, f in spelt if not _looks_like_surname(cyr[i])]
    return listed or names or near or spelt


_HUSHING = set("гкхжшчщ")


def _stems(nominatives: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for nom in nominatives:
        n = fold(nom)
        if n.endswith(("ская", "цкая")):
            n = n[:-2] + "ий"
        elif n.endswith("ая"):
            n = n[:-2] + "ый"
        elif n.endswith(("ой", "ои")) and len(n) > 4:
            # His -ой and -ый are one surname to the eye of a genitive (Толстого, Белого: the
            # stress decides, and the spelling hides it): one stem; TOLSTOI read back too, but
            # not Цой's.
            n = n[:-2] + ("ий" if n[-3] in _HUSHING else "ый")
        elif _POSSESSIVE_FEMININE.search(n):
            n = n[:-1]
        out.append(n)
    return tuple(dict.fromkeys(out))


_HIS_AS_WRITTEN = re.compile(r"(ов|ев|ёв|ин|ын|[сц]кий)$")
_HERS_AS_WRITTEN = re.compile(r"\w{3}(ая|яя)$")
_POSSESSIVE_FEMININE = re.compile(r"(ов|ев|ин|ын)а$")


def _surname_gender(nom: str) -> str | None:
    low = fold(nom)
    if _FEMININE_SURNAME.search(low):
        return "f"
    if _MASCULINE_SURNAME.search(low):
        return "m"
    return None


class NameError_(ValueError):
    """The text holds no readable name."""


# The longest text read as a name: a rank, three or four long parts and a Turkic particle fit
# many times over ("старшего лейтенанта медицинской службы Мухаммадшарифова …" is about 90).
# Reading is quadratic in a word's length (every one-letter slip of it is tried), so a hostile
# document's "surname" of 100,000 letters held the task worker for minutes, under the
# registry's lock, and every person page showing it as long (red team, round 9).
MAX_TEXT = 256


# Characters that show nothing (or only an accent) inside a word: a soft hyphen, zero-width
# spaces and joiners, direction marks and overrides, a byte-order mark; and, once the text is
# composed (NFC, so that и + ◌̆ is й and е + ◌̈ is ё), the combining marks left over, such as
# the stress mark of «Ива́нов» as dictionaries and encyclopaedias print it. Each split a word in
# two ("Сине́тов" read as the surname «сине»), so a name pasted from such a text, or written
# with an invisible character on purpose, was kept apart from the same name without (red
# team, round 9); and the decomposed й of macOS read as и.
class NameTooLong(NameError_):
    """Longer than any name (MAX_TEXT characters). Only the length is kept, never the text."""


@lru_cache(maxsize=262144)
def read(text: str) -> Name:
    """Read one name as written ("рядового Хабибуллина А.Р." is the caller's to strip of rank)."""
    if len(text) > MAX_TEXT and len(text := text.strip()) > MAX_TEXT:
        raise NameTooLong(len(text))
    text = clean.text(text)  # invisible characters, look-alikes, Ukrainian letters: `clean`
    if text and max(text) > "\u2000":  # as any(ord(ch) > 0x2000), without a loop
        # pymorphy3 asks each letter's Unicode name, and some letters have none (Tangut).
        text = "".join(
            ch for ch in text if ord(ch) <= 0x2000 or unicodedata.name(ch, None) is not None
        )
    cases: tuple[str, ...] | None = None
    if titled := clean.title(text):  # "гражданина Тихонова И.Р.": the title's case is the name's
        text, cases, _ = titled
    if (rank := RANK_RE.match(text)) and rank.end() < len(text):
        # "рядового Хабибуллина А.Р.": the rank's case is the name's.
        cases = rank_cases(rank.group(0))
        text = text[rank.end() :]
    tokens = _TOKEN.findall(text)
    if not tokens:
        raise NameError_(text)
    if translit.is_latin(" ".join(tokens)):
        return _read_latin(tokens)
    return _read_cyrillic(tokens, cases)


def _is_initial(token: str) -> bool:
    return len(token.rstrip(".")) == 1


def _read_cyrillic(tokens: list[str], cases: tuple[str, ...] | None = None) -> Name:
    words = [t.rstrip(".") for t in tokens]
    initials = [w for t, w in zip(tokens, words, strict=True) if _is_initial(t)]
    rest = [w for t, w in zip(tokens, words, strict=True) if not _is_initial(t)]
    # Turkic patronymics: "Эльчин Рашид оглы", "Мамедова Эльчина Рашид оглы".
    turkic: str | None = None
    turkic_at = 0  # where the two words stood among the rest
    for i, w in enumerate(rest):
        if fold(w) in TURKIC and i > 0:
            turkic = fold(f"{rest[i - 1]} {w}")
            rest = rest[: i - 1] + rest[i + 1 :]
            turkic_at = i - 1
            break
    if not rest:
        raise NameError_(" ".join(tokens))

    patr_index = None
    grammar = Grammar(None, cases)
    patr: str | None = None
    if turkic:
        # Оглы and кызы do not decline, and say whose the name is; the case is the rank's (or
        # the first name's, read below).
        patr = turkic
        grammar = Grammar("masc" if "оглы" in turkic or "улы" in turkic else "femn", cases)
    else:
        found_at = _patronymic_of(rest, bool(initials))
        if found_at is not None:
            patr_index = found_at[0]
            patr, grammar = fold(found_at[1][0]), found_at[1][1]
    others = [w for i, w in enumerate(rest) if i != patr_index]
    if turkic and len(others) == 2 and turkic_at:
        # The first name stands before the patronymic: "Мамедов Эльчин Рашид оглы", "Эльчин
        # Рашид оглы Мамедов".
        fi = turkic_at - 1
        told = _read_first(others[fi], grammar) or _unknown_first(others[fi], grammar)
        return _named(told, others[1 - fi], grammar, initials, patr, others[fi])

    first: _First | None = None
    first_word: str | None = None
    last_word: str
    if (
        len(others) == 1
        and not initials
        and patr is None
        and (only := _read_first(others[0], grammar))
    ):
        # A first name alone ("Айдар", as a mother writes): no surname to link on.
        return Name("", (), only.name, only.name[0], None, None, only.gender, False, only.options)
    if len(others) == 1:
        last_word = others[0]
    else:
        # Which word is the first name: the one the names read as one, surname-first on a tie
        # unless the patronymic stands second (First Patronymic Last).
        if patr_index is not None and len(others) == 2:
            # The patronymic follows the first name: "Фамилия Имя Отчество" or "Имя Отчество
            # Фамилия". Only that word need be read (the dictionary is the slow part).
            guess = 0 if patr_index == 1 else 1
            readings = [(_read_first(others[guess], grammar), guess)]
        else:
            readings = [(_read_first(w, grammar), i) for i, w in enumerate(others[:3])]
            if patr_index is None and not grammar.cases and not initials:
                # No patronymic, no rank: a name as a mother or a message writes it, in the
                # nominative. "Поля", "Ника": her name as written, not "of Поль", "of Ник".
                readings = [(_nominative_first(r, others[i]), i) for r, i in readings]
        named = [(r, i) for r, i in readings if r is not None]
        if len(readings) == 1:
            first, fi = readings[0]
            if first is None:
                # A name no dictionary knows ("Зорикто"): its place beside the patronymic says
                # what it is.
                first = _unknown_first(others[fi], grammar)
        elif patr_index == 1 and readings[0][0] is not None:
            first, fi = readings[0][0], 0
        elif len(named) == 1:
            first, fi = named[0]
        elif named:
            # Both read as names: the surer one ("Дима Зорин"), and on a tie ("Тимур Рустам")
            # the surname first, as lists write.
            top = max(r.strength for r, _ in named)
            surest = [(r, i) for r, i in named if r.strength == top]
            first, fi = surest[-1] if patr_index != 1 else surest[0]
            if len(surest) == 2 and patr_index is None:
                # "Эрик Ким": both are names, and the dictionary knows one as a surname too.
                known = [surname_evidence(others[i]) == 2 for _, i in surest]
                if known.count(True) == 1:
                    first, fi = surest[known.index(False)]
        elif len(others) == 2 and patr_index is None:
            # Neither word is a name we or the dictionary know ("Платоша Хасаных", "Заринка
            # Карабаяренко", "Нестя Лось"): the more surname-like word is the surname (by its
            # shape, or as the dictionary knows it), and the other is kept as an unknown first
            # name, so that "Хасаных Платоша" reads the same; on a tie the surname first.
            a, b = (_surname_likeness(w) for w in others)
            fi = 0 if b > a else 1
            first = _unknown_first(others[fi], grammar)
        else:
            first, fi = None, 1
        if first is None:
            fi = 1
        last_word = others[0] if fi != 0 else others[1]
        first_word = others[fi] if first is not None else None
        if first is not None and patr is None and not initials and not grammar.cases:
            first = _of_the_surnames_gender(first, others[fi], last_word)
        if first is not None:
            grammar = first.grammar if first.grammar.cases else grammar

    return _named(first, last_word, grammar, initials, patr, first_word)


def _patronymic_of(rest: list[str], initials: bool) -> tuple[int, tuple[str, Grammar]] | None:
    """Which word is the patronymic, and its reading. Surnames in -ович, -евич and -ич
    (Петрович, Мицкевич, Бабич) read as patronymics too: of two such words the patronymic is
    the one after another word ("Петрович Иван Сидорович", "Иван Сидорович Петрович"); and of
    two words with no initials, one such word is the surname ("Мицкевич Никон"): a name is
    not written as a first name and patronymic alone."""
    if len(rest) < 2:
        return None
    # The first word is never the patronymic (Фамилия Имя Отчество, Имя Отчество Фамилия).
    found = [(i, f) for i, w in enumerate(rest) if i and (f := patronymic(w))]
    if not found:
        return None
    if len(rest) == 2 and not initials and len(found) == 1:
        return None
    if len(found) > 1:
        at = {i for i, _ in found}
        after_another = [(i, f) for i, f in found if i > 0 and i - 1 not in at]
        return (after_another or found)[0]
    return found[0]


def _named(
    first: _First | None,
    last_word: str,
    grammar: Grammar,
    initials: list[str],
    patr: str | None,
    first_word: str | None = None,
) -> Name:
    """The name, once the first name and the surname's word (and the first name's word as
    written, `first_word`) are known."""
    if first is not None and patr is not None and " " in patr:
        # A Turkic patronymic says whose the name is; the first name may say the case (his
        # genitive is his accusative: "Муху Эльчина Фуад оглы" is of Муха).
        cases = grammar.cases or first.grammar.cases
        if grammar.gender == "masc" and cases and "gent" in cases and "accs" not in cases:
            cases = (*cases, "accs")
        grammar = Grammar(grammar.gender, cases)
    gender = {"masc": "m", "femn": "f"}.get(grammar.gender or "") or (
        first.gender if first else None
    )
    if gender is None and grammar.cases and "nomn" not in grammar.cases:
        # "Саши Ивановой": a form of his name and hers in an oblique case; the surname's
        # ending tells whose, before it is brought to the nominative. Else the case tells:
        # "рядового Попова", "рядового Зайца" are declined as only his can be (hers would be
        # «Поповой», and «Заяц» for her does not decline).
        gender = _oblique_gender(fold(last_word)) or _declined_gender(
            fold(last_word), grammar.cases
        )
    if gender == "m" and grammar.cases and "gent" in grammar.cases and "accs" not in grammar.cases:
        # His genitive is his accusative ("Данелию Никона Трофимовича": Никона is either, and
        # Данелию is of Данелия only as the accusative).
        grammar = Grammar(grammar.gender, (*grammar.cases, "accs"))
    if grammar.cases:
        g_name = grammar.gender or _gender_name(gender)
        noms = [_surname(last_word, g_name, grammar.cases)]
        noms += _alternatives(last_word, g_name, grammar.cases)
    else:
        noms = list(_surname_readings(last_word, gender))
    # A slip in the case ending ("Рахиюсуповоф" for -овой) leaves a word no reading undoes, two
    # letters from its nominative: read the endings one slip away too.
    for w in _ending_repairs(fold(last_word)):
        noms += [n for n in _surname_readings(w, gender)[1:] if fold(n) != w]
        if _NOMINATIVE.search(w):
            noms.append(w)
    if gender is None and grammar.cases and "nomn" in grammar.cases:
        gender = _surname_gender(noms[0])
    nominative = not grammar.cases or "nomn" in grammar.cases
    if gender is None and first and nominative and _of_both_genders(first.options):
        # "Шура Зорхасанова": a form of his name and hers, in the nominative, so the surname
        # is too, and its ending tells.
        gender = _surname_gender(fold(last_word))
    if gender is None:
        gender = _oblique_gender(fold(last_word))
    if gender is None and not grammar.cases and _HIS_AS_WRITTEN.search(fold(last_word)):
        # "Андреев Н.С.": no case is told, but a surname in -ов or -ский as written is his in
        # every case it may stand in (hers is «Андреева» in the nominative, «Андреевой» or
        # «Андрееву» in the others).
        gender = "m"
    if gender is None and not grammar.cases and _HERS_AS_WRITTEN.search(fold(last_word)):
        # "Вишневская Н.С.", "Толстая Н.С.": an adjective's -ая is her nominative only (his
        # cases are «Вишневского», «Вишневскому», …), so no case need be told.
        gender = "f"
    first_name_, options = (first.name, first.options) if first else (None, ())
    first_name_, options = _narrowed(first_name_, options, gender)
    if first is not None and first.strength <= 0 and not options and not is_name(first.name):
        # A word no list or dictionary reads, one slip from listed forms ("свша", "фииа"):
        # kept as written, with the names of those forms (of its gender, where known), as an
        # everyday form of several names is; never read as one of them.
        options = tuple(
            o
            for o in _slipped_form_of(first.name)
            if gender is None or lexicon().gender[o] == gender
        )
    fi_letter = first_name_[0] if first_name_ else (fold(initials[0]) if initials else None)
    pi_letter = patr[0] if patr else (fold(initials[1]) if len(initials) > 1 else None)
    # A listed everyday form read as its one full name ("веня"): kept as written too.
    written = fold(first_word) if first_word and not options and first_name_ else None
    if written is not None and (
        written == first_name_ or lexicon().full.get(written) != first_name_
    ):
        written = None
    return Name(
        surname=fold(noms[0]),
        stems=_stems(tuple(noms)),
        first=first_name_,
        first_initial=fi_letter,
        patronymic=patr,
        patronymic_initial=pi_letter,
        gender=gender,
        latin=False,
        first_options=options,
        first_form=written,
    )


@lru_cache(maxsize=65536)
def _slipped_form_of(low: str) -> tuple[str, ...]:
    """The full names of every listed form (or full name) one slip from this word, in the
    list's order; none for a word of fewer than four letters (a short word is a slip from too
    many)."""
    lex = lexicon()
    if len(low) < 4 or low in lex.full:
        return ()
    names: dict[str, None] = {}
    for form, name in _forms_by_deletion().get(low, {}).items():
        if OSA.distance(form, low) <= 1:
            names.update(dict.fromkeys(lex.ambiguous.get(form, (name,))))
    for i in range(len(low)):
        for form, name in _forms_by_deletion().get(low[:i] + low[i + 1 :], {}).items():
            if form != low and OSA.distance(form, low) <= 1:
                names.update(dict.fromkeys(lex.ambiguous.get(form, (name,))))
    return tuple(names)


@lru_cache(maxsize=65536)
def a_short_slip(low: str) -> bool:
    """A word of three letters one slip from a listed form or name: a letter left out ("лва"
    for Лёва) or one replaced ("ипа" for Ира). Such a word is no run of initials."""
    if any(len(form) == len(low) + 1 for form in _forms_by_deletion().get(low, {})):
        return True
    return any(
        sum(x != y for x, y in zip(form, low, strict=True)) == 1
        for form in _forms_of_length(len(low))
    )


@lru_cache(maxsize=8)
def _forms_of_length(n: int) -> tuple[str, ...]:
    return tuple(form for form in lexicon().full if len(form) == n)


@lru_cache(maxsize=1)
def _forms_by_deletion() -> dict[str, dict[str, str]]:
    """Every listed form and full name, and each with one letter deleted → {form: name}."""
    out: dict[str, dict[str, str]] = {}
    for form, name in lexicon().full.items():
        out.setdefault(form, {})[form] = name
        for i in range(len(form)):
            out.setdefault(form[:i] + form[i + 1 :], {})[form] = name
    return out


def _of_both_genders(options: tuple[str, ...]) -> bool:
    return len({lexicon().gender[o] for o in options}) > 1


def _narrowed(
    first: str | None, options: tuple[str, ...], gender: str | None
) -> tuple[str | None, tuple[str, ...]]:
    """An everyday form's names of the name's gender; one left is the name itself ("Саша
    Иванов" is Александр)."""
    if not options or gender is None:
        return first, options
    kept = tuple(o for o in options if lexicon().gender[o] == gender) or options
    return (kept[0], ()) if len(kept) == 1 else (first, kept)


@lru_cache(maxsize=65536)
def _declined_gender(low: str, cases: tuple[str, ...]) -> str | None:
    """Whose surname this is, where the case is known and not the nominative, and the word is
    a case form of only one gender's surname: his genitive «Попова» (hers is «Поповой»), his
    «Зайца» (hers, «Заяц», does not decline), his dative «Попову» (hers is «Поповой»). A word
    both read alike («Мухи», «Черных») or each as a different surname says nothing."""
    his = _surname(low, "masc", cases).lower()
    hers = _surname(low, "femn", cases).lower()
    if his != low and hers == low:
        return "m"
    if hers != low and his == low:
        return "f"
    return None


# Endings only one gender's surname takes in a case other than the nominative: "Гайдамакского"
# is a man, "Гайдамакской" and "Ивановой" a woman, whatever the case.
_MASCULINE_OBLIQUE = re.compile(r"(ого|его|ому|ему|ским|цким|овым|евым|иным|ыным|ом)$")
_FEMININE_OBLIQUE = re.compile(r"(ской|цкой|овой|евой|ёвой|иной|ыной|скую|цкую)$")


def _oblique_gender(low: str) -> str | None:
    if _MASCULINE_OBLIQUE.search(low):
        return "m"
    if _FEMININE_OBLIQUE.search(low):
        return "f"
    return None


# The endings of Russian surnames in every case, and of the commonest others (Абрамович,
# Кличко, Швец, Гогия, Окуджава, Живаго): a word ending otherwise may hold a slip in its ending.
_SURNAME_FORM = re.compile(
    r"((ов|ев|ин|ын)(а|у|ым|е|ой|ом|ою)?|[сц]к(ий|ого|ому|им|ом|ая|ой|ую)|[ыи]х|енко|[ую]к(а|у|ом|е)?"
    r"|[иь]?ян|дзе|швили|ич(а|у|ем|е)?|ко|е?ц(а|у|ом|ем|е)?|ия|уа|ава|[ая]го)$"
)
_NOMINATIVE = re.compile(r"((ов|ев|ин|ын)а?|[сц]к(ий|ая))$")
_LETTERS = "абвгдежзийклмнопрстуфхцчшщъыьэюя"


@lru_cache(maxsize=65536)
def _ending_repairs(low: str) -> tuple[str, ...]:
    """The words one slip (a letter replaced, dropped, added or two swapped) in the last four
    letters from a surname's case form, if the word is not one itself."""
    if len(low) < 6 or _SURNAME_FORM.search(low):
        return ()
    found: set[str] = set()
    for i in range(len(low) - 4, len(low) + 1):
        for ch in _LETTERS:
            found.add(low[:i] + ch + low[i:])
            if i < len(low):
                found.add(low[:i] + ch + low[i + 1 :])
        if i < len(low):
            found.add(low[:i] + low[i + 1 :])
        if i + 1 < len(low):
            found.add(low[:i] + low[i + 1] + low[i] + low[i + 2 :])
    return tuple(sorted(w for w in found if _SURNAME_FORM.search(w[-7:]) and w != low))


@lru_cache(maxsize=262144)
def _surname(word: str, gender: str, cases: tuple[str, ...]) -> str:
    return surname(word, Grammar(gender, cases))


@lru_cache(maxsize=262144)
def _surname_readings(word: str, gender: str | None) -> tuple[str, ...]:
    """Case unknown (initials only): every reading, nominative first."""
    noms = [word]
    for g in ("masc", "femn") if gender is None else (_gender_name(gender),):
        for c in CASES[1:]:
            noms.append(surname(word, Grammar(g, (c,))))
        noms += _alternatives(word, g, CASES[1:])
    return tuple(dict.fromkeys(noms))


@lru_cache(maxsize=262144)
def _alternatives(word: str, gender: str, cases: tuple[str, ...]) -> tuple[str, ...]:
    return surname_alternatives(word, Grammar(gender, cases))


def _gender_name(g: str | None) -> str:
    return "femn" if g == "f" else "masc"


def _read_latin(tokens: list[str]) -> Name:
    words = [t.rstrip(".") for t in tokens]
    initials = [
        fold(translit.to_cyrillic(w)[:1])
        for t, w in zip(tokens, words, strict=True)
        if _is_initial(t)
    ]
    rest = [w for t, w in zip(tokens, words, strict=True) if not _is_initial(t)]
    if not rest:
        raise NameError_(" ".join(tokens))
    cyr = [translit.to_cyrillic(w) for w in rest]
    patr: str | None = None
    gender: str | None = None
    patr_index = None
    if (found_at := _patronymic_of(cyr, bool(initials))) is not None:
        patr_index, found = found_at
        patr = fold(found[0])
        gender = "m" if found[1].gender == "masc" else "f"
    others = [i for i in range(len(cyr)) if i != patr_index]
    first: str | None = None
    last_i = others[0]
    if len(others) > 1:
        named = _latin_first_names(rest, cyr, others[:3])
        if named:
            # Passports write SURNAME FIRST; the press First Surname: the name decides.
            # Both read as names: surname first, as passports write ("KHABIBULLIN AIDAR").
            fi, first = named[-1] if len(named) > 1 and patr_index is None else named[0]
            last_i = next(i for i in others if i != fi)
        else:
            # No name we know: one the dictionary knows ("ROSTISLAV", "Eduard"); else the
            # word shaped like a surname is the surname ("YUDEV FILIPP"), as in Cyrillic.
            shaped = [i for i in others[:3] if _looks_like_surname(cyr[i])]
            known = [i for i in others[:3] if _latin_name(cyr[i])]
            if len(known) > 1:
                known = [i for i in known if i not in shaped]
            if len(known) == 1 and patr_index is None:
                last_i = next(i for i in others if i != known[0])
            elif len(shaped) == 1 and patr_index is None:
                last_i = shaped[0]
            else:
                last_i = others[-1] if patr_index is None else others[0]
            fi = others[0] if last_i != others[0] else others[1]
            first = _latin_name(cyr[fi]) or fold(cyr[fi])
    options = lexicon().ambiguous.get(first or "", ())
    if options and not _of_both_genders(options):
        gender = gender or lexicon().gender[options[0]]
    gender = gender or lexicon().gender.get(first or "") or _surname_gender(cyr[last_i])
    first, options = _narrowed(first, options, gender)
    last = fold(cyr[last_i])
    return Name(
        surname=last,
        stems=_stems((last,)),
        first=first,
        first_initial=first[0] if first else (initials[0] if initials else None),
        patronymic=patr,
        patronymic_initial=patr[0] if patr else (initials[1] if len(initials) > 1 else None),
        gender=gender,
        latin=True,
        first_options=options,
    )

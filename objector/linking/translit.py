"""Latin spellings of Russian names, read back into Cyrillic, and the key both are compared in.

No library reads every system back: cyrtranslit and transliterate know one scheme each and write
Latin, not read it. Passports alone used three schemes (before 2010: YULIYA; 2010–13: TCAREVA,
IULIIA; ICAO 9303 since 2013: IULIIA, TSAREVA), libraries and maps use BGN/PCGN (Yevgeniy) and
GOST 7.79-B (Xabibullin, Cy'renov), and the press writes English conventions (Alexander, Dmitry,
Fyodor, Yusupov). So the table below reads the union of all of them, and `key` folds away what the
schemes disagree on (й/и/ы, е/э/ё, soft and hard signs, double letters), so that every Latin
spelling and the Cyrillic original meet in one key.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Longest first. Where two readings exist (x: кс in English, х in GOST), the first is the main
# reading and `candidates` adds the other.
_DIGRAPHS: list[tuple[str, str]] = [
    ("shch", "щ"),
    ("sch", "щ"),
    ("shh", "щ"),
    ("kh", "х"),
    ("zh", "ж"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ts", "ц"),
    ("tc", "ц"),
    ("cz", "ц"),
    ("yu", "ю"),
    ("iu", "ю"),
    ("ju", "ю"),
    ("ya", "я"),
    ("ia", "я"),
    ("ja", "я"),
    ("yo", "ё"),
    ("jo", "ё"),
    ("ye", "е"),
    ("y'", "ы"),
    ("e'", "э"),
]
_SINGLE = {
    "a": "а",
    "b": "б",
    "v": "в",
    "w": "в",
    "g": "г",
    "d": "д",
    "e": "е",
    "z": "з",
    "i": "и",
    "j": "й",
    "y": "ы",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "f": "ф",
    "h": "х",
    "c": "ц",
    "x": "кс",
    "q": "к",
}
_VOWELS = set("аеёиоуыэюя")


_LATIN_LETTER = re.compile(r"[a-zA-Zë]")
_CYRILLIC_LETTER = re.compile(r"[а-яёА-ЯЁ]")


def is_latin(text: str) -> bool:
    """More Latin letters than Cyrillic ones."""
    return len(_LATIN_LETTER.findall(text)) > len(_CYRILLIC_LETTER.findall(text))


_DIGRAPH_RE = re.compile("|".join(re.escape(latin) for latin, _ in _DIGRAPHS))
_DIGRAPH = dict(_DIGRAPHS)


@lru_cache(maxsize=262144)
def to_cyrillic(word: str) -> str:
    """The main Cyrillic reading of one Latin word: "Khabibullin" → "хабибуллин"."""
    low = word.lower().replace("`", "").replace("’", "'")
    out: list[str] = []
    i = 0
    while i < len(low):
        # "ia"/"ya" after a consonant and "iy"/"ii" endings are the commonest ambiguity; the
        # key folds them, so one reading is enough here.
        m = _DIGRAPH_RE.match(low, i)
        if (
            m
            and len(m.group(0)) == 2
            and (n := _DIGRAPH_RE.match(low, i + 1))
            and len(n.group(0)) > 2
        ):
            # "Mustshchegluk": т and "shch", not "ts" and "hch" (a longer digraph wins).
            m = None
        elif m and m.group(0) == "ts" and low.startswith("sh", i + 1):
            # "Rakitshvili": т and "sh", as every scheme writes тш; цх is "tskh" in all of them
            # (х is "kh", or "x" in GOST), so "ts" and a lone "h" is the rarer reading.
            m = None
        if m:
            out.append(_DIGRAPH[m.group(0)])
            i = m.end()
            continue
        ch = low[i]
        if ch == "y" and (i == len(low) - 1 or low[i + 1] not in "aeiou"):
            # "y" after a vowel or at the end is й ("Sergey", "Aleksey", "Dmitriy").
            prev = next((piece[-1] for piece in reversed(out) if piece), "")
            out.append("й" if prev in _VOWELS or prev == "и" else "ы")
        elif ch == "ë":
            out.append("ё")
        else:
            out.append(_SINGLE.get(ch, ch if ch.isalpha() and not ch.isascii() else ""))
        i += 1
    text = "".join(out)
    # ICAO 9303 writes ъ as "ie"; endings -ii/-iy/-yi are -ий.
    if text.endswith(("ии", "иы")):
        text = text[:-2] + "ий"
    return text


@lru_cache(maxsize=262144)
def candidates(word: str) -> tuple[str, ...]:
    """Every Cyrillic reading worth trying: the main one, "x" read as х (GOST 7.79-B), and an
    "h" on its own read as г (Ukrainian and Belarusian passports: Serhii, Siarhei, Ihor for
    Сергей, Сергей, Игорь)."""
    main = to_cyrillic(word)
    low = word.lower()
    out = [main]
    if "x" in low:
        out.append(to_cyrillic(low.replace("x", "kh")))
    if "h" in low:
        lone = _LONE_H.sub("g", low)
        if lone != low:
            out.append(to_cyrillic(lone))
    return tuple(dict.fromkeys(out))


# An h that is no part of kh, zh, ch, sh (and so of shch) nor of a GOST digraph.
_LONE_H = re.compile(r"(?<![kzcsg])h")


_KEY_MAP = str.maketrans({"й": "и", "ы": "и", "ё": "е", "э": "е", "ь": None, "ъ": None})
_KEY_SUBS = [
    ("я", "иа"),
    ("ю", "иу"),
    ("кс", "х"),
    ("тс", "ц"),
    ("шч", "щ"),
    # сч is said щ (Щукин and Счукин, and "sch" reads back as щ): one sound, one key.
    ("сч", "щ"),
]
_GLIDE = re.compile(r"(^|[аеиоу])и(?=[аеоу])")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=262144)
def key(cyrillic: str) -> str:
    """The key every spelling of one name shares: "Юлия", "Iulia", "Yuliya", "Julija" → "улиа".

    Lossy on purpose (кс and х meet, as "x" is both); names are compared in it, never shown.
    """
    # Петров-Водкин: Latin spellings drop the hyphen or keep it, and so may a clerk.
    text = cyrillic.lower().replace("ё", "е").replace("-", "")
    for a, b in _KEY_SUBS:
        text = text.replace(a, b)
    text = text.translate(_KEY_MAP)
    text = _DOUBLE.sub(r"\1", text)
    text = _GLIDE.sub(r"\1", text)  # the й-glide of я/ю/е, which Latin spells y, i, j or not
    text = re.sub(r"ие", "е", text)
    return _DOUBLE.sub(r"\1", text)

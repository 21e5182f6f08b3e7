"""Military ranks: every written form (full, inflected, abbreviated, in capitals) to the full
nominative. Hand-written rather than taken from a morphology library: the abbreviations ("мл. с-т",
"п/п-к", "кап. 3 р.") are clerks' conventions that no dictionary carries, and the list is closed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .names import noun_cases

_ADJ = r"(?:ий|ой|ый|его|ого|ему|ому|им|ым|ем|ом)"
_NOUN = r"(?:а|у|ом|е)?"
_FEM = r"(?:а|ы|е|у|ой)"
_GRADE = r"(?:[123]|I{1,3}|перв\w+|втор\w+|трет\w+)"


def _grade(raw: str) -> str:
    raw = raw.lower()
    if raw.startswith(("1", "i", "перв")) and raw not in ("ii", "iii"):
        return "1"
    if raw.startswith(("2", "втор")) or raw == "ii":
        return "2"
    return "3"


# (pattern, canonical) — more specific forms first, since the alternation takes the first match.
# "{g}" marks a grade (ранга / статьи) that is captured and put into the canonical form.
_RANKS: list[tuple[str, str]] = [
    (rf"капитан{_NOUN}\s+(?P<g1>{_GRADE})(?:-?(?:го|й))?\s+ранга", "капитан {g} ранга"),
    (rf"кап(?:\.|итан{_NOUN})\s*(?P<g2>{_GRADE})\s*(?:р\.|ранга)", "капитан {g} ранга"),
    (r"к(?P<g3>[123])р\.?", "капитан {g} ранга"),
    (rf"старшин{_FEM}\s+(?P<g4>{_GRADE})(?:-?(?:й|ой))?\s+стать[иьеюя]", "старшина {g} статьи"),
    (rf"ст-н[аыеу]\s+(?P<g5>{_GRADE})\s*(?:ст\.|статьи)", "старшина {g} статьи"),
    (rf"главн{_ADJ}\s+корабельн{_ADJ}\s+старшин{_FEM}", "главный корабельный старшина"),
    (rf"главн{_ADJ}\s+старшин{_FEM}", "главный старшина"),
    (rf"генерал-полковник{_NOUN}", "генерал-полковник"),
    (rf"генерал-лейтенант{_NOUN}", "генерал-лейтенант"),
    (rf"генерал-майор{_NOUN}", "генерал-майор"),
    (rf"контр-адмирал{_NOUN}", "контр-адмирал"),
    (rf"вице-адмирал{_NOUN}", "вице-адмирал"),
    (
        rf"капитан{_NOUN}-лейтенант{_NOUN}|кап\.?-л(?:ейт)?[-.]?т?(?:а|у)?\.?|к-л-т",
        "капитан-лейтенант",
    ),
    (
        rf"младш{_ADJ}\s+сержант{_NOUN}|мл\.\s*(?:с-т|с-та|с-ту|серж\.|сержант{_NOUN})",
        "младший сержант",
    ),
    (
        rf"старш{_ADJ}\s+сержант{_NOUN}|ст\.\s*(?:с-т|с-та|с-ту|серж\.|сержант{_NOUN})",
        "старший сержант",
    ),
    (
        rf"младш{_ADJ}\s+лейтенант{_NOUN}|мл\.\s*(?:л-т|л-та|л-ту|лейт\.|лейтенант{_NOUN})",
        "младший лейтенант",
    ),
    (
        rf"старш{_ADJ}\s+лейтенант{_NOUN}|ст\.\s*(?:л-т|л-та|л-ту|лейт\.|лейтенант{_NOUN})",
        "старший лейтенант",
    ),
    (
        rf"старш{_ADJ}\s+прапорщик{_NOUN}|ст\.\s*(?:пр-к|пр-ка|прап\.|прапорщик{_NOUN})",
        "старший прапорщик",
    ),
    (rf"старш{_ADJ}\s+мичман{_NOUN}|ст\.\s*(?:мичм\.|мичман{_NOUN})", "старший мичман"),
    (rf"старш{_ADJ}\s+матрос{_NOUN}|ст\.\s*(?:матр\.|матрос{_NOUN})", "старший матрос"),
    (rf"рядов{_ADJ}|ряд\.", "рядовой"),
    (rf"ефрейтор{_NOUN}|ефр\.", "ефрейтор"),
    (rf"сержант{_NOUN}|с-т|с-та|с-ту|серж\.", "сержант"),
    (rf"старшин{_FEM}|ст-н[аыеу]", "старшина"),
    (rf"прапорщик{_NOUN}|пр-к|пр-ка|прап\.", "прапорщик"),
    (rf"лейтенант{_NOUN}|л-т|л-та|л-ту|лейт\.", "лейтенант"),
    (rf"подполковник{_NOUN}|п/п-к|п/п-ка|подп-к|подп-ка|подполк\.", "подполковник"),
    (rf"полковник{_NOUN}|п-к|п-ка|полк\.", "полковник"),
    (rf"капитан{_NOUN}|к-н|к-на|кап\.", "капитан"),
    (rf"майор{_NOUN}|м-р|м-ра", "майор"),
    (rf"мичман{_NOUN}|мичм\.", "мичман"),
    (rf"матрос{_NOUN}|матр\.", "матрос"),
]

_TAILS = [
    (r"запаса|зап\.", "запаса"),
    (r"в\s+отставке", "в отставке"),
    (r"юстиции", "юстиции"),
    (r"медицинской\s+службы|м/с", "медицинской службы"),
]

_ALT = "|".join(f"(?P<r{i}>{p})" for i, (p, _) in enumerate(_RANKS))
_TAIL_ALT = "|".join(f"(?P<t{i}>{p})" for i, (p, _) in enumerate(_TAILS))

# The whole rank phrase: "гвардии", the rank, then "запаса" and the like.
# Every rank and its abbreviations begin with one of these letters; saying so first lets the
# engine skip the forty alternatives at every other position (a third of the time).
_FIRST_LETTERS = "ксгвмрепл"
RANK = (
    rf"(?<![\w-])(?=[{_FIRST_LETTERS}])(?P<guard>(?:гвардии|гв\.)\s*)?(?<![\w-])(?:{_ALT})(?![\w-])"
    rf"(?:\s+(?:{_TAIL_ALT})(?![\w-]))?"
)
RANK_RE = re.compile(RANK, re.IGNORECASE)


def canonical(m: re.Match[str]) -> str:
    """The full nominative rank of a RANK_RE match: "гв. мл. с-та" → "гвардии младший сержант"."""
    return _canonical(" ".join(m.group(0).lower().split()))


@lru_cache(maxsize=4096)
def _canonical(written: str) -> str:
    m = RANK_RE.fullmatch(written)
    groups = m.groupdict() if m else {}
    base = ""
    for i, (_, name) in enumerate(_RANKS):
        if groups.get(f"r{i}") is not None:
            grade = next(
                (v for k, v in groups.items() if k.startswith("g") and k[1:].isdigit() and v), ""
            )
            base = name.format(g=_grade(grade)) if "{g}" in name else name
            break
    tail = next((name for i, (_, name) in enumerate(_TAILS) if groups.get(f"t{i}")), None)
    parts = ["гвардии"] if groups.get("guard") else []
    parts.append(base)
    if tail:
        parts.append(tail)
    return " ".join(parts)


_NOT_HEAD = ("гвардии", "гв.", "запаса", "зап.", "в", "отставке", "ранга", "статьи", "юстиции",
             "медицинской", "службы", "м/с")  # fmt: skip


def rank_cases(text: str) -> tuple[str, ...] | None:
    """The cases a name after this rank can be in, as the rank is written: "младшего сержанта"
    → genitive or accusative (animate nouns share the form: "исключить ефрейтора ... Илью");
    "старшине" → dative or prepositional. None when the rank is abbreviated past telling.

    A rank written out in full is a noun the dictionary knows, whatever the rank
    ("подполковника", "генерал-майора", "рядового"): pymorphy3's grammar of its head word gives
    the case. Clerks' abbreviations ("мл. с-та") keep their case in the ending after the hyphen.
    """
    words = [w for w in re.findall(r"[а-яё/.\d-]+", text.lower()) if w not in _NOT_HEAD]
    words = [w for w in words if not w.isdigit() and not re.fullmatch(r"i{1,3}|\d-?\w*", w)]
    if not words:
        return None
    head = words[-1]
    if (
        "." in head
        or "/" in head
        or ("-" in head and not head.startswith(("генерал", "контр", "вице", "капитан")))
    ):
        tail = head.rsplit("-", 1)[-1]
        if tail in ("та", "на", "ра", "ка", "ны"):
            return ("gent", "accs")
        if tail in ("ту", "ну"):
            return ("datv",)
        return None
    read = noun_cases(head)
    return read[0] if read is not None else None

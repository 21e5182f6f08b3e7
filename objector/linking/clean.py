"""A name as people paste it, made plain before it is read (`normalise.read`).

Real lists carry what no generator writes: a Latin letter inside a Cyrillic word ("Ивaнов", the
keyboard's look-alike) or initials typed on the other layout ("A.P."), invisible characters
(zero-width spaces, word joiners, soft hyphens, a byte-order mark), every kind of space
(non-breaking, thin, narrow), combining marks (и + breve for й, е + diaeresis for ё, a stress
accent), Ukrainian and Belarusian letters (і, ї, є, ґ, ў) and patronymics (Миколайович,
Іванавіч) for names a Russian paper writes Николаевич, Иванович; initials without dots ("Иванов
АР"); and a title before the name ("гражданина", "гр.", "военнослужащего"). Ranks are the
reader's own (`objector.extraction.ranks`). Plain Python, no Django.
"""

from __future__ import annotations

import re
import unicodedata

# Removed: they join or split nothing a reader sees.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063"
             "\u2064\ufeff"),
    None,
)  # fmt: skip
# And direction controls (embeddings, overrides, isolates) and the deprecated format
# characters: a right-to-left override typed into a name (round 9's red team).
_INVISIBLE.update(dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x2070)], None))
# Every space a paste brings, and the replacement character of a byte that was not UTF-8.
_SPACES = {ord(c): " " for c in "\t\n\r\v\f\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufffd"}
_SPACES.update({c: " " for c in range(0x2000, 0x200B)})

# Letters the two layouts draw alike.
_LAT_TO_CYR = dict(zip("AaBCcEeHKkMOoPpTXxYy", "АаВСсЕеНКкМОоРрТХхУу", strict=True))
_CYR_TO_LAT = {c: lat for lat, c in _LAT_TO_CYR.items()}
_CYR_TO_LAT.update({"у": "y", "У": "Y", "х": "x", "Х": "X"})
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+")

# Ukrainian and Belarusian letters, as a Russian paper writes them.
_EAST_SLAVIC = str.maketrans("іІїЇєЄґҐўЎ", "иИиИеЕгГвВ")
_UKR_BEL = re.compile(r"[іІїЇєЄґҐўЎ]")
_PATRONYMIC = re.compile(r"(?i)^(\w+?)(ович|евич|авич|івна|ївна|ивна|овна|аўна|авна|еўна)$")
# Patronymics only Ukrainian or Belarusian writes (Russian has -евич, -евна after й and ь).
_EAST_PATRONYMIC = re.compile(r"(?i)(йович|ьович|ївна|йівна|івна|авіч|аўна|авич)\b")
_EAST_ADJECTIVE = ((r"(?i)ський$", "ский"), (r"(?i)цький$", "цкий"), (r"(?i)скі$", "ский"),
                   (r"(?i)цкі$", "цкий"))  # fmt: skip

# Titles that are no rank, in the cases they take: the name after them is in the same case.
_TITLES: tuple[tuple[str, tuple[str, ...] | None, str | None], ...] = (
    (r"гражданин", ("nomn",), "m"),
    (r"гражданина", ("gent", "accs"), "m"),
    (r"гражданину", ("datv",), "m"),
    (r"гражданином", ("ablt",), "m"),
    (r"гражданка", ("nomn",), "f"),
    (r"гражданки", ("gent",), "f"),
    (r"гражданке", ("datv",), "f"),
    (r"гражданку", ("accs",), "f"),
    (r"гражданкой", ("ablt",), "f"),
    (r"военнослужащий", ("nomn",), "m"),
    (r"военнослужащего", ("gent", "accs"), "m"),
    (r"военнослужащему", ("datv",), "m"),
    (r"военнослужащим", ("ablt",), "m"),
    (r"военнослужащая", ("nomn",), "f"),
    (r"военнослужащей", ("gent", "datv", "ablt"), "f"),
    (r"военнослужащую", ("accs",), "f"),
    (r"гр\.|гр-н(?:а|у)?|гр-ка|гр-ки|гр-ке", None, None),
)
_TITLE_RE = re.compile(
    r"^\s*(?:" + "|".join(f"(?P<t{i}>{p})" for i, (p, _, _) in enumerate(_TITLES)) + r")(?=\s)",
    re.IGNORECASE,
)
_GLUED_INITIALS = re.compile(r"^(?:[А-ЯЁ]{2,3}|[бвгджзклмнпрстфхцчшщ]{2,3})$")
# Initials typed in lower case without dots ("андреева нс"): two or three consonants, as no
# Russian word or name is consonants alone; two or three letters with a vowel ("андреев ав",
# "андреева иао") only where they are no name ("ия", "ян", "ли"; "ким", "лев", "ева", "оля").
# A dot after the run is the writer's end of the name ("иванов ип.").
_GLUED_VOWEL = re.compile(r"^[а-яё]{2,3}$")
_NO_INITIAL = set("ьъыйё")


# A name of one script in plain letters, spaces, dots and hyphens: most names; only the
# Ukrainian patronymic and the initials without dots are looked for in it.
_ORDINARY = re.compile(r"[А-Яа-яЁё. -]+|[A-Za-z.' -]+")
_GLUED_ANY = re.compile(
    r"(?<![^\s])(?:[А-ЯЁ]{2,3}|[бвгджзклмнпрстфхцчшщ]{2,3}|[а-яё]{2,3})\.?(?![^\s])"
)
_COMBINING = re.compile(
    r"[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_PLAIN = {**_INVISIBLE, **_SPACES, **{ord(c): " " for c in '«»„“”‟"‘‚‹›'}}


def text(raw: str) -> str:
    """The name with invisible characters gone, spaces plain, marks composed (or dropped),
    look-alike letters in their word's script, Ukrainian and Belarusian letters Russian, and
    initials written without dots given them. Not cached: `normalise.read`, its one caller,
    is."""
    if _ORDINARY.fullmatch(raw):
        s = raw
        if _EAST_PATRONYMIC.search(s):
            s = _east_slavic(s)
        elif "  " not in s and s[:1] != " " and s[-1:] != " " and not _GLUED_ANY.search(s):
            return s  # most names: nothing to do
    else:
        s = raw.translate(_PLAIN)
        if not s.isascii():
            s = unicodedata.normalize("NFC", s)
            if _COMBINING.search(s):  # a stress accent: no letter of its own
                s = _COMBINING.sub("", s)
            if _UKR_BEL.search(s) or _EAST_PATRONYMIC.search(s):
                s = _east_slavic(s)
            if _LATIN.search(s) and _CYRILLIC.search(s):
                s = _one_script(s)
    words = s.split()
    if len(words) > 1 and _GLUED_ANY.search(s) and _glued_initials(words):
        # "Иванов АР": two or three capitals beside a word written in lower case are initials;
        # so are two or three consonants in lower case ("андреева нс").
        words = [".".join(w.rstrip(".")) + "." if _initials(w) else w for w in words]
    return " ".join(words)


def _initials(word: str) -> bool:
    """Two or three capitals, two or three consonants, or two lower-case letters that are no
    name the list or the dictionary knows: initials without dots (or with one after them)."""
    word = word[:-1] if word[-1:] == "." else word
    if _GLUED_INITIALS.match(word):
        return True
    if not _GLUED_VOWEL.match(word) or _NO_INITIAL & set(word):
        return False
    from .normalise import a_short_slip, is_name, lexicon  # imported late (it imports this)

    return (
        word not in lexicon().full
        and not is_name(word)
        and (len(word) == 2 or not a_short_slip(word))
    )


def _glued_initials(words: list[str]) -> bool:
    """Whether the capitals are initials: beside one word in lower case, not a first name or
    patronymic written out ("КИМ Виктор", "ЦОЙ Виктор Робертович": a short surname in capitals,
    as lists write surnames)."""
    from .normalise import is_name, lexicon  # imported late (it imports this module)

    others = [w for w in words if not _initials(w)]
    capitals = [w for w in words if _initials(w) and w.isupper()]
    if len(others) != 1 or "." in others[0].rstrip(".,;"):
        return False  # a surname and its initials, nothing more ("С.Н. ПАК": initials beside)
    if capitals and others[0].isupper() and not all(_initials(w.lower()) for w in capitals):
        # All in capitals, a short word is initials only where it would be in lower case
        # ("ИВАНОВ ИП", "ИВАНОВ НС"), not a name ("КИМ ВИКТОР" aside, "ЛЕВ ИВАНОВ").
        return False
    full = lexicon().full
    word = others[0].lower().replace("ё", "е").rstrip(".,;")
    if any(not _GLUED_INITIALS.match(w.rstrip(".")) for w in words if _initials(w)) and is_name(
        word
    ):
        return False  # "ахмед пак": a short word with a vowel beside a first name is a surname
    return word not in full and not word.endswith(("ович", "евич", "овна", "евна", "ична", "ьич"))


def title(s: str) -> tuple[str, tuple[str, ...] | None, str | None] | None:
    """A leading title ("гражданина", "военнослужащей", "гр.") off the name: (the rest, the
    cases the name may be in, the gender the title says), or None if there is none."""
    m = _TITLE_RE.match(s)
    if not m:
        return None
    i = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
    _, cases, gender = _TITLES[i]
    return s[m.end() :].strip(), cases, gender


def _one_script(s: str) -> str:
    """Each mixed word in the script of most of its letters; a short word wholly of the other
    script (initials "A.P." in a Cyrillic name) in the name's script, if every letter has a
    look-alike."""
    cyr_total = len(_CYRILLIC.findall(s))
    lat_total = len(_LATIN.findall(s))

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        cyr, lat = len(_CYRILLIC.findall(w)), len(_LATIN.findall(w))
        if cyr and lat:
            table = _LAT_TO_CYR if cyr >= lat else _CYR_TO_LAT
        elif len(w) <= 3 and lat and cyr_total > lat_total:
            table = _LAT_TO_CYR
        elif len(w) <= 3 and cyr and lat_total > cyr_total:
            table = _CYR_TO_LAT
        else:
            return w
        if not (cyr and lat) and any(c not in table for c in w):
            return w
        return "".join(table.get(c, c) for c in w)

    return _WORD.sub(fix, s)


def _east_slavic(s: str) -> str:
    """Ukrainian and Belarusian letters as Russian ones, and a patronymic built on a father's
    Ukrainian or Belarusian name (Миколайович, Олексійович, Іванавіч) as Russian writes it
    (Николаевич, Алексеевич, Иванович), where the names list knows the father's name."""
    words = s.split(" ")
    out = []
    for w in words:
        for pattern, russian_end in _EAST_ADJECTIVE:  # Жукоўскі, Ковальський
            w = re.sub(pattern, russian_end, w)
        russian = w.translate(_EAST_SLAVIC)
        russian = russian[:1] + russian[1:].replace("э", "е")  # Belarusian Лукашэвіч
        east = _EAST_PATRONYMIC.search(w)
        out.append((_russian_patronymic(russian) if east else None) or russian)
    return " ".join(out)


def _russian_patronymic(word: str) -> str | None:
    from .normalise import lexicon  # the names list; imported late (it imports this module)

    m = _PATRONYMIC.match(word)
    if not m:
        return None
    stem, end = m.group(1).lower().replace("ё", "е"), m.group(2).lower()
    female = end.endswith("на")
    stems = [stem, stem + "о", stem + "ь", stem + "й"]
    if stem.endswith("й"):
        stems.append(stem[:-1])
    if end in ("авич", "аўна", "авна") or "а" in stem:  # Belarusian: о written а (Віктаравіч)
        stems += [stem[:i] + "о" + stem[i + 1 :] for i, c in enumerate(stem) if c == "а"]
    full = lexicon().full
    gender = lexicon().gender
    for s in stems:
        name = full.get(s)
        if name and gender.get(name) == "m":
            patr = _patronymic_of(name, female)
            return patr[:1].upper() + patr[1:] if word[:1].isupper() else patr
    return None


_FLEETING = {"павел": "павл", "лев": "льв"}


def _patronymic_of(name: str, female: bool) -> str:
    """The Russian patronymic of a man's full name: Николай → Николаевич, Юрий → Юрьевич,
    Игорь → Игоревич, Иван → Иванович."""
    m, f = ("евич", "евна")
    if name in _FLEETING:
        base, m, f = _FLEETING[name], "ович", "овна"
    elif name.endswith("ий"):
        base = name[:-2] + "ь"
    elif name.endswith(("ей", "ай")) or name.endswith("ь"):
        base = name[:-1]
    else:
        base, m, f = name, "ович", "овна"
    if name.endswith(("ей", "ай")) and name not in _FLEETING:
        base, m, f = name[:-1] + "е", "вич", "вна"
    return base + (f if female else m)

"""Which mentions are one person: blocking, pair scores, clustering that respects "cannot link".

The score is a Fellegi–Sunter log-likelihood ratio (log2 m/u per field) with term frequencies
taken from the mentions themselves, so a rare surname counts for more than Иванов, and a unit
that 115 men of one order share counts for less than a unit named once. Fixed m-probabilities
stand in for EM: the fields' reliabilities are known from how the sources are written, and EM on
one batch would learn the batch. Splink does the same with EM (`bench/link.py` runs it beside this
on the same normalised fields); this scorer is ours because it reads what Splink's comparisons
cannot: initials against full names, diminutives, patronymics as father's names, and cluster-wide
cannot-link evidence (a conflicting birth date or gender anywhere in two clusters keeps them apart,
so a mention with no date cannot chain two namesakes together).
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import OSA

from . import translit
from .normalise import Name, NameError_, is_name, lexicon, read

# The average number of mentions of one person; the prior odds that two mentions with the same
# surname are one person are about this over the number of mentions with that surname.
MENTIONS_PER_PERSON = 2.5
# Scores within this many bits of the decision are uncertain links (posterior 0.2–0.8).
UNCERTAIN = 2.0
# The decision: link when the log2 odds are above this. Chosen on the dev split (a sweep of
# -3 to 2 with `link_records(threshold=…)`: -1 to -1.5 scored best), never on a held-out one.
THRESHOLD = -1.0
_NEG = -math.inf
# How often a surname is written with one slip (m of the "one letter" agreement).
_SLIP = 0.08

# Neighbouring keys on the ЙЦУКЕН layout, for one-letter slips.
_ROWS = ["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"]
_NEIGHBOURS: dict[str, set[str]] = defaultdict(set)
for _r, _row in enumerate(_ROWS):
    for _c, _ch in enumerate(_row):
        for _dr in (-1, 0, 1):
            if 0 <= _r + _dr < len(_ROWS):
                for _dc in (-1, 0, 1):
                    _cc = _c + _dc
                    if (_dr, _dc) != (0, 0) and 0 <= _cc < len(_ROWS[_r + _dr]):
                        _NEIGHBOURS[_ch].add(_ROWS[_r + _dr][_cc])


@dataclass(frozen=True, slots=True)
class Mention:
    id: str
    name: str
    unit: str | None = None
    birth_date: date | None = None
    source: str = ""
    # A birth date known to the month or the year only, where `birth_date` is None: (year,
    # month), month 0 for a year alone ("1988 г.р."); compared for what it says (`_born`).
    birth_partial: tuple[int, int] | None = None


_NO_ALTS: frozenset[str] = frozenset()


@dataclass(slots=True)
class Record:
    """A mention read for comparison: everything `compare` needs, computed once."""

    index: int
    mention: Mention
    name: Name
    unit: str | None
    stem_keys: tuple[str, ...] = ()
    first_key: str | None = None
    patronymic_key: str | None = None
    first_initial: str | None = None
    patronymic_initial: str | None = None
    # An everyday form of several names ("слава"): their keys, and their initials (sorted), on
    # each of which it blocks. Empty for any other first name.
    first_alts: frozenset[str] = frozenset()
    first_initials: str = ""
    # The key of a listed everyday form as written, where it was read as one full name.
    form_key: str | None = None
    # How likely the name is a man's, where it reads as her nominative or his genitive alike
    # ("Андреева Н.С.") and the line's source leans one way (`his_by_source`); else None.
    his: float | None = None

    @classmethod
    def of(cls, index: int, mention: Mention, name: Name | None = None) -> Record:
        """The record of a mention; `name` if already read (`read_names`)."""
        name = name if name is not None else read(mention.name)
        options = name.first_options
        return cls(
            index,
            mention,
            name,
            unit_key(mention.unit),
            stem_keys=name.stem_keys,
            first_key=translit.key(name.first) if name.first else None,
            patronymic_key=translit.key(name.patronymic) if name.patronymic else None,
            first_initial=_initial(name.first_initial),
            patronymic_initial=_initial(name.patronymic_initial),
            # One shared empty set, not one each (216 bytes a record, 21 MiB at 100,000).
            first_alts=frozenset(translit.key(o) for o in options) if options else _NO_ALTS,
            first_initials="".join(sorted({_initial(o[0]) or "" for o in _as_written(name)})),
            form_key=translit.key(name.first_form) if name.first_form else None,
            his=his_by_source(name, mention.source),
        )


# Where a surname with initials only reads as her nominative or as his genitive or accusative
# («Андреева Н.С.»: Андреева Наталья, or «уволить Андреева Николая»), how likely it is his by the
# source's habits. A request names its subject in the nominative, as its form asks: from the
# web or Telegram the line is most likely hers. An order or a ruling leans neither way: it
# declines the names it acts on («уволить Андреева Н.С.»), but its lists and the tables made
# from it write them in the nominative («Андреева НС», in the real-style set); so do the press
# (in Latin letters) and the product's documents (whose extraction reads the case).
_HIS_BY_SOURCE = {"web": 0.2, "telegram": 0.2}
_HERS_OR_HIS = re.compile(r"(ов|ев|ин|ын)а$")


def his_by_source(name: Name, source: str) -> float | None:
    """How likely a name that reads as hers or his alike is his, given the line's source; None
    for a name whose gender is read, or not in this way ambiguous, or a source with no leaning."""
    if name.gender is not None or name.latin or not _HERS_OR_HIS.search(name.surname):
        return None
    if name.surname[:-1] not in name.stems:
        return None
    return _HIS_BY_SOURCE.get(source)


def _lean(a: Record, b: Record) -> float:
    """The bits the sources' leanings take from a pair where one name or both read as hers or
    his alike and the two lean apart: log2 of how likely the two are of one gender, over the
    even odds the score assumes for a name of unknown gender. Where they lean alike nothing is
    added: the score's weights were set with such names counted as of unknown gender, and a
    bonus for agreeing would count the same initials twice. Never a cannot-link (a person's
    mentions of both genders never join anyway)."""
    pa = a.his if a.his is not None else _HIS_OF.get(a.name.gender, 0.5)
    pb = b.his if b.his is not None else _HIS_OF.get(b.name.gender, 0.5)
    return min(0.0, math.log2(2 * (pa * pb + (1 - pa) * (1 - pb))))


_HIS_OF: dict[str | None, float] = {"m": 1.0, "f": 0.0}


def _as_written(name: Name) -> tuple[str, ...]:
    """The names a first name's initial may be: those it may stand for, and for a slip in a
    form (no listed form of several names) the word as written too."""
    options = name.first_options
    if options and name.first and name.first not in lexicon().ambiguous:
        return (*options, name.first)
    return options


@dataclass(frozen=True)
class Evidence:
    a: int
    b: int
    score: float
    fields: dict[str, str]
    # Why the link is uncertain (a key of DOUBTS), or None for a certain one.
    doubt: str | None = None


# Why a link is uncertain. "score": scored within UNCERTAIN of the decision. The other two are
# structural (round 9): links that score high although nothing in the two mentions supports them
# beyond the name, where a namesake is in sight. "thin": one mention has neither unit nor birth
# date, and its name fits another person nearly as well (it could be his); "complementary": a
# unit on one side and a birth date on the other, so only the name joins them, and one of the
# two fits another person nearly as well. Most merged namesakes are one of these
# (docs/benchmarks.md, round 8). "Nearly as well": within UNCERTAIN of the link's own score.
DOUBTS = {
    "score": (
        "оценка близка к порогу решения",
        "scored near the decision",
    ),
    "thin": (
        "у упоминания нет ни части, ни даты рождения, и имя подходит и другому лицу",
        "the mention has neither unit nor birth date, and its name fits another person too",
    ),
    "complementary": (
        "у одного только часть, у другого только дата рождения: их связывает лишь имя, "
        "а есть и другое лицо с этим именем",
        "a unit on one side and a birth date on the other: only the name joins them, "
        "and another person of this name is in sight",
    ),
}


@dataclass
class Result:
    labels: list[int]  # the person of each mention, by index: 0, 1, 2 … in order of appearance
    links: list[Evidence]  # the links that built the persons (a spanning forest)
    uncertain: int  # links of `links` that are uncertain (see DOUBTS): cutting them splits
    persons_if_split: int  # persons when every uncertain link is cut
    persons_if_merged: int  # persons when every uncertain non-link is made (where allowed)
    records: list[Record] = field(default_factory=list)
    # (a, b) of each uncertain link → why (a key of DOUBTS); filled with or without evidence.
    doubts: dict[tuple[int, int], str] = field(default_factory=dict)
    # Merges the merged count makes: pairs scored just below the decision, and persons kept
    # apart only by their units though a pair of them scores well above it (a transfer?).
    uncertain_nonlinks: int = 0
    # With `bounds`: each mention's person if every uncertain link is cut, and if every
    # uncertain non-link is made (for counts by cell: bench/link.py).
    labels_if_split: list[int] = field(default_factory=list)
    labels_if_merged: list[int] = field(default_factory=list)

    @property
    def persons(self) -> int:
        return len(set(self.labels))


_UNIT_DIGITS = re.compile(r"\d+")
# Population frequencies to shrink towards: a first name or patronymic is shared by about one
# man in thirty, a first letter by one in fifteen, a unit by one in two hundred.
_PRIOR_WEIGHT = 1000
_PRIOR_NAME = 1 / 30
_PRIOR_INITIAL = 1 / 15
_PRIOR_UNIT = 1 / 200


def unit_key(unit: str | None) -> str | None:
    """ "в/ч 12345", "войсковая часть № 12345", "ВЧ-12345", "в/ч 12 345", "в/ч 12345-А",
    "в/ч 12345, 2 рота" → "12345": the first number of four digits or more (thousands apart
    joined), else every digit, else the text."""
    if not unit:
        return None
    numbers = _UNIT_DIGITS.findall(_THOUSANDS.sub(r"\1\2", unit))
    long = next((n for n in numbers if len(n) >= 4), None)
    return long or "".join(numbers) or unit.strip().lower() or None


_THOUSANDS = re.compile(r"(?<!\d)(\d{1,3})[ \u00a0\u202f\u2009](\d{3})(?!\d)")


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for one batch, and back on after (if it was on).

    A batch allocates millions of objects that hold no cycles (records, keys, pair scores, the
    name reader's cached readings), and reference counting frees them. Each of the collector's
    full passes walks every live one of them, and their number keeps triggering passes: about a
    third of the CPU time at 100,000 mentions went to it, for nothing to collect. Nesting is safe.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def prepare(mentions: Sequence[Mention], jobs: int = 1) -> list[Record]:
    """Read every mention; a name that holds none raises `NameError_` (the CLI reports it)."""
    with gc_paused():
        names = read_names([m.name for m in mentions], jobs)
        records = []
        for i, (m, name) in enumerate(zip(mentions, names, strict=True)):
            if isinstance(name, BaseException):
                raise name
            records.append(Record.of(i, m, name))
    return records


# Below this many distinct names a process pool costs more than it saves.
_POOL_MIN = 2000


def read_names(texts: Sequence[str], jobs: int = 1) -> list[Name | BaseException]:
    """Each name read once per distinct written form (names repeat), in `jobs` processes when
    there are many: reading is most of the time. A name that cannot be read comes back as its
    exception, so that the caller can say which line it was."""
    distinct = list(dict.fromkeys(texts))
    if jobs > 1 and len(distinct) >= _POOL_MIN:
        # forkserver, not fork: the caller may have threads (a worker, a test runner), and a
        # forked child inherits their locks. Each process loads the dictionaries once.
        # Names that share a word are sent to one process (sorted by their longest word): its
        # caches then read each surname's forms once, not once in each process (round 10:
        # a tenth fewer cache misses, about 10 % of the pool's CPU at 100,000 mentions).
        distinct.sort(key=_locality)
        with multiprocessing.get_context("forkserver").Pool(jobs, initializer=gc.disable) as pool:
            done = pool.map(
                _read_or_error, distinct, chunksize=max(64, len(distinct) // (jobs * 8))
            )
    else:
        done = [_read_or_error(t) for t in distinct]
    by_text = dict(zip(distinct, done, strict=True))
    return [by_text[t] for t in texts]


_WORD = re.compile(r"\w+")


def _locality(text: str) -> str:
    """A name's longest word's first four letters, in lower case: the mentions of one person
    mostly share it (its surname), so that they are read side by side."""
    return max(_WORD.findall(text.lower()), key=len, default="")[:4]


def _read_or_error(text: str) -> Name | BaseException:
    try:
        return read(text)
    except NameError_ as exc:
        return exc
    except Exception as exc:  # a name the reader trips on must not cost the other names
        # Only the class crosses back: the exception may not pickle, and may hold the name.
        return _Unreadable(type(exc).__name__)


class _Unreadable(Exception):
    """A name the reader failed on, by the failure's class."""


def _blocking_keys(rec: Record) -> tuple[str, ...]:
    """Every key the record blocks on, as text: "s|<key>|<initial>" for the surname's key with
    the first initial, "d|<initial>|<variant>#<key>" for its one-letter deletions."""
    exact, near = _keys(rec)
    return (*exact, *dict.fromkeys(f"{v}#{k}" for v, k in near))


def _keys(rec: Record) -> tuple[list[str], list[tuple[str, str]]]:
    """The exact blocking keys, and the (variant, key) pairs of the near ones: the variant
    blocks, the key tells equal keys apart."""
    if not rec.stem_keys:
        return [], []
    return _keys_of(*_block_signature(rec))


def _block_signature(
    rec: Record, begun: set[str] | None = None
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """All that a record's blocking keys depend on: mentions of one person mostly share it, so
    `candidate_pairs` computes the keys once for each. `begun`: where the whole batch is known,
    the forms that begin a name of it the list lacks (`_forms_that_begin`); only those block
    on their own initial too (one added at a time, every such form does)."""
    initials = rec.first_initials or rec.first_initial or ""
    if rec.first_key and not rec.first_alts:
        form = "" if begun is not None and rec.name.first_form not in begun else _form_initial(rec)
        initials = "".join(sorted({*initials, *_ending_initials(rec), *form}))
    return initials, rec.stem_keys, rec.name.stems if not rec.name.latin else ()


def _keys_of(
    initials: str, stem_keys: tuple[str, ...], stems: tuple[str, ...]
) -> tuple[list[str], list[tuple[str, str]]]:
    """The keys for each first initial the record may have (one, none, or an everyday form's
    several)."""
    exact: list[str] = []
    near: list[tuple[str, str]] = []
    for fi in initials or ("",):
        _keys_one(fi, stem_keys, stems, exact, near)
    return list(dict.fromkeys(exact)), near


def _keys_one(
    fi: str,
    stem_keys: tuple[str, ...],
    stems: tuple[str, ...],
    exact: list[str],
    near: list[tuple[str, str]],
) -> None:
    for k in stem_keys:
        exact.append(f"s|{k}|{fi}")
        # A slip in the surname changes its key, but two spellings one slip apart share a
        # spelling with one letter deleted (symmetric delete). In Cyrillic the spelling as
        # written too: the key may turn one slip into two (ю is "иу" in it, "иэ" is "е").
        # A key of three letters blocks no slip, but its spelling may have four («Заяц», key
        # "зац"; «Лось»): their slips («Змяц», «Лрсь») are found by the spelling.
        if fi:
            prefix = f"d|{fi}|"
            for b in (k, *(x for x in stems if x != k and translit.key(x) == k)):
                if len(b) < 4:
                    continue
                near.append((prefix + b, k))
                near.extend((f"{prefix}{b[:i]}{b[i + 1 :]}", k) for i in range(len(b)))


def _initial(letter: str | None) -> str | None:
    # Е and Э, И and Й: one initial, as transliteration and handwriting mix them.
    return {"э": "е", "й": "и", "ё": "е"}.get(letter, letter) if letter else None


@dataclass
class _Stats:
    n: int
    surname: Counter[str]
    # For each surname key, how many mentions carry a surname one letter away: how often a
    # "one letter off" agreement happens between two different people.
    surname_near: dict[str, int]
    first: Counter[str]
    first_initial: Counter[str]
    patronymic: Counter[str]
    unit: Counter[str]

    def u(self, counter: Counter[str], value: str, prior: float) -> float:
        """How often two different people agree on this value: its frequency among the
        mentions, shrunk towards a population-wide `prior` so that a small batch (a single
        order, or a test) does not read its own composition as the population's."""
        return (counter.get(value, 0) + _PRIOR_WEIGHT * prior) / (self.n + _PRIOR_WEIGHT)


def _stats(records: Iterable[Record]) -> _Stats:
    st = _Stats(0, Counter(), {}, Counter(), Counter(), Counter(), Counter())
    for r in records:
        st.n += 1
        for k in r.stem_keys:
            st.surname[k] += 1
        if r.first_key:
            st.first[r.first_key] += 1
        if r.first_initial:
            st.first_initial[r.first_initial] += 1
        if r.patronymic_key:
            st.patronymic[r.patronymic_key] += 1
        if r.unit:
            st.unit[r.unit] += 1
    st.surname_near = _near_counts(st.surname)
    return st


def _near_counts(counts: Counter[str]) -> dict[str, int]:
    """Symmetric-delete neighbours: keys sharing a one-letter deletion are within two edits;
    OSA confirms one."""
    by_deletion: dict[str, list[str]] = defaultdict(list)
    for k in counts:
        for i in range(len(k)):
            by_deletion[k[:i] + k[i + 1 :]].append(k)
        by_deletion[k].append(k)
    out: dict[str, int] = {}
    for k in counts:
        near: set[str] = set(by_deletion.get(k, ()))
        for i in range(len(k)):
            near.update(by_deletion.get(k[:i] + k[i + 1 :], ()))
        out[k] = sum(counts[x] for x in near if x != k and OSA.distance(x, k) <= 1)
    return out


def _typo_weight(a: str, b: str) -> float | None:
    """How strongly a one-letter difference agrees (a ЙЦУКЕН neighbour more than any letter)."""
    if len(a) < 4 or abs(len(a) - len(b)) > 1 or OSA.distance(a, b) > 1:
        return None
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        if len(diff) == 1 and diff[0][1] in _NEIGHBOURS.get(diff[0][0], ()):
            return 1.0
    return 0.7


def _surname(a: Record, b: Record, st: _Stats) -> tuple[float, str]:
    # Stems and keys are one or two a name: a scan, not two sets a pair.
    sb = b.name.stems
    common = [x for x in a.name.stems if x in sb]
    if common:
        k = translit.key(min(common))
        return math.log2(MENTIONS_PER_PERSON / st.surname.get(k, 1)), "same"
    kb = b.stem_keys
    keys = [x for x in a.stem_keys if x in kb]
    if keys:
        k = min(keys)
        kind = "transliteration" if a.name.latin != b.name.latin else "spelling"
        return math.log2(MENTIONS_PER_PERSON / st.surname.get(k, 1)) - 0.5, kind
    best: float | None = None
    latin = a.name.latin or b.name.latin
    for x in a.name.stems if not latin else a.stem_keys:
        for y in b.name.stems if not latin else b.stem_keys:
            w = _typo_weight(x, y) if latin else _typo_weight(_adjectival(x), _adjectival(y))
            if w is not None and (best is None or w > best):
                best = w
    if best is None:
        if _two_slips(a, b):
            # Two slips across two mentions of one man ("Ястрзотеского" / "Ястрзьткскому"):
            # only beside the same birth date or unit (`_two_slips`); each slip as likely as one.
            return math.log2(_SLIP * _SLIP * MENTIONS_PER_PERSON), "two letters"
        return _NEG, "different"
    # m: about one spelling in twelve has a slip; u: how many mentions carry a surname one
    # letter away from this one (Жукин and Жуких are two families).
    near = max(st.surname_near.get(a.stem_keys[0], 0), st.surname_near.get(b.stem_keys[0], 0), 1)
    return math.log2(_SLIP * best * MENTIONS_PER_PERSON / near), "one letter"


def _adjectival(stem: str) -> str:
    """An adjective's stem with -ий for -ый: which of the two a stem takes is spelling, not the
    name (-ий after г, к, х and the hushing letters, `normalise._stems`), so a slip in the letter
    before it («Рогожого» for «Рогозого»: Рогожий and Рогозый) is one letter, not two."""
    return stem[:-2] + "ий" if stem.endswith("ый") else stem


# Surname keys this long or longer may differ in two letters beside the same birth date.
_TWO_SLIPS_MIN = 6


def _two_slips(a: Record, b: Record) -> bool:
    """The same full birth date or the same unit, and surname keys two letters apart (OSA) of
    six letters or more: two slips, one in each of two mentions of one man. Found by
    `candidate_pairs`'s birth-date and unit blocks, as no surname block holds both."""
    day = a.mention.birth_date
    same_day = day is not None and day == b.mention.birth_date
    if not same_day and (a.unit is None or a.unit != b.unit):
        return False
    # As written where both are Cyrillic (the key may turn a slip into two: "тск" is "тх"),
    # by key across scripts, as `_surname` compares one slip.
    # Beside the unit alone (a unit has many men, a day few), the endings must agree: Комарян
    # and Комарук are two families of one root, not two slips.
    latin = a.name.latin or b.name.latin
    return any(
        min(len(x), len(y)) >= _TWO_SLIPS_MIN
        and (same_day or x[-2:] == y[-2:])
        and OSA.distance(x, y, score_cutoff=2) == 2
        for x in (a.stem_keys if latin else a.name.stems)
        for y in (b.stem_keys if latin else b.name.stems)
    )


def _first_names(
    a: Record, b: Record, st: _Stats, ini_counter: Counter[str] | None
) -> tuple[float, str]:
    """First names: as `_names`, but an everyday form of several names ("Слава") agrees with
    each of them (and its initial with each of theirs), and with nothing else."""
    if not (a.first_alts or b.first_alts) or a.first_key == b.first_key:
        w, why = _names(
            a.first_key, b.first_key, a.first_initial, b.first_initial, st.first, ini_counter, st
        )
        if w == _NEG and why == "different":
            return (
                _alike_but_a_slip_either(a, b, st)
                or _a_form_of_an_unlisted_name(a, b, st)
                or (w, why)
            )
        return w, why
    forms = _form_alts()
    slipped = any(r.first_alts and r.first_key not in forms for r in (a, b))
    if slipped and a.first_key and b.first_key:
        # A slipped form is first a word as written ("Заринка" begins as Зарина does).
        w, why = _names(a.first_key, b.first_key, None, None, st.first, ini_counter, st)
        if w != _NEG:
            return w, why
    alts_a = a.first_alts or ({a.first_key} if a.first_key else set())
    alts_b = b.first_alts or ({b.first_key} if b.first_key else set())
    if alts_a and alts_b:
        common = alts_a & alts_b
        if not common:
            return (
                _alike_but_a_slip_either(a, b, st)
                or _a_form_of_an_unlisted_name(a, b, st)
                or (_NEG, "different")
            )
        # The full name's frequency where one side is written in full; the form's otherwise.
        full = a.first_key if not a.first_alts else b.first_key if not b.first_alts else None
        u = st.u(st.first, full or min(common), _PRIOR_NAME)
        # m: the form is as likely as any listed one, shared among the names it may stand for:
        # by how often each is written in the batch where one side is in full (no Северин
        # among the mentions, "Сева" is Всеволод's alone), else evenly.
        weight = math.log2(0.95 / u) - _share(st, a.first_alts or b.first_alts, full)
        if slipped:
            return weight + math.log2(_SLIP), "slip in an everyday form"
        return weight, "everyday form"
    # One side only an initial (or nothing).
    ini_a = a.first_initials or a.first_initial or ""
    ini_b = b.first_initials or b.first_initial or ""
    if not ini_a or not ini_b:
        return 0.0, "missing"
    shared = set(ini_a) & set(ini_b)
    if not shared:
        return _NEG, "different initial"
    ini = min(shared)
    u = st.u(ini_counter, ini, _PRIOR_INITIAL) if ini_counter is not None else _PRIOR_INITIAL
    return math.log2(0.97 / max(u, 1 / 30)) - math.log2(max(len(ini_a), len(ini_b))), "initial"


def _share(st: _Stats, names: frozenset[str], full: str | None) -> float:
    """log2 of how many times likelier an everyday form of `names` is to be written by a man of
    any of them than by one of `full` (one of them): each name's mentions in the batch, and one
    more each. Without `full`, or in a batch that counts no first names, their number."""
    if full is None or not st.first:
        return math.log2(len(names))
    return math.log2(sum(st.first.get(k, 0) + 1 for k in names) / (st.first.get(full, 0) + 1))


def _names(
    key_a: str | None,
    key_b: str | None,
    ini_a: str | None,
    ini_b: str | None,
    counter: Counter[str],
    ini_counter: Counter[str] | None,
    st: _Stats,
) -> tuple[float, str]:
    """First names or patronymics, by their keys (full forms) or initials."""
    if key_a and key_b:
        if key_a == key_b:
            return math.log2(0.95 / st.u(counter, key_a, _PRIOR_NAME)), "same"
        if _begins_alike(key_a, key_b):  # before a slip: "лева" is Лев's, not a slip
            return math.log2(_ALIKE / st.u(counter, key_a, _PRIOR_NAME)), "begins alike"
        if _typo_weight(key_a, key_b) is not None:
            return math.log2(0.03 / st.u(counter, key_a, _PRIOR_NAME)) - 1.0, "one letter"
        return _NEG, "different"
    if ini_a and ini_b:
        if ini_a != ini_b:
            return _NEG, "different initial"
        u = st.u(ini_counter, ini_a, _PRIOR_INITIAL) if ini_counter is not None else _PRIOR_INITIAL
        return math.log2(0.97 / max(u, 1 / 30)), "initial"
    return 0.0, "missing"


# An everyday form no list holds is the full name's beginning and an everyday ending
# ("Платоша", "Мироша", "Заринка", "Ростик", "Веня"), in the transliteration key.
_ALIKE = 0.3
_EVERYDAY_ENDINGS = (
    "ушка",
    "ечка",
    "очка",
    "енка",
    "онка",
    "чик",
    "ша",
    "ка",
    "ик",
    "ок",
    "ек",
    "а",
)


def _begins_alike(a: str, b: str) -> bool:
    """One name an everyday form of the other that no list holds: the one, less an everyday
    ending, begins the other. Not two names the list knows as different."""
    known = lexicon().by_key
    if a in known and b in known and known[a] != known[b]:
        return False
    for x, y in ((a, b), (b, a)):
        end = next((e for e in _EVERYDAY_ENDINGS if x.endswith(e)), "")
        stem = x[: -len(end)] if end else ""
        # Two letters are enough before a suffix of two ("Эдик"), not before "а" ("Ева").
        if len(stem) >= (3 if len(end) < 2 else 2) and y.startswith(stem):
            return True
    return False


def _alike_but_a_slip_either(a: Record, b: Record, st: _Stats) -> tuple[float, str] | None:
    """One first name an unread word one slip from a form of the other that no list holds."""
    for r, other in ((a, b), (b, a)):
        x, y = r.first_key, other.first_key
        if x and y and _unread(r) and _alike_but_a_slip(x, y):
            return math.log2(_ALIKE * _SLIP / st.u(st.first, y, _PRIOR_NAME)), (
                "begins alike, with a slip"
            )
    return None


def _a_form_of_an_unlisted_name(a: Record, b: Record, st: _Stats) -> tuple[float, str] | None:
    """A listed everyday form, as written, that begins as a full name the list does not hold
    ("Веня", listed for Вениамин, and Венедикт; "Гуля", for the Гуль- names, and Гульшат):
    the list tells nothing of that name's forms, so the form is read as any unlisted form is
    ("begins alike")."""
    for r, other in ((a, b), (b, a)):
        x = _written_form(r)
        y = other.name.first
        if x and y and _unlisted_full(other) and (_form_begins(x, y) or _of_the_ending(x, y)):
            return math.log2(_ALIKE / st.u(st.first, other.first_key or y, _PRIOR_NAME)), (
                "begins alike, a form the list gives another name"
            )
    return None


def _written_form(r: Record) -> str | None:
    """A listed everyday form as written (folded): read as one full name, or of several."""
    return r.name.first_form or (r.name.first if r.first_alts else None)


def _unlisted_full(r: Record) -> bool:
    """A first name written in full that the list does not hold."""
    return (
        not r.first_alts
        and r.form_key is None
        and r.first_key is not None
        and r.first_key not in lexicon().by_key
    )


# Everyday endings after a name's first letters ("Веня", "Гераська", "Ванюша").
_FORM_ENDINGS = (
    "ушка",
    "юшка",
    "ечка",
    "очка",
    "енька",
    "онька",
    "юша",
    "уша",
    "ша",
    "ка",
    "я",
    "а",
)


@lru_cache(maxsize=65536)
def _form_begins(form: str, name: str) -> bool:
    """The form, less an everyday ending, is three letters or more that begin the name."""
    for end in _FORM_ENDINGS:
        if form.endswith(end):
            stem = form[: -len(end)]
            if len(stem) >= 3 and len(name) > len(stem) + 1 and name.startswith(stem):
                return True
    return False


@lru_cache(maxsize=1)
def _form_endings() -> dict[str, tuple[str, str]]:
    """Everyday forms of several names that all end in the form's own stem ("слава",
    "славик": Ростислав, Ярослав … end in -слав; "тина": Алевтина, Кристина in -тина): form →
    (that ending, the initials the form blocks on). Such a form is one of any name so ending,
    listed or not (Бронислав, Мстислав; Августина)."""
    out: dict[str, tuple[str, str]] = {}
    for form, names in lexicon().ambiguous.items():
        ending = names[0]
        for n in names[1:]:
            while not n.endswith(ending):
                ending = ending[1:]
        stem = next(
            (form[: -len(e)] for e in (*_FORM_ENDINGS, "ик", "ок") if form.endswith(e)), form
        )
        if len(ending) >= 4 and len(stem) >= 3 and stem in ending:
            initials = "".join(sorted({_initial(n[0]) or "" for n in names}))
            out[form] = (ending, initials)
    return out


def _of_the_ending(form: str, name: str) -> bool:
    """The form is one of several names that end as this one does (`_form_endings`)."""
    found = _form_endings().get(form)
    return found is not None and name.endswith(found[0]) and len(name) > len(found[0])


def _ending_initials(rec: Record) -> str:
    """For a name the list lacks that ends as the names of a form of several do ("бронислав",
    as the "слава" names): the initials that form blocks on, so that the two meet."""
    first = rec.name.first
    if not first or not first.endswith(_endings_of_forms()) or not _unlisted_full(rec):
        return ""
    return "".join(
        initials
        for ending, initials in _form_endings().values()
        if first.endswith(ending) and len(first) > len(ending)
    )


def _form_initial(rec: Record) -> str:
    """For a listed everyday form read as one full name ("Сева": Всеволод): the form's own
    first letter, where it is not the name's. `_a_form_of_an_unlisted_name` reads the form
    against a name the list lacks that it begins (Северин), which blocks on its own initial:
    without this the two never meet."""
    form = rec.name.first_form
    if not form:
        return ""
    initial = _initial(form[0]) or ""
    return "" if initial == rec.first_initial else initial


def _forms_that_begin(records: Sequence[Record]) -> set[str]:
    """The listed forms read as one name ("сева" as Всеволод) that begin a first name of the
    batch the list lacks (Северин) of another initial: the only ones whose own initial blocks
    in a batch (an index, which meets the batch one mention at a time, files them all)."""
    forms = {r.name.first_form for r in records if r.name.first_form and _form_initial(r)}
    if not forms:
        return set()
    names = {r.name.first for r in records if r.name.first and _unlisted_full(r)}
    return {f for f in forms if any(_form_begins(f, n) for n in names)}


@lru_cache(maxsize=1)
def _endings_of_forms() -> tuple[str, ...]:
    return tuple({ending for ending, _ in _form_endings().values()})


def _form_of_unlisted_keys(
    forms: dict[str, set[str]], unlisted: dict[str, str], ka: str, kb: str
) -> bool:
    """`_a_form_of_an_unlisted_name` by first-name keys, for `candidate_pairs`: `forms` holds
    each key's listed forms as written, `unlisted` the names the list does not hold."""
    for x, y in ((ka, kb), (kb, ka)):
        name = unlisted.get(y)
        if name and any(_form_begins(f, name) or _of_the_ending(f, name) for f in forms.get(x, ())):
            return True
    return False


def _alike_but_a_slip_keys(ka: str, kb: str, unread: set[str]) -> bool:
    """Either key, that of a word no name reads (`unread`: such records' keys), one slip from
    an everyday form of the other that no list holds: the pairs `candidate_pairs` keeps."""
    return (ka in unread and _alike_but_a_slip(ka, kb)) or (
        kb in unread and _alike_but_a_slip(kb, ka)
    )


def _unread(r: Record) -> bool:
    """A first name no list or dictionary reads, in Cyrillic, of four letters or more."""
    word = r.name.first
    return bool(word) and not r.name.latin and _unread_word(word)


@lru_cache(maxsize=65536)
def _unread_word(word: str) -> bool:
    return len(word) >= 4 and word not in lexicon().full and not is_name(word)


@lru_cache(maxsize=65536)
def _alike_but_a_slip(x: str, y: str) -> bool:
    """x, an unread word, is one slip from an everyday form of y that no list holds: y's
    first three letters or more and an everyday ending ("захпрка": Захар's "захар" + "ка";
    "вкня": Вениамин's "вен" + "я")."""
    for end in _EVERYDAY_ENDINGS:
        if len(x) - len(end) < 2:
            continue
        for k in range(max(3, len(x) - len(end) - 1), min(len(y), len(x) - len(end) + 1) + 1):
            if OSA.distance(x, y[:k] + end) <= 1:
                return True
    return False


def _either_of(alts: dict[str | None, frozenset[str]], ka: str, kb: str) -> bool:
    """One key an everyday form of several names and the other one of them, or both such
    forms sharing a name (as `_first_names`); `alts` the records' names of each such key (a
    slip in a form has them too: "свша")."""
    xa, xb = alts.get(ka), alts.get(kb)
    if xa is None and xb is None:
        return False
    return bool((xa or {ka}) & (xb or {kb}))


@lru_cache(maxsize=1)
def _form_alts() -> dict[str, frozenset[str]]:
    """The key of each everyday form of several names → their keys."""
    return {
        translit.key(form): frozenset(translit.key(o) for o in options)
        for form, options in lexicon().ambiguous.items()
    }


def _birth(a: date | None, b: date | None) -> tuple[float, str]:
    if a is None or b is None:
        return 0.0, "missing"
    if a == b:
        return 11.0, "same"
    if (a.day, a.month) == (b.month, b.day) and a.year == b.year:
        return 6.0, "day and month swapped"
    if (a.day, a.month) == (b.day, b.month) and abs(a.year - b.year) == 1:
        return 6.0, "year off by one"
    return _NEG, "different"


# A partial birth date's agreement (`_born`). A year is one of the few dozen that service
# members are born in (u about 1/25), a month and year one of a few hundred; both are written
# less surely than a full date (a year worked out from an age, «1988 г.р.»), so each counts for
# less than those odds: well below a full date's 11 bits.
_SAME_YEAR = 3.0
_SAME_MONTH = 6.0
# A year apart where no day and month agree to show a slip in the year (a year alone, an age
# counted before or after a birthday): against, though not so far as to forbid the link.
_YEAR_APART = -2.0


def _parts(m: Mention) -> tuple[int, int, int] | None:
    """(year, month, day) of what is known of a birth date, 0 for a part not known."""
    if m.birth_date is not None:
        return m.birth_date.year, m.birth_date.month, m.birth_date.day
    if m.birth_partial is not None:
        return m.birth_partial[0], m.birth_partial[1], 0
    return None


def _born(a: Mention, b: Mention) -> tuple[float, str]:
    """Two birth dates compared: full dates by `_birth`; where either is a month and year or a
    year alone, by what both say. A year two or more apart, or a month that differs within the
    same year (and is not the other's day: day and month swapped), is as a full date's: no
    link. A year apart is a slip only where the months agree, as a full date's year off by one
    is only where the day and month do."""
    if a.birth_partial is None and b.birth_partial is None:
        return _birth(a.birth_date, b.birth_date)
    pa, pb = _parts(a), _parts(b)
    if pa is None or pb is None:
        return 0.0, "missing"
    (ya, ma, da), (yb, mb, db) = pa, pb
    months = bool(ma and mb)
    if abs(ya - yb) > 1:
        return _NEG, "different"
    if ya != yb:
        if months:
            return (0.0, "year off by one, same month") if ma == mb else (_NEG, "different")
        return _YEAR_APART, "year off by one, no month"
    if not months:
        return _SAME_YEAR, "same year"
    if ma == mb:
        return _SAME_MONTH, "same month and year"
    if (da and da == mb) or (db and db == ma):
        return 0.0, "month may be the day"
    return _NEG, "different"


def _unit(a: str | None, b: str | None, st: _Stats) -> tuple[float, str]:
    if a is None or b is None:
        return 0.0, "missing"
    if a == b:
        return math.log2(0.85 / st.u(st.unit, a, _PRIOR_UNIT)), "same"
    if len(a) == len(b) and OSA.distance(a, b) == 1:
        return 4.0, "one digit"
    # A second unit happens (a transfer), but rarely beside a namesake's.
    return -5.0, "different"


def _gender(a: str | None, b: str | None) -> tuple[float, str]:
    if a and b and a != b:
        return _NEG, "different"
    return 0.0, "same" if a and b else "missing"


def compare(a: Record, b: Record, st: _Stats) -> Evidence:
    """The evidence for and against a and b being one person, field by field."""
    fields: dict[str, str] = {}
    return Evidence(a.index, b.index, score(a, b, st, fields), fields)


def score(a: Record, b: Record, st: _Stats, fields: dict[str, str] | None = None) -> float:
    """The log2 likelihood ratio that a and b are one person; the cheap cannot-link fields
    first, so that most pairs stop early. Each field's verdict goes into `fields` if given."""
    if fields is None:
        return _score(a, b, st)
    w, why = _gender(a.name.gender, b.name.gender)
    if w != _NEG and (a.his is not None or b.his is not None):
        w += _lean(a, b)  # the verdict stays "missing": the product shows verdicts it knows
    total = w
    if fields is not None:
        fields["gender"] = why
    if total != _NEG:
        w, why = _born(a.mention, b.mention)
        total += w
        if fields is not None:
            fields["birth_date"] = why
    if total != _NEG:
        w, why = _first_names(a, b, st, st.first_initial)
        total += w
        if fields is not None:
            fields["first_name"] = why
    if total != _NEG:
        w, why = _names(
            a.patronymic_key, b.patronymic_key, a.patronymic_initial, b.patronymic_initial,
            st.patronymic, None, st,
        )  # fmt: skip
        total += w
        if fields is not None:
            fields["patronymic"] = why
    if total != _NEG:
        w, why = _surname(a, b, st)
        total += w
        if fields is not None:
            fields["surname"] = why
    if total != _NEG:
        w, why = _unit(a.unit, b.unit, st)
        total += w
        if fields is not None:
            fields["unit"] = why
    return total


def _score(a: Record, b: Record, st: _Stats) -> float:
    """`score` without the verdicts: the same fields in the same order, for every candidate
    pair of a batch (most stop at the first or second field)."""
    ga, gb = a.name.gender, b.name.gender
    if ga and gb and ga != gb:
        return _NEG
    total = _born(a.mention, b.mention)[0]
    if total == _NEG:
        return _NEG
    if a.his is not None or b.his is not None:
        total += _lean(a, b)
    total += _first_names(a, b, st, st.first_initial)[0]
    if total == _NEG:
        return _NEG
    total += _names(
        a.patronymic_key, b.patronymic_key, a.patronymic_initial, b.patronymic_initial,
        st.patronymic, None, st,
    )[0]  # fmt: skip
    if total == _NEG:
        return _NEG
    total += _surname(a, b, st)[0]
    if total == _NEG:
        return _NEG
    return total + _unit(a.unit, b.unit, st)[0]


def _cannot_link(a: Record, b: Record) -> bool:
    """Evidence no score outweighs: another gender, birth date, first name or patronymic."""
    if _gender(a.name.gender, b.name.gender)[0] == _NEG:
        return True
    if _born(a.mention, b.mention)[0] == _NEG:
        return True
    st = _EMPTY
    if _first_names(a, b, st, None)[0] == _NEG:
        return True
    pa, pb = a.patronymic_key, b.patronymic_key
    w, _ = _names(pa, pb, a.patronymic_initial, b.patronymic_initial, st.patronymic, None, st)
    return w == _NEG


def _units_conflict(pa: Sequence[Record], pb: Sequence[Record]) -> bool:
    """No unit of one person is a unit of the other, and no birth date in both to say it is the
    same man transferred: namesakes. Without this, a mention that names neither would chain two
    namesakes together. Read across the two whole persons, not pair by pair: a mention in his
    first unit joins a man whose other mentions show the transfer (dates that disagree anywhere
    keep two persons apart already)."""
    ua = {x.unit for x in pa if x.unit}
    ub = {y.unit for y in pb if y.unit}
    if not ua or not ub or any(_unit(u, v, _EMPTY)[1] != "different" for u in ua for v in ub):
        return False
    return not (any(x.mention.birth_date for x in pa) and any(y.mention.birth_date for y in pb))


_EMPTY = _Stats(1, Counter(), {}, Counter(), Counter(), Counter(), Counter())


def candidate_pairs(records: Sequence[Record], max_block: int = 2000) -> Iterable[tuple[int, int]]:
    """Pairs sharing a surname key and first initial; and pairs whose surname keys differ by
    one slip (they share a one-letter deletion) — those only across different keys, as equal
    keys met in the first kind of block already. Blocks larger than max_block are skipped (a
    surname so common needs its first initial and more; none in the benchmarks is)."""
    exact: dict[str, list[int]] = defaultdict(list)
    # Near blocks hold units, not records: the records of one block signature (mostly the
    # mentions of one person) have the same near keys, so they are computed and filed once.
    near: dict[str, list[tuple[str, int]]] = defaultdict(list)
    unit_of: dict[tuple[str, tuple[str, ...], tuple[str, ...]], int] = {}
    members: list[list[int]] = []
    unit_exact: list[list[str]] = []
    # Keys whose records sit in blocks of several initials: their pairs may meet twice.
    several: set[str | None] = set()
    begun = _forms_that_begin(records)
    for r in records:
        if not r.stem_keys:
            continue
        sig = _block_signature(r, begun)
        if len(sig[0]) > 1:
            several.add(r.first_key)
        u = unit_of.get(sig)
        if u is None:
            u = unit_of[sig] = len(members)
            keys, variants = _keys_of(*sig)
            members.append([])
            unit_exact.append(keys)
            mine: set[str] = set()
            for v, k in variants:
                if v not in mine:  # one entry a block, as one unit meets itself once
                    mine.add(v)
                    near[v].append((k, u))
        members[u].append(r.index)
        for k in unit_exact[u]:
            exact[k].append(r.index)
    # A surname alone ("рядового Шевчука", as an order may write a man named in full above):
    # its block is the surname's with no initial, and it joins the blocks of every initial too.
    alone = [k for k in exact if k.endswith("|") and k.startswith("s|")]
    if alone:
        by_surname: dict[str, list[str]] = defaultdict(list)
        for k in exact:
            if k.startswith("s|") and not k.endswith("|"):
                by_surname[k[: k.rindex("|") + 1]].append(k)
        for k in alone:
            for other in by_surname.get(k, ()):
                exact[other].extend(exact[k])
    seen: set[int] = set()
    n = len(records)
    alts = {r.first_key: r.first_alts for r in records if r.first_alts}
    unread = {r.first_key for r in records if r.first_key and _unread(r)}
    forms: dict[str, set[str]] = defaultdict(set)
    unlisted: dict[str, str] = {}
    for r in records:
        if r.first_key and (written := _written_form(r)):
            forms[r.first_key].add(written)
        elif r.first_key and r.name.first and _unlisted_full(r):
            unlisted[r.first_key] = r.name.first
    for block in exact.values():
        if not 2 <= len(block) <= max_block:
            continue
        # Within a block, two different full first names that are not one slip apart cannot
        # be one man: skip those pairs by group, not one by one.
        groups: dict[str | None, list[int]] = defaultdict(list)
        for i in block:
            groups[records[i].first_key].append(i)
        names = list(groups)
        for x, ka in enumerate(names):
            for kb in names[x:]:
                if (
                    ka != kb
                    and ka
                    and kb
                    and _typo_weight(ka, kb) is None
                    and _typo_weight(kb, ka) is None  # "арна" and "ана", either first
                    and not _begins_alike(ka, kb)
                    and not _either_of(alts, ka, kb)
                    and not _alike_but_a_slip_keys(ka, kb, unread)
                    and not _form_of_unlisted_keys(forms, unlisted, ka, kb)
                ):
                    continue
                ga, gb = groups[ka], groups[kb]
                # An everyday form of several names sits in a block for each of their initials:
                # its pairs with another such form may meet twice.
                twice = ka in several and kb in several
                for y, i in enumerate(ga):
                    for j in ga[y + 1 :] if ka == kb else gb:
                        a, b = (i, j) if i < j else (j, i)
                        code = a * n + b
                        if twice and code in seen:
                            continue
                        seen.add(code)
                        yield a, b
    # Only pairs across different keys: by key, so that the pairs of one key are never
    # visited; and each pair of units once (all its records' pairs go at once).
    units_seen: set[int] = set()
    nu = len(members)
    for entries in near.values():
        if len(entries) < 2 or sum(len(members[u]) for _, u in entries) > max_block:
            continue
        by_key: dict[str, list[int]] = defaultdict(list)
        for k, u in entries:
            by_key[k].append(u)
        if len(by_key) < 2:
            continue
        sets = list(by_key.values())
        for x, ga in enumerate(sets):
            for gb in sets[x + 1 :]:
                for ua in ga:
                    for ub in gb:
                        code = ua * nu + ub if ua < ub else ub * nu + ua
                        if code in units_seen:
                            continue
                        units_seen.add(code)
                        for i in members[ua]:
                            for j in members[ub]:
                                a, b = (i, j) if i < j else (j, i)
                                code = a * n + b
                                if code not in seen:
                                    seen.add(code)
                                    yield a, b
    # Birth-date and unit blocks: two slips in one surname across two mentions leave them in no
    # surname block together; the same full date or unit, the same first initial and surnames
    # two letters apart find them (only those pairs: the date alone would pair every man born
    # that day).
    # The surname blocks are done with: freed first, so that these do not add to the peak.
    for table in (exact, near, unit_of, units_seen):
        table.clear()
    members.clear()
    unit_exact.clear()
    by_day: dict[tuple[date | str, str], list[int]] = defaultdict(list)
    for r in records:
        if r.stem_keys:
            for fi in r.first_initials or r.first_initial or "":
                if r.mention.birth_date:
                    by_day[(r.mention.birth_date, fi)].append(r.index)
                if r.unit:
                    by_day[(r.unit, fi)].append(r.index)
    for block in by_day.values():
        if not 2 <= len(block) <= max_block:
            continue
        for y, i in enumerate(block):
            for j in block[y + 1 :]:
                code = i * n + j
                if code not in seen and _two_slips(records[i], records[j]):
                    seen.add(code)
                    yield i, j


class _Clusters:
    """Union-find whose sets carry every member, so that a merge can check cannot-link across
    the two whole sets, not only across the pair that proposes it."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.parent = list(range(len(records)))
        self.count = len(records)  # sets
        # Distinct identities in a set: records that differ in anything cannot-link reads.
        self.profile: dict[int, list[Record]] = {r.index: [r] for r in records}
        self.size: dict[int, int] = {}  # mentions in a set of more than one, by its root

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def try_merge(self, i: int, j: int, units: bool = True) -> bool:
        """Join the sets of i and j unless a pair across them cannot link or (with `units`)
        their units conflict. `units=False` reads no unit conflict: for the merged count only
        (a second unit may be a transfer), never for the persons decided."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        pa, pb = self.profile[ri], self.profile[rj]
        if any(_cannot_link(x, y) for x in pa for y in pb) or (units and _units_conflict(pa, pb)):
            return False
        if len(pa) < len(pb):
            ri, rj, pa, pb = rj, ri, pb, pa
        self.parent[rj] = ri
        self.count -= 1
        self.size[ri] = self.size.get(ri, 1) + self.size.pop(rj, 1)
        if units:
            sig = {_signature(r) for r in pa}
            pa.extend(r for r in pb if _signature(r) not in sig)
        else:
            pa.extend(pb)
        del self.profile[rj]
        return True

    def mentions(self, i: int) -> int:
        """How many mentions the set of i holds."""
        return self.size.get(self.find(i), 1)

    def labels(self) -> list[int]:
        seen: dict[int, int] = {}
        return [seen.setdefault(self.find(i), len(seen)) for i in range(len(self.parent))]


def _signature(r: Record) -> tuple[object, ...]:
    """All that cannot-link reads of a record: two records of one signature stand for one
    another in a person's profile. The form as written is part of it: "Сева" read as Всеволод
    is Всеволод for Всеволод and may be Северин's too, where "Всеволод" may not (kept only the
    one, a person {Сева, Всеволод} would take in Северин through the form)."""
    n = r.name
    return (
        n.gender,
        r.unit,
        r.mention.birth_date,
        r.mention.birth_partial,
        n.first,
        n.first_form,
        n.first_initial,
        n.patronymic,
        n.patronymic_initial,
    )


# (-score, a, b), kept light: one for every candidate pair; negated, so that the tuples' own
# order (no key function) is the highest score first, then a, then b.
_Scored = tuple[float, int, int]


def _merge_down_to(
    clusters: _Clusters,
    scored: Sequence[_Scored],
    start: int,
    threshold: float,
    links: list[tuple[int, int]] | None = None,
) -> int:
    """Merge along `scored` from `start` while the score is above `threshold`; the position
    reached. The split, decided and merged persons are three stops of one pass down the same
    sorted scores, so each is what a pass of its own from scratch would give."""
    i = start
    while i < len(scored) and -scored[i][0] > threshold:
        _, a, b = scored[i]
        if clusters.try_merge(a, b) and links is not None:
            links.append((a, b))
        i += 1
    return i


def _merge_decided(
    clusters: _Clusters,
    records: Sequence[Record],
    scored: Sequence[_Scored],
    decide: float,
    links: list[tuple[int, int]],
) -> int:
    """The decided persons: `_merge_down_to(…, 0, decide, links)`, except for a thin mention
    (no unit, no birth date) that fits two persons its name cannot tell apart, namesakes whose
    mentions with a unit or date cannot be one man. Such a mention is placed after the rest,
    once the persons are built, and of the persons it fits best, equally well, it joins the one
    with the most mentions: a mention is more likely of a man who is mentioned more (before, the
    first pair in the scores' order took it, whichever namesake that was). Its other pairs then
    follow in the scores' order, as before. Returns the position reached."""
    stop = 0
    while stop < len(scored) and -scored[stop][0] > decide:
        stop += 1
    partners: dict[int, list[Record]] = {}
    for _, i, j in scored[:stop]:
        a, b = records[i], records[j]
        if thin(a) and not thin(b):
            partners.setdefault(i, []).append(b)
        elif thin(b) and not thin(a):
            partners.setdefault(j, []).append(a)
    contested = {
        t
        for t, fits in partners.items()
        if len(fits) > 1
        and any(
            _cannot_link(x, y) or _units_conflict((x,), (y,))
            for k, x in enumerate(fits)
            for y in fits[k + 1 :]
        )
    }
    held: dict[int, list[_Scored]] = {}
    for item in scored[:stop]:
        _, i, j = item
        if i in contested or j in contested:
            for t in (i, j):
                if t in contested:
                    held.setdefault(t, []).append(item)
            continue
        if clusters.try_merge(i, j):
            links.append((i, j))
    done: set[_Scored] = set()
    # Highest best score first; each list is in the scores' order already. A pair of two held
    # mentions waits until both are placed by their own best pairs, where the other's best
    # pair outscores it, or where either's source leans (`_leans_to`): else a weaker pair
    # placed the other first («Горбунова Т.А.» of an order, as likely his as hers, was drawn
    # to her by «Горбунова Таисия» of a message, two bits above the decision), or an order's
    # «Андреева Н.С.», placed with him, drew a request's (hers by its source's lean) to him.
    placed: set[int] = set()
    waiting: list[_Scored] = []
    for t in sorted(held, key=lambda t: (held[t][0], t)):
        items = held[t]
        best = items[0][0]
        tied = sorted(
            (x for x in items if x[0] == best),
            key=lambda x: (
                -_leans_to(records[t], clusters, x[2] if x[1] == t else x[1]),
                -clusters.mentions(x[2] if x[1] == t else x[1]),
                x,
            ),
        )
        placed.add(t)
        for item in tied + [x for x in items if x[0] != best]:
            if item in done:
                continue
            _, i, j = item
            other = j if i == t else i
            leaned = records[t].his is not None or records[other].his is not None
            if other in held and other not in placed and (leaned or held[other][0][0] < item[0]):
                waiting.append(item)
                continue
            done.add(item)
            if clusters.try_merge(i, j):
                links.append((i, j))
    for item in sorted(waiting):
        if item not in done:
            done.add(item)
            if clusters.try_merge(item[1], item[2]):
                links.append((item[1], item[2]))
    return stop


def _leans_to(r: Record, clusters: _Clusters, other: int) -> float:
    """How likely a mention whose source leans («Андреева Н.С.» of a request) is of the gender
    of the person `other` is in: a pair's score sees only the pair, and a line of his person
    that names no gender («Т.А. Андреева» of an order) fits her request's line as well as her
    own mentions do. 0.5 where nothing leans or the person has no gender yet."""
    if r.his is None:
        return 0.5
    genders = {x.name.gender for x in clusters.profile[clusters.find(other)]} - {None}
    if len(genders) != 1:
        return 0.5
    return r.his if genders == {"m"} else 1 - r.his


def link(mentions: Sequence[Mention], jobs: int = 1) -> Result:
    """Link mentions; `jobs` processes read the names."""
    with gc_paused():
        records = prepare(mentions, jobs)
        return link_records(records)


def link_records(
    records: Sequence[Record],
    threshold: float | None = None,
    evidence: bool = True,
    bounds: bool = False,
) -> Result:
    """Link prepared records; `threshold` (log2 odds) defaults to THRESHOLD. Without
    `evidence`, the result's `links` is empty (the labels are the same): a caller that only
    wants the persons saves scoring every link again field by field. With `bounds`, the result
    holds each mention's person in the split and merged counts too."""
    with gc_paused():
        return _link_records(
            records, THRESHOLD if threshold is None else threshold, evidence, bounds
        )


def _link_records(
    records: Sequence[Record], decide: float, evidence: bool, bounds: bool = False
) -> Result:
    st = _stats(records)
    scored: list[_Scored] = []
    for i, j in candidate_pairs(records):
        value = score(records[i], records[j], st)
        if value > decide - UNCERTAIN:
            scored.append((-value, i, j))
    scored.sort()
    clusters = _Clusters(records)
    links: list[tuple[int, int]] = []
    stop = _merge_decided(clusters, records, scored, decide, links)
    labels = clusters.labels()
    _merge_down_to(clusters, scored, stop, decide - UNCERTAIN)
    # Uncertain non-links of structure: two persons kept apart only because neither's units
    # are the other's (and no birth date on both sides), though a pair of them scores well above
    # the decision even so: one man transferred is as plausible as two namesakes.
    for v, i, j in scored:
        if -v <= decide + UNCERTAIN:
            break
        clusters.try_merge(i, j, units=False)
    merged = clusters.count
    merged_labels = clusters.labels() if bounds else []
    del clusters
    roots, doubts = _split(records, scored, labels, links, decide)
    persons = len(set(labels))
    return Result(
        labels=labels,
        links=[
            _with_doubt(compare(records[a], records[b], st), doubts.get((a, b))) for a, b in links
        ]
        if evidence
        else [],
        uncertain=len(doubts),
        persons_if_split=len(set(roots)),
        persons_if_merged=merged,
        records=list(records),
        doubts=doubts,
        uncertain_nonlinks=persons - merged,
        labels_if_split=_relabel(roots) if bounds else [],
        labels_if_merged=merged_labels,
    )


def _relabel(roots: Sequence[int]) -> list[int]:
    """0, 1, 2 … in order of appearance, as `labels` are."""
    seen: dict[int, int] = {}
    return [seen.setdefault(r, len(seen)) for r in roots]


def _with_doubt(ev: Evidence, doubt: str | None) -> Evidence:
    return ev if doubt is None else Evidence(ev.a, ev.b, ev.score, ev.fields, doubt)


def thin(r: Record) -> bool:
    """A mention with neither unit nor birth date: only its name places it."""
    return r.unit is None and r.mention.birth_date is None


def complementary(a: Record, b: Record) -> bool:
    """A unit and no birth date on one side, a birth date and no unit on the other: nothing
    but the name can agree between them."""
    ua, ub = a.unit is not None, b.unit is not None
    da, db = a.mention.birth_date is not None, b.mention.birth_date is not None
    return (ua and not da and db and not ub) or (da and not ua and ub and not db)


def doubt_of(
    a: Record, b: Record, value: float, decide: float, rival: dict[int, float]
) -> str | None:
    """Why the link of a and b (scored `value`, above `decide`) is uncertain, or None.
    `rival`: for a mention that scores above the decision with a mention of another person
    too, its best such score. A namesake is in sight when one of the two fits another person
    nearly as well as it fits the other of the two (within UNCERTAIN)."""
    if value < decide + UNCERTAIN:
        return "score"
    near = value - UNCERTAIN
    rival_a = rival.get(a.index, _NEG) >= near
    rival_b = rival.get(b.index, _NEG) >= near
    if (rival_a and thin(a)) or (rival_b and thin(b)):
        return "thin"
    if (rival_a or rival_b) and complementary(a, b):
        return "complementary"
    return None


def _split(
    records: Sequence[Record],
    scored: Sequence[_Scored],
    labels: Sequence[int],
    links: Sequence[tuple[int, int]],
    decide: float,
) -> tuple[list[int], dict[tuple[int, int], str]]:
    """Each mention's person (as a root mention) when every uncertain link is cut: the decided
    persons rebuilt from their certain pairs alone (a pair above the decision within one
    person, with no doubt); and the links of `links` that this cuts, with why. The decided
    labels do not change."""
    rival: dict[int, float] = {}
    for v, i, j in scored:  # highest first: the first score met is each mention's best
        if -v <= decide:
            break
        if labels[i] != labels[j]:
            rival.setdefault(i, -v)
            rival.setdefault(j, -v)
    parent = list(range(len(records)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    value_of: dict[tuple[int, int], float] = {}
    for v, i, j in scored:
        if -v <= decide:
            break
        if labels[i] != labels[j]:
            continue
        if doubt_of(records[i], records[j], -v, decide, rival) is not None:
            value_of[(i, j)] = -v
            continue
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[rj] = ri
    roots = [find(i) for i in range(len(records))]
    doubts: dict[tuple[int, int], str] = {}
    for a, b in links:
        if roots[a] != roots[b]:
            why = doubt_of(records[a], records[b], value_of[(a, b)], decide, rival)
            doubts[(a, b)] = why or "score"
    return roots, doubts

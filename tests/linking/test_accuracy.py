"""Round 5 of issue #16 (accuracy): each variation fixed links, and the hard negatives stay
apart. Synthetic names (roots no real list need hold)."""

from __future__ import annotations

from datetime import date

import pytest

from objector.linking import Mention, link
from objector.linking.link import _begins_alike, candidate_pairs, prepare
from objector.linking.normalise import read
from objector.linking.translit import key


@pytest.mark.parametrize(
    "text",
    # (Round 7's "Снежанка" is Снежана's by rule since round 8: the dictionary knows Снежана.)
    ["Ермоша Хасаных", "Хасаных Ермоша", "ЕРМОША ХАСАНЫХ", "Сайланка Карабаяренко"],
)
def test_it_takes_the_word_shaped_like_a_surname_when_no_one_knows_the_first_name(
    text: str,
) -> None:
    name = read(text)
    assert name.surname in ("хасаных", "карабаяренко")
    assert name.first in ("ермоша", "сайланка")


@pytest.mark.parametrize(
    ("latin", "surname", "first"),
    [
        ("YUDEV FILIPP", "юдев", "филипп"),
        ("Filipp Yudev", "юдев", "филипп"),
        ("KHADZHIOV ROSTISLAV", "хаджиов", "ростислав"),
        ("Rostislav Khadzhiov", "хаджиов", "ростислав"),
        ("MUSTMUNKEV VENIAMIN", "мустмункев", "вениамин"),
        ("ZHDANKSKAIA SOFIA", "жданкская", "софья"),
    ],
)
def test_it_orders_a_latin_name_the_dictionary_knows_but_the_list_does_not(
    latin: str, surname: str, first: str
) -> None:
    name = read(latin)
    assert name.surname == surname
    assert name.first is not None and key(name.first) == key(first)


def test_it_does_not_read_a_dictionary_name_in_latin_as_a_slip_in_a_listed_one() -> None:
    assert read("ZARINA KAMARASHIDINA").first == "зарина"  # not Марина
    assert read("Alina Kamakalashnina").first == "алина"  # not Галина
    assert read("Alexander Petrov").first == "александр"  # English spelling, still read


def persons(*mentions: Mention) -> list[int]:
    crowd = [
        Mention("c1", "Петров Иван Сергеевич", "11111", date(1990, 1, 1)),
        Mention("c2", "Сидоров Павел Андреевич", "22222", None),
        Mention("c3", "Кузнецова Мария Петровна", None, date(1985, 5, 5)),
    ]
    return link([*mentions, *crowd]).labels[: len(mentions)]


@pytest.mark.parametrize(
    ("everyday", "full"),
    [
        ("Ермоша Хасаных", "Хасаных Ермолай Ефимович"),
        ("гордейка валимункян", "Gordey Valimunkyan"),
        ("Снежанка Карабаяренко", "Карабаяренко Снежана Ростиславовна"),
        ("Ростик Сафржерехский", "Сафржерехский Ростислав"),
    ],
)
def test_it_links_an_everyday_form_no_list_holds_by_how_it_begins(everyday: str, full: str) -> None:
    born = date(1986, 1, 19)
    labels = persons(Mention("a", everyday, None, born), Mention("b", full, None, born))
    assert labels[0] == labels[1]


def test_a_name_that_only_begins_alike_does_not_join_another_known_name() -> None:
    # Both listed, as different names: Александр is not an everyday form of Александра.
    assert not _begins_alike(key("александр"), key("александра"))
    assert not _begins_alike(key("мирон"), key("марат"))
    assert _begins_alike(key("платоша"), key("платон"))
    assert _begins_alike(key("эдик"), key("эдуард"))  # two letters before a suffix of two
    assert not _begins_alike(key("ева"), key("евдокия"))  # not before "а"


def test_a_transfer_joins_when_his_person_shows_the_date_the_other_has() -> None:
    # His order names his first unit and no date; his ruling names both units' man by the date.
    born = date(1990, 3, 4)
    labels = persons(
        Mention("a", "Зорикин Айдар Маратович", "11111", born),
        Mention("b", "рядового Зорикина А.М.", "11111", None),
        Mention("c", "Зорикин Айдар Маратович", "22222", born),
    )
    assert labels[0] == labels[1] == labels[2]


def test_namesakes_in_other_units_stay_apart_through_mentions_without_a_date() -> None:
    labels = persons(
        Mention("a", "Зорикин Айдар Маратович", "11111", date(1990, 3, 4)),
        Mention("b", "рядового Зорикина А.М.", "11111", None),
        Mention("c", "рядового Зорикина А.М.", "22222", None),
        Mention("d", "Зорикин Айдар Маратович", "22222", date(1993, 7, 1)),
        Mention("e", "Зорикин Айдар", None, None),
    )
    assert labels[0] == labels[1] and labels[2] == labels[3]
    assert labels[0] != labels[2]


@pytest.mark.parametrize(
    ("slipped", "stem"),
    [
        ("Рахиюсуповоф Натальи Рустамовны", "рахиюсупов"),  # -овой
        ("рядового Шарипскрго Д.Н.", "шарипский"),  # -ского
        ("Мамекузнецуеа Ф.С.", "мамекузнецук"),  # -ука
        ("Леберахимскпя Ольга", "леберахимский"),  # -ская
        ("Ахметоыу Петру Сергеевичу", "ахметов"),  # -ову
    ],
)
def test_it_reads_a_surname_through_a_slip_in_its_case_ending(slipped: str, stem: str) -> None:
    assert stem in read(slipped).stems


@pytest.mark.parametrize(
    ("text", "stems"),
    [
        ("Цыденжап Баир", ("цыденжап",)),
        ("Кличко Виталий", ("кличко",)),
        # Round 9: his accusative in -у is also of a surname in -а (Муху: Муха).
        ("Абрамовичу И.П.", ("абрамовичу", "абрамович", "абрамовича")),
        ("Гогия Нино", ("гогия",)),
    ],
)
def test_it_leaves_a_surname_of_another_shape_as_written(text: str, stems: tuple[str, ...]) -> None:
    assert read(text).stems == stems


def test_it_links_a_slip_in_a_case_ending_to_the_nominative() -> None:
    labels = persons(
        Mention("a", "Рахиюсупову Наталью Рустамовну", "48844", None),
        Mention("b", "Рахиюсуповоф Натальи Рустамовны", None, None),
    )
    assert labels[0] == labels[1]


def test_sch_and_shch_are_one_key() -> None:
    # "sch" reads back as щ; the Cyrillic original may have сч (Фирсчеснок).
    assert key("фирсчеснокин") == key("фирщеснокин")


def test_an_everyday_form_that_is_the_name_and_an_ending_is_not_a_slip() -> None:
    assert _begins_alike(key("лева"), key("лев"))
    born = date(1985, 1, 18)
    labels = persons(
        Mention("a", "Зоткев Лёва", None, born), Mention("b", "ZOTKEV LEV", None, born)
    )
    assert labels[0] == labels[1]


@pytest.mark.parametrize(
    ("text", "first"),
    # Ника is Вероника's in the list since round 6, Поля Полина's since round 7b; Снежана is in
    # no list.
    [
        ("вертбаярская поля", "полина"),
        ("Сафронева Ника", "вероника"),
        ("вертбаярская снежана", "снежана"),
    ],
)
def test_a_name_without_patronymic_or_rank_is_read_in_the_nominative(text: str, first: str) -> None:
    name = read(text)
    assert (name.first, name.gender) == (first, "f")


def test_a_latin_name_the_dictionary_knows_is_not_read_as_a_listed_one_a_letter_away() -> None:
    assert read("Renat Khrushchklyukin").first == "ренат"  # not Ринат


@pytest.mark.parametrize("text", ["Донгак Саян", "Саян Донгак"])
def test_a_short_first_name_in_yan_is_not_taken_for_an_armenian_surname(text: str) -> None:
    # Neither word is a name the dictionary knows; Саян ends like Петросян, but is too short.
    name = read(text)
    assert name.surname == ("донгак" if text.startswith("Донгак") else "саян")


# Round 6: an everyday form the list gives to several full names, or whose full name begins with
# another letter, links with each of those names (and their initials), and with no other name.


@pytest.mark.parametrize(
    ("written", "full", "initials"),
    [
        ("Слава", "Ярослав", "Я.О."),
        ("Слава", "Вячеслав", "В.О."),
        ("Слава", "Станислав", "С.О."),
        ("Витя", "Виталий", "В.О."),
        ("Гоша", "Егор", "Е.О."),
        ("Сева", "Всеволод", "В.О."),
        ("Алик", "Альберт", "А.О."),
        ("Сеня", "Арсений", "А.О."),
    ],
)
def test_an_everyday_form_of_several_names_links_with_each_of_them(
    written: str, full: str, initials: str
) -> None:
    mentions = [
        Mention("1", f"Зорхасанов {full} Олегович", "41207", date(1994, 3, 2)),
        Mention("2", f"рядового Зорхасанова {initials}", "41207"),
        Mention("3", f"{written} Зорхасанов", None, date(1994, 3, 2)),
        Mention("4", f"{written.lower()} зорхасанов"),
    ]
    assert len(set(link(mentions).labels)) == 1


@pytest.mark.parametrize(
    ("written", "other"),
    [("Слава", "Владимир"), ("Витя", "Вадим"), ("Гоша", "Глеб"), ("Сева", "Сергей")],
)
def test_an_everyday_form_of_several_names_stays_apart_from_any_other_name(
    written: str, other: str
) -> None:
    mentions = [
        Mention("1", f"Зорхасанов {other} Олегович", "41207"),
        Mention("2", f"{written} Зорхасанов", "41207"),
    ]
    assert len(set(link(mentions).labels)) == 2


def test_an_everyday_form_of_several_names_keeps_them_all() -> None:
    name = read("Слава Зорхасанов")
    assert name.first == "слава"
    assert {"владислав", "вячеслав", "станислав", "ярослав"} <= set(name.first_options)
    assert read("SLAVA ZORKHASANOV").first_options == name.first_options
    assert read("Зорхасанов Ярослав").first_options == ()


def test_an_everyday_form_does_not_chain_two_of_its_names() -> None:
    # Слава may be Ярослав or Вячеслав, not both: the two stay apart whichever he joins.
    mentions = [
        Mention("1", "Зорхасанов Ярослав Олегович", "41207", date(1994, 3, 2)),
        Mention("2", "Зорхасанов Вячеслав Олегович", "41207", date(1990, 5, 6)),
        Mention("3", "Слава Зорхасанов", "41207"),
    ]
    labels = link(mentions).labels
    assert labels[0] != labels[1]


@pytest.mark.parametrize(
    "written", ["Шура Зорхасанова", "зорхасанова шура", "SHURA ZORKHASANOVA", "Sasha Zorkhasanova"]
)
def test_a_form_of_his_name_and_hers_goes_to_hers_when_the_surname_is_hers(written: str) -> None:
    assert read(written).gender == "f"
    mentions = [
        Mention("1", "Зорхасанова Александра Олеговна", "41207"),
        Mention("2", "Зорхасанов Александр Олегович", "51207"),
        Mention("3", written),
    ]
    labels = link(mentions).labels
    assert labels[2] == labels[0] != labels[1]


def test_a_form_of_his_name_and_hers_keeps_both_when_nothing_tells() -> None:
    name = read("Саша Ким")
    assert (name.first, name.gender) == ("саша", None)
    assert set(name.first_options) == {"александр", "александра"}
    assert read("Саша Зорхасанов").first == "александр"


def test_two_everyday_forms_of_several_names_make_one_candidate_pair() -> None:
    # Both sit in a block for each initial (в, м, р, с, я): the pair is scored once.
    records = prepare([Mention("1", "Слава Зорхасанов"), Mention("2", "слава зорхасанов")])
    assert records[0].first_initials == "вмрся"
    assert list(candidate_pairs(records)) == [(0, 1)]


@pytest.mark.parametrize(
    ("written", "first"),
    [
        ("младшего сержанта Зорхасанова Евгения Олеговича", "евгений"),
        ("Зорхасанова Валерия Олеговича", "валерий"),
        ("рядового Зорхасанова Александра", "александр"),
        ("рядового Зорхасанова Евгения", "евгений"),
    ],
)
def test_his_name_in_an_oblique_case_is_not_read_as_her_name_as_written(
    written: str, first: str
) -> None:
    # "Евгения", "Валерия", "Александра" are her names as written, and his in the genitive: a
    # man's patronymic, or a rank's case, says which.
    name = read(written)
    assert (name.first, name.gender) == (first, "m")


@pytest.mark.parametrize(
    "written",
    ["Зорхасанова Евгения", "Зорхасанова Евгения Олеговна", "Зорхасановой Евгении Олеговны"],
)
def test_her_name_as_written_stays_hers(written: str) -> None:
    assert (read(written).first, read(written).gender) == ("евгения", "f")


def test_his_name_in_the_genitive_links_with_his_everyday_form() -> None:
    mentions = [
        Mention("1", "младшего сержанта Зорхасанова Евгения Олеговича", "в/ч 41207"),
        Mention("2", "Зорхасанов Жека", None, date(1994, 3, 2)),
        Mention("3", "Зорхасанов Евгений"),
    ]
    assert len(set(link(mentions).labels)) == 1


# Round 6b: a slip inside an everyday form ("свша" for Саша, "фииа" for Фима): a word no name
# reads, kept as written with the names of the listed forms one slip from it.
@pytest.mark.parametrize(
    ("written", "full"),
    [
        ("свша зорхасанов", "Зорхасанов Александр Олегович"),
        ("Зорхасанов фииа", "Зорхасанов Ефим Олегович"),
        ("Соава Зорхасанов", "Зорхасанов Ростислав Олегович"),
        ("димрн зорхасанов", "Зорхасанов Дмитрий Олегович"),
    ],
)
def test_a_slip_inside_an_everyday_form_links_with_its_full_name(written: str, full: str) -> None:
    mentions = [
        Mention("1", full, "41207", date(1994, 3, 2)),
        Mention(
            "2", f"рядового {full.split()[0]}а {full.split()[1][0]}.{full.split()[2][0]}.", "41207"
        ),
        Mention("3", written, None, date(1994, 3, 2)),
    ]
    assert len(set(link(mentions).labels)) == 1


def test_a_slip_inside_an_everyday_form_stays_apart_from_a_name_it_is_not() -> None:
    # "свша" is a slip from Саша (Александр, Александра), not from Вадим's forms.
    mentions = [
        Mention("1", "Зорхасанов Вадим Олегович", "41207"),
        Mention("2", "свша зорхасанов", "41207"),
    ]
    assert len(set(link(mentions).labels)) == 2


def test_a_form_no_list_holds_still_reads_by_how_it_begins() -> None:
    # "Даринка" is one slip from Маринка (and Каринка, Аринка), but it begins as Дарина does:
    # that reading stands. (Round 6's example, Заринка, is Зарина's in the list since round 7b;
    # and since round 8 Даринка is read by rule, as the dictionary's Дарина with -ка, rather
    # than kept as written with the names one slip away.)
    assert read("Даринка Карабаяренко").first == "дарина"
    mentions = [
        Mention("1", "Карабаяренко Дарина Олеговна", "41207"),
        Mention("2", "Даринка Карабаяренко", "41207"),
    ]
    assert len(set(link(mentions).labels)) == 1


def test_a_name_the_dictionary_reads_is_not_taken_for_a_slip_in_a_listed_form() -> None:
    # Зарина is no listed name but the dictionary's, one slip from Марина: it stays Зарина.
    name = read("Зорхасановой Зариной Олеговной")
    assert (name.first, name.first_options) == ("зарина", ())


@pytest.mark.parametrize("latin", ["ZORTSHCHENKO", "Zortshchenko", "Zortschenko"])
def test_t_before_shch_is_read_as_t_and_shch(latin: str) -> None:
    # "tsh" is not "ts" and "h": т and щ ("Зортщенко"), the longer digraph wins.
    assert key(read(f"{latin} Oleg").surname) == key("зортщенко")
    mentions = [
        Mention("1", "Зортщенко Олег Олегович", "41207"),
        Mention("2", f"Oleg {latin}"),
    ]
    assert len(set(link(mentions).labels)) == 1


# Round 7: a slip inside an everyday form no list holds ("захпрка" for Захарка, "Эмильчмк" for
# Эмильчик): a word no list or dictionary reads that, but for one slip, begins as the full
# name does and ends as everyday forms do.
@pytest.mark.parametrize(
    ("written", "full"),
    [
        ("зорхасанов захпрка", "Зорхасанов Захар Олегович"),
        ("Зорхасанов Эмильчмк", "Зорхасанов Эмиль Олегович"),
        ("Зорхасанов Плаьоша", "Зорхасанов Платон Олегович"),
        ("Вкня Зорхасанов", "Зорхасанов Вениамин Олегович"),
    ],
)
def test_a_slip_inside_a_form_no_list_holds_links_with_its_full_name(
    written: str, full: str
) -> None:
    mentions = [
        Mention("1", full, "41207", date(1994, 3, 2)),
        Mention("2", f"Зорхасанова {full.split()[1][0]}.{full.split()[2][0]}.", "41207"),
        Mention("3", written, None, date(1994, 3, 2)),
    ]
    assert len(set(link(mentions).labels)) == 1


@pytest.mark.parametrize(
    ("written", "full"),
    [
        ("Зорхасанов Плаьоша", "Зорхасанов Павел Олегович"),  # not how Павел begins
        ("Зорхасанов Марк", "Зорхасанов Марат Олегович"),  # a name the dictionary reads
        ("Зорхасанов Вкня", "Зорхасанов Виктор Олегович"),
    ],
)
def test_a_slip_inside_a_form_no_list_holds_stays_apart_from_a_name_it_is_not(
    written: str, full: str
) -> None:
    mentions = [Mention("1", full, "41207"), Mention("2", written, "41207")]
    assert len(set(link(mentions).labels)) == 2


# Round 7: an everyday form in an oblique case, without a patronymic ("Саши Ивановой", "Димы
# Иванова"): "Саши" is no name's nominative, so it is not read as written in the nominative
# (it was: a first name "саши", a man, and the surname left as "Ивановой").
@pytest.mark.parametrize(
    ("written", "first", "gender", "surname"),
    [
        ("Саши Зорхасановой", "александра", "f", "зорхасанова"),
        ("Зорхасановой Саши", "александра", "f", "зорхасанова"),
        ("Шуре Зорхасановой", "александра", "f", "зорхасанова"),
        ("Жени Зорхасановой", "евгения", "f", "зорхасанова"),
        ("Сашей Зорхасановым", "александр", "m", "зорхасанов"),
        ("Димы Зорхасанова", "дмитрий", "m", "зорхасанов"),
        ("Александры Зорхасановой", "александра", "f", "зорхасанова"),
    ],
)
def test_an_everyday_form_in_an_oblique_case_is_read_with_its_surname(
    written: str, first: str, gender: str, surname: str
) -> None:
    name = read(written)
    assert (name.first, name.gender, name.surname) == (first, gender, surname)


def test_an_everyday_form_in_an_oblique_case_links_with_her_and_not_with_him() -> None:
    mentions = [
        Mention("1", "Зорхасанова Александра Олеговна", "41207", date(1994, 3, 2)),
        Mention("2", "Саши Зорхасановой", "41207"),
        Mention("3", "Зорхасанов Александр Олегович", "41207"),
    ]
    labels = link(mentions).labels
    assert labels[0] == labels[1] != labels[2]


def test_a_slip_inside_a_form_no_list_holds_is_a_candidate_pair_on_its_own() -> None:
    # No mention with initials to chain them: the pair itself must be met and scored.
    mentions = [
        Mention("1", "Окунзорхасанова Захара Олеговича", "41207"),
        Mention("2", "окунзорхасанов захпрка", "41207"),
    ]
    assert (0, 1) in set(candidate_pairs(prepare(mentions)))
    assert len(set(link(mentions).labels)) == 1


def test_a_slip_that_lengthens_a_short_name_is_a_candidate_pair_in_either_order() -> None:
    # "Арна" is one slip from Анна (key "ана", three letters): the pair was met only when the
    # longer word came first in its block, and it is scored the same either way.
    for first, second in (
        ("Зорхасанова Арна", "Зорхасанова Анна"),
        ("Зорхасанова Анна", "Зорхасанова Арна"),
    ):
        mentions = [Mention("1", first), Mention("2", second)]
        assert (0, 1) in set(candidate_pairs(prepare(mentions)))


# Round 7b: everyday forms from Petrovsky's dictionary (and the Ukrainian, Tatar and Caucasian
# forms in common use) that the list lacked, and whose stem changes, so that "begins alike"
# could not reach them.
@pytest.mark.parametrize(
    ("everyday", "full", "first"),
    [
        ("Яша Зорхасанов", "Зорхасанов Яков Ильич", "яков"),
        ("Тиша Зорхасанов", "Зорхасанов Тихон Ильич", "тихон"),
        ("Проша Зорхасанов", "Зорхасанов Прохор Ильич", "прохор"),
        ("Ксюша Зорхасанова", "Зорхасанова Ксения Ильинична", "ксения"),
        ("Петро Зорхасанов", "Зорхасанов Петр Ильич", "петр"),
        ("Патя Зорхасанова", "Зорхасанова Патимат", "патимат"),
    ],
)
def test_a_listed_everyday_form_links_to_its_full_name(
    everyday: str, full: str, first: str
) -> None:
    assert read(everyday).first == first
    born = date(1986, 1, 19)
    labels = persons(Mention("a", everyday, None, born), Mention("b", full, None, born))
    assert labels[0] == labels[1]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # Тиша is Тихон's and Тима Тимофей's: they begin alike, but share no form.
        ("Тиша Зорхасанов", "Зорхасанов Тимофей Ильич"),
        # Уля is Ульяна's; its transliteration key is Юля's, which is no reason to be Юлия.
        ("Уля Зорхасанова", "Зорхасанова Юлия Ильинична"),
    ],
)
def test_two_names_that_share_no_form_stay_apart(one: str, other: str) -> None:
    born = date(1986, 1, 19)
    labels = persons(Mention("a", one, "41207", born), Mention("b", other, "41207", born))
    assert labels[0] != labels[1]

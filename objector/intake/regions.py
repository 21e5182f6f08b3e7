"""The controlled list of regions: each federal subject and its federal district.

Plain Python, no Django. The subject is asked at intake and kept as personal data; only the
district is kept in the clear, for triage, assignment by region and statistics.

Crimea, Sevastopol and the four Ukrainian regions annexed in 2022 form their own group here
rather than being filed under the Southern district: lawyers and statistics need to tell them
apart, and the product does not take a side on their status by placing them in a Russian
district.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class District(NamedTuple):
    key: str
    ru: str
    en: str
    # The standard abbreviations (ЦФО, CFD), where a full name does not fit: a phone's map.
    ru_short: str = ""
    en_short: str = ""


class Region(NamedTuple):
    key: str
    ru: str
    en: str
    district: str
    aliases: tuple[str, ...] = ()


DISTRICTS = (
    District("central", "Центральный", "Central", "ЦФО", "CFD"),
    District("northwestern", "Северо-Западный", "North-Western", "СЗФО", "NWFD"),
    District("southern", "Южный", "Southern", "ЮФО", "SFD"),
    District("north_caucasian", "Северо-Кавказский", "North Caucasian", "СКФО", "NCFD"),
    District("volga", "Приволжский", "Volga", "ПФО", "VFD"),
    District("ural", "Уральский", "Ural", "УФО", "UFD"),
    District("siberian", "Сибирский", "Siberian", "СФО", "SibFD"),
    District("far_eastern", "Дальневосточный", "Far Eastern", "ДФО", "FEFD"),
    # No district, so no standard abbreviation: a short name, on two lines.
    District(
        "occupied",
        "Крым и оккупированные территории Украины",
        "Crimea and occupied Ukraine",
        "Крым,\nоккуп.",
        "Crimea,\noccup.",
    ),
)
DISTRICT_BY_KEY = {d.key: d for d in DISTRICTS}


def district_name(key: str, lang: str, *, unknown: str = "") -> str:
    """A federal district's name in the reader's language; `unknown` for none."""
    return str(getattr(DISTRICT_BY_KEY[key], lang)) if key else unknown


def district_abbreviation(key: str, lang: str) -> str:
    """A federal district's standard abbreviation (ЦФО, CFD), "" where it has none."""
    short = str(getattr(DISTRICT_BY_KEY[key], f"{lang}_short")) if key else ""
    return "" if "\n" in short else short


def _r(key: str, ru: str, en: str, district: str, *aliases: str) -> Region:
    return Region(key, ru, en, district, aliases)


REGIONS = (
    # Central
    _r("belgorod", "Белгородская область", "Belgorod Oblast", "central"),
    _r("bryansk", "Брянская область", "Bryansk Oblast", "central"),
    _r("vladimir", "Владимирская область", "Vladimir Oblast", "central"),
    _r("voronezh", "Воронежская область", "Voronezh Oblast", "central"),
    _r("ivanovo", "Ивановская область", "Ivanovo Oblast", "central"),
    _r("kaluga", "Калужская область", "Kaluga Oblast", "central"),
    _r("kostroma", "Костромская область", "Kostroma Oblast", "central"),
    _r("kursk", "Курская область", "Kursk Oblast", "central"),
    _r("lipetsk", "Липецкая область", "Lipetsk Oblast", "central"),
    _r("moscow_oblast", "Московская область", "Moscow Oblast", "central", "подмосковье", "мо"),
    _r("oryol", "Орловская область", "Oryol Oblast", "central"),
    _r("ryazan", "Рязанская область", "Ryazan Oblast", "central"),
    _r("smolensk", "Смоленская область", "Smolensk Oblast", "central"),
    _r("tambov", "Тамбовская область", "Tambov Oblast", "central"),
    _r("tver", "Тверская область", "Tver Oblast", "central"),
    _r("tula", "Тульская область", "Tula Oblast", "central"),
    _r("yaroslavl", "Ярославская область", "Yaroslavl Oblast", "central", "ярославль"),
    _r("moscow", "Москва", "Moscow", "central", "мск", "moskva"),
    # North-Western
    _r("karelia", "Республика Карелия", "Republic of Karelia", "northwestern", "карелия"),
    _r("komi", "Республика Коми", "Komi Republic", "northwestern"),
    _r("arkhangelsk", "Архангельская область", "Arkhangelsk Oblast", "northwestern"),
    _r("nenets", "Ненецкий автономный округ", "Nenets Autonomous Okrug", "northwestern", "нао"),
    _r("vologda", "Вологодская область", "Vologda Oblast", "northwestern"),
    _r("kaliningrad", "Калининградская область", "Kaliningrad Oblast", "northwestern"),
    _r("leningrad", "Ленинградская область", "Leningrad Oblast", "northwestern", "ленобласть"),
    _r("murmansk", "Мурманская область", "Murmansk Oblast", "northwestern"),
    _r("novgorod", "Новгородская область", "Novgorod Oblast", "northwestern"),
    _r("pskov", "Псковская область", "Pskov Oblast", "northwestern"),
    _r(
        "saint_petersburg",
        "Санкт-Петербург",
        "Saint Petersburg",
        "northwestern",
        "спб",
        "питер",
        "петербург",
        "st petersburg",
        "spb",
    ),
    # Southern
    _r("adygea", "Республика Адыгея", "Republic of Adygea", "southern", "адыгея"),
    _r("kalmykia", "Республика Калмыкия", "Republic of Kalmykia", "southern", "калмыкия"),
    _r("krasnodar", "Краснодарский край", "Krasnodar Krai", "southern", "кубань"),
    _r("astrakhan", "Астраханская область", "Astrakhan Oblast", "southern"),
    _r("volgograd", "Волгоградская область", "Volgograd Oblast", "southern"),
    _r("rostov", "Ростовская область", "Rostov Oblast", "southern"),
    # North Caucasian
    _r("dagestan", "Республика Дагестан", "Republic of Dagestan", "north_caucasian", "дагестан"),
    _r("ingushetia", "Республика Ингушетия", "Republic of Ingushetia", "north_caucasian"),
    _r(
        "kabardino_balkaria",
        "Кабардино-Балкарская Республика",
        "Kabardino-Balkaria",
        "north_caucasian",
        "кбр",
    ),
    _r(
        "karachay_cherkessia",
        "Карачаево-Черкесская Республика",
        "Karachay-Cherkessia",
        "north_caucasian",
        "кчр",
    ),
    _r(
        "north_ossetia",
        "Республика Северная Осетия — Алания",
        "North Ossetia–Alania",
        "north_caucasian",
        "северная осетия",
        "осетия",
    ),
    _r("chechnya", "Чеченская Республика", "Chechen Republic", "north_caucasian", "чечня"),
    _r("stavropol", "Ставропольский край", "Stavropol Krai", "north_caucasian"),
    # Volga
    _r("bashkortostan", "Республика Башкортостан", "Bashkortostan", "volga", "башкирия"),
    _r("mari_el", "Республика Марий Эл", "Mari El Republic", "volga", "марий эл"),
    _r("mordovia", "Республика Мордовия", "Republic of Mordovia", "volga", "мордовия"),
    _r("tatarstan", "Республика Татарстан", "Tatarstan", "volga", "татарстан"),
    _r("udmurtia", "Удмуртская Республика", "Udmurt Republic", "volga", "удмуртия"),
    _r("chuvashia", "Чувашская Республика", "Chuvash Republic", "volga", "чувашия"),
    _r("perm", "Пермский край", "Perm Krai", "volga"),
    _r("kirov", "Кировская область", "Kirov Oblast", "volga"),
    _r(
        "nizhny_novgorod",
        "Нижегородская область",
        "Nizhny Novgorod Oblast",
        "volga",
        "нижний новгород",
    ),
    _r("orenburg", "Оренбургская область", "Orenburg Oblast", "volga"),
    _r("penza", "Пензенская область", "Penza Oblast", "volga"),
    _r("samara", "Самарская область", "Samara Oblast", "volga"),
    _r("saratov", "Саратовская область", "Saratov Oblast", "volga"),
    _r("ulyanovsk", "Ульяновская область", "Ulyanovsk Oblast", "volga"),
    # Ural
    _r("kurgan", "Курганская область", "Kurgan Oblast", "ural"),
    _r(
        "sverdlovsk",
        "Свердловская область",
        "Sverdlovsk Oblast",
        "ural",
        "екатеринбург",
        "ekaterinburg",
    ),
    _r("tyumen", "Тюменская область", "Tyumen Oblast", "ural"),
    _r("chelyabinsk", "Челябинская область", "Chelyabinsk Oblast", "ural"),
    _r(
        "khanty_mansi",
        "Ханты-Мансийский автономный округ — Югра",
        "Khanty-Mansi Autonomous Okrug",
        "ural",
        "хмао",
        "югра",
    ),
    _r("yamalo_nenets", "Ямало-Ненецкий автономный округ", "Yamalo-Nenets", "ural", "янао"),
    # Siberian
    _r("altai_republic", "Республика Алтай", "Altai Republic", "siberian"),
    _r("tuva", "Республика Тыва", "Tuva Republic", "siberian", "тыва", "тува"),
    _r("khakassia", "Республика Хакасия", "Republic of Khakassia", "siberian", "хакасия"),
    _r("altai_krai", "Алтайский край", "Altai Krai", "siberian"),
    _r("krasnoyarsk", "Красноярский край", "Krasnoyarsk Krai", "siberian"),
    _r("irkutsk", "Иркутская область", "Irkutsk Oblast", "siberian"),
    _r(
        "kemerovo",
        "Кемеровская область — Кузбасс",
        "Kemerovo Oblast",
        "siberian",
        "кузбасс",
        "кемерово",
    ),
    _r("novosibirsk", "Новосибирская область", "Novosibirsk Oblast", "siberian"),
    _r("omsk", "Омская область", "Omsk Oblast", "siberian"),
    _r("tomsk", "Томская область", "Tomsk Oblast", "siberian"),
    # Far Eastern
    _r("buryatia", "Республика Бурятия", "Republic of Buryatia", "far_eastern", "бурятия"),
    _r("yakutia", "Республика Саха (Якутия)", "Sakha (Yakutia)", "far_eastern", "якутия", "саха"),
    _r("zabaykalsky", "Забайкальский край", "Zabaykalsky Krai", "far_eastern"),
    _r("kamchatka", "Камчатский край", "Kamchatka Krai", "far_eastern"),
    _r("primorsky", "Приморский край", "Primorsky Krai", "far_eastern", "приморье"),
    _r("khabarovsk", "Хабаровский край", "Khabarovsk Krai", "far_eastern"),
    _r("amur", "Амурская область", "Amur Oblast", "far_eastern"),
    _r("magadan", "Магаданская область", "Magadan Oblast", "far_eastern"),
    _r("sakhalin", "Сахалинская область", "Sakhalin Oblast", "far_eastern"),
    _r("jewish_ao", "Еврейская автономная область", "Jewish Autonomous Oblast", "far_eastern"),
    _r("chukotka", "Чукотский автономный округ", "Chukotka Autonomous Okrug", "far_eastern"),
    # Crimea and occupied Ukraine
    _r("crimea", "Крым", "Crimea", "occupied", "республика крым"),
    _r("sevastopol", "Севастополь", "Sevastopol", "occupied"),
    _r("donetsk", "Донецкая область (ДНР)", "Donetsk region", "occupied", "днр", "донецк"),
    _r(
        "luhansk",
        "Луганская область (ЛНР)",
        "Luhansk region",
        "occupied",
        "лнр",
        "луганск",
        "lugansk",
    ),
    _r("zaporizhzhia", "Запорожская область", "Zaporizhzhia region", "occupied", "zaporozhye"),
    _r("kherson", "Херсонская область", "Kherson region", "occupied"),
)
REGION_BY_KEY = {r.key: r for r in REGIONS}

# Words that say what kind of subject it is, not which: people write them or leave them out.
_GENERIC = frozenset(
    [
        "область",
        "области",
        "областью",
        "обл",
        "край",
        "крае",
        "краю",
        "республика",
        "республике",
        "республики",
        "респ",
        "автономный",
        "автономная",
        "автономном",
        "автономной",
        "округ",
        "округе",
        "ао",
        "город",
        "городе",
        "г",
        "oblast",
        "krai",
        "kray",
        "republic",
        "region",
        "okrug",
        "autonomous",
        "city",
        "of",
        "the",
    ]
)
_WORD = re.compile(r"[a-zа-я]+")


def _words(text: str, *, generic: bool = False) -> list[str]:
    text = text.lower().replace("ё", "е")
    return [w for w in _WORD.findall(text) if generic or w not in _GENERIC]


def _stem(word: str) -> str:
    # Cut the case ending, so "в Татарстане", "Краснодарском крае", "Москве" still match.
    # A proper lemmatiser (pymorphy3) is overkill for ninety names.
    return word[:-2] if len(word) > 6 else word[:-1] if len(word) > 4 else word


def _word_matches(typed: str, word: str) -> bool:
    if typed.startswith(_stem(word)) and len(typed) <= len(word) + 3:  # an inflected form
        return True
    return len(typed) >= 5 and word.startswith(typed)  # "Ростов" for "Ростовская область"


def _matches(typed: list[str], wanted: list[str]) -> bool:
    if not wanted or len(typed) != len(wanted):
        return False
    return all(_word_matches(t, w) for t, w in zip(typed, wanted, strict=True))


# Every name of every region, split into words once: (key, all words, words without generic ones).
_NAMES = [
    (r.key, _words(name, generic=True), _words(name))
    for r in REGIONS
    for name in (r.ru, r.en, r.key.replace("_", " "), *r.aliases)
]


def find_region(text: str) -> Region | None:
    """The one region this text names, in Russian or English, or None if none or several."""
    typed = re.sub(r"^\s*(в|во|in)\s+", "", text.strip(), flags=re.IGNORECASE)
    every, specific = _words(typed, generic=True), _words(typed)
    if not specific:
        return None
    # Word for word first, generic words included: "Moscow" is the city, not "Moscow Oblast".
    found = {key for key, words, _ in _NAMES if words == every}
    if not found:
        found = {key for key, _, wanted in _NAMES if _matches(specific, wanted)}
    if found:
        return REGION_BY_KEY[found.pop()] if len(found) == 1 else None
    return None

"""The assessment as plain text, in Russian or English, for people rather than programs.

Plain Python like the engine (`objector assess --text` runs without Django), so the counts use
their own plural rule here rather than gettext's `ngettext`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .rules import PARTS, basis_text
from .texts import LAWYER_WILL_CHECK, guidance_text, label

_WORDS = {
    "title": {"ru": "Оценка на {date}", "en": "Assessment as of {date}"},
    "urgency": {"ru": "Срочность: {value}", "en": "Urgency: {value}"},
    "categories": {"ru": "Ситуация: {value}", "en": "Situation: {value}"},
    "no_categories": {"ru": "общий вопрос", "en": "general question"},
    "absence_ongoing": {
        "ru": "Отсутствие в части: с {start}, продолжается, {days} — {band} ({regime})",
        "en": "Absence from the unit: since {start}, ongoing, {days} — {band} ({regime})",
    },
    "absence_closed": {
        "ru": "Отсутствие в части: с {start} по {end}, {days} — {band} ({regime})",
        "en": "Absence from the unit: {start} to {end}, {days} — {band} ({regime})",
    },
    "exposure": {
        "ru": "Возможная уголовная ответственность:",
        "en": "Possible criminal liability:",
    },
    "no_exposure": {
        "ru": "Уголовная ответственность по этим фактам не видна.",
        "en": "These facts show no criminal liability.",
    },
    "no_prison": {"ru": "без лишения свободы", "en": "no prison term"},
    "prison_max": {"ru": "лишение свободы до {max}", "en": "prison up to {max}"},
    "prison_range": {
        "ru": "лишение свободы от {min} до {max}",
        "en": "prison from {min} to {max}",
    },
    "gravity": {"ru": "категория: {value}", "en": "{value} crime"},
    "limitation": {"ru": "срок давности {years}", "en": "limitation {years}"},
    "limitation_from": {"ru": "с {date}", "en": "from {date}"},
    "exemption": {
        "ru": "возможно освобождение от ответственности по примечанию к статье",
        "en": "the article's note may exempt a first-time offender",
    },
    "thresholds": {"ru": "Когда риск вырастет:", "en": "When the risk rises:"},
    "to_part": {"ru": "ведёт к {basis}: {penalty}", "en": "leads to {basis}: {penalty}"},
    "no_part": {"ru": "уголовной статьи нет", "en": "no criminal article"},
    "deadlines": {"ru": "Сроки:", "en": "Deadlines:"},
    "days_left": {"ru": "осталось {n}", "en": "{n} left"},
    "expired": {"ru": "срок прошёл {n} назад", "en": "passed {n} ago"},
    "check": {"ru": "требует проверки юристом", "en": "a lawyer must check this"},
    "guidance": {"ru": "Что важно знать:", "en": "What to know:"},
}


def _w(key: str, lang: str, **values: Any) -> str:
    return _WORDS[key][lang].format(**values)


def _date(value: str, lang: str) -> str:
    return date.fromisoformat(value).strftime("%d.%m.%Y") if lang == "ru" else value


_UNITS = {
    # Russian: one, few, many (1 год, 2 года, 5 лет); English: one, other.
    "year": {"ru": ("год", "года", "лет"), "en": ("year", "years")},
    "day": {"ru": ("день", "дня", "дней"), "en": ("day", "days")},
}


def count(n: float, unit: str, lang: str) -> str:
    """`n` with its unit in the right plural form: 1 год, 2 года, 5 лет, 21 день."""
    forms = _UNITS[unit][lang]
    if lang == "en":
        return f"{n:g} {forms[0] if n == 1 else forms[1]}"
    if n != int(n):
        return f"{n:g} {forms[1]}"  # fractions take the genitive singular: 1,5 года
    k = int(n)
    if k % 10 == 1 and k % 100 != 11:
        form = forms[0]
    elif 2 <= k % 10 <= 4 and not 12 <= k % 100 <= 14:
        form = forms[1]
    else:
        form = forms[2]
    return f"{k} {form}"


def _years(value: float, lang: str) -> str:
    return count(value, "year", lang)


def penalty(entry: dict[str, Any] | Any, lang: str) -> str:
    """The prison term an exposure entry (or a rules.Part) allows, in words."""
    if not isinstance(entry, dict):
        entry = {
            "prison_max_years": entry.prison_max_years,
            "prison_min_years": entry.prison_min_years,
        }
    return _prison(entry, lang)


def _prison(entry: dict[str, Any], lang: str) -> str:
    top, bottom = entry["prison_max_years"], entry["prison_min_years"]
    if top is None:
        return _w("no_prison", lang)
    if bottom is None:
        return _w("prison_max", lang, max=_years(top, lang))
    # "от 2 до 3 лет": the unit follows the upper bound only.
    return _w("prison_range", lang, min=f"{bottom:g}", max=_years(top, lang))


def category_label(key: str, result: dict[str, Any], lang: str) -> str:
    """A §10 category's label; `plans_to_leave` beside an absence means he will not go back."""
    if key == "plans_to_leave" and "awol" in result["categories"]:
        return {"ru": "не собирается возвращаться", "en": "does not mean to return"}[lang]
    return label(key, lang)


def render_text(result: dict[str, Any], lang: str = "ru") -> str:
    lines = [_w("title", lang, date=_date(result["as_of"], lang))]
    lines.append(_w("urgency", lang, value=label(result["urgency"], lang)))
    cats = ", ".join(category_label(c, result, lang) for c in result["categories"])
    cats = cats or _w("no_categories", lang)
    lines.append(_w("categories", lang, value=cats))

    absence = result["absence"]
    if absence:
        key = "absence_ongoing" if absence["ongoing"] else "absence_closed"
        lines += [
            "",
            _w(
                key,
                lang,
                start=_date(absence["start"], lang),
                end=_date(absence["end"], lang) if absence["end"] else "",
                days=count(absence["days"], "day", lang),
                band=label(absence["band"], lang),
                regime=label(absence["regime"], lang),
            ),
        ]

    lines.append("")
    if result["exposure"]:
        lines.append(_w("exposure", lang))
        for e in result["exposure"]:
            limitation = _w("limitation", lang, years=_years(e["limitation_years"], lang))
            if e["limitation_starts"]:
                limitation += " " + _w(
                    "limitation_from", lang, date=_date(e["limitation_starts"], lang)
                )
            parts = [
                _prison(e, lang),
                _w("gravity", lang, value=label(e["gravity"], lang)),
                limitation,
            ]
            basis = basis_text(e["basis"], lang)
            lines.append(f"- {basis} ({label(e['certainty'], lang)}): " + "; ".join(parts))
            if e["exemption_note_applies"]:
                lines.append("  " + _w("exemption", lang))
    else:
        lines.append(_w("no_exposure", lang))

    if result["thresholds"]:
        lines += ["", _w("thresholds", lang)]
        for t in result["thresholds"]:
            if t["to_part"]:
                part = PARTS["337", t["to_part"]]
                basis = basis_text(t["basis"], lang)
                where = _w("to_part", lang, basis=basis, penalty=penalty(part, lang))
            else:
                where = _w("no_part", lang)
            lines.append(f"- {_date(t['date'], lang)}: {label(t['band'], lang)} — {where}")

    if result["deadlines"]:
        lines += ["", _w("deadlines", lang)]
        for d in result["deadlines"]:
            n = d["days_left"]
            if d["expired"]:
                left = _w("expired", lang, n=count(-n, "day", lang))
            else:
                left = _w("days_left", lang, n=count(n, "day", lang))
            basis = basis_text(d["basis"], lang)
            line = f"- {_date(d['due'], lang)} ({left}): {label(d['kind'], lang)} — {basis}"
            if d["uncertain"]:
                line += f" [{_w('check', lang)}]"
            lines.append(line)

    if result["guidance"]:
        lines += ["", _w("guidance", lang)]
        lines += [f"- {guidance_text(k, lang, result)}" for k in result["guidance"]]

    lines += ["", LAWYER_WILL_CHECK[lang]]
    return "\n".join(lines) + "\n"

"""The assessment as plain text, in Russian or English, for people rather than programs."""

from __future__ import annotations

from datetime import date
from typing import Any

from .texts import LAWYER_WILL_CHECK, guidance_text, label

_WORDS = {
    "title": {"ru": "Оценка на {date}", "en": "Assessment as of {date}"},
    "urgency": {"ru": "Срочность: {value}", "en": "Urgency: {value}"},
    "categories": {"ru": "Ситуация: {value}", "en": "Situation: {value}"},
    "no_categories": {"ru": "общий вопрос", "en": "general question"},
    "absence_ongoing": {
        "ru": "Отсутствие в части: с {start}, продолжается, {days} дн. — {band} ({regime})",
        "en": "Absence from the unit: since {start}, ongoing, {days} days — {band} ({regime})",
    },
    "absence_closed": {
        "ru": "Отсутствие в части: с {start} по {end}, {days} дн. — {band} ({regime})",
        "en": "Absence from the unit: {start} to {end}, {days} days — {band} ({regime})",
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
    "prison_max": {"ru": "лишение свободы до {max} лет", "en": "prison up to {max} years"},
    "prison_range": {
        "ru": "лишение свободы от {min} до {max} лет",
        "en": "prison from {min} to {max} years",
    },
    "gravity": {"ru": "категория: {value}", "en": "{value} crime"},
    "limitation": {"ru": "срок давности {years} лет", "en": "limitation {years} years"},
    "limitation_from": {"ru": "с {date}", "en": "from {date}"},
    "exemption": {
        "ru": "возможно освобождение от ответственности по примечанию к статье",
        "en": "the article's note may exempt a first-time offender",
    },
    "thresholds": {"ru": "Когда риск вырастет:", "en": "When the risk rises:"},
    "to_part": {"ru": "ведёт к {basis}", "en": "leads to {basis}"},
    "no_part": {"ru": "уголовной статьи нет", "en": "no criminal article"},
    "deadlines": {"ru": "Сроки:", "en": "Deadlines:"},
    "days_left": {"ru": "осталось {n} дн.", "en": "{n} days left"},
    "expired": {"ru": "срок прошёл {n} дн. назад", "en": "passed {n} days ago"},
    "check": {"ru": "требует проверки юристом", "en": "a lawyer must check this"},
    "guidance": {"ru": "Что важно знать:", "en": "What to know:"},
}


def _w(key: str, lang: str, **values: Any) -> str:
    return _WORDS[key][lang].format(**values)


def _date(value: str, lang: str) -> str:
    return date.fromisoformat(value).strftime("%d.%m.%Y") if lang == "ru" else value


def _years(value: float) -> str:
    return f"{value:g}"


def _prison(entry: dict[str, Any], lang: str) -> str:
    top, bottom = entry["prison_max_years"], entry["prison_min_years"]
    if top is None:
        return _w("no_prison", lang)
    if bottom is None:
        return _w("prison_max", lang, max=_years(top))
    return _w("prison_range", lang, min=_years(bottom), max=_years(top))


def render_text(result: dict[str, Any], lang: str = "ru") -> str:
    lines = [_w("title", lang, date=_date(result["as_of"], lang))]
    lines.append(_w("urgency", lang, value=label(result["urgency"], lang)))
    cats = ", ".join(label(c, lang) for c in result["categories"]) or _w("no_categories", lang)
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
                days=absence["days"],
                band=label(absence["band"], lang),
                regime=label(absence["regime"], lang),
            ),
        ]

    lines.append("")
    if result["exposure"]:
        lines.append(_w("exposure", lang))
        for e in result["exposure"]:
            limitation = _w("limitation", lang, years=e["limitation_years"])
            if e["limitation_starts"]:
                limitation += " " + _w(
                    "limitation_from", lang, date=_date(e["limitation_starts"], lang)
                )
            parts = [
                _prison(e, lang),
                _w("gravity", lang, value=label(e["gravity"], lang)),
                limitation,
            ]
            lines.append(f"- {e['basis']} ({label(e['certainty'], lang)}): " + "; ".join(parts))
            if e["exemption_note_applies"]:
                lines.append("  " + _w("exemption", lang))
    else:
        lines.append(_w("no_exposure", lang))

    if result["thresholds"]:
        lines += ["", _w("thresholds", lang)]
        for t in result["thresholds"]:
            where = _w("to_part", lang, basis=t["basis"]) if t["to_part"] else _w("no_part", lang)
            lines.append(f"- {_date(t['date'], lang)}: {label(t['band'], lang)} — {where}")

    if result["deadlines"]:
        lines += ["", _w("deadlines", lang)]
        for d in result["deadlines"]:
            n = d["days_left"]
            left = _w("expired", lang, n=-n) if d["expired"] else _w("days_left", lang, n=n)
            line = f"- {_date(d['due'], lang)} ({left}): {label(d['kind'], lang)} — {d['basis']}"
            if d["uncertain"]:
                line += f" [{_w('check', lang)}]"
            lines.append(line)

    if result["guidance"]:
        lines += ["", _w("guidance", lang)]
        lines += [f"- {guidance_text(k, lang)}" for k in result["guidance"]]

    lines += ["", LAWYER_WILL_CHECK[lang]]
    return "\n".join(lines) + "\n"

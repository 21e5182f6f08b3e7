"""What changed between two assessments, for the case page when an event is added."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .texts import label

_CHANGE = {
    "urgency": {"ru": "Срочность", "en": "Urgency"},
    "band": {"ru": "Срок отсутствия", "en": "Length of absence"},
    "categories": {"ru": "Ситуация", "en": "Situation"},
    "exposure": {"ru": "Статьи", "en": "Articles"},
    "deadlines": {"ru": "Сроки", "en": "Deadlines"},
}


def _exposure(result: dict[str, Any]) -> list[str]:
    return [f"{e['article']}" + (f".{e['part']}" if e["part"] else "") for e in result["exposure"]]


def _deadlines(result: dict[str, Any]) -> list[str]:
    return [f"{d['kind']} {d['due']}" for d in result["deadlines"]]


def _band(result: dict[str, Any]) -> str:
    absence = result.get("absence")
    return str(absence["band"]) if absence else ""


_READ: dict[str, Callable[[dict[str, Any]], Any]] = {
    "urgency": lambda r: str(r["urgency"]),
    "band": _band,
    "categories": lambda r: list(r["categories"]),
    "exposure": _exposure,
    "deadlines": _deadlines,
}


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Each part of the assessment that differs: {"what", "before", "after"}. For lists,
    `before` holds what was removed and `after` what was added."""
    found = []
    for what, read in _READ.items():
        old, new = read(before), read(after)
        if isinstance(old, list):
            removed = [x for x in old if x not in new]
            added = [x for x in new if x not in old]
            if removed or added:
                found.append({"what": what, "before": removed, "after": added})
        elif old != new:
            found.append({"what": what, "before": old, "after": new})
    return found


def describe(change: dict[str, Any], lang: str) -> str:
    """One change as a line a lawyer reads: "Urgency: normal → critical"."""

    def shown(value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(label(v, lang) for v in value) or "—"
        return label(value, lang) if value else "—"

    what = _CHANGE[change["what"]][lang]
    if isinstance(change["before"], list):
        minus = "убрано" if lang == "ru" else "removed"
        plus = "добавлено" if lang == "ru" else "added"
        parts = []
        if change["before"]:
            parts.append(f"{minus}: {shown(change['before'])}")
        if change["after"]:
            parts.append(f"{plus}: {shown(change['after'])}")
        return f"{what}: " + "; ".join(parts)
    return f"{what}: {shown(change['before'])} → {shown(change['after'])}"

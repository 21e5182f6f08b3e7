"""The facts the engine takes (REFERENCE.md §12), parsed and validated.

Validation is written by hand rather than with pydantic: §14 fixes the exact error field names
(`type`, `date`, `personnel`, `as_of`), and the parse runs on every assessment, where a few
microseconds matter at 20,000 assessments a second.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, NamedTuple

from objector.errors import BilingualError

PERSONNEL = (
    "conscript",
    "contract",
    "mobilized",
    "volunteer",
    "reservist_training",
    "rosgvardia_serviceman",
    "rosgvardia_employee",
    "police",
    "civilian",
)

EVENT_TYPES = (
    "left_unit",
    "returned",
    "detained",
    "refused_order",
    "deployment_ordered",
    "dismissed",
    "court_decision",
    "complaint_filed",
    "criminal_case_opened",
    "detained_by_unit",
    "listed_as_awol",
    "discharge_requested",
    "contract_expired",
    "pressure_to_sign",
    "call_up_expected",
    "summons_received",
    "surrendered",
    "captured",
    "plans_to_leave",
)

ROLES = ("self", "relative", "lawyer")

FLAG_NAMES = (
    "intends_to_return",
    "abroad",
    "with_weapon",
    "in_group",
    "prior_conviction",
    "in_hospital",
)

# JSON objects arrive as dicts; checking `dict` rather than the Mapping ABC halves parse time.
_TOP_KEYS = frozenset(("as_of", "role", "personnel", "events", "flags"))
# `note` lets callers keep a free-text remark beside an event; the engine ignores it.
_EVENT_KEYS = frozenset(("type", "date", "combat", "note"))
_EVENT_TYPE_SET = frozenset(EVENT_TYPES)
_FLAG_SET = frozenset(FLAG_NAMES)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")

MAX_EVENTS = 200
# Facts are about living people and current law: a year outside this range is a typing error, and
# far-off years would overflow the engine's month arithmetic (year 9999 + 1 month).
MIN_YEAR, MAX_YEAR = 1950, 2100


class FactsError(BilingualError):
    """Invalid facts. `field` is the §14 error field; messages exist in English and Russian."""

    def as_dict(self) -> dict[str, str]:
        return {"error": self.field, "message": self.message, "message_ru": self.message_ru}


# NamedTuples rather than frozen dataclasses: they are built on every assessment, and a frozen
# dataclass's __init__ costs several times more.
class Event(NamedTuple):
    type: str
    date: date
    combat: bool | None = None


class Flags(NamedTuple):
    intends_to_return: bool | None = None
    abroad: bool = False
    with_weapon: bool = False
    in_group: bool = False
    prior_conviction: bool = False
    in_hospital: bool = False


class Facts(NamedTuple):
    as_of: date
    role: str | None
    personnel: str | None
    events: tuple[Event, ...]
    flags: Flags


def _shown(value: object) -> str:
    """A bad value as an error message quotes it: short, whatever was sent."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_date(value: object, *, field: str, where: str) -> date:
    """Parse a strict ISO `YYYY-MM-DD` date; `where` names the value in the error message."""
    # fromisoformat also takes week dates ("2022-W08-4"); the dashes pin the form to YYYY-MM-DD.
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if MIN_YEAR <= parsed.year <= MAX_YEAR:
                return parsed
            raise FactsError(
                field,
                f"{where}: {value}: the year must be between {MIN_YEAR} and {MAX_YEAR}",
                f"{where}: {value}: год должен быть от {MIN_YEAR} до {MAX_YEAR}",
            )
    # The slow path tells an unreadable value from a date that is not in the calendar.
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise FactsError(
            field,
            f"{where}: {_shown(value)} is not a date in the form YYYY-MM-DD",
            f"{where}: {_shown(value)} — это не дата в виде ГГГГ-ММ-ДД",
        )
    raise FactsError(
        field,
        f"{where}: {value} does not exist in the calendar",
        f"{where}: даты {value} нет в календаре",
    )


def _parse_event(raw: object, index: int) -> Event:
    where = f"events[{index}]"
    if not isinstance(raw, dict):
        raise FactsError("events", f"{where} must be an object", f"{where} должно быть объектом")
    if not raw.keys() <= _EVENT_KEYS:
        # Reported as `events`, never under the stray key's own name, which could collide with
        # the §14 error fields.
        name = sorted(map(str, raw.keys() - _EVENT_KEYS))[0]
        raise FactsError(
            "events", f"{where}.{name} is not a known field", f"{where}.{name}: такого поля нет"
        )
    kind = raw.get("type")
    # A list or an object is unhashable: test the type before the set look-up.
    if not isinstance(kind, str) or kind not in _EVENT_TYPE_SET:
        raise FactsError(
            "type",
            f"{where}.type: {_shown(kind)} is not a known event type",
            f"{where}.type: {_shown(kind)} — неизвестный тип события",
        )
    if "date" not in raw:
        raise FactsError("date", f"{where}.date is missing", f"{where}.date: дата не указана")
    when = parse_date(raw["date"], field="date", where=f"{where}.date")
    combat = raw.get("combat")
    if combat is not None and not isinstance(combat, bool):
        raise FactsError(
            "combat",
            f"{where}.combat must be true, false or null",
            f"{where}.combat: должно быть true, false или null",
        )
    return Event(kind, when, combat)


def _parse_flags(raw: object) -> Flags:
    if raw is None:
        return Flags()
    if not isinstance(raw, dict):
        raise FactsError("flags", "flags must be an object", "flags: должно быть объектом")
    for name, value in raw.items():
        if name not in _FLAG_SET:
            raise FactsError(
                "flags", f"flags.{name} is not a known flag", f"flags.{name}: такого флага нет"
            )
        if value is not None and value is not True and value is not False:
            raise FactsError(
                "flags",
                f"flags.{name} must be true, false or null",
                f"flags.{name}: должно быть true, false или null",
            )
    get = raw.get
    # Only `intends_to_return` keeps null as "unknown" (§14); the other flags read null as false.
    return Flags(
        intends_to_return=get("intends_to_return"),
        abroad=get("abroad") is True,
        with_weapon=get("with_weapon") is True,
        in_group=get("in_group") is True,
        prior_conviction=get("prior_conviction") is True,
        in_hospital=get("in_hospital") is True,
    )


def parse_facts(raw: object, *, today: date | None = None) -> Facts:
    """Validate §12 facts. Raises FactsError naming the offending field; never a partial answer."""
    if not isinstance(raw, dict):
        raise FactsError("facts", "facts must be a JSON object", "факты должны быть объектом JSON")
    if not raw.keys() <= _TOP_KEYS:
        # Reported as `facts`: a stray "date" or "type" key must not pass for a §14 error field.
        name = sorted(map(str, raw.keys() - _TOP_KEYS))[0]
        raise FactsError("facts", f"{name} is not a known field", f"{name}: такого поля нет")

    as_of_raw = raw.get("as_of")
    if as_of_raw is None:
        as_of = today or date.today()
    else:
        as_of = parse_date(as_of_raw, field="as_of", where="as_of")

    role = _one_of(raw.get("role"), ROLES, "role")
    personnel = _one_of(raw.get("personnel"), PERSONNEL, "personnel")

    events_raw = raw.get("events")
    if events_raw is None:
        events_raw = []
    if not isinstance(events_raw, list):
        raise FactsError("events", "events must be a list", "events: должно быть списком")
    if len(events_raw) > MAX_EVENTS:
        raise FactsError(
            "events",
            f"events: at most {MAX_EVENTS} events are accepted",
            f"events: допускается не больше {MAX_EVENTS} событий",
        )
    events = tuple(_parse_event(item, i) for i, item in enumerate(events_raw))
    _check_absence_dates(events)

    return Facts(
        as_of=as_of,
        role=role,
        personnel=personnel,
        events=events,
        flags=_parse_flags(raw.get("flags")),
    )


def _one_of(value: Any, allowed: tuple[str, ...], field: str) -> Any:
    """`value` if it is None or in `allowed`; otherwise an error naming `field`."""
    if value is None or (isinstance(value, str) and value in allowed):
        return value
    choices = ", ".join(allowed)
    raise FactsError(
        field,
        f"{field}: {_shown(value)} is not one of {choices}",
        f"{field}: {_shown(value)} — допустимо одно из: {choices}",
    )


def _check_absence_dates(events: tuple[Event, ...]) -> None:
    """§14: a `returned` or `detained` event before the earliest `left_unit` is impossible."""
    left = [e.date for e in events if e.type == "left_unit"]
    if not left:
        return
    first = min(left)
    for i, event in enumerate(events):
        if event.type in ("returned", "detained") and event.date < first:
            raise FactsError(
                "date",
                f"events[{i}].date: {event.type} on {event.date} is before the person left"
                f" the unit on {first}",
                f"events[{i}].date: событие {event.type} {event.date} раньше ухода из части"
                f" {first}",
            )

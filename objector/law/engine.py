"""The assessment: REFERENCE.md §3–§11 and §14 applied to parsed facts, giving the §13 output.

Guidance keys are added section by section, in the reference's order: §3 (intent_matters),
§4 (desertion_risk), §5 (dismissal_route, unlawful_order_defence), §6 (treason_risk),
§2 (not_military_crime), §8 (restore_missed_deadline), §9 (alternative_service_closed), and last
`personnel_unknown`, which this engine adds when the facts do not say who the person is.
"""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import Any, NamedTuple

from . import rules
from .facts import Event, Facts, FactsError, Flags
from .rules import MOBILIZATION_LAW, PARTS, Part

_BY_DATE = attrgetter("date")


class Absence(NamedTuple):
    start: date
    end: date | None  # None while ongoing
    days: int
    band: str
    regime: str

    @property
    def ongoing(self) -> bool:
        return self.end is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "ongoing": self.end is None,
            "days": self.days,
            "band": self.band,
            "regime": self.regime,
        }


def measure_absence(events: tuple[Event, ...], as_of: date) -> Absence | None:
    """§3 and §14: the latest `left_unit` opens the measured absence; the first `returned` or
    `detained` on or after that day closes it. Earlier absences are not measured."""
    starts = [e.date for e in events if e.type == "left_unit"]
    if not starts:
        return None
    start = max(starts)
    ends = [e.date for e in events if e.type in ("returned", "detained") and e.date >= start]
    end = min(ends) if ends else None
    measured_to = as_of if end is None else end
    if measured_to < start:
        raise FactsError(
            "as_of",
            f"as_of: {as_of} is before the absence began on {start}",
            f"as_of: {as_of} раньше начала отсутствия {start}",
        )
    return Absence(
        start=start,
        end=end,
        days=(measured_to - start).days,
        band=rules.band_of(start, measured_to),
        regime=rules.regime(start),
    )


class _Exposure:
    """Exposure entries without repeats, in the §14 order: article, part, then limitation_starts."""

    __slots__ = ("entries", "flags")

    def __init__(self, flags: Flags) -> None:
        self.flags = flags
        self.entries: dict[tuple[Any, ...], dict[str, Any]] = {}

    def add(self, part: Part, certainty: str, limitation_starts: date | None) -> None:
        starts = None if limitation_starts is None else limitation_starts.isoformat()
        key = (*part.order, starts is not None, starts or "", certainty)
        self.entries[key] = {
            "article": part.article,
            "part": part.part,
            "certainty": certainty,
            "prison_min_years": part.prison_min_years,
            "prison_max_years": part.prison_max_years,
            "gravity": part.gravity,
            "limitation_years": part.limitation_years,
            "limitation_starts": starts,
            # §14: true for 337(1), 337(3), 337(4) and 338(1), unless there is a prior conviction.
            "exemption_note_applies": part.exemption_note and not self.flags.prior_conviction,
            "uncertain": False,
            "basis": part.basis,
        }

    def ordered(self) -> list[dict[str, Any]]:
        return [self.entries[k] for k in sorted(self.entries)]


def _deadline(rule: rules.DeadlineRule, when: date, as_of: date) -> dict[str, Any]:
    due = rule.due(when)
    days_left = (due - as_of).days
    return {
        "kind": rule.kind,
        "due": due.isoformat(),
        "expired": days_left < 0,
        "days_left": days_left,
        "uncertain": rule.uncertain,
        "basis": rule.basis,
    }


class _Keys:
    """Guidance keys in the order first added (§14), without repeats."""

    __slots__ = ("keys",)

    def __init__(self) -> None:
        self.keys: list[str] = []

    def add(self, key: str) -> None:
        if key not in self.keys:
            self.keys.append(key)


def assess_facts(facts: Facts) -> dict[str, Any]:
    """Assess validated facts. Raises FactsError for an `as_of` before an ongoing absence."""
    as_of, personnel, flags = facts.as_of, facts.personnel, facts.flags
    events = tuple(sorted(facts.events, key=_BY_DATE))  # stable: same-day order is kept
    types = {e.type for e in events}
    guidance = _Keys()
    exposure = _Exposure(flags)
    thresholds: list[dict[str, Any]] = []
    rises: list[date] = []  # the threshold dates, for §11
    uncovered_act = False

    # §3, §4: absence without leave and desertion
    absence = measure_absence(events, as_of)
    if absence is not None:
        covered = rules.covered(personnel, absence.start)
        uncovered_act = any(
            e.type == "left_unit" and not rules.covered(personnel, e.date) for e in events
        )
        if covered:
            part = rules.absence_part(absence.band, absence.regime, personnel)
            if part is not None:
                exposure.add(PARTS["337", part], "applies", absence.end)
        if absence.ongoing:
            for when, band in rules.thresholds_of(absence.start):
                if when > as_of:
                    rises.append(when)
                    # A person chapter 33 does not cover is exposed to no part on any date (§2).
                    to_part = (
                        rules.absence_part(band, absence.regime, personnel) if covered else None
                    )
                    thresholds.append(
                        {
                            "date": when.isoformat(),
                            "band": band,
                            "to_part": to_part,
                            "basis": "УК РФ ст. 337"
                            + ("" if to_part is None else f" ч. {to_part}"),
                        }
                    )
            guidance.add("intent_matters")
        if covered and (flags.intends_to_return is False or flags.abroad):
            if absence.regime == "mobilization":
                part = "3"
            else:
                part = "2" if flags.with_weapon or flags.in_group else "1"
            exposure.add(PARTS["338", part], "possible", absence.end)
            guidance.add("desertion_risk")

    # §5: refusing orders
    for e in events:
        if e.type != "refused_order":
            continue
        if e.date < MOBILIZATION_LAW:
            guidance.add("dismissal_route")
        guidance.add("unlawful_order_defence")
        if not rules.covered(personnel, e.date):
            uncovered_act = True
        elif e.date >= MOBILIZATION_LAW:
            certainty = "applies" if e.combat else "possible"
            exposure.add(PARTS["332", "2.1"], certainty, e.date)
        else:
            exposure.add(PARTS["332", "1"], "possible", e.date)

    # §6: voluntary surrender; art. 352.1 did not exist before 2022-09-24
    for e in events:
        if e.type != "surrendered":
            continue
        if e.date >= MOBILIZATION_LAW and rules.covered(personnel, e.date):
            exposure.add(PARTS["352.1", None], "applies", e.date)
        else:
            uncovered_act = True
        guidance.add("treason_risk")

    # §2, §14
    if uncovered_act:
        guidance.add("not_military_crime")

    deadlines, alternative_closed = _deadlines(events, as_of, personnel)
    if any(d["expired"] for d in deadlines):
        guidance.add("restore_missed_deadline")
    if alternative_closed:
        guidance.add("alternative_service_closed")
    if personnel is None and events:
        guidance.add("personnel_unknown")

    categories = _categories(types, events, personnel, flags)
    return {
        "as_of": as_of.isoformat(),
        "role": facts.role,
        "categories": categories,
        "absence": None if absence is None else absence.as_dict(),
        "exposure": exposure.ordered(),
        "thresholds": thresholds,
        "deadlines": deadlines,
        "urgency": _urgency(categories, absence, rises, deadlines, events, as_of),
        "guidance": guidance.keys,
    }


def _deadlines(
    events: tuple[Event, ...], as_of: date, personnel: str | None
) -> tuple[list[dict[str, Any]], bool]:
    """§8 and §9. Returns the deadlines, ordered by due date then kind, and whether alternative
    civil service was asked about by someone to whom it is closed."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    alternative_closed = False
    for e in events:
        rule: rules.DeadlineRule | None = None
        if e.type == "dismissed":
            if personnel is None or personnel in rules.MILITARY_DISMISSAL:
                rule = rules.DISMISSAL_MILITARY
            elif personnel in rules.POLICE_DISMISSAL:
                rule = rules.DISMISSAL_POLICE
        elif e.type == "court_decision":
            rule = rules.COURT_DECISION
        elif e.type == "complaint_filed":
            rule = rules.PROSECUTOR_ANSWER
        elif e.type == "call_up_expected":
            if personnel in (None, "civilian"):
                rule = rules.ALTERNATIVE_SERVICE
            else:
                alternative_closed = True
        if rule is not None:
            deadline = _deadline(rule, e.date, as_of)
            found[deadline["due"], deadline["kind"]] = deadline
    ordered = [found[k] for k in sorted(found)]
    return ordered, alternative_closed


CATEGORIES = (  # §10, in the table's order
    "awol",
    "plans_to_leave",
    "refusal_in_unit",
    "dismissed",
    "criminal_case",
    "detention_abuse",
    "wrongly_listed",
    "wants_discharge",
    "pressure_to_sign",
    "alternative_service",
    "mobilization_summons",
    "captivity",
)


def _categories(
    types: set[str], events: tuple[Event, ...], personnel: str | None, flags: Flags
) -> list[str]:
    """§10, in the table's order, with the §14 readings."""
    left = "left_unit" in types
    out = []
    if left:
        out.append("awol")
    if "plans_to_leave" in types or flags.intends_to_return is False:
        out.append("plans_to_leave")
    if not left and ("refused_order" in types or "deployment_ordered" in types):
        out.append("refusal_in_unit")
    if "dismissed" in types:
        out.append("dismissed")
    if "criminal_case_opened" in types:
        out.append("criminal_case")
    if "detained_by_unit" in types:
        out.append("detention_abuse")
    if "listed_as_awol" in types and (flags.in_hospital or not left):
        out.append("wrongly_listed")
    if "discharge_requested" in types or "contract_expired" in types:
        out.append("wants_discharge")
    if "pressure_to_sign" in types and personnel == "conscript":
        out.append("pressure_to_sign")
    if "call_up_expected" in types and personnel in (None, "civilian"):
        out.append("alternative_service")
    if "summons_received" in types and personnel in ("civilian", "reservist_training"):
        out.append("mobilization_summons")
    if "surrendered" in types or "captured" in types:
        out.append("captivity")
    return out


def _urgency(
    categories: list[str],
    absence: Absence | None,
    rises: list[date],
    deadlines: list[dict[str, Any]],
    events: tuple[Event, ...],
    as_of: date,
) -> str:
    """§11 with the §14 readings: the first rule that matches."""
    open_days = [d["days_left"] for d in deadlines if not d["expired"]]
    ongoing = absence is not None and absence.ongoing
    if "detention_abuse" in categories:
        return "critical"
    # Thresholds exist only while an absence is ongoing.
    if any(1 <= (when - as_of).days <= 3 for when in rises):
        return "critical"
    if any(d <= 3 for d in open_days):
        return "critical"
    mobilization_refusal = "refusal_in_unit" in categories and any(
        e.type in ("refused_order", "deployment_ordered") and e.date >= MOBILIZATION_LAW
        for e in events
    )
    if ongoing or mobilization_refusal or "criminal_case" in categories:
        return "high"
    if any(d <= 14 for d in open_days):
        return "high"
    if categories or deadlines:
        return "normal"
    return "low"

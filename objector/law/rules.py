"""The fixed legal data of REFERENCE.md: key dates, who is covered, the parts and penalties.

Gravity and limitation are derived from the maximum prison term (art. 15, art. 78; §7) rather than
typed in beside each part, so the table cannot contradict itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

# §1
MOBILIZATION_LAW = date(2022, 9, 24)  # 365-FZ in force: the mobilization regime starts
VOLUNTEER_LAW = date(2024, 12, 28)  # 507-FZ: volunteers become subject to chapter 33

ONE_DAY = timedelta(days=1)

# §2
ALWAYS_COVERED = frozenset(("conscript", "contract", "mobilized", "rosgvardia_serviceman"))
NEVER_COVERED = frozenset(("police", "rosgvardia_employee", "civilian"))
# §8: who appeals a dismissal in the garrison military court (КАС РФ), and who in a civilian court.
MILITARY_DISMISSAL = frozenset(
    (
        "conscript",
        "contract",
        "mobilized",
        "rosgvardia_serviceman",
        "reservist_training",
        "volunteer",
    )
)
POLICE_DISMISSAL = frozenset(("police", "rosgvardia_employee"))


def covered(personnel: str | None, when: date) -> bool:
    """§2: is an act on `when` by this person subject to chapter 33 (arts. 331–352.1)?

    Unknown personnel is treated as covered: the engine warns about the worst case and adds
    guidance `personnel_unknown` so that a lawyer confirms it.
    """
    if personnel is None or personnel in ALWAYS_COVERED:
        return True
    if personnel == "reservist_training":
        return when >= MOBILIZATION_LAW
    if personnel == "volunteer":
        return when >= VOLUNTEER_LAW
    return False


def regime(when: date) -> str:
    """§1: the regime of an act follows its (start) date."""
    return "mobilization" if when >= MOBILIZATION_LAW else "peacetime"


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    # calendar.monthrange also computes a weekday; this is the hot path of every assessment.
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(d: date, months: int) -> date:
    """Same day of the month, clamped to the month's last day (§3): 31 Jan + 1 month = 28/29 Feb."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, _days_in_month(year, month)))


def gravity(prison_max_years: float | None) -> str:
    """Art. 15 (§7), by the highest penalty that the part allows."""
    if prison_max_years is None or prison_max_years <= 3:
        return "minor"
    if prison_max_years <= 5:
        return "medium"
    if prison_max_years <= 10:
        return "grave"
    return "especially_grave"


LIMITATION_YEARS = {"minor": 2, "medium": 6, "grave": 10, "especially_grave": 15}  # art. 78


def _number_key(value: str | None) -> tuple[int, ...]:
    return () if value is None else tuple(int(x) for x in value.split("."))


@dataclass(frozen=True, slots=True)
class Part:
    article: str
    part: str | None
    prison_min_years: float | None
    prison_max_years: float | None
    exemption_note: bool  # the article's note can exempt a first-time offender (§3, §4, §14)
    # Sort key by article, then part, numerically (§13: 332 < 337 < 338 < 352.1; 2 < 2.1 < 3).
    order: tuple[tuple[int, ...], tuple[int, ...]] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "order", (_number_key(self.article), _number_key(self.part)))

    @property
    def gravity(self) -> str:
        return gravity(self.prison_max_years)

    @property
    def limitation_years(self) -> int:
        return LIMITATION_YEARS[self.gravity]

    @property
    def basis(self) -> str:
        if self.part is None:
            return f"УК РФ ст. {self.article}"
        return f"УК РФ ст. {self.article} ч. {self.part}"

    @property
    def basis_en(self) -> str:
        """The same citation as the English texts write it: "art. 337(5) of the Criminal Code"."""
        if self.part is None:
            return f"art. {self.article} of the Criminal Code"
        return f"art. {self.article}({self.part}) of the Criminal Code"


def _table(*parts: Part) -> dict[tuple[str, str | None], Part]:
    return {(p.article, p.part): p for p in parts}


PARTS = _table(
    # §3, art. 337: absence without leave
    Part("337", "1", None, None, True),  # arrest or disciplinary unit; no prison
    Part("337", "2.1", None, 5, False),
    Part("337", "3", None, 3, True),
    Part("337", "3.1", None, 7, False),
    Part("337", "4", None, 5, True),
    Part("337", "5", 5, 10, False),
    # §4, art. 338: desertion
    Part("338", "1", None, 7, True),
    Part("338", "2", None, 10, False),
    Part("338", "3", 5, 15, False),
    # §5, art. 332: failure to obey an order
    Part("332", "1", None, None, False),
    Part("332", "2", None, 5, False),
    Part("332", "2.1", 2, 3, False),
    Part("332", "2.2", 3, 10, False),
    # §6, art. 352.1: voluntary surrender; the article has no parts
    Part("352.1", None, 3, 10, False),
)

BANDS = ("up_to_2_days", "2_to_10_days", "10_days_to_1_month", "over_1_month")

# §3: the art. 337 part for each band and regime; None where only disciplinary measures follow.
# The 2–10 day band in peacetime is a crime only for conscripts (see `absence_part`).
_ABSENCE_PARTS: dict[tuple[str, str], str | None] = {
    ("up_to_2_days", "peacetime"): None,
    ("up_to_2_days", "mobilization"): None,
    ("2_to_10_days", "peacetime"): "1",
    ("2_to_10_days", "mobilization"): "2.1",
    ("10_days_to_1_month", "peacetime"): "3",
    ("10_days_to_1_month", "mobilization"): "3.1",
    ("over_1_month", "peacetime"): "4",
    ("over_1_month", "mobilization"): "5",
}


def absence_part(band: str, regime_name: str, personnel: str | None) -> str | None:
    """§3: which part of art. 337 an absence in `band` leads to, before checking coverage (§2)."""
    if band == "2_to_10_days" and regime_name == "peacetime" and personnel != "conscript":
        return None
    return _ABSENCE_PARTS[band, regime_name]


def band_of(start: date, end: date) -> str:
    """§3: the band of an absence from `start` to `end`, exactly as the reference defines it."""
    days = (end - start).days
    if days <= 2:
        return "up_to_2_days"
    if days <= 10:
        return "2_to_10_days"
    if end <= add_months(start, 1):
        return "10_days_to_1_month"
    return "over_1_month"


def thresholds_of(start: date) -> tuple[tuple[date, str], ...]:
    """§3: the dates on which an ongoing absence enters a higher band, with the band entered."""
    return (
        (start + timedelta(days=3), "2_to_10_days"),
        (start + timedelta(days=11), "10_days_to_1_month"),
        (add_months(start, 1) + ONE_DAY, "over_1_month"),
    )


# §8, §9: the deadlines: kind, basis, whether the reference marks the row [uncertain], and how the
# due date follows from the event's date.
@dataclass(frozen=True, slots=True)
class DeadlineRule:
    kind: str
    basis: str
    uncertain: bool
    due: Callable[[date], date]
    basis_en: str  # the basis as the English texts cite it


def alternative_service_due(call_up: date) -> date:
    """§9: a call-up date from 1 Jan to 15 Jul is that year's spring call-up (apply by 1 October
    of the year before); from 16 Jul to 31 Dec it is the autumn call-up (apply by 1 April)."""
    if (call_up.month, call_up.day) <= (7, 15):
        return date(call_up.year - 1, 10, 1)
    return date(call_up.year, 4, 1)


DISMISSAL_MILITARY = DeadlineRule(
    "appeal_dismissal",
    "КАС РФ ст. 219 ч. 1",
    False,
    lambda d: add_months(d, 3),
    "art. 219(1) of the Code of Administrative Procedure",
)
DISMISSAL_POLICE = DeadlineRule(
    "appeal_dismissal",
    "342-ФЗ ст. 72 ч. 4",
    True,
    lambda d: add_months(d, 1),
    "art. 72(4) of Federal Law 342-FZ",
)
COURT_DECISION = DeadlineRule(
    "appeal_court_decision",
    "КАС РФ ст. 298",
    True,
    lambda d: add_months(d, 1),
    "art. 298 of the Code of Administrative Procedure",
)
PROSECUTOR_ANSWER = DeadlineRule(
    "prosecutor_answer",
    "59-ФЗ ст. 12",
    True,
    lambda d: d + timedelta(days=30),
    "art. 12 of Federal Law 59-FZ",
)
ALTERNATIVE_SERVICE = DeadlineRule(
    "alternative_service_application",
    "113-ФЗ ст. 11",
    False,
    alternative_service_due,
    "art. 11 of Federal Law 113-FZ",
)
DEADLINE_RULES = (
    DISMISSAL_MILITARY,
    DISMISSAL_POLICE,
    COURT_DECISION,
    PROSECUTOR_ANSWER,
    ALTERNATIVE_SERVICE,
)
# Every basis the engine gives ("basis" in REFERENCE.md's output, and stored beside a deadline)
# with its English text: the parts, an absence's threshold with no part, and the deadlines.
_WHOLE_ARTICLES = [Part(p.article, None, None, None, False) for p in PARTS.values()]
BASES_EN = {
    **{p.basis: p.basis_en for p in [*PARTS.values(), *_WHOLE_ARTICLES]},
    **{r.basis: r.basis_en for r in DEADLINE_RULES},
}


def basis_text(basis: str, lang: str) -> str:
    """A basis the engine gave, in the reader's language; one this version does not know (an
    older row) as it was stored."""
    return BASES_EN.get(basis, basis) if lang == "en" else basis

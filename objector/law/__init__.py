"""The legal assessment engine: plain Python, no Django. REFERENCE.md is its specification.

>>> from objector.law import assess
>>> assess({"as_of": "2022-05-01", "personnel": "contract",
...         "events": [{"type": "left_unit", "date": "2022-02-24"}]})["urgency"]
'high'
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .engine import assess_facts
from .facts import EVENT_TYPES, PERSONNEL, ROLES, Facts, FactsError, parse_facts

__all__ = [
    "EVENT_TYPES",
    "PERSONNEL",
    "ROLES",
    "Facts",
    "FactsError",
    "assess",
    "assess_facts",
    "parse_facts",
]


def assess(raw: object, *, today: date | None = None) -> dict[str, Any]:
    """Validate §12 facts and return the §13 assessment. Raises FactsError on invalid facts."""
    return assess_facts(parse_facts(raw, today=today))

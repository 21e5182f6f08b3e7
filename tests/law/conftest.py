from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from objector.law import assess

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO.parent / "shared" / "law" / "examples"


def facts(
    personnel: str | None = "contract", as_of: str = "2023-07-15", *events: Any, **flags: Any
) -> dict[str, Any]:
    """Build §12 facts: events are (type, date) pairs or dicts."""
    evs = [e if isinstance(e, dict) else {"type": e[0], "date": e[1]} for e in events]
    return {"as_of": as_of, "role": "self", "personnel": personnel, "events": evs, "flags": flags}


def run(personnel: str | None, as_of: str, *events: Any, **flags: Any) -> dict[str, Any]:
    return assess(facts(personnel, as_of, *events, **flags))


@pytest.fixture
def example_files() -> list[Path]:
    files = sorted(EXAMPLES.glob("*.json"))
    assert files, f"no worked examples found in {EXAMPLES}"
    return files


__all__ = ["EXAMPLES", "copy", "facts", "run"]

"""Properties that hold for any valid facts (hypothesis)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from objector.law import EVENT_TYPES, PERSONNEL, FactsError, assess
from objector.law.engine import CATEGORIES
from objector.law.render import render_text
from objector.law.rules import BANDS
from objector.law.texts import GUIDANCE

DAYS = st.dates(min_value=date(2021, 1, 1), max_value=date(2027, 12, 31))
GRAVITY_LIMITS = {"minor": 2, "medium": 6, "grave": 10, "especially_grave": 15}


@st.composite
def raw_facts(draw: st.DrawFn) -> dict[str, Any]:
    events = draw(
        st.lists(
            st.fixed_dictionaries(
                {"type": st.sampled_from(EVENT_TYPES), "date": DAYS.map(date.isoformat)},
                optional={"combat": st.booleans()},
            ),
            max_size=6,
        )
    )
    flags = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "intends_to_return": st.none() | st.booleans(),
                "abroad": st.booleans(),
                "with_weapon": st.booleans(),
                "in_group": st.booleans(),
                "prior_conviction": st.booleans(),
                "in_hospital": st.booleans(),
            },
        )
    )
    as_of = draw(DAYS)
    if draw(st.booleans()):  # half the cases hold an absence, valid by construction
        start = draw(DAYS)
        events.append({"type": "left_unit", "date": start.isoformat()})
        ends = [e for e in events if e["type"] in ("returned", "detained")]
        for e in ends:
            if e["date"] < start.isoformat():
                e["date"] = (start + timedelta(days=draw(st.integers(0, 60)))).isoformat()
        if not any(e["date"] >= start.isoformat() for e in ends) and as_of < start:
            as_of = start + timedelta(days=draw(st.integers(0, 120)))
    return {
        "as_of": as_of.isoformat(),
        "role": draw(st.sampled_from(["self", "relative", "lawyer", None])),
        "personnel": draw(st.sampled_from([*PERSONNEL, None])),
        "events": events,
        "flags": flags,
    }


def valid(raw: dict[str, Any]) -> dict[str, Any]:
    try:
        return assess(raw)
    except FactsError:
        assume(False)
        raise


def check_output(r: dict[str, Any]) -> None:
    as_of = date.fromisoformat(r["as_of"])
    json.dumps(r)  # serialisable
    assert r["urgency"] in ("critical", "high", "normal", "low")
    assert r["categories"] == [c for c in CATEGORIES if c in r["categories"]]
    assert len(set(r["guidance"])) == len(r["guidance"])
    assert all(k in GUIDANCE for k in r["guidance"])
    if r["absence"] is not None:
        a = r["absence"]
        assert a["band"] in BANDS and a["regime"] in ("peacetime", "mobilization")
        assert a["days"] >= 0 and a["ongoing"] is (a["end"] is None)
    for e in r["exposure"]:
        assert e["certainty"] in ("applies", "possible")
        assert GRAVITY_LIMITS[e["gravity"]] == e["limitation_years"]
        if e["prison_min_years"] is not None:
            assert e["prison_min_years"] < e["prison_max_years"]
        assert e["basis"].startswith("УК РФ ст. " + e["article"])
    for t in r["thresholds"]:
        assert date.fromisoformat(t["date"]) > as_of
    assert [t["date"] for t in r["thresholds"]] == sorted(t["date"] for t in r["thresholds"])
    for d in r["deadlines"]:
        assert d["days_left"] == (date.fromisoformat(d["due"]) - as_of).days
        assert d["expired"] is (d["days_left"] < 0)
        assert d["basis"]
    assert [(d["due"], d["kind"]) for d in r["deadlines"]] == sorted(
        (d["due"], d["kind"]) for d in r["deadlines"]
    )
    if any(d["expired"] for d in r["deadlines"]):
        assert "restore_missed_deadline" in r["guidance"]
    if not r["categories"] and not r["deadlines"]:
        assert r["urgency"] == "low"


@settings(max_examples=400)
@given(raw_facts())
def test_any_valid_facts_give_a_valid_assessment(raw: dict[str, Any]) -> None:
    check_output(valid(raw))


@settings(max_examples=400)
@given(raw_facts())
def test_the_english_text_is_english_through_and_through(raw: dict[str, Any]) -> None:
    """The staff's English case and deadlines pages read the engine's basis ("УК РФ ст. 337
    ч. 5") through the rules' English text ("art. 337(5) of the Criminal Code")."""
    text = render_text(valid(raw), "en")
    assert not re.search("[а-яё]", text, re.IGNORECASE), text


@settings(max_examples=300)
@given(raw_facts(), st.integers(min_value=0, max_value=400))
def test_the_band_never_goes_down_as_as_of_moves_later(raw: dict[str, Any], later: int) -> None:
    first = valid(raw)
    assume(first["absence"] is not None)
    moved = date.fromisoformat(raw["as_of"]) + timedelta(days=later)
    second = assess({**raw, "as_of": moved.isoformat()})
    before, after = first["absence"], second["absence"]
    assert BANDS.index(after["band"]) >= BANDS.index(before["band"])
    assert after["days"] >= before["days"]
    check_output(second)


@settings(max_examples=200)
@given(
    st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 12, 31)),
    st.integers(min_value=0, max_value=120),
    st.sampled_from(PERSONNEL),
)
def test_an_ongoing_absence_warns_of_every_rise_before_it_happens(
    start: date, offset: int, personnel: str
) -> None:
    as_of = start + timedelta(days=offset)
    r = assess(
        {
            "as_of": as_of.isoformat(),
            "personnel": personnel,
            "events": [{"type": "left_unit", "date": start.isoformat()}],
        }
    )
    check_output(r)
    band = BANDS.index(r["absence"]["band"])
    # Each band still ahead has exactly one threshold, and none behind.
    assert [t["band"] for t in r["thresholds"]] == list(BANDS[band + 1 :])

"""Invalid facts get a clear error naming the field (REFERENCE.md §12, §14), not half a result."""

from __future__ import annotations

from datetime import date

import pytest

from objector.law import FactsError, assess

from .conftest import facts


def error_of(raw: object) -> FactsError:
    with pytest.raises(FactsError) as info:
        assess(raw)
    return info.value


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        (facts("contract", "2023-01-01", ("went_fishing", "2022-01-01")), "type", "went_fishing"),
        (facts("contract", "2023-01-01", {"date": "2022-01-01"}), "type", "events[0].type"),
        (facts("contract", "2023-01-01", ("left_unit", "2022-02-30")), "date", "2022-02-30"),
        (facts("contract", "2023-01-01", ("left_unit", "24.02.2022")), "date", "YYYY-MM-DD"),
        (facts("contract", "2023-01-01", {"type": "left_unit"}), "date", "missing"),
        (facts("contract", "2023-01-01", ("left_unit", "2022-W08-4")), "date", "YYYY-MM-DD"),
        (facts("contract", "2023-01-01", ("left_unit", "20220224")), "date", "YYYY-MM-DD"),
        (facts("contract", "2023-01-01", ("left_unit", "2022-2-4")), "date", "YYYY-MM-DD"),
        (facts("contract", "2023-01-01", ("left_unit", "2022-02-24T10:00")), "date", "YYYY"),
        (facts("contract", "2023-01-01", ("left_unit", 20220224)), "date", "20220224"),
        (
            facts(
                "contract", "2023-01-01", ("left_unit", "2022-03-01"), ("returned", "2022-02-01")
            ),
            "date",
            "before the person left",
        ),
        (
            facts(
                "contract",
                "2023-01-01",
                ("left_unit", "2022-03-01"),
                ("left_unit", "2022-05-01"),
                ("detained", "2022-02-28"),
            ),
            "date",
            "events[2]",
        ),
        (facts("sailor", "2023-01-01"), "personnel", "sailor"),
        (facts("contract", "2023-13-01"), "as_of", "2023-13-01"),
        (facts("contract", "2022-02-01", ("left_unit", "2022-03-01")), "as_of", "before"),
        ({**facts(), "role": "friend"}, "role", "friend"),
        ({**facts(), "personel": "contract"}, "facts", "personel is not a known field"),
        ({**facts(), "flags": {"abroad": "yes"}}, "flags", "flags.abroad"),
        ({**facts(), "flags": {"rich": True}}, "flags", "flags.rich"),
        ({**facts(), "events": {"type": "left_unit"}}, "events", "list"),
        ({**facts(), "events": ["left_unit"]}, "events", "events[0]"),
        (
            facts(
                "contract",
                "2023-01-01",
                {"type": "refused_order", "date": "2022-05-01", "combat": "yes"},
            ),
            "combat",
            "events[0].combat",
        ),
        (
            facts(
                "contract", "2023-01-01", {"type": "left_unit", "date": "2022-05-01", "where": "x"}
            ),
            "events",
            "events[0].where",
        ),
        ([1, 2], "facts", "object"),
        ("text", "facts", "object"),
    ],
)
def test_it_names_the_offending_field(raw, field, words) -> None:
    err = error_of(raw)
    assert err.field == field
    assert words in err.message
    assert err.message_ru  # every error is also explained in Russian
    assert err.as_dict() == {"error": field, "message": err.message, "message_ru": err.message_ru}


def test_it_caps_the_number_of_events() -> None:
    raw = facts("contract", "2023-01-01", *[("dismissed", "2022-01-01")] * 201)
    assert error_of(raw).field == "events"


def test_a_missing_as_of_means_today() -> None:
    raw = facts("contract", "x", ("dismissed", "2022-03-04"))
    del raw["as_of"]
    r = assess(raw, today=date(2022, 5, 20))
    assert r["as_of"] == "2022-05-20"
    assert r["deadlines"][0]["days_left"] == 15


def test_omitted_fields_are_allowed() -> None:
    r = assess({"as_of": "2023-01-01"})
    assert (r["role"], r["categories"], r["urgency"], r["guidance"]) == (None, [], "low", [])


def test_null_flags_read_as_false_except_intention() -> None:
    raw = facts("contract", "2022-05-01", ("left_unit", "2022-03-01"))
    raw["flags"] = {"abroad": None, "prior_conviction": None, "intends_to_return": None}
    r = assess(raw)
    assert [e["article"] for e in r["exposure"]] == ["337"]
    assert r["exposure"][0]["exemption_note_applies"] is True

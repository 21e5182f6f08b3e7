"""Edges of every rule in REFERENCE.md: bands, regime date, month clamping, call-up dates."""

from __future__ import annotations

from datetime import date

import pytest

from objector.law.rules import add_months, alternative_service_due

from .conftest import run

MOB = "mobilized"


def parts(result: dict) -> list[tuple[str, str | None]]:
    return [(e["article"], e["part"]) for e in result["exposure"]]


@pytest.mark.parametrize(
    ("d", "months", "expected"),
    [
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 3, 31), 1, date(2023, 4, 30)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
        (date(2023, 12, 15), 1, date(2024, 1, 15)),
        (date(2022, 3, 4), 3, date(2022, 6, 4)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
    ],
)
def test_it_adds_calendar_months_clamped_to_the_month_end(d, months, expected) -> None:
    assert add_months(d, months) == expected


@pytest.mark.parametrize(
    ("end", "days", "band", "part"),
    [
        ("2023-07-03", 0, "up_to_2_days", None),
        ("2023-07-05", 2, "up_to_2_days", None),
        ("2023-07-06", 3, "2_to_10_days", "2.1"),
        ("2023-07-13", 10, "2_to_10_days", "2.1"),
        ("2023-07-14", 11, "10_days_to_1_month", "3.1"),
        ("2023-08-03", 31, "10_days_to_1_month", "3.1"),
        ("2023-08-04", 32, "over_1_month", "5"),
    ],
)
def test_it_bands_a_closed_absence_at_each_edge(end, days, band, part) -> None:
    r = run(MOB, "2023-09-01", ("left_unit", "2023-07-03"), ("returned", end))
    assert r["absence"] == {
        "start": "2023-07-03",
        "end": end,
        "ongoing": False,
        "days": days,
        "band": band,
        "regime": "mobilization",
    }
    assert parts(r) == ([("337", part)] if part else [])
    if part:
        assert r["exposure"][0]["limitation_starts"] == end
    assert r["thresholds"] == []


@pytest.mark.parametrize(
    ("start", "end", "band"),
    [
        ("2023-01-31", "2023-02-28", "10_days_to_1_month"),
        ("2023-01-31", "2023-03-01", "over_1_month"),
        ("2024-01-31", "2024-02-29", "10_days_to_1_month"),
        ("2024-01-31", "2024-03-01", "over_1_month"),
        ("2023-02-01", "2023-03-01", "10_days_to_1_month"),
        ("2023-02-01", "2023-03-02", "over_1_month"),
    ],
)
def test_it_clamps_the_one_month_edge(start, end, band) -> None:
    r = run(MOB, end, ("left_unit", start), ("detained", end))
    assert r["absence"]["band"] == band


@pytest.mark.parametrize(
    ("start", "regime", "part"),
    [("2022-09-23", "peacetime", "3"), ("2022-09-24", "mobilization", "3.1")],
)
def test_it_takes_the_regime_from_the_start_date(start, regime, part) -> None:
    r = run("contract", "2022-10-10", ("left_unit", start))
    assert r["absence"]["regime"] == regime
    assert parts(r) == [("337", part)]


def test_an_absence_begun_before_the_law_stays_peacetime_after_it() -> None:
    r = run("contract", "2022-10-15", ("left_unit", "2022-09-20"))
    assert (r["absence"]["regime"], r["absence"]["band"]) == ("peacetime", "10_days_to_1_month")
    assert parts(r) == [("337", "3")]
    assert r["exposure"][0]["exemption_note_applies"] is True


@pytest.mark.parametrize(
    ("personnel", "prior", "expected", "exempt"),
    [
        ("conscript", False, [("337", "1")], True),
        ("conscript", True, [("337", "1")], False),
        ("contract", False, [], None),
    ],
)
def test_peacetime_two_to_ten_days_is_a_crime_only_for_conscripts(
    personnel, prior, expected, exempt
) -> None:
    r = run(
        personnel,
        "2022-05-01",
        ("left_unit", "2022-04-25"),
        ("returned", "2022-04-30"),
        prior_conviction=prior,
    )
    assert parts(r) == expected
    if exempt is not None:
        e = r["exposure"][0]
        assert e["exemption_note_applies"] is exempt
        assert (e["prison_min_years"], e["prison_max_years"], e["gravity"]) == (None, None, "minor")


def test_an_ongoing_absence_reports_every_future_threshold() -> None:
    r = run(MOB, "2023-07-03", ("left_unit", "2023-07-03"))
    assert r["thresholds"] == [
        {
            "date": "2023-07-06",
            "band": "2_to_10_days",
            "to_part": "2.1",
            "basis": "УК РФ ст. 337 ч. 2.1",
        },
        {
            "date": "2023-07-14",
            "band": "10_days_to_1_month",
            "to_part": "3.1",
            "basis": "УК РФ ст. 337 ч. 3.1",
        },
        {
            "date": "2023-08-04",
            "band": "over_1_month",
            "to_part": "5",
            "basis": "УК РФ ст. 337 ч. 5",
        },
    ]
    assert r["urgency"] == "critical"
    assert r["guidance"] == ["intent_matters"]


def test_a_threshold_on_as_of_is_no_longer_reported() -> None:
    r = run(MOB, "2023-07-06", ("left_unit", "2023-07-03"))
    assert [t["date"] for t in r["thresholds"]] == ["2023-07-14", "2023-08-04"]
    assert r["urgency"] == "high"  # the next threshold is 8 days away


@pytest.mark.parametrize(("as_of", "urgency"), [("2023-07-10", "high"), ("2023-07-11", "critical")])
def test_a_threshold_within_three_days_is_critical(as_of, urgency) -> None:
    assert run(MOB, as_of, ("left_unit", "2023-07-03"))["urgency"] == urgency


def test_a_peacetime_threshold_without_a_criminal_part_is_still_reported() -> None:
    r = run("contract", "2022-04-01", ("left_unit", "2022-04-01"))
    assert r["thresholds"][0] == {
        "date": "2022-04-04",
        "band": "2_to_10_days",
        "to_part": None,
        "basis": "УК РФ ст. 337",
    }
    assert [t["to_part"] for t in r["thresholds"]] == [None, "3", "4"]


def test_the_latest_absence_is_the_one_measured() -> None:
    r = run(
        MOB,
        "2023-03-05",
        ("left_unit", "2023-01-01"),
        ("returned", "2023-02-15"),
        ("left_unit", "2023-03-01"),
    )
    assert (r["absence"]["start"], r["absence"]["days"]) == ("2023-03-01", 4)
    assert parts(r) == [("337", "2.1")]


@pytest.mark.parametrize(
    ("personnel", "day", "covered"),
    [
        ("reservist_training", "2022-09-23", False),
        ("reservist_training", "2022-09-24", True),
        ("volunteer", "2024-12-27", False),
        ("volunteer", "2024-12-28", True),
        ("police", "2024-12-28", False),
        ("rosgvardia_employee", "2023-01-01", False),
        ("civilian", "2023-01-01", False),
        ("rosgvardia_serviceman", "2021-01-01", True),
    ],
)
def test_it_covers_each_kind_of_person_from_the_right_date(personnel, day, covered) -> None:
    r = run(personnel, "2025-06-01", ("left_unit", day), ("returned", "2025-05-31"))
    assert bool(r["exposure"]) is covered
    assert ("not_military_crime" in r["guidance"]) is not covered


def test_an_uncovered_ongoing_absence_keeps_thresholds_without_parts() -> None:
    r = run("police", "2023-07-03", ("left_unit", "2023-07-03"))
    assert r["exposure"] == []
    assert [t["to_part"] for t in r["thresholds"]] == [None, None, None]
    assert r["guidance"] == ["intent_matters", "not_military_crime"]
    assert r["urgency"] == "critical"


@pytest.mark.parametrize(
    ("as_of", "flags", "part", "grav", "limits"),
    [
        ("2023-08-01", {"intends_to_return": False}, "3", "especially_grave", (5, 15)),
        ("2022-05-01", {"abroad": True}, "1", "grave", (None, 7)),
        ("2022-05-01", {"abroad": True, "with_weapon": True}, "2", "grave", (None, 10)),
        ("2022-05-01", {"intends_to_return": False, "in_group": True}, "2", "grave", (None, 10)),
    ],
)
def test_it_reports_possible_desertion(as_of, flags, part, grav, limits) -> None:
    start = "2023-07-03" if as_of.startswith("2023") else "2022-03-01"
    r = run(MOB if start.startswith("2023") else "contract", as_of, ("left_unit", start), **flags)
    entry = next(e for e in r["exposure"] if e["article"] == "338")
    assert (entry["part"], entry["certainty"], entry["gravity"]) == (part, "possible", grav)
    assert (entry["prison_min_years"], entry["prison_max_years"]) == limits
    assert entry["exemption_note_applies"] is (part == "1")
    assert entry["limitation_starts"] is None
    assert r["guidance"] == ["intent_matters", "desertion_risk"]


def test_desertion_after_return_starts_the_limitation_at_the_end() -> None:
    r = run(MOB, "2024-01-01", ("left_unit", "2023-07-03"), ("detained", "2023-09-01"), abroad=True)
    assert [(e["part"], e["limitation_starts"]) for e in r["exposure"]] == [
        ("5", "2023-09-01"),
        ("3", "2023-09-01"),
    ]
    assert "intent_matters" not in r["guidance"]


def test_an_unknown_intention_is_not_desertion() -> None:
    r = run(MOB, "2023-08-01", ("left_unit", "2023-07-03"), intends_to_return=None)
    assert [e["article"] for e in r["exposure"]] == ["337"]
    assert "plans_to_leave" not in r["categories"]


@pytest.mark.parametrize(
    ("day", "combat", "part", "certainty", "guidance"),
    [
        ("2022-09-24", True, "2.1", "applies", ["unlawful_order_defence"]),
        ("2022-09-24", None, "2.1", "possible", ["unlawful_order_defence"]),
        ("2022-09-23", True, "1", "possible", ["dismissal_route", "unlawful_order_defence"]),
    ],
)
def test_it_reports_refusals_by_regime(day, combat, part, certainty, guidance) -> None:
    event = {"type": "refused_order", "date": day}
    if combat is not None:
        event["combat"] = combat
    r = run("contract", "2022-10-01", event)
    e = r["exposure"][0]
    assert (e["article"], e["part"], e["certainty"], e["limitation_starts"]) == (
        "332",
        part,
        certainty,
        day,
    )
    assert r["guidance"] == guidance
    assert r["urgency"] == ("high" if day >= "2022-09-24" else "normal")


def test_a_reservist_refusal_before_the_law_is_no_military_crime() -> None:
    r = run("reservist_training", "2022-10-01", ("refused_order", "2022-06-01"))
    assert r["exposure"] == []
    assert r["guidance"] == ["dismissal_route", "unlawful_order_defence", "not_military_crime"]


@pytest.mark.parametrize(("day", "reported"), [("2022-09-24", True), ("2022-09-23", False)])
def test_surrender_is_352_1_only_after_the_law(day, reported) -> None:
    r = run(MOB, "2023-01-01", ("surrendered", day))
    if reported:
        assert r["exposure"] == [
            {
                "article": "352.1",
                "part": None,
                "certainty": "applies",
                "prison_min_years": 3,
                "prison_max_years": 10,
                "gravity": "grave",
                "limitation_years": 10,
                "limitation_starts": day,
                "exemption_note_applies": False,
                "uncertain": False,
                "basis": "УК РФ ст. 352.1",
            }
        ]
        assert r["guidance"] == ["treason_risk"]
    else:
        assert r["exposure"] == []
        assert r["guidance"] == ["treason_risk", "not_military_crime"]
    assert r["categories"] == ["captivity"]


def test_exposure_is_ordered_by_article_part_and_limitation_start() -> None:
    r = run(
        MOB,
        "2023-07-20",
        ("surrendered", "2023-07-19"),
        ("refused_order", "2023-05-02"),
        ("refused_order", "2022-05-01"),
        ("left_unit", "2023-07-03"),
        {"type": "refused_order", "date": "2023-05-01", "combat": True},
        intends_to_return=False,
    )
    assert [(e["article"], e["part"], e["limitation_starts"]) for e in r["exposure"]] == [
        ("332", "1", "2022-05-01"),
        ("332", "2.1", "2023-05-01"),
        ("332", "2.1", "2023-05-02"),
        ("337", "3.1", None),
        ("338", "3", None),
        ("352.1", None, "2023-07-19"),
    ]


@pytest.mark.parametrize(
    ("personnel", "due", "uncertain", "basis"),
    [
        ("contract", "2022-06-04", False, "КАС РФ ст. 219 ч. 1"),
        ("volunteer", "2022-06-04", False, "КАС РФ ст. 219 ч. 1"),
        ("police", "2022-04-04", True, "342-ФЗ ст. 72 ч. 4"),
        ("rosgvardia_employee", "2022-04-04", True, "342-ФЗ ст. 72 ч. 4"),
    ],
)
def test_it_gives_the_dismissal_appeal_deadline(personnel, due, uncertain, basis) -> None:
    r = run(personnel, "2022-03-20", ("dismissed", "2022-03-04"))
    d = r["deadlines"][0]
    assert (d["kind"], d["due"], d["uncertain"], d["basis"]) == (
        "appeal_dismissal",
        due,
        uncertain,
        basis,
    )
    assert d["days_left"] == (date.fromisoformat(due) - date(2022, 3, 20)).days


@pytest.mark.parametrize(
    ("as_of", "days_left", "expired", "urgency"),
    [
        ("2022-06-05", -1, True, "normal"),
        ("2022-06-04", 0, False, "critical"),
        ("2022-06-01", 3, False, "critical"),
        ("2022-05-31", 4, False, "high"),
        ("2022-05-21", 14, False, "high"),
        ("2022-05-20", 15, False, "normal"),
    ],
)
def test_deadline_urgency_edges(as_of, days_left, expired, urgency) -> None:
    r = run("contract", as_of, ("dismissed", "2022-03-04"))
    d = r["deadlines"][0]
    assert (d["days_left"], d["expired"]) == (days_left, expired)
    assert r["urgency"] == urgency
    assert ("restore_missed_deadline" in r["guidance"]) is expired


def test_court_and_prosecutor_deadlines_are_uncertain_and_ordered() -> None:
    r = run(
        "contract",
        "2023-01-10",
        ("court_decision", "2023-01-31"),
        ("complaint_filed", "2023-01-01"),
        ("dismissed", "2022-11-28"),
    )
    assert [(d["kind"], d["due"], d["uncertain"], d["basis"]) for d in r["deadlines"]] == [
        ("prosecutor_answer", "2023-01-31", True, "59-ФЗ ст. 12"),
        ("appeal_court_decision", "2023-02-28", True, "КАС РФ ст. 298"),
        ("appeal_dismissal", "2023-02-28", False, "КАС РФ ст. 219 ч. 1"),
    ]


@pytest.mark.parametrize(
    ("call_up", "due"),
    [
        ("2025-01-01", "2024-10-01"),
        ("2025-07-15", "2024-10-01"),
        ("2025-07-16", "2025-04-01"),
        ("2025-12-31", "2025-04-01"),
    ],
)
def test_the_call_up_date_picks_the_application_deadline(call_up, due) -> None:
    assert alternative_service_due(date.fromisoformat(call_up)).isoformat() == due
    r = run("civilian", "2024-09-01", ("call_up_expected", call_up))
    assert [(d["kind"], d["due"], d["basis"]) for d in r["deadlines"]] == [
        ("alternative_service_application", due, "113-ФЗ ст. 11")
    ]
    assert r["categories"] == ["alternative_service"]


@pytest.mark.parametrize("personnel", ["contract", "mobilized", "reservist_training", "conscript"])
def test_alternative_service_is_closed_to_those_serving(personnel) -> None:
    r = run(personnel, "2025-01-20", ("call_up_expected", "2025-10-01"))
    assert r["deadlines"] == []
    assert r["categories"] == []
    assert r["guidance"] == ["alternative_service_closed"]


def test_every_category_in_table_order() -> None:
    r = run(
        "conscript",
        "2023-07-15",
        ("captured", "2023-07-01"),
        ("pressure_to_sign", "2023-07-01"),
        ("discharge_requested", "2023-07-01"),
        ("listed_as_awol", "2023-07-01"),
        ("detained_by_unit", "2023-07-01"),
        ("criminal_case_opened", "2023-07-01"),
        ("dismissed", "2023-07-01"),
        ("plans_to_leave", "2023-07-01"),
        ("refused_order", "2023-07-01"),
    )
    assert r["categories"] == [
        "plans_to_leave",
        "refusal_in_unit",
        "dismissed",
        "criminal_case",
        "detention_abuse",
        "wrongly_listed",
        "wants_discharge",
        "pressure_to_sign",
        "captivity",
    ]
    assert r["urgency"] == "critical"


@pytest.mark.parametrize(
    ("personnel", "events", "flags", "expected"),
    [
        ("contract", [("left_unit", "2023-07-01"), ("refused_order", "2023-06-30")], {}, ["awol"]),
        ("contract", [("listed_as_awol", "2023-07-01"), ("left_unit", "2023-07-01")], {}, ["awol"]),
        (
            "contract",
            [("listed_as_awol", "2023-07-01"), ("left_unit", "2023-07-01")],
            {"in_hospital": True},
            ["awol", "wrongly_listed"],
        ),
        ("contract", [("pressure_to_sign", "2023-07-01")], {}, []),
        ("civilian", [("summons_received", "2023-07-01")], {}, ["mobilization_summons"]),
        ("reservist_training", [("summons_received", "2023-07-01")], {}, ["mobilization_summons"]),
        ("contract", [("summons_received", "2023-07-01")], {}, []),
        ("contract", [("contract_expired", "2023-07-01")], {}, ["wants_discharge"]),
        ("contract", [], {"intends_to_return": False}, ["plans_to_leave"]),
    ],
)
def test_category_conditions(personnel, events, flags, expected) -> None:
    assert run(personnel, "2023-07-15", *events, **flags)["categories"] == expected


def test_urgency_levels() -> None:
    assert run("contract", "2023-07-15")["urgency"] == "low"
    assert (
        run("contract", "2023-07-15", ("criminal_case_opened", "2023-07-01"))["urgency"] == "high"
    )
    assert run("contract", "2023-07-15", ("deployment_ordered", "2023-07-01"))["urgency"] == "high"
    assert (
        run("contract", "2022-07-15", ("deployment_ordered", "2022-07-01"))["urgency"] == "normal"
    )
    assert run("contract", "2023-07-15", ("contract_expired", "2023-07-01"))["urgency"] == "normal"


def test_a_same_day_return_is_zero_days() -> None:
    r = run(MOB, "2023-07-03", ("left_unit", "2023-07-03"), ("returned", "2023-07-03"))
    assert (r["absence"]["days"], r["absence"]["ongoing"]) == (0, False)
    assert r["exposure"] == []


def test_a_return_without_leaving_is_not_an_error() -> None:
    r = run(MOB, "2023-07-03", ("returned", "2023-07-01"))
    assert r["absence"] is None


def test_unknown_personnel_assumes_the_worst_and_says_so() -> None:
    r = run(None, "2023-07-15", ("left_unit", "2023-07-03"), ("dismissed", "2023-07-10"))
    assert [e["part"] for e in r["exposure"]] == ["3.1"]
    assert r["deadlines"][0]["due"] == "2023-10-10"
    assert r["guidance"][-1] == "personnel_unknown"

"""The shared questionnaire: every path through it gives facts the legal engine accepts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from objector.intake.dates import parse_user_date
from objector.intake.questionnaire import (
    BY_KEY,
    PAGE_BY_KEY,
    PAGES,
    QUESTIONS,
    AnswerError,
    next_question,
    page_questions,
    pages_for,
    parse_answer,
    parse_page,
    questions_for,
    to_facts,
)
from objector.law import FactsError, assess

TODAY = date(2026, 11, 25)


def answer(answers: dict[str, Any], key: str, raw: Any) -> dict[str, Any]:
    assert next_question(answers).key == key
    return {**answers, key: parse_answer(BY_KEY[key], raw, answers, today=TODAY)}


def test_every_question_and_choice_is_in_russian_and_english() -> None:
    for q in QUESTIONS:
        assert q.prompt["ru"] and q.prompt["en"], q.key
        if q.hint:
            assert q.hint["ru"] and q.hint["en"], q.key
        for c in q.choices:
            assert c.label["ru"] and c.label["en"], (q.key, c.value)


def test_a_soldier_who_left_gets_the_assessment_of_the_worked_example() -> None:
    a: dict[str, Any] = {}
    a = answer(a, "role", "relative")
    a = answer(a, "personnel", "mobilized")
    a = answer(a, "events", ["left_unit"])
    a = answer(a, "date:left_unit", "03.07.2023")
    a = answer(a, "intends_to_return", "unsure")
    a = answer(a, "abroad", "no")
    a = answer(a, "prior_conviction", "no")
    for key in ("writer_name", "name", "birth_date", "unit", "region", "story"):
        a = answer(a, key, "")
    a = answer(a, "consent_filings", "yes")
    a = answer(a, "contact_method", "code_only")
    assert next_question(a) is None
    r = assess(to_facts(a, today=date(2023, 7, 15)))
    assert r["absence"]["band"] == "10_days_to_1_month"
    assert [e["part"] for e in r["exposure"]] == ["3.1"]
    assert r["role"] == "relative"


def test_follow_up_questions_depend_on_what_happened() -> None:
    keys = [q.key for q in questions_for({"events": ["refused_order", "dismissed"]})]
    assert "date:refused_order" in keys and "date:dismissed" in keys and "combat" in keys
    assert "date:left_unit" not in keys and "abroad" not in keys
    assert "contact" not in [q.key for q in questions_for({"contact_method": "code_only"})]
    assert "contact" in [q.key for q in questions_for({"contact_method": "email"})]


@pytest.mark.parametrize(
    ("key", "raw", "prior", "words_en", "words_ru"),
    [
        ("role", "boss", {}, "choose one", "выберите"),
        ("events", ["left_unit", "flew_away"], {}, "choose from the list", "выберите"),
        ("date:left_unit", "31.02.2023", {}, "no such date", "такой даты нет"),
        ("date:left_unit", "вчера вечером", {}, "24.02.2022", "24.02.2022"),
        ("date:left_unit", "01.01.2027", {}, "still to come", "ещё не наступила"),
        ("date:returned", "01.07.2023", {"date:left_unit": "2023-07-03"}, "before", "раньше"),
        ("contact", "not an email", {"contact_method": "email"}, "e-mail", "почты"),
        ("contact", "@ab", {"contact_method": "telegram"}, "Telegram", "Telegram"),
        ("contact", "", {"contact_method": "signal"}, "needed", "нужен ответ"),
        ("story", "x" * 10_001, {}, "at most 10,000", "не больше 10000"),
    ],
)
def test_a_bad_answer_is_refused_in_both_languages(key, raw, prior, words_en, words_ru) -> None:
    with pytest.raises(AnswerError) as info:
        parse_answer(BY_KEY[key], raw, prior, today=TODAY)
    assert info.value.field == key
    assert words_en in info.value.text("en")
    assert words_ru in info.value.text("ru")


@pytest.mark.parametrize(
    ("method", "contact"),
    [
        ("telegram", "@objector_help"),
        ("telegram", "objector_help"),
        ("signal", "+7 900 000-00-00"),
        ("signal", "someone.42"),
        ("email", "person@example.org"),
    ],
)
def test_it_takes_real_contacts(method: str, contact: str) -> None:
    got = parse_answer(BY_KEY["contact"], f" {contact} ", {"contact_method": method}, today=TODAY)
    assert got == contact


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("24.02.2022", False, date(2022, 2, 24)),
        ("24.02.22", False, date(2022, 2, 24)),
        ("24/02/2022", False, date(2022, 2, 24)),
        ("2022-02-24", False, date(2022, 2, 24)),
        ("24 февраля 2022", False, date(2022, 2, 24)),
        ("24 Февраля 2022 г.", False, date(2022, 2, 24)),
        ("24  февраля   2022 года", False, date(2022, 2, 24)),
        ("24 February 2022", False, date(2022, 2, 24)),
        ("1 дек", False, date(2025, 12, 1)),  # no year: the latest 1 December not after today
        ("25 ноября", False, date(2026, 11, 25)),
        ("1 октября", True, date(2027, 10, 1)),  # an expected call-up lies ahead
        ("1 декабря", True, date(2026, 12, 1)),
        ("29.02.2024", False, date(2024, 2, 29)),
    ],
)
def test_it_reads_dates_as_people_write_them(text: str, future: bool, expected: date) -> None:
    assert parse_user_date(text, today=TODAY, expect_future=future) == expected


@pytest.mark.parametrize(
    "text", ["29.02.2023", "32 января", "24 фев 22 34", "", "1" * 50, "13/13/13"]
)
def test_it_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(FactsError) as info:
        parse_user_date(text, today=TODAY)
    assert info.value.field == "date"


@st.composite
def conversation(draw: st.DrawFn) -> dict[str, Any]:
    """A random walk through the questionnaire, giving a valid answer to each question."""
    today = draw(st.dates(min_value=date(2022, 3, 1), max_value=date(2027, 12, 31)))
    answers: dict[str, Any] = {"__today": today}
    while (q := next_question(answers)) is not None:
        if q.kind == "choice":
            raw: Any = draw(st.sampled_from(q.choice_values()))
        elif q.kind == "multi":
            raw = draw(st.lists(st.sampled_from(q.choice_values()), unique=True, max_size=5))
        elif q.kind == "date":
            low = date.fromisoformat(answers.get("date:left_unit", "2021-01-01"))
            if q.key not in ("date:returned", "date:detained"):
                low = date(2021, 1, 1)
            day = draw(st.dates(min_value=min(low, today), max_value=today))
            if q.expect_future:
                day = today + timedelta(days=draw(st.integers(0, 400)))
            raw = draw(st.sampled_from([day.strftime("%d.%m.%Y"), day.isoformat()]))
        elif q.key == "contact":
            raw = {
                "telegram": "@someone_synthetic",
                "signal": "+7 900 000-00-00",
                "email": "synthetic@example.org",
            }[answers["contact_method"]]
        elif q.kind == "birth":  # whole, month and year, year alone, or none
            born = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31)))
            raw = draw(
                st.sampled_from(
                    ["", born.strftime("%d.%m.%Y"), born.strftime("%m.%Y"), str(born.year)]
                )
            )
        elif q.kind == "region":
            raw = draw(st.sampled_from(["", "Ростовская область", "в Татарстане", "Moscow"]))
        else:
            raw = draw(st.sampled_from(["", "Синтетический текст", "synthetic text"]))
        answers[q.key] = parse_answer(q, raw, answers, today=today)
    return answers


@settings(max_examples=300)
@given(conversation())
def test_every_completed_questionnaire_gives_facts_the_engine_accepts(answers) -> None:
    today = answers.pop("__today")
    facts = to_facts(answers, today=today)
    result = assess(facts)
    assert result["as_of"] == today.isoformat()
    assert [e["type"] for e in facts["events"]] == list(answers.get("events", []))
    assert ("awol" in result["categories"]) is ("left_unit" in answers.get("events", []))


@settings(max_examples=200)
@given(conversation())
def test_each_web_page_shows_what_applies_from_the_pages_before_it(answers) -> None:
    """Without JavaScript a page cannot change as it is filled in: what it shows must follow
    from the pages before it alone; a question that depends on its own page is conditional."""
    answers.pop("__today")
    asked = {q.key for q in questions_for(answers)}
    earlier: dict[str, Any] = {}
    for page in PAGES:
        shown = [(q.key, q.prompt) for q in page_questions(page, answers)]
        assert shown == [(q.key, q.prompt) for q in page_questions(page, earlier)], page.key
        assert asked & set(page.keys) <= {key for key, _prompt in shown}
        earlier.update({k: v for k, v in answers.items() if k in page.keys})
    assert set(answers) <= {key for p in pages_for(answers) for key in p.keys}


def test_a_page_is_checked_in_order_and_keeps_only_what_applies() -> None:
    about = {"role": "self", "personnel": "contract", "events": ["left_unit", "returned"]}
    details = PAGE_BY_KEY["details"]
    sent = {
        "date:left_unit": "10.11.2026",
        "date:returned": "01.11.2026",  # before leaving, on the same page
        "intends_to_return": "yes",
        "abroad": "no",
        "prior_conviction": "maybe",
    }
    merged, errors = parse_page(details, sent, about, today=TODAY)
    assert set(errors) == {"date:returned", "prior_conviction"}
    assert "раньше даты ухода" in errors["date:returned"].text("ru")
    assert merged["date:left_unit"] == "2026-11-10" and "date:returned" not in merged

    contact = PAGE_BY_KEY["contact"]
    done = {**about, "consent_filings": "yes"}
    sent = {"consent_filings": "yes", "contact_method": "code_only", "contact": "@someone"}
    merged, errors = parse_page(contact, sent, done, today=TODAY)
    assert errors == {} and "contact" not in merged
    sent["contact_method"] = "signal"
    merged, errors = parse_page(contact, sent, done, today=TODAY)
    assert set(errors) == {"contact"} and "Signal" in errors["contact"].text("en")


def test_a_relative_is_asked_their_own_name_and_the_servicemans_apart() -> None:
    relative = [q.key for q in questions_for({"role": "relative"})]
    assert relative.index("writer_name") < relative.index("name")
    assert "writer_name" not in [q.key for q in questions_for({"role": "self"})]
    assert "военнослужащего" in next(q for q in QUESTIONS if q.key == "name").prompt["ru"]


def test_not_sure_stays_unknown_and_a_question_never_asked_is_absent() -> None:
    answers = {
        "role": "self",
        "personnel": "contract",
        "events": ["left_unit"],
        "date:left_unit": "2023-07-03",
        "intends_to_return": "unsure",
        "abroad": "unsure",
        "prior_conviction": "yes",
        "in_hospital": "no",  # stale: listed_as_awol is not ticked, so it was not asked
    }
    flags = to_facts(answers, today=date(2023, 7, 15))["flags"]
    assert flags == {"intends_to_return": None, "abroad": None, "prior_conviction": True}
    # The engine reads "not sure" as it reads a missing flag (§14), so the assessment stands.
    assert assess(to_facts(answers, today=date(2023, 7, 15)))["absence"]["days"] == 12


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("вчера", date(2026, 12, 2)),
        ("сегодня", date(2026, 12, 3)),
        ("28.11", date(2026, 11, 28)),
        ("ноябрь 2026", date(2026, 11, 1)),
        ("November 2026", date(2026, 11, 1)),
        ("March 11, 2026", date(2026, 3, 11)),
        ("13/3/2026", date(2026, 3, 13)),
        ("3/13/2026", date(2026, 3, 13)),
        ("24 февраля 2022 г.", date(2022, 2, 24)),
    ],
)
def test_it_reads_relative_short_and_month_only_dates(typed: str, expected: date) -> None:
    assert parse_user_date(typed, today=date(2026, 12, 3)) == expected


def test_an_ambiguous_slashed_date_is_asked_about_not_guessed() -> None:
    with pytest.raises(FactsError) as info:
        parse_user_date("11/3/2026", today=date(2026, 12, 3))
    assert "11 March" in info.value.message and "3 November" in info.value.message
    assert "11 марта" in info.value.message_ru and "3 ноября" in info.value.message_ru

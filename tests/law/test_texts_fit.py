"""The guidance texts fit the person, the date and the kind of deadline (issue #14, 19–22), and
bad facts give a clear error rather than a crash (23)."""

from __future__ import annotations

from typing import Any

import pytest

from objector.law import FactsError, assess
from objector.law.render import count, render_text
from objector.law.texts import guidance_text

from .conftest import facts, run
from .test_cli import objector


def text_of(key: str, result: dict[str, Any], lang: str = "ru") -> str:
    assert key in result["guidance"], result["guidance"]
    return guidance_text(key, lang, result)


@pytest.mark.parametrize(
    ("personnel", "event", "when", "basis_ru", "basis_en", "not_in"),
    [
        ("contract", "dismissed", "2022-01-10", "ст. 95 КАС РФ", "art. 95", "342-ФЗ"),
        ("police", "dismissed", "2022-01-10", "342-ФЗ", "342-FZ", "КАС"),
        ("rosgvardia_employee", "dismissed", "2022-01-10", "342-ФЗ", "342-FZ", "КАС"),
        ("contract", "complaint_filed", "2022-01-10", "59-ФЗ", "59-FZ", "восстановить"),
        ("civilian", "call_up_expected", "2022-11-01", "113-ФЗ", "113-FZ", "КАС"),
        ("contract", "court_decision", "2022-01-10", "ст. 95 КАС РФ", "art. 95", "342-ФЗ"),
    ],
)
def test_it_bases_a_missed_deadline_on_its_own_law(
    personnel: str, event: str, when: str, basis_ru: str, basis_en: str, not_in: str
) -> None:
    result = run(personnel, "2023-06-01", (event, when))
    ru = text_of("restore_missed_deadline", result)
    assert basis_ru in ru and not_in not in ru
    assert basis_en in text_of("restore_missed_deadline", result, "en")


def test_the_prosecutors_delay_is_not_called_the_persons() -> None:
    result = run("contract", "2023-06-01", ("complaint_filed", "2023-01-10"))
    ru = text_of("restore_missed_deadline", result)
    assert "не ваш пропущенный срок" in ru
    assert "not a deadline you missed" in text_of("restore_missed_deadline", result, "en")


@pytest.mark.parametrize("personnel", ["police", "rosgvardia_employee", "civilian"])
def test_the_dismissal_route_speaks_only_of_dismissal_to_people_chapter_33_does_not_cover(
    personnel: str,
) -> None:
    result = run(personnel, "2022-06-01", ("refused_order", "2022-04-01"))
    for lang in ("ru", "en"):
        text = text_of("dismissal_route", result, lang)
        assert "332" not in text
        assert "увольн" in text or "dismissal" in text


def test_the_dismissal_route_names_art_332_to_a_serviceman() -> None:
    result = run("contract", "2022-06-01", ("refused_order", "2022-04-01"))
    assert "ч. 1 ст. 332" in text_of("dismissal_route", result)


@pytest.mark.parametrize(
    ("personnel", "when", "cites_352"),
    [
        ("contract", "2022-10-01", True),
        ("contract", "2022-09-24", True),
        ("contract", "2022-09-23", False),
        ("police", "2023-01-01", False),
        ("volunteer", "2023-01-01", False),
        ("volunteer", "2025-01-01", True),
    ],
)
def test_the_treason_text_fits_the_date_and_the_person(
    personnel: str, when: str, cites_352: bool
) -> None:
    result = run(personnel, "2025-06-01", ("surrendered", when))
    ru, en = text_of("treason_risk", result), text_of("treason_risk", result, "en")
    assert "добровольная сдача в плен" in ru.lower()
    assert "ст. 275" in ru and "art. 275" in en
    assert ("352.1" in ru) is cites_352 and ("352.1" in en) is cites_352
    assert "подробностей" in ru


def test_a_relative_is_not_told_if_you_are_caught() -> None:
    raw = facts("contract", "2023-07-15", ("left_unit", "2023-07-01"))
    self_text = text_of("intent_matters", assess(raw))
    other = text_of("intent_matters", assess({**raw, "role": "relative"}))
    assert "Если вас задержат" in self_text
    assert "Если вас задержат" not in other and "Если его задержат" in other


def test_intent_matters_speaks_of_attempt_only_where_chapter_33_applies() -> None:
    police = run("police", "2023-07-15", ("left_unit", "2023-07-01"))
    assert "покушени" not in text_of("intent_matters", police)
    assert "attempt" not in text_of("intent_matters", police, "en")


def test_the_wording_fixes() -> None:
    result = run("contract", "2023-07-15", ("left_unit", "2023-07-10"), intends_to_return=False)
    ru = render_text(result, "ru")
    assert "свыше двух суток" in ru and "от 2 до 10 суток" not in ru
    assert "Если следствие решит" in ru and "Если кажется" not in ru
    assert "Верховного Суда РФ" in render_text(
        run("contract", "2023-07-15", ("left_unit", "2023-07-01"))
    )
    pressure = render_text(run("conscript", "2023-07-15", ("pressure_to_sign", "2023-07-01")))
    assert "к подписанию контракта" in pressure
    unknown = run(None, "2023-07-15", ("dismissed", "2023-07-01"))
    text = text_of("personnel_unknown", unknown)
    assert "худш" not in text and "требует проверки" in text


@pytest.mark.parametrize(
    ("n", "ru", "en"),
    [
        (1, "1 год", "1 year"),
        (2, "2 года", "2 years"),
        (5, "5 лет", "5 years"),
        (11, "11 лет", "11 years"),
        (21, "21 год", "21 years"),
        (22, "22 года", "22 years"),
    ],
)
def test_it_counts_years_in_russian_plural_forms(n: int, ru: str, en: str) -> None:
    assert (count(n, "year", "ru"), count(n, "year", "en")) == (ru, en)


def test_the_text_says_2_years_and_the_new_penalty_of_a_threshold() -> None:
    refusal = render_text(run("contract", "2023-07-15", ("refused_order", "2023-07-01")))
    assert "срок давности 2 года" in refusal and "2 лет" not in refusal
    assert "limitation 2 years" in render_text(
        run("contract", "2023-07-15", ("refused_order", "2023-07-01")), "en"
    )
    text = render_text(run("contract", "2023-07-15", ("left_unit", "2023-07-14")))
    # The next threshold names what the penalty becomes.
    assert "ведёт к УК РФ ст. 337 ч. 2.1: лишение свободы до 5 лет" in text


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (facts("contract", "2023-01-01", {"type": ["left_unit"], "date": "2022-01-01"}), "type"),
        (facts("contract", "2023-01-01", {"type": {"a": 1}, "date": "2022-01-01"}), "type"),
        (facts("contract", "2023-01-01", ("left_unit", "0001-01-01")), "date"),
        (facts("contract", "2023-01-01", ("left_unit", "9999-12-31")), "date"),
        (facts("contract", "9999-12-31", ("left_unit", "2022-01-01")), "as_of"),
        ({**facts(), "date": "2022-01-01"}, "facts"),
        ({**facts(), "type": "left_unit"}, "facts"),
    ],
)
def test_bad_facts_give_an_error_naming_the_field(raw: object, field: str) -> None:
    with pytest.raises(FactsError) as info:
        assess(raw)
    assert info.value.field == field
    assert "9999" in info.value.message or field != "as_of"


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        (
            '{"as_of": "9999-12-31", "events": [{"type": "left_unit", "date": "9999-12-01"}]}',
            "year must be between",
        ),
        ('{"as_of": ' + "9" * 5000 + "}", "number is too long"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_assess_never_prints_a_traceback(stdin: str, words: str) -> None:
    done = objector("-", stdin=stdin)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert words in done.stderr

"""Every guidance key and label exists in Russian and English, and says what it must."""

from __future__ import annotations

import pytest

from objector.law import rules
from objector.law.engine import CATEGORIES
from objector.law.texts import GUIDANCE, LABELS, LANGS, LAWYER_WILL_CHECK

REQUIRED = (
    "intent_matters",
    "desertion_risk",
    "dismissal_route",
    "unlawful_order_defence",
    "treason_risk",
    "not_military_crime",
    "restore_missed_deadline",
    "alternative_service_closed",
)
BASIS_WORDS = {"ru": ("Основание", "ст. "), "en": ("Basis", "art. ")}


# Texts that speak only of what the lawyer will confirm, or only of dismissal, cite no article.
NO_BASIS = {
    "personnel_unknown/any",
    "intent_matters/uncovered/self",
    "intent_matters/uncovered/other",
    "dismissal_route/uncovered",
}


@pytest.mark.parametrize(
    ("key", "variant"), sorted((k, v) for k, texts in GUIDANCE.items() for v in texts)
)
@pytest.mark.parametrize("lang", LANGS)
def test_it_has_a_plain_text_citing_its_basis(key: str, variant: str, lang: str) -> None:
    text = GUIDANCE[key][variant][lang]
    assert 40 < len(text) < 600
    if f"{key}/{variant}" not in NO_BASIS:
        assert any(w in text for w in BASIS_WORDS[lang]), text
    # Never promise an outcome.
    for word in ("гарантир", "guarantee", "точно не", "will not be charged"):
        assert word not in text.lower()


def test_every_required_key_has_a_text() -> None:
    assert set(REQUIRED) <= set(GUIDANCE)


def test_every_label_the_engine_can_produce_exists() -> None:
    needed = {
        *CATEGORIES,
        *rules.BANDS,
        "peacetime",
        "mobilization",
        "applies",
        "possible",
        "minor",
        "medium",
        "grave",
        "especially_grave",
        "critical",
        "high",
        "normal",
        "low",
        "appeal_dismissal",
        "appeal_court_decision",
        "prosecutor_answer",
        "alternative_service_application",
    }
    for key in needed:
        assert set(LABELS[key]) == set(LANGS), key


def test_the_disclaimer_says_a_lawyer_will_check() -> None:
    assert "юрист" in LAWYER_WILL_CHECK["ru"]
    assert "lawyer" in LAWYER_WILL_CHECK["en"]

"""The gettext catalogues are compiled at install and give Russian its three plural forms."""

import pytest
from django.utils import translation

from objector.service.i18n import days, years


@pytest.mark.parametrize(
    ("count", "ru", "en"),
    [
        (1, "1 год", "1 year"),
        (2, "2 года", "2 years"),
        (5, "5 лет", "5 years"),
        (11, "11 лет", "11 years"),
        (21, "21 год", "21 years"),
        (24, "24 года", "24 years"),
    ],
)
def test_it_counts_years_with_each_languages_plural_forms(count: int, ru: str, en: str) -> None:
    with translation.override("ru"):
        assert years(count) == ru
    with translation.override("en"):
        assert years(count) == en


def test_it_counts_days_in_russian() -> None:
    with translation.override("ru"):
        assert [days(n) for n in (1, 3, 10, 101)] == ["1 день", "3 дня", "10 дней", "101 день"]


@pytest.mark.django_db
def test_it_speaks_the_staff_readers_language(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/staff/login?lang=en")
    assert response["Content-Language"] == "en"
    assert client.get("/staff/login")["Content-Language"] == "ru"

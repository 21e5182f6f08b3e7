"""404, 403, 405, 400 and 500 answer with the site's own page, in Russian and English."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def bilingual(html: str, ru: str, en: str) -> None:
    assert 'id="error-page"' in html and 'href="/static/' in html  # the site's stylesheet
    assert ru in html and en in html
    assert html.index(ru) < html.index(en)  # Russian first


def test_a_missing_page_is_the_sites_own_404() -> None:
    answer = Client().get("/no-such-page")
    assert answer.status_code == 404
    bilingual(answer.content.decode(), "Страница не найдена", "Page not found")


def test_a_post_only_address_opened_by_get_is_not_blank() -> None:
    answer = Client().get("/staff/logout")
    assert answer.status_code == 405 and answer["Allow"] == "POST"
    bilingual(answer.content.decode(), "нельзя открыть таким способом", "cannot be opened that way")


def test_an_expired_form_says_so(admin) -> None:
    client = Client(enforce_csrf_checks=True)
    answer = client.post("/staff/login", {"username": "admin", "password": "x"})
    assert answer.status_code == 403
    bilingual(answer.content.decode(), "Форма устарела", "The form has expired")


def test_a_staff_404_links_back_to_the_staff_pages(coordinator, client_for) -> None:
    answer = client_for(coordinator).get("/staff/cases/999999")
    assert answer.status_code == 404
    html = answer.content.decode()
    bilingual(html, "Страница не найдена", "Page not found")
    assert 'href="/staff/"' in html


def test_a_server_error_is_the_sites_own_500(settings) -> None:
    from django.urls import path

    def broken(request):
        raise RuntimeError("synthetic failure")

    urls = type("urls", (), {"urlpatterns": [path("broken", broken)]})
    settings.ROOT_URLCONF = urls
    answer = Client(raise_request_exception=False).get("/broken")
    assert answer.status_code == 500
    bilingual(answer.content.decode(), "не так на нашей стороне", "went wrong on our side")

"""Posting the questionnaire as its web form does: one POST per page, each question's answer
under its own key, the page's key beside them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.test import Client

from objector.intake.questionnaire import page_of


def by_page(answers: Iterable[tuple[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Consecutive answers grouped by the page that asks them, in order."""
    groups: list[tuple[str, dict[str, Any]]] = []
    for key, value in answers:
        page = page_of(key).key
        if not groups or groups[-1][0] != page:
            groups.append((page, {}))
        groups[-1][1][key] = value
    return groups


def post_page(client: Client, page: str, fields: dict[str, Any], status: int = 302) -> str:
    response = client.post(f"/intake/q?at={page}", {"page": page, **fields})
    assert response.status_code == status, (page, response.content.decode()[:800])
    return response.content.decode() if status != 302 else response["Location"]


def post_answers(client: Client, answers: Iterable[tuple[str, Any]]) -> None:
    """Every answer, page by page; a page's questions left out are sent blank."""
    for page, fields in by_page(answers):
        post_page(client, page, fields)

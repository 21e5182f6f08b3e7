"""The one shape of a refusal: what was wrong (a field), said in English and in Russian.

Plain Python, no Django: the legal engine, the questionnaire and the services all raise it."""

from __future__ import annotations


class BilingualError(ValueError):
    def __init__(self, field: str, message: str, message_ru: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.message_ru = message_ru

    def text(self, lang: str) -> str:
        return self.message_ru if lang == "ru" else self.message

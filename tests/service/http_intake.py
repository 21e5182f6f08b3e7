"""A requester filling in the whole questionnaire over HTTP, as a browser without JavaScript
does: cookies, the CSRF token, redirects followed."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
from datetime import date, timedelta

from tests.intake.pages import by_page


def answers(today: date) -> list[tuple[str, str | list[str]]]:
    left = (today - timedelta(days=30)).strftime("%d.%m.%Y")
    return [
        ("role", "self"),
        ("personnel", "contract"),
        ("events", ["left_unit"]),
        ("date:left_unit", left),
        ("intends_to_return", "yes"),
        ("abroad", "no"),
        ("prior_conviction", "no"),
        ("name", "Синтетический Восстановленный"),
        ("unit", ""),
        ("region", ""),
        ("story", "Синтетическая история для учения по восстановлению."),
        ("consent_filings", "yes"),
        ("contact_method", "code_only"),
    ]


class Requester:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as r:
            return r.read().decode()

    def post(self, path: str, fields: list[tuple[str, str]]) -> str:
        body = urllib.parse.urlencode([*fields, ("csrfmiddlewaretoken", self._csrf())]).encode()
        with self.opener.open(self.base + path, data=body, timeout=30) as r:
            return r.read().decode()

    def submit(self, today: date) -> tuple[str, str]:
        """The whole questionnaire; returns the receipt's reference and secret."""
        self.get("/intake/")
        self.get("/intake/q")  # the first page's form sets the CSRF cookie
        for page, fields in by_page(answers(today)):  # one form a page, as the browser sends it
            sent = [
                (k, v)
                for k, value in fields.items()
                for v in (value if isinstance(value, list) else [value])
            ]
            self.post(f"/intake/q?at={page}", [("page", page), *sent])
        review = self.get("/intake/review")
        key = re.search(r'name="idempotency_key" value="([^"]+)"', review)
        assert key, review[:300]
        receipt = self.post("/intake/review", [("idempotency_key", key[1])])
        reference = re.search(r'id="reference">([^<]+)<', receipt)
        secret = re.search(r'id="secret">([^<]+)<', receipt)
        assert reference and secret, receipt[:300]
        return reference[1].strip(), secret[1].strip()

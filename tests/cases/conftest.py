"""Fixtures shared by the tests of cases."""

from __future__ import annotations

import pytest

from objector.cases.actions import message_receive, request_assign
from objector.intake.models import Request, requests_open


@pytest.fixture
def replied(make_request, coordinator, lawyer) -> Request:
    """A request assigned to the lawyer, opened, with one reply from the requester since."""
    made = make_request()
    request_assign(request=made, lawyer=lawyer, by=coordinator)
    requests_open([made])
    message_receive(request=made, text="Есть новости?")
    return made

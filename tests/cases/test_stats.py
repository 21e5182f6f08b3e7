"""Statistics: counts only, with small cells hidden so that no figure points at a person."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_it_counts_and_hides_small_cells(make_request, analyst, client_for) -> None:
    for _ in range(6):
        make_request()  # Rostov: the Southern district
    make_request(region="moscow")
    analyst.language = "en"
    analyst.save()
    html = client_for(analyst).get("/staff/stats").content.decode()
    assert re.search(r'id="total">7<', html)
    assert re.search(r"<td>Southern</td><td>6</td>", html)
    assert re.search(r"<td>Central</td><td>&lt;5</td>", html)
    assert re.search(r"<td>absence without leave</td><td>7</td>", html)

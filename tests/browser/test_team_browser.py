"""The team page in a real browser at 1366 px and 390 px, JavaScript off: a weak password keeps
the form as filled in; deactivating asks for a tick, looks destructive, and can be undone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SHOTS
from tests.browser.test_casework_browser import sign_in


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_an_administrator_manages_the_team(
    live_server, browser, admin, coordinator, width, height
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page = sign_in(browser, live_server, admin)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/staff/team")
    page.locator("input[name=username]").fill("newlawyer")
    page.locator("input[name=first_name]").fill("Анна")
    page.locator("input[name=password]").fill("123")
    page.locator("select[name=role]").select_option("lawyer")
    page.get_by_role("button", name="Создать").click()
    assert page.locator("[data-field=password]").is_visible()
    assert page.locator("input[name=username]").input_value() == "newlawyer"
    assert page.locator("select[name=role]").input_value() == "lawyer"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The team itself fits too, a block a member on a phone (it scrolled sideways), and the
    # districts' tick boxes are a finger's height (27 px).
    box = "document.querySelector('#team').parentElement"
    assert page.evaluate(f"{box}.scrollWidth <= {box}.clientWidth")
    if width < 640:
        boxes = [e.bounding_box() for e in page.locator("fieldset > label").all()]
        ticks = [round(b["height"]) for b in boxes if b is not None]
        assert ticks and min(ticks) >= 44, ticks
    page.screenshot(path=SHOTS / f"team-weak-password-{width}.png", full_page=True)

    page.goto(f"{live_server.url}/staff/team/{coordinator.pk}")
    button = page.locator("form[action$=deactivate] button")
    colour = button.evaluate("b => getComputedStyle(b).backgroundColor")
    assert colour == "rgb(179, 38, 30)"  # --critical: it looks destructive
    button.click()  # the box is required: the browser stops here
    assert page.url.endswith(f"/staff/team/{coordinator.pk}")
    page.locator("form[action$=deactivate] input[name=confirm]").check()
    button.click()
    assert page.locator("#active").inner_text() == "нет"
    page.screenshot(path=SHOTS / f"team-member-{width}.png", full_page=True)
    page.get_by_role("button", name="Включить снова").click()
    assert page.locator("#active").inner_text() == "да"
    context.close()

"""The team page: a refused form keeps what was typed, deactivation asks first and can be
undone, and an administrator resets someone's password or second factor, on the record."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from objector.accounts.models import Staff
from objector.vault.models import AuditEntry
from tests.conftest import PASSWORD, authenticator

pytestmark = pytest.mark.django_db


def test_a_weak_password_keeps_the_form_and_the_chosen_role(admin, client_for) -> None:
    answer = client_for(admin).post(
        "/staff/team",
        {
            "username": "newlawyer",
            "first_name": "Анна",
            "last_name": "Синтетова",
            "password": "123",
            "role": "lawyer",
            "districts": ["ural", "volga"],
        },
    )
    html = answer.content.decode()
    assert answer.status_code == 400 and 'data-field="password"' in html
    assert 'value="newlawyer"' in html and 'value="Анна"' in html and 'value="Синтетова"' in html
    assert re.search(r'<option value="lawyer" selected>', html)
    assert not re.search(r'<option value="administrator" selected>', html)
    assert 'value="ural" checked' in html and 'value="volga" checked' in html
    assert 'value="123"' not in html  # the password is never sent back
    fresh = client_for(admin).get("/staff/team").content.decode()
    assert not re.search(r"<option value=\"\w+\" selected>", fresh)  # no role chosen for you


def test_deactivation_asks_first_and_can_be_undone(admin, coordinator, client_for) -> None:
    client = client_for(admin)
    page = client.get(f"/staff/team/{coordinator.pk}").content.decode()
    assert 'class="danger"' in page and 'name="confirm"' in page
    assert client.post(f"/staff/team/{coordinator.pk}/deactivate").status_code == 400
    coordinator.refresh_from_db()
    assert coordinator.is_active
    client.post(f"/staff/team/{coordinator.pk}/deactivate", {"confirm": "yes"})
    coordinator.refresh_from_db()
    assert not coordinator.is_active
    assert "Включить снова" in client.get(f"/staff/team/{coordinator.pk}").content.decode()
    client.post(f"/staff/team/{coordinator.pk}/reactivate")
    coordinator.refresh_from_db()
    assert coordinator.is_active
    actions = list(
        AuditEntry.objects.filter(object_id=str(coordinator.pk)).values_list("action", flat=True)
    )
    assert actions[-2:] == ["staff_deactivate", "staff_reactivate"]


def test_an_administrator_resets_a_password_shown_once(admin, coordinator, client_for) -> None:
    theirs = client_for(coordinator)
    assert theirs.get("/staff/queue").status_code == 200
    answer = client_for(admin).post(
        f"/staff/team/{coordinator.pk}/reset-password", {"confirm": "yes"}
    )
    temporary = re.search(r'<code id="temporary">([^<]+)</code>', answer.content.decode())[1]
    assert len(temporary) >= 20
    assert theirs.get("/staff/queue").status_code == 302  # their session ended
    signed_in = Client().post("/staff/login", {"username": "coordinator", "password": temporary})
    assert signed_in.status_code == 302 and signed_in["Location"].startswith("/staff/otp")
    assert (
        Client().post("/staff/login", {"username": "coordinator", "password": PASSWORD}).status_code
        == 400
    )
    assert AuditEntry.objects.filter(action="staff_password_reset").count() == 1
    # Shown once: the member page does not show it again.
    assert temporary not in client_for(admin).get(f"/staff/team/{coordinator.pk}").content.decode()


def test_an_administrator_resets_a_second_factor(admin, coordinator, client_for) -> None:
    authenticator(coordinator)
    theirs = client_for(coordinator)
    assert theirs.get("/staff/queue").status_code == 200
    refused = client_for(admin).post(f"/staff/team/{coordinator.pk}/reset-second-factor")
    assert (
        refused.status_code == 400 and "Сначала отметьте подтверждение" in refused.content.decode()
    )
    client_for(admin).post(f"/staff/team/{coordinator.pk}/reset-second-factor", {"confirm": "yes"})
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not any(  # every session of theirs has ended
        s.get_decoded().get("_auth_user_id") == str(coordinator.pk) for s in Session.objects.all()
    )
    assert theirs.get("/staff/queue").status_code == 302
    signed_in = Client()
    signed_in.post("/staff/login", {"username": "coordinator", "password": PASSWORD})
    enrol = signed_in.get("/staff/otp").content.decode()
    assert "<svg" in enrol  # a new authenticator is set up at sign-in
    assert AuditEntry.objects.filter(action="staff_second_factor_reset").count() == 1
    assert Staff.objects.get(pk=coordinator.pk).is_active


def test_an_administrator_cannot_manage_themselves_here(admin, client_for) -> None:
    assert client_for(admin).get(f"/staff/team/{admin.pk}").status_code == 404

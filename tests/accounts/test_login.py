"""Staff sign-in and the team page."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from objector.accounts.models import Staff
from tests.conftest import PASSWORD, totp_code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "home"),
    [
        ("admin", "/staff/team"),
        ("coordinator", "/staff/queue"),
        ("lawyer", "/staff/queue"),
        ("analyst", "/staff/stats"),
    ],
)
def test_it_signs_each_role_in_to_its_home(request, who, home) -> None:
    staff = request.getfixturevalue(who)
    client = Client()
    response = client.post("/staff/login", {"username": staff.username, "password": PASSWORD})
    assert response["Location"] == "/staff/otp?next=%2Fstaff%2F"
    # Password alone opens nothing.
    assert client.get(home)["Location"].startswith("/staff/otp")
    second = client.post("/staff/otp", {"code": totp_code(staff), "next": "/staff/"})
    assert second["Location"] == "/staff/"
    assert client.get("/staff/")["Location"] == home
    assert client.get(home).status_code == 200


def test_it_answers_an_unknown_user_as_it_answers_a_wrong_password(coordinator) -> None:
    wrong = Client().post("/staff/login", {"username": "coordinator", "password": "nope"})
    unknown = Client().post("/staff/login", {"username": "nobody", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 400

    def body(r) -> str:
        return r.content.decode().split('name="csrfmiddlewaretoken"')[0]

    assert body(wrong) == body(unknown)
    assert "Неверное имя пользователя или пароль" in body(wrong)


def test_it_does_not_redirect_off_the_staff_pages_after_sign_in(coordinator) -> None:
    response = Client().post(
        "/staff/login",
        {"username": "coordinator", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/staff/otp?next=%2Fstaff%2F"


def test_it_enrols_an_authenticator_at_the_first_sign_in(coordinator) -> None:
    client = Client()
    client.post("/staff/login", {"username": "coordinator", "password": PASSWORD})
    page = client.get("/staff/otp").content.decode()
    assert "<svg" in page and 'id="otp-key"' in page  # a QR code drawn inline, and the key
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    wrong = client.post("/staff/otp", {"code": "000000"})
    assert wrong.status_code == 400 and "Код не подошёл" in wrong.content.decode()
    with time_machine.travel(timedelta(seconds=5)):  # after a failure, a second must pass
        code = f"{totp(bytes.fromhex(device.key)):06d}"
        assert client.post("/staff/otp", {"code": code})["Location"] == "/staff/"
    device.refresh_from_db()
    assert device.confirmed
    # The next sign-in asks for a code and shows no key.
    later = Client()
    later.post("/staff/login", {"username": "coordinator", "password": PASSWORD})
    page = later.get("/staff/otp").content.decode()
    assert "<svg" not in page and "otp-key" not in page
    # A code already used is refused.
    assert later.post("/staff/otp", {"code": code}).status_code == 400


def test_it_signs_out_only_by_post(coordinator) -> None:
    client = Client()
    client.force_login(coordinator)
    assert client.get("/staff/logout").status_code == 405
    client.post("/staff/logout")
    assert client.get("/staff/queue").status_code == 302


def test_it_switches_a_staff_members_language(coordinator, client_for) -> None:
    client = client_for(coordinator)
    assert "Очередь" in client.get("/staff/queue").content.decode()
    client.post("/staff/language", {"next": "/staff/queue"})
    html = client.get("/staff/queue").content.decode()
    assert "Queue" in html and '<html lang="en">' in html


def test_an_administrator_adds_and_deactivates_staff(admin, client_for) -> None:
    client = client_for(admin)
    weak = client.post(
        "/staff/team", {"username": "newlawyer", "password": "123", "role": "lawyer"}
    )
    assert weak.status_code == 400 and 'data-field="password"' in weak.content.decode()
    unknown_role = client.post(
        "/staff/team", {"username": "x1", "password": PASSWORD, "role": "superuser"}
    )
    assert unknown_role.status_code == 400
    client.post(
        "/staff/team",
        {"username": "newlawyer", "password": PASSWORD, "role": "lawyer", "districts": ["ural"]},
    )
    made = Staff.objects.get(username="newlawyer")
    assert (made.role, made.districts) == ("lawyer", ["ural"])
    taken = client.post(
        "/staff/team", {"username": "NewLawyer", "password": PASSWORD, "role": "lawyer"}
    )
    assert taken.status_code == 400
    unconfirmed = client.post(f"/staff/team/{made.pk}/deactivate")
    assert unconfirmed.status_code == 400
    made.refresh_from_db()
    assert made.is_active
    client.post(f"/staff/team/{made.pk}/deactivate", {"confirm": "yes"})
    made.refresh_from_db()
    assert not made.is_active
    # The administrator cannot lock themselves out.
    assert client.post(f"/staff/team/{admin.pk}/deactivate", {"confirm": "yes"}).status_code == 404
    admin.refresh_from_db()
    assert admin.is_active
    assert (
        Client().post("/staff/login", {"username": "newlawyer", "password": PASSWORD}).status_code
        == 400
    )


def test_staff_passwords_are_hashed_with_argon2id(admin, settings) -> None:
    import objector.settings as configured
    from objector.accounts.actions import staff_create

    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS  # undo the tests' fast hasher
    staff = staff_create(username="argon", password=PASSWORD, role="lawyer")
    assert staff.password.startswith("argon2$argon2id$")
    signed_in = Client().post("/staff/login", {"username": "argon", "password": PASSWORD})
    assert signed_in.status_code == 302


ATTACKER = "203.0.113.9"
COLLEAGUE = "198.51.100.7"


def _login(username: str, password: str, address: str):
    return Client().post(
        "/staff/login", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_an_attacker_cannot_lock_a_staff_member_out(coordinator) -> None:
    """Finding 6: five wrong passwords used to lock the username for everyone for 15 minutes.
    Now the attacker's own address waits, longer each time; the coordinator signs in at once
    from theirs."""
    refused = 0
    for _ in range(12):
        response = _login("coordinator", "nope", ATTACKER)
        refused += response.status_code == 429
    assert refused >= 8  # after three failures, the pair waits (1 s, 2 s, 4 s …)
    slowed = _login("coordinator", PASSWORD, ATTACKER)
    assert slowed.status_code == 429 and int(slowed["Retry-After"]) >= 1
    assert "Подождите" in slowed.content.decode()
    assert _login("coordinator", PASSWORD, COLLEAGUE).status_code == 302


def test_the_delay_grows_per_account_and_address_and_then_lets_the_right_password_in(
    coordinator,
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(3):
            assert _login("coordinator", "nope", ATTACKER).status_code == 400
        waits = []
        for _ in range(4):
            refused = _login("coordinator", "nope", ATTACKER)
            assert refused.status_code == 429
            waits.append(int(refused["Retry-After"]))
            clock.shift(waits[-1])
            assert _login("coordinator", "nope", ATTACKER).status_code == 400
        assert waits == [1, 2, 4, 8]
        # Another username from the same address is not slowed by this pair.
        assert _login("nobody", "nope", ATTACKER).status_code == 400
        clock.shift(60)
        assert _login("coordinator", PASSWORD, ATTACKER).status_code == 302


def test_each_address_is_capped_without_hashing_a_password(coordinator, settings) -> None:
    import sqlite3

    from objector.vault import throttle

    for n in range(30):
        assert _login(f"guess{n}", "nope", ATTACKER).status_code == 400
    settings.PASSWORD_HASHERS = ["tests.accounts.test_login.ExplodingHasher"]
    capped = _login("coordinator", PASSWORD, ATTACKER)  # no password is checked, nothing written
    assert capped.status_code == 429
    assert throttle.counted("login") == 30
    store = sqlite3.connect(Path(settings.DATA_DIR) / throttle.STORE)
    stored = str(store.execute("SELECT * FROM attempt").fetchall())
    store.close()
    for clear in ("guess1", "coordinator", "nope", ATTACKER):
        assert clear not in stored
    with time_machine.travel(timedelta(minutes=16)):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        assert _login("coordinator", PASSWORD, ATTACKER).status_code == 302


class ExplodingHasher:
    algorithm = "md5"

    def __getattr__(self, name: str):
        raise AssertionError("a password was hashed")


def test_failed_sign_ins_are_audited_without_what_was_typed(coordinator) -> None:
    from objector.vault.models import AuditEntry

    _login("coordinator", "nope", ATTACKER)
    _login("typed-a-password-here", "nope", ATTACKER)
    failed = list(
        AuditEntry.objects.filter(action="sign_in_failed").values_list("actor_id", "object_id")
    )
    assert failed == [(coordinator.pk, str(coordinator.pk)), (None, "-")]
    assert "typed-a-password-here" not in str(list(AuditEntry.objects.values_list()))


def test_a_throttled_second_factor_is_reported_as_such(coordinator) -> None:
    client = Client()
    client.post("/staff/login", {"username": "coordinator", "password": PASSWORD})
    client.get("/staff/otp")
    device = TOTPDevice.objects.get(user=coordinator)
    assert client.post("/staff/otp", {"code": "000000"}).status_code == 400
    throttled = client.post("/staff/otp", {"code": f"{totp(bytes.fromhex(device.key)):06d}"})
    assert throttled.status_code == 429
    html = throttled.content.decode()
    assert "Слишком много попыток" in html and "Проверьте время" not in html
    assert int(throttled["Retry-After"]) >= 1


def test_a_success_clears_the_failures(coordinator) -> None:
    for _ in range(3):
        Client().post("/staff/login", {"username": "coordinator", "password": "nope"})
    with time_machine.travel(timedelta(seconds=2)):
        ok = Client().post("/staff/login", {"username": "coordinator", "password": PASSWORD})
        assert ok.status_code == 302
        for _ in range(3):
            Client().post("/staff/login", {"username": "coordinator", "password": "nope"})
    with time_machine.travel(timedelta(seconds=4)):
        ok = Client().post("/staff/login", {"username": "coordinator", "password": PASSWORD})
        assert ok.status_code == 302


def test_it_signs_staff_out_after_thirty_idle_minutes(coordinator, client_for) -> None:
    client = client_for(coordinator)
    assert client.get("/staff/queue").status_code == 200
    with time_machine.travel(timedelta(minutes=25)):
        assert client.get("/staff/queue").status_code == 200  # activity moves the clock on
    with time_machine.travel(timedelta(minutes=50)):
        assert client.get("/staff/queue").status_code == 200
    with time_machine.travel(timedelta(minutes=81)):
        response = client.get("/staff/queue")
        assert response.status_code == 302 and response["Location"].startswith("/staff/login")
        assert client.get("/staff/deadlines").status_code == 302  # signed out for good


def test_the_team_page_names_roles_and_districts_in_the_readers_language(
    admin, lawyer, client_for
) -> None:
    html = client_for(admin).get("/staff/team").content.decode()
    # not "lawyer" and "southern"; each cell labelled with its column for a phone
    assert '<td data-label="Роль">юрист</td><td data-label="Округа">Южный</td>' in html
    assert "(администратор)" in html  # the navigation names the reader's own role


def test_a_password_change_ends_every_session_of_that_person(coordinator, client_for) -> None:
    here, elsewhere = client_for(coordinator), client_for(coordinator)
    assert elsewhere.get("/staff/queue").status_code == 200
    wrong = here.post("/staff/password", {"current": "not it", "new": "x" * 12, "again": "x" * 12})
    assert wrong.status_code == 400 and "текущий пароль указан неверно" in wrong.content.decode()
    differ = here.post(
        "/staff/password",
        {"current": PASSWORD, "new": "synthetic-new-pass-1", "again": "synthetic-new-pass-2"},
    )
    assert differ.status_code == 400 and "не совпадают" in differ.content.decode()
    weak = here.post("/staff/password", {"current": PASSWORD, "new": "123", "again": "123"})
    assert weak.status_code == 400 and "слишком слабый" in weak.content.decode()
    new = "synthetic-new-pass-1"
    done = here.post("/staff/password", {"current": PASSWORD, "new": new, "again": new})
    assert done["Location"] == "/staff/login?changed=1"
    assert "Войдите с новым паролем" in here.get(done["Location"]).content.decode()
    # This session and the one on another device have both ended.
    for client in (here, elsewhere):
        assert client.get("/staff/queue")["Location"].startswith("/staff/login")
    coordinator.refresh_from_db()
    assert coordinator.check_password(new)

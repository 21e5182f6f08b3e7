"""Every write to the organisation and staff accounts goes through here."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from objector.errors import BilingualError
from objector.intake.regions import DISTRICT_BY_KEY
from objector.vault import throttle
from objector.vault.actions import MIN_PASSPHRASE, organisation_keys_create
from objector.vault.audit import AuditAction, audit_record

from . import trust
from .models import Organisation, Staff, TrustedBrowser


class SetupError(BilingualError):
    """A refused account or setup; `field` names the form field."""


def setup_code() -> str:
    """The code the setup web page asks for. `objector run` prints it, so only whoever runs the
    server can claim it before setup is done; nobody on the network can race them to it."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"setup", hashlib.sha256).hexdigest()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def organisation_exists() -> bool:
    return Organisation.objects.exists()


def _check_password(password: str, user: Staff | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise SetupError(
            "password",
            "the password is too weak: " + " ".join(exc.messages),
            "пароль слишком слабый: не короче 12 символов, не из списка частых, не только цифры",
        ) from None


def staff_create(
    *,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    districts: list[str] | None = None,
    language: str = "ru",
    by: Staff | None = None,
) -> Staff:
    username = username.strip()
    if not username or len(username) > 150 or not username.replace("_", "").isalnum():
        raise SetupError(
            "username",
            "the username must be letters, digits or _ only",
            "имя пользователя: только буквы, цифры и _",
        )
    if _named(username):
        raise SetupError("username", "this username is taken", "это имя пользователя занято")
    if role not in Staff.Role.values:
        raise SetupError("role", "unknown role", "неизвестная роль")
    unknown = [d for d in districts or () if d not in DISTRICT_BY_KEY]
    if unknown:
        raise SetupError("districts", "unknown district", "неизвестный округ")
    staff = Staff(
        username=username,
        role=role,
        first_name=first_name.strip()[:150],
        last_name=last_name.strip()[:150],
        districts=list(districts or ()),
        language=language if language in ("ru", "en") else "ru",
    )
    _check_password(password, staff)
    staff.set_password(password)
    with transaction.atomic():
        staff.save()
        if by is not None:
            audit_record(actor=by, action="staff_create", object_type="staff", object_id=staff.pk)
    return staff


def organisation_setup(
    *, name: str, username: str, password: str, passphrase: str, language: str = "ru"
) -> Staff:
    """First run: the organisation, its first administrator, and their unlock passphrase."""
    name = name.strip()
    if not name or len(name) > 200:
        raise SetupError("name", "the organisation's name is needed", "нужно название организации")
    if len(passphrase) < MIN_PASSPHRASE:
        raise SetupError(
            "passphrase",
            f"the unlock passphrase must be at least {MIN_PASSPHRASE} characters",
            f"фраза разблокировки должна быть не короче {MIN_PASSPHRASE} символов",
        )
    if passphrase == password:
        raise SetupError(
            "passphrase",
            "the unlock passphrase must differ from the password",
            "фраза разблокировки должна отличаться от пароля",
        )
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(name=name)
            admin = staff_create(
                username=username,
                password=password,
                role=Staff.Role.ADMINISTRATOR,
                language=language,
            )
            organisation_keys_create(organisation=organisation, admin=admin, passphrase=passphrase)
    except IntegrityError:
        raise SetupError("name", "setup is already done", "настройка уже выполнена") from None
    return admin


def _named(username: str) -> list[str]:
    """The usernames on file that differ from this one at most in case, in any alphabet. A
    username is one account whatever its case, as the throttle and the trusted cookie count it
    (red team, round 8: SQLite's LIKE, behind `iexact`, folds ASCII letters only, so "Алиса"
    and "алиса" could be two accounts; and sign-in matched exactly).

    Compared here with `str.casefold`, the throttle's and the cookie's own folding, over every
    username on file (an organisation's staff: a few hundred rows at most). A database's
    ignore-case match is not the same relation (red2, round 8): a regular expression folds one
    letter at a time, so "Straße" and "STRASSE" were two accounts sharing one throttle count and
    one trusted-cookie tag; and PostgreSQL's `~*` folds ASCII only under the C locale."""
    wanted = username.strip().casefold()
    if not wanted:
        return []
    names = Staff.objects.values_list("username", flat=True).iterator()
    return [name for name in names if name.casefold() == wanted]


def username_on_file(username: str) -> str:
    """The account's own spelling of a username typed in any case; as typed when there is no
    such account (or, from before round 8, two that differ only in case and neither exactly)."""
    names = _named(username)
    if username in names:
        return username
    return names[0] if len(names) == 1 else username


def login_wait(*, username: str, address: str, browser: str = "") -> float:
    """Seconds this address must wait before trying this username again (0: go ahead). A
    growing delay per account and address pair, and a cap per address (vault/throttle.py):
    no one can lock an account for anyone else. Known and unknown usernames count alike. A
    browser trusted for this username (`browser`, its key from trusted_browser) keeps only the
    pair's delay, others behind the same address (a NAT, a VPN, a Tor exit) cannot lock it
    out, and the same growing delay for its own failures from any address: a stolen cookie
    sent from a new address for every few guesses gets no more of them (red team, round 7)."""
    subject = username.strip().casefold()
    if browser:
        return max(
            throttle.pair_wait("login", address=address, subject=subject),
            throttle.pair_wait(trust.BROWSER_KIND, address=browser, subject=subject),
        )
    return throttle.wait_seconds("login", address=address, subject=subject)


def trusted_browser(*, cookie: str, username: str) -> str:
    """The key a browser trusted for this username counts its failures under (a hash of its
    id), or "" when it is not trusted (browser_trusted).

    A cookie validly signed for this username but no longer on file (revoked) is counted as
    that browser's failure at each use: the guard in front of Django cannot tell it from a live
    one without a query, and refuses it once that count says wait (red team, round 7: a flood
    with a revoked cookie reached Django at every attempt)."""
    found = trust.browser_id(cookie, username)
    if not found:
        return ""
    if _on_file(found, username):
        return trust.digest(found)
    throttle.failed(
        trust.BROWSER_KIND, address=trust.digest(found), subject=username.strip().casefold()
    )
    return ""


def browser_trust(*, staff: Staff) -> str:
    """A new trusted-browser id for this staff member, after both factors (accounts/trust.py);
    only its hash is kept."""
    browser_id = trust.new_id()
    TrustedBrowser.objects.create(staff=staff, digest=trust.digest(browser_id))
    return browser_id


def browser_trusted(*, cookie: str, username: str) -> bool:
    """The cookie was issued to this username, is unexpired, and its id is still on file for
    an active account of that name: one indexed read, only for a validly signed cookie."""
    browser_id = trust.browser_id(cookie, username)
    return bool(browser_id) and _on_file(browser_id, username)


def _on_file(browser_id: str, username: str) -> bool:
    """The id is still on file, unexpired, for an active account of this name."""
    on_file = (
        TrustedBrowser.objects.filter(
            digest=trust.digest(browser_id),
            staff__is_active=True,
            created_at__gte=timezone.now() - timedelta(days=trust.TRUSTED_DAYS),
        )
        .values_list("staff__username", flat=True)
        .first()
    )
    # Whatever the case typed, as the cookie's tag (round 8: an exact match here made a
    # capitalised username look like a revoked cookie).
    return on_file is not None and on_file.casefold() == username.strip().casefold()


def browsers_forget(*, staff: Staff) -> None:
    """Every browser trusted for this member is trusted no more."""
    TrustedBrowser.objects.filter(staff=staff).delete()


def browsers_expired_forget() -> int:
    """Browsers trusted longer ago than their cookie lives are forgotten (hourly, with the
    expired sessions): their rows would otherwise stay, one per complete sign-in."""
    since = timezone.now() - timedelta(days=trust.TRUSTED_DAYS)
    return int(TrustedBrowser.objects.filter(created_at__lt=since).delete()[0])


def login_failed(*, username: str, address: str, browser: str = "") -> None:
    """Counted for throttling (for a trusted browser, for it too), and audited: the account if
    it exists, never the text typed (a password typed into the username field must not land in
    the log)."""
    with transaction.atomic():
        throttle.failed("login", address=address, subject=username.strip().casefold())
        if browser:
            throttle.failed(
                trust.BROWSER_KIND, address=browser, subject=username.strip().casefold()
            )
        staff = Staff.objects.filter(username=username_on_file(username)).first()
        audit_record(
            actor=staff,
            action="sign_in_failed",
            object_type="staff",
            object_id=staff.pk if staff else "-",
        )


def login_succeeded(*, username: str, address: str, browser: str = "") -> None:
    throttle.succeeded("login", address=address, subject=username.strip().casefold())
    if browser:
        throttle.succeeded(trust.BROWSER_KIND, address=browser, subject=username.strip().casefold())


def password_change(*, staff: Staff, current: str, new: str, again: str) -> None:
    """A staff member's own new password. Raises SetupError naming what was wrong. Every
    session of theirs ends with it (Django checks a hash of the password on each request)."""
    if not staff.check_password(current):
        raise SetupError(
            "current", "the current password is wrong", "текущий пароль указан неверно"
        )
    if new != again:
        raise SetupError("again", "the new passwords differ", "новые пароли не совпадают")
    _check_password(new, staff)
    with transaction.atomic():
        staff.set_password(new)
        staff.save(update_fields=["password"])
        browsers_forget(staff=staff)
        audit_record(actor=staff, action="password_change", object_type="staff", object_id=staff.pk)


def staff_deactivate(*, staff: Staff, by: Staff | None) -> None:
    """Accounts are deactivated, never deleted: the audit log keeps pointing at them."""
    with transaction.atomic():
        staff.is_active = False
        staff.save(update_fields=["is_active"])
        browsers_forget(staff=staff)
        audit_record(
            actor=by, action=AuditAction.STAFF_DEACTIVATE, object_type="staff", object_id=staff.pk
        )


# The team page: an administrator's changes to someone else's account


def staff_reactivate(*, staff: Staff, by: Staff) -> None:
    """A deactivated account back in use, with the role, districts and key grants it had."""
    with transaction.atomic():
        staff.is_active = True
        staff.save(update_fields=["is_active"])
        audit_record(
            actor=by, action=AuditAction.STAFF_REACTIVATE, object_type="staff", object_id=staff.pk
        )


TEMPORARY_WORDS = 5


def staff_password_reset(*, staff: Staff, by: Staff) -> str:
    """A new random password for someone who lost theirs, returned once for the administrator
    to hand over in person; the member then chooses their own. Every session of theirs ends
    (Django checks a hash of the password on each request)."""
    temporary = "-".join(secrets.token_urlsafe(4) for _ in range(TEMPORARY_WORDS))
    with transaction.atomic():
        staff.set_password(temporary)
        staff.save(update_fields=["password"])
        browsers_forget(staff=staff)
        audit_record(
            actor=by,
            action=AuditAction.STAFF_PASSWORD_RESET,
            object_type="staff",
            object_id=staff.pk,
        )
    return temporary


def staff_second_factor_reset(*, staff: Staff, by: Staff) -> None:
    """Forget a member's authenticator (a lost phone): they enrol a new one at their next
    sign-in. Their sessions end now, so that nobody holding one can enrol in their place."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=staff).delete()
        staff_sessions_end(staff=staff)
        audit_record(
            actor=by,
            action=AuditAction.STAFF_SECOND_FACTOR_RESET,
            object_type="staff",
            object_id=staff.pk,
        )


def staff_sessions_end(*, staff: Staff) -> int:
    """End every session of this member. Sessions are not indexed by user in Django's table,
    so each live one is decoded: a team has at most a few hundred. The browsers trusted for
    them are trusted no more (accounts/trust.py)."""
    browsers_forget(staff=staff)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(staff.pk):
            session.delete()
            ended += 1
    return ended

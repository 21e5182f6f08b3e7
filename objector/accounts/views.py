"""Sign-in, first-run setup and the team page."""

from __future__ import annotations

import hmac
import math
from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from objector.intake.regions import DISTRICTS, district_name
from objector.vault import throttle
from objector.vault.actions import seal_epoch
from objector.vault.audit import audit_record
from objector.vault.models import UnlockGrant, WrappedKey

from . import actions, trust
from .access import Role, current_staff, role_required, staff_of, staff_path
from .forms import ConfirmForm
from .middleware import EPOCH_KEY
from .models import Staff
from .texts import STAFF_UI, staff_lang

HOME_BY_ROLE = {
    Role.COORDINATOR: "cases:queue",
    Role.LAWYER: "cases:queue",
    Role.ANALYST: "stats:page",
    Role.ADMINISTRATOR: "accounts:team",
}


def _text(key: str, lang: str) -> str:
    return STAFF_UI[key][lang]


@never_cache
def staff_home(request: HttpRequest) -> HttpResponse:
    staff = staff_of(request)
    if staff is None:
        return redirect("accounts:login")
    return redirect(HOME_BY_ROLE[Role(staff.role)])


def _trust_browser(response: HttpResponse, staff: Staff) -> None:
    """After both factors: this browser may sign this account in during a flood of attempts
    (throttle.hashing_turn) and past the per-address cap, without waiting behind them
    (accounts/trust.py). It opens nothing by itself, and is revoked with the account's
    password, second factor, sessions or deactivation."""
    browser_id = actions.browser_trust(staff=staff)
    response.set_cookie(
        trust.TRUSTED_COOKIE,
        trust.cookie_value(browser_id, staff.username),
        max_age=trust.TRUSTED_DAYS * 86400,
        path=reverse("accounts:login"),
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _password_check(
    request: HttpRequest, username: str, address: str, browser: str
) -> tuple[str, float, Any]:
    """(which refusal, seconds to wait, the account or None) for a posted username and password.

    A browser trusted for this username (`browser`, its key) keeps only the pair's growing
    delay and its own, then waits a few seconds at most for the hash in progress. Any other
    attempt needs its turn first: a flood from many addresses is refused with no query and no
    write."""
    password = request.POST.get("password", "")[:1000]
    if browser:
        wait = actions.login_wait(username=username, address=address, browser=browser)
        if wait:
            return "slow_down", wait, None
        with throttle.hashing_turn("login", trusted=True) as turn:
            if not turn.granted:
                return "busy", turn.wait, None
            return "", 0.0, _authenticate(request, username, password)
    with throttle.hashing_turn("login", address=address) as turn:
        if not turn.granted:
            return "busy", turn.wait, None
        # The same answer for every username, known or not, and no password is hashed.
        wait = actions.login_wait(username=username, address=address)
        if wait:
            return "slow_down", wait, None
        return "", 0.0, _authenticate(request, username, password)


def _authenticate(request: HttpRequest, username: str, password: str) -> Any:
    """The account whatever the case its username was typed in (a phone capitalises it): the
    throttle and the trusted cookie count it so too."""
    return authenticate(request, username=actions.username_on_file(username), password=password)


@require_http_methods(["GET", "POST"])
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if not actions.organisation_exists():
        return redirect("accounts:setup")
    lang = staff_lang(request)
    error: str | None = None
    status = 200
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        address = throttle.client_address(request)
        browser = actions.trusted_browser(
            cookie=request.COOKIES.get(trust.TRUSTED_COOKIE, ""), username=username
        )
        refusal, wait, staff = _password_check(request, username, address, browser)
        if wait:
            seconds = max(1, math.ceil(wait))
            refused = {
                "error": _text(refusal, lang).format(seconds=seconds),
                "next": request.POST.get("next", ""),
                "username": username,
            }
            response = render(request, "accounts/login.html", refused, status=429)
            response["Retry-After"] = str(seconds)
            return response
        if isinstance(staff, Staff) and staff.role:
            actions.login_succeeded(username=username, address=address, browser=browser)
            login(request, staff)  # rotates the session key
            audit_record(actor=staff, action="sign_in", object_type="staff", object_id=staff.pk)
            target = staff_path(request.POST.get("next", ""), reverse("accounts:home"))
            return redirect(f"{reverse('accounts:otp')}?{urlencode({'next': target})}")
        actions.login_failed(username=username, address=address, browser=browser)
        error, status = _text("bad_login", lang), 400
    # After a wrong password the page comes back with the username and the page asked for
    # kept (they were lost: the form's own address carries no `next`).
    posted = request.method == "POST"
    context = {
        "error": error,
        "next": request.POST.get("next", "") if posted else request.GET.get("next", ""),
        "username": request.POST.get("username", "")[:150] if posted else "",
        "changed": request.GET.get("changed") == "1",
    }
    return render(request, "accounts/login.html", context, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def otp_view(request: HttpRequest) -> HttpResponse:
    """The second factor, mandatory for every account: enrol a TOTP app the first time, then
    enter its code at every sign-in."""
    staff = staff_of(request)
    if staff is None:
        return redirect("accounts:login")
    lang = staff_lang(request)
    target = request.GET.get("next") or request.POST.get("next", "")
    device = TOTPDevice.objects.filter(user=staff, confirmed=True).first()
    enrolling = device is None
    if device is None:
        device = TOTPDevice.objects.filter(user=staff, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=False)
    error = None
    if request.method == "POST":
        code = "".join(ch for ch in request.POST.get("code", "") if ch.isdigit())[:8]
        allowed, throttled = device.verify_is_allowed()
        if not allowed:
            # Said as it is: too many tries; not "wrong code, check the clock".
            until = (throttled or {}).get("locked_until")
            seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
            audit_record(
                actor=staff,
                action="second_factor_throttled",
                object_type="staff",
                object_id=staff.pk,
            )
            context = {
                "enrolling": enrolling,
                "error": _text("otp_throttled", lang).format(seconds=seconds),
                "next": target,
                "qr": "",
                "key": "",
            }
            response = render(request, "accounts/otp.html", context, status=429)
            response["Retry-After"] = str(seconds)
            return response
        if code and device.verify_token(code):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[EPOCH_KEY] = seal_epoch()  # a later seal ends this session
            audit_record(
                actor=staff, action="second_factor", object_type="staff", object_id=staff.pk
            )
            response = redirect(staff_path(target, reverse("accounts:home")))
            _trust_browser(response, staff)
            return response
        audit_record(
            actor=staff, action="second_factor_failed", object_type="staff", object_id=staff.pk
        )
        error = _text("otp_wrong", lang)
    context = {
        "enrolling": enrolling,
        "error": error,
        "next": target,
        "qr": segno.make(device.config_url, error="m").svg_inline(scale=4) if enrolling else "",
        "key": b32encode(bytes.fromhex(device.key)).decode() if enrolling else "",
    }
    return render(request, "accounts/otp.html", context, status=400 if error else 200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
@role_required(*Role.values)
def password(request: HttpRequest) -> HttpResponse:
    """A staff member changes their own password; every session of theirs ends, this one too."""
    lang = staff_lang(request)
    error = None
    if request.method == "POST":
        try:
            actions.password_change(
                staff=current_staff(request),
                current=request.POST.get("current", "")[:1000],
                new=request.POST.get("new", "")[:1000],
                again=request.POST.get("again", "")[:1000],
            )
        except actions.SetupError as exc:
            error = exc.text(lang)
        else:
            logout(request)
            return redirect(reverse("accounts:login") + "?changed=1")
    return render(request, "accounts/password.html", {"error": error}, status=400 if error else 200)


@require_POST
@role_required(*Role.values)
def language(request: HttpRequest) -> HttpResponse:
    staff = current_staff(request)
    staff.language = "en" if staff.language == "ru" else "ru"
    staff.save(update_fields=["language"])
    return redirect(staff_path(request.POST.get("next", ""), "/staff/"))


@require_http_methods(["GET", "POST"])
@never_cache
def setup(request: HttpRequest) -> HttpResponse:
    """The first-run page, open only while no organisation exists."""
    if actions.organisation_exists():
        return redirect("accounts:login")
    lang = staff_lang(request)
    errors: dict[str, str] = {}
    if request.method == "POST":
        code = request.POST.get("setup_code", "").strip().lower()
        passphrase = request.POST.get("passphrase", "")
        if not hmac.compare_digest(code.encode(), actions.setup_code().encode()):
            errors["setup_code"] = _text("bad_setup_code", lang)
        elif passphrase != request.POST.get("passphrase_again", ""):
            errors["passphrase"] = _text("passphrase_mismatch", lang)
        else:
            try:
                admin = actions.organisation_setup(
                    name=request.POST.get("name", ""),
                    username=request.POST.get("username", ""),
                    password=request.POST.get("password", ""),
                    passphrase=passphrase,
                    language=lang,
                )
            except actions.SetupError as exc:
                errors[exc.field] = exc.text(lang)
            else:
                login(request, admin, backend="django.contrib.auth.backends.ModelBackend")
                # Straight on to enrolling the second factor, then the team page.
                return redirect(f"{reverse('accounts:otp')}?{urlencode({'next': '/staff/team'})}")
    context = {
        "errors": errors,
        "lang": lang,
        "values": {k: request.POST.get(k, "") for k in ("name", "username")},
    }
    return render(request, "accounts/setup.html", context, status=400 if errors else 200)


TEAM_FIELDS = ("username", "first_name", "last_name", "role", "language")


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def team(request: HttpRequest) -> HttpResponse:
    """The team, and a form for a new member. A refused form comes back as it was filled in
    (all but the password), with the reason beside the field."""
    lang = staff_lang(request)
    errors: dict[str, str] = {}
    values: dict[str, Any] = {"role": "", "districts": []}
    if request.method == "POST":
        values = {k: request.POST.get(k, "")[:150] for k in TEAM_FIELDS}
        values["districts"] = request.POST.getlist("districts")
        try:
            actions.staff_create(
                username=values["username"],
                password=request.POST.get("password", ""),
                role=values["role"],
                first_name=values["first_name"],
                last_name=values["last_name"],
                districts=values["districts"],
                language=values["language"] or "ru",
                by=staff_of(request),
            )
        except actions.SetupError as exc:
            errors[exc.field] = exc.text(lang)
        else:
            return redirect("accounts:team")
    context = {
        "members": [
            (
                m,
                STAFF_UI[f"role_{m.role}"][lang],
                ", ".join(district_name(d, lang) for d in m.districts),
            )
            for m in Staff.objects.order_by("-is_active", "role", "username")
        ],
        "holders": set(WrappedKey.objects.values_list("staff_id", flat=True)),
        "pending": set(UnlockGrant.objects.values_list("staff_id", flat=True)),
        "roles": [(r, STAFF_UI[f"role_{r}"][lang]) for r in Role.values],
        "districts": [(d.key, getattr(d, lang)) for d in DISTRICTS],
        "errors": errors,
        "values": values,
    }
    return render(request, "accounts/team.html", context, status=400 if errors else 200)


def _member(request: HttpRequest, pk: int) -> Staff:
    """Another member of the team: an administrator never locks themself out from here."""
    member = get_object_or_404(Staff, pk=pk)
    if member.pk == request.user.pk:
        raise Http404("yourself")
    return member


def _member_page(
    request: HttpRequest,
    member: Staff,
    *,
    error: str = "",
    temporary: str = "",
    done: str = "",
    status: int = 200,
) -> HttpResponse:
    lang = staff_lang(request)
    context = {
        "member": member,
        "member_role": STAFF_UI[f"role_{member.role}"][lang],
        "has_second_factor": TOTPDevice.objects.filter(user=member, confirmed=True).exists(),
        "error": error,
        "temporary": temporary,
        "done": done,
    }
    return render(request, "accounts/member.html", context, status=status)


@require_GET
@role_required(Role.ADMINISTRATOR)
def member(request: HttpRequest, pk: int) -> HttpResponse:
    """One member's account: deactivate or reactivate it, reset the password or the second
    factor. Each destructive change asks for a tick in a box first."""
    return _member_page(request, _member(request, pk))


def _confirmed(request: HttpRequest) -> bool:
    return ConfirmForm(request.POST).is_valid()


UNCONFIRMED = gettext_noop("Tick the box to confirm first.")


@require_POST
@role_required(Role.ADMINISTRATOR)
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    found = _member(request, pk)
    if not _confirmed(request):
        return _member_page(request, found, error=gettext(UNCONFIRMED), status=400)
    actions.staff_deactivate(staff=found, by=current_staff(request))
    return _member_page(request, found, done=gettext("The account is deactivated."))


@require_POST
@role_required(Role.ADMINISTRATOR)
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    found = _member(request, pk)
    actions.staff_reactivate(staff=found, by=current_staff(request))
    return _member_page(request, found, done=gettext("The account is active again."))


@require_POST
@role_required(Role.ADMINISTRATOR)
def password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    found = _member(request, pk)
    if not _confirmed(request):
        return _member_page(request, found, error=gettext(UNCONFIRMED), status=400)
    temporary = actions.staff_password_reset(staff=found, by=current_staff(request))
    return _member_page(request, found, temporary=temporary)


@require_POST
@role_required(Role.ADMINISTRATOR)
def second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    found = _member(request, pk)
    if not _confirmed(request):
        return _member_page(request, found, error=gettext(UNCONFIRMED), status=400)
    actions.staff_second_factor_reset(staff=found, by=current_staff(request))
    done = gettext("The second factor is reset: they set up a new authenticator at next sign-in.")
    return _member_page(request, found, done=done)

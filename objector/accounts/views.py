"""Sign-in, first-run setup and the team page."""

from __future__ import annotations

import hmac
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from objector.intake.regions import DISTRICTS, district_name
from objector.vault.actions import seal_epoch
from objector.vault.audit import audit_record
from objector.vault.models import UnlockGrant, WrappedKey

from . import actions
from .access import Role, current_staff, role_required, staff_of, staff_path
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
        if actions.login_locked(username):
            # The same page for every username, known or not, and no password is checked.
            locked = {"error": _text("locked", lang), "next": request.POST.get("next", "")}
            return render(request, "accounts/login.html", locked, status=429)
        staff = authenticate(
            request, username=username, password=request.POST.get("password", "")[:1000]
        )
        if isinstance(staff, Staff) and staff.role:
            actions.login_succeeded(username)
            login(request, staff)  # rotates the session key
            audit_record(actor=staff, action="sign_in", object_type="staff", object_id=staff.pk)
            target = staff_path(request.POST.get("next", ""), reverse("accounts:home"))
            return redirect(f"{reverse('accounts:otp')}?{urlencode({'next': target})}")
        actions.login_failed(username)
        error, status = _text("bad_login", lang), 400
    context = {
        "error": error,
        "next": request.GET.get("next", ""),
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
        if code and device.verify_is_allowed()[0] and device.verify_token(code):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[EPOCH_KEY] = seal_epoch()  # a later seal ends this session
            audit_record(
                actor=staff, action="second_factor", object_type="staff", object_id=staff.pk
            )
            return redirect(staff_path(target, reverse("accounts:home")))
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


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def team(request: HttpRequest) -> HttpResponse:
    lang = staff_lang(request)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            actions.staff_create(
                username=request.POST.get("username", ""),
                password=request.POST.get("password", ""),
                role=request.POST.get("role", ""),
                first_name=request.POST.get("first_name", ""),
                last_name=request.POST.get("last_name", ""),
                districts=request.POST.getlist("districts"),
                language=request.POST.get("language", "ru"),
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
            for m in Staff.objects.order_by("role", "username")
        ],
        "holders": set(WrappedKey.objects.values_list("staff_id", flat=True)),
        "pending": set(UnlockGrant.objects.values_list("staff_id", flat=True)),
        "roles": [(r, STAFF_UI[f"role_{r}"][lang]) for r in Role.values],
        "districts": [(d.key, getattr(d, lang)) for d in DISTRICTS],
        "errors": errors,
    }
    return render(request, "accounts/team.html", context, status=400 if errors else 200)


@require_POST
@role_required(Role.ADMINISTRATOR)
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Staff, pk=pk)
    if member.pk != request.user.pk:  # the last administrator cannot lock everyone out
        actions.staff_deactivate(staff=member, by=staff_of(request))
    return redirect("accounts:team")

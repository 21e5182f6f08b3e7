"""Unlock and seal."""

from __future__ import annotations

from contextlib import suppress

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from objector.accounts.access import Role, current_staff, role_required, staff_of, staff_path
from objector.accounts.models import Staff
from objector.accounts.texts import STAFF_UI, staff_lang

from . import actions, crypto, keyholder
from .models import UnlockGrant, WrappedKey


def _page(
    request: HttpRequest,
    *,
    error: str | None = None,
    status: int = 200,
    back: str = "",
) -> HttpResponse:
    staff = staff_of(request)
    context = {
        "unlocked": actions.vault_unlocked(),
        "may_unlock": WrappedKey.objects.filter(staff=staff).exists(),
        "granted": UnlockGrant.objects.filter(staff=staff).exists(),
        "error": error,
        "back": back,
    }
    return render(request, "vault/vault.html", context, status=status)


def sealed(request: HttpRequest) -> HttpResponse:
    """What a staff page that needs personal data answers while the vault is sealed: 503, with
    the unlock form, which brings the person back to that page (vault.middleware)."""
    back = request.get_full_path() if request.method == "GET" else ""
    lang = staff_lang(request)
    return _page(request, error=STAFF_UI["page_sealed"][lang], status=503, back=back)


def _refused(request: HttpRequest, exc: crypto.VaultError, otherwise: str) -> HttpResponse:
    """403 for someone who holds no key; 400, saying `otherwise`, for a bad passphrase."""
    no_key = isinstance(exc, actions.NoKey)
    key = "may_not_unlock" if no_key else otherwise
    lang = staff_lang(request)
    return _page(request, error=STAFF_UI[key][lang], status=403 if no_key else 400)


@require_GET
@role_required(*Role.values)
def vault(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@role_required(*Role.values)
def unlock(request: HttpRequest) -> HttpResponse:
    staff = current_staff(request)
    lang = staff_lang(request)
    try:
        actions.vault_unlock(staff=staff, passphrase=request.POST.get("passphrase", "")[:1000])
    except crypto.VaultError as exc:
        return _refused(request, exc, "bad_passphrase")
    except keyholder.KeyHolderError:
        return _page(request, error=STAFF_UI["keyholder_down"][lang], status=503)
    return redirect(staff_path(request.POST.get("back", ""), "/staff/vault"))


@require_POST
@role_required(*Role.values)
def seal(request: HttpRequest) -> HttpResponse:
    """Anyone on the staff may seal: it is the emergency button."""
    # An unreachable key-holder holds nothing to drop; the sessions still end.
    with suppress(keyholder.KeyHolderError):
        actions.vault_seal(staff=staff_of(request))
    return redirect("accounts:login")


@require_POST
@role_required(*Role.values)
def passphrase(request: HttpRequest) -> HttpResponse:
    """A granted staff member chooses their unlock passphrase, while the vault is unlocked,
    with a colleague who holds a key beside them typing their own passphrase: the key-holder
    wraps a copy of the key for no one else (issue #13, finding 5)."""
    staff = current_staff(request)
    lang = staff_lang(request)
    chosen = request.POST.get("passphrase", "")[:1000]
    if chosen != request.POST.get("passphrase_again", "")[:1000]:
        return _page(request, error=STAFF_UI["passphrase_mismatch"][lang], status=400)
    sponsor = Staff.objects.filter(
        username=request.POST.get("sponsor", "")[:150], is_active=True
    ).first()
    try:
        actions.passphrase_set(
            staff=staff,
            passphrase=chosen,
            sponsor=sponsor,
            sponsor_passphrase=request.POST.get("sponsor_passphrase", "")[:1000],
        )
    except actions.NotCosigned:
        return _page(request, error=STAFF_UI["cosign_refused"][lang], status=403)
    except crypto.VaultError as exc:
        return _refused(request, exc, "weak_passphrase")
    except keyholder.KeyHolderError:
        return _page(request, error=STAFF_UI["vault_sealed"][lang], status=503)
    return redirect("vault:vault")


@require_POST
@role_required(Role.ADMINISTRATOR)
def grant(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Staff, pk=pk, is_active=True)
    admin = current_staff(request)
    actions.unlock_grant(staff=member, by=admin)
    return redirect("accounts:team")


@require_POST
@role_required(Role.ADMINISTRATOR)
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Staff, pk=pk)
    admin = current_staff(request)
    if member.pk != admin.pk:  # an administrator cannot lock themselves out of the vault
        actions.unlock_revoke(staff=member, by=admin)
    return redirect("accounts:team")

"""Who may open which staff page. Every staff view goes through `role_required`; views over
requests also go through `objector.cases.access`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .models import Staff

Role = Staff.Role
View = Callable[..., HttpResponse]

# Who sees personal data at all: analysts and administrators work with counts and accounts.
PERSONAL_DATA_ROLES = (Role.COORDINATOR, Role.LAWYER)


def staff_of(request: HttpRequest) -> Staff | None:
    user = request.user
    return user if isinstance(user, Staff) and user.is_active and user.role else None


def current_staff(request: HttpRequest) -> Staff:
    """The signed-in staff member, in a view behind `role_required`."""
    staff = staff_of(request)
    assert staff is not None  # noqa: S101 -- role_required let only staff through
    return staff


def staff_path(target: str, default: str, *, within: str = "/staff/") -> str:
    """`target` if it is a path on our own staff pages, else `default`: a `next` or `back`
    field can never send anyone to another site."""
    return target if target.startswith(within) and "//" not in target else default


def second_factor_done(request: HttpRequest) -> bool:
    """Whether this session passed the second factor (django-otp's middleware sets it)."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


def role_required(*roles: str) -> Callable[[View], View]:
    """Login required, and one of these roles; anyone else gets 403 with a page saying why."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            staff = staff_of(request)
            if staff is None:
                return redirect_to_login(request.get_full_path())
            if not second_factor_done(request):
                return redirect(f"{reverse('accounts:otp')}?{urlencode({'next': request.path})}")
            if staff.role not in roles:
                context = {"lang": staff.language}
                return render(request, "accounts/forbidden.html", context, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY

from objector.vault.actions import seal_epoch

from .texts import staff_lang

SEEN_KEY = "staff_seen"
EPOCH_KEY = "seal_epoch"


class StaffNoStoreMiddleware:
    """Staff pages carry personal data: no browser or proxy may keep a copy of any of them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(("/staff/", "/setup")):
            response["Cache-Control"] = "no-store"
        return response


class StaffIdleTimeoutMiddleware:
    """Signs staff out after `OBJECTOR_STAFF_IDLE_MINUTES` without a request (a laptop left
    open, or a phone taken, shows nothing for long), and after every seal. The session is
    written at most once a minute to note activity."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/staff/") and request.user.is_authenticated:
            now = time.time()
            seen = request.session.get(SEEN_KEY, now)
            sealed_since = (
                DEVICE_ID_SESSION_KEY in request.session
                and request.session.get(EPOCH_KEY) != seal_epoch()
            )
            if now - seen > settings.STAFF_IDLE_MINUTES * 60 or sealed_since:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - seen >= 60 or SEEN_KEY not in request.session:
                request.session[SEEN_KEY] = now
        return self.get_response(request)


class StaffLanguageMiddleware:
    """Staff pages speak the reader's language (their profile, else `?lang=`): gettext's
    active language is set here, so views and templates use `gettext` and `{% translate %}`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(("/staff/", "/setup")):
            return self.get_response(request)
        lang = staff_lang(request)
        with translation.override(lang):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        return response

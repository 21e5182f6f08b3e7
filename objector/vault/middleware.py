from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .keys import VaultSealed
from .views import sealed


class VaultSealedMiddleware:
    """A staff page that needs personal data while the vault is sealed answers 503 with the
    unlock form, wherever in the view the sealed key was needed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, VaultSealed) and request.path.startswith("/staff/"):
            return sealed(request)
        return None

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class StaffNoStoreMiddleware:
    """Staff pages carry personal data: no browser or proxy may keep a copy of any of them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(("/staff/", "/setup")):
            response["Cache-Control"] = "no-store"
        return response

from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from objector.vault import keyholder

from .supervisor import status_read


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # Russian first; English on request. The choice rides in the query, never in a cookie.
    lang = "en" if request.GET.get("lang") == "en" else "ru"
    return render(request, "service/home.html", {"lang": lang})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer and the operator: 200 when every part works, else 503 naming the
    parts that do not: the database, the key-holder (reachable, whether sealed or not: whether
    the vault is unlocked is not told to the network), and, under `objector run`, each process
    the supervisor keeps (web, task workers, bot)."""
    down = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        down.append("database")
    try:
        keyholder.ask(settings.VAULT_SOCKET, {"op": "status"}, timeout=2)
    except keyholder.KeyHolderError:
        down.append("keyholder")
    status = status_read(Path(settings.DATA_DIR))
    if status is not None:
        parts = status.get("parts")
        if isinstance(parts, dict):
            down += [name for name, part in parts.items() if part.get("state") != "running"]
    if down:
        return JsonResponse({"status": "unavailable", "down": sorted(set(down))}, status=503)
    return JsonResponse({"status": "ok"})

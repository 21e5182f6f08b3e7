from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # Russian first; English on request. The choice rides in the query, never in a cookie.
    lang = "en" if request.GET.get("lang") == "en" else "ru"
    return render(request, "service/home.html", {"lang": lang})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: 200 when this process can reach the database, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})

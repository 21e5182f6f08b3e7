"""Telegram's webhook: updates pushed by Telegram, stored before the 200 that acknowledges them."""

from __future__ import annotations

import hmac
import json

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .actions import BadUpdate, inbox_store
from .keys import webhook_secret


@csrf_exempt  # Telegram has no CSRF token; the secret-token header authenticates it instead
@require_POST
def webhook(request: HttpRequest) -> JsonResponse:
    token = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    # Constant time, so the secret cannot be guessed a character at a time.
    if not hmac.compare_digest(token.encode(), webhook_secret().encode()):
        return JsonResponse({"error": "wrong or missing secret token"}, status=401)
    try:
        body = request.body  # refused past DATA_UPLOAD_MAX_MEMORY_SIZE (256 KB)
    except RequestDataTooBig:
        return JsonResponse({"error": "the update is too large"}, status=413)
    try:
        update = json.loads(body)
        inbox_store([update])  # committed before the 200
    except (ValueError, BadUpdate) as exc:
        # Telegram retries non-2xx; a malformed update is refused, not acknowledged.
        return JsonResponse({"error": f"not a Telegram update: {exc}"}, status=400)
    return JsonResponse({"ok": True})

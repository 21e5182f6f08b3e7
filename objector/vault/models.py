from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class WrappedKey(models.Model):
    """The organisation's private key, wrapped under one staff member's unlock passphrase
    (Argon2id, see crypto.wrap). Whoever has a row here can unlock the service."""

    staff = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wrapped_key"
    )
    blob = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

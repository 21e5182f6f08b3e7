from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class Release(models.Model):
    """A published table: what was shown (hidden cells as None), how it was protected, and the
    attacker's audit. Never changed once stored: every later release is audited against it."""

    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    first_week = models.DateField()  # a Monday
    last_week = models.DateField()  # a Monday; the period ends on the Sunday after it
    dims = models.JSONField()  # one to three dimension keys
    labels = models.JSONField()  # per dimension, its values (keys, not display names)
    published = models.JSONField()  # nested lists over the table with margins; None = hidden
    audit = models.JSONField()  # [{"cell": [...], "low": x, "high": y, "exact": b}, ...]
    k = models.PositiveSmallIntegerField()
    protection = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("a release is never changed once published")
        super().save(*args, **kwargs)

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Organisation(models.Model):
    """The group running this server. One deployment serves one organisation: a server seized
    from one group then reveals nothing about another, and each group holds its own keys."""

    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    # Always true and unique: the database itself refuses a second organisation, even when two
    # setups race.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    # X25519: intake seals each request's data key to it, so intake needs no secret.
    public_key = models.BinaryField(max_length=32, default=b"")
    # Raised at every seal: staff sessions from before it end (accounts.middleware).
    seal_epoch = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.name


class Staff(AbstractUser):
    """A staff account. One role each; a person with two jobs has two accounts, so that every
    audit entry says in which capacity something was seen."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", "administrator"
        COORDINATOR = "coordinator", "coordinator"
        LAWYER = "lawyer", "lawyer"
        ANALYST = "analyst", "analyst"

    role = models.CharField(max_length=16, choices=Role.choices)
    # Federal districts (objector.intake.regions) a lawyer takes cases from; assignment
    # suggestions prefer a lawyer who covers the request's district.
    districts = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=2, default="ru")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class TrustedBrowser(models.Model):
    """A browser that completed both factors for this staff member (accounts/trust.py): its
    cookie's random id, kept only as a hash. Deleted when the account is deactivated, its
    password or second factor changes, or its sessions are ended."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

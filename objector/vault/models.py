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


class UnlockGrant(models.Model):
    """An administrator has allowed this staff member to unlock. The grant becomes a WrappedKey
    when they choose their passphrase while the vault is unlocked."""

    staff = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unlock_grant"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)


class AuditEntry(models.Model):
    """Who saw or changed what, and when; never the data itself. Each entry hashes the one
    before it (see audit.py), so an edit, a deletion or a reordering breaks the chain."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor_name = models.CharField(max_length=150)  # the username then, or "requester"
    action = models.CharField(max_length=48)
    object_type = models.CharField(max_length=48)
    # Clear for objects that tie no one together (staff, the vault, a release); "" for a request,
    # a document, a draft or a person (`audit.KEYED`): their id is kept only sealed
    # (`object_key`, `object_box`, covered by the chain's MAC) and found by `object_tag`, a
    # blind index computed only while unlocked ("" until then: audit.tags_fill).
    object_id = models.CharField(max_length=64)
    object_tag = models.CharField(max_length=32, blank=True, default="", db_index=True)
    object_key = models.BinaryField(null=True, blank=True)
    object_box = models.BinaryField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # An HMAC under the audit key (audit.py); False: a plain SHA-256, written without the key.
    keyed = models.BooleanField(default=False)


class AuditHead(models.Model):
    """One row: the chain's last sequence number and hash. Appending locks it, so concurrent
    writers queue instead of forking the chain."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)


class BackupKey(models.Model):
    """The file key of one local backup (objector/service/storage.py), so that shredding can
    open and scrub it while sealed. The backup's header also holds the key, sealed to the
    organisation, for restoring elsewhere with a passphrase."""

    name = models.CharField(max_length=200, unique=True)
    key = models.BinaryField()

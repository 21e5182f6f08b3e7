"""Every write of keys goes through here."""

from __future__ import annotations

import base64
import os

from django.conf import settings
from django.db import transaction
from django.db.models import F
from nacl.public import PrivateKey

from objector.accounts.models import Organisation, Staff, TrustedBrowser

from . import crypto, keyholder, plaintext
from .audit import AuditAction, audit_record
from .models import UnlockGrant, WrappedKey
from .signals import unlocked

MIN_PASSPHRASE = 12  # for every unlock passphrase, the first one at setup included


class NoKey(crypto.VaultError):
    """This staff member holds no key to the vault (and no grant to make one)."""


class NotCosigned(crypto.VaultError):
    """A new key-holder's passphrase needs a colleague who holds a key, and their passphrase."""


def organisation_keys_create(*, organisation: Organisation, admin: Staff, passphrase: str) -> None:
    """The organisation's key pair, at setup: the public key in the clear, the private key only
    wrapped under the first administrator's passphrase. The private key is not kept: the service
    starts sealed."""
    public_key, private_key = crypto.generate_keypair()
    organisation.public_key = public_key
    organisation.save(update_fields=["public_key"])
    WrappedKey.objects.create(
        staff=admin, blob=crypto.wrap(private_key, passphrase, **settings.VAULT_KDF)
    )


def private_key_unwrap(*, staff: Staff, passphrase: str) -> bytes:
    """The organisation's private key, if this is the person's passphrase; VaultError if not.
    Checks that it belongs to the organisation's public key, so a swapped row is refused."""
    wrapped = WrappedKey.objects.filter(staff=staff).first()
    if wrapped is None:
        raise NoKey("this account may not unlock")
    private_key = crypto.unwrap(bytes(wrapped.blob), passphrase)
    organisation = Organisation.objects.get()
    if bytes(PrivateKey(private_key).public_key) != bytes(organisation.public_key):
        raise crypto.VaultError("this key does not belong to the organisation")
    return private_key


def vault_unlocked() -> bool:
    """Whether the key-holder holds the private key. Unreachable counts as sealed."""
    try:
        return bool(keyholder.ask(settings.VAULT_SOCKET, {"op": "status"})["unlocked"])
    except keyholder.KeyHolderError:
        return False


def vault_unlock(*, staff: Staff, passphrase: str) -> None:
    """Unwrap the private key with this person's passphrase (Argon2id, about 0.7 s) and hand
    it to the key-holder. Raises VaultError for a wrong passphrase, KeyHolderError if the
    key-holder is not running."""
    try:
        private_key = private_key_unwrap(staff=staff, passphrase=passphrase)
    except crypto.VaultError:
        audit_record(actor=staff, action="unlock_refused", object_type="vault", object_id=1)
        raise
    keyholder.ask(settings.VAULT_SOCKET, {"op": "unlock", "private_key": private_key.hex()})
    audit_record(actor=staff, action="unlock", object_type="vault", object_id=1)
    unlocked.send(sender=vault_unlock, staff=staff)


def vault_seal(*, staff: Staff | None) -> None:
    """Drop the private key at once, end every staff session, trust no browser that signed
    in before (accounts/trust.py: the cookie of a laptop taken, the reason to seal, skipped the
    sign-in pause and the per-address cap; red team, round 7), and drop this process's
    plaintext caches (the other processes' watchers drop theirs, vault.plaintext)."""
    try:
        keyholder.ask(settings.VAULT_SOCKET, {"op": "seal"})
    finally:
        plaintext.drop()
        with transaction.atomic():
            Organisation.objects.update(seal_epoch=F("seal_epoch") + 1)
            TrustedBrowser.objects.all().delete()
            # Without a staff member it is a person at the shell (`objector seal`), not a
            # requester, who sealed.
            audit_record(
                actor=staff,
                action=AuditAction.SEAL,
                object_type="vault",
                object_id=1,
                actor_name="operator",
            )


def operator_grant(*, username: str, passphrase: str, command: str) -> Staff:
    """Let this shell command open sealed data: the staff member's unlock passphrase unwraps
    the private key here (Argon2id, about 0.7 s), which proves to the key-holder, for a
    challenge bound to this process's pid, that a person who may unlock is at the keyboard
    (keyholder.py, "grant"); the key is dropped and the grant held for this process's
    requests. Audited either way, by the account named. Raises NoKey (no such account, or one
    that may not unlock), VaultError (a wrong passphrase) or KeyHolderError (sealed, or the
    key-holder refused the proof)."""
    staff = Staff.objects.filter(username=username, is_active=True).first()
    try:
        if staff is None:
            raise NoKey("no such account")
        private_key = private_key_unwrap(staff=staff, passphrase=passphrase)
    except crypto.VaultError:
        audit_record(
            actor=staff,
            action=AuditAction.OPERATOR_REFUSED,
            object_type="command",
            object_id=command,
            actor_name="-",
        )
        raise
    challenge = keyholder.ask(settings.VAULT_SOCKET, {"op": "grant_challenge"})["challenge"]
    proof = crypto.operator_proof(private_key, str(challenge), os.getpid())
    del private_key
    answer = keyholder.ask(
        settings.VAULT_SOCKET,
        {"op": "grant", "challenge": challenge, "proof": proof},
    )
    keyholder.grant_hold(str(answer["grant"]))
    audit_record(
        actor=staff, action=AuditAction.OPERATOR_GRANT, object_type="command", object_id=command
    )
    return staff


def seal_epoch() -> int:
    return int(Organisation.objects.values_list("seal_epoch", flat=True).first() or 0)


def unlock_grant(*, staff: Staff, by: Staff) -> None:
    """Allow one more staff member to unlock; they set their passphrase at their next visit to
    the vault page while it is unlocked."""
    if WrappedKey.objects.filter(staff=staff).exists():
        return
    with transaction.atomic():
        UnlockGrant.objects.get_or_create(staff=staff, defaults={"granted_by": by})
        audit_record(actor=by, action="unlock_grant", object_type="staff", object_id=staff.pk)


def unlock_revoke(*, staff: Staff, by: Staff) -> None:
    with transaction.atomic():
        WrappedKey.objects.filter(staff=staff).delete()
        UnlockGrant.objects.filter(staff=staff).delete()
        audit_record(actor=by, action="unlock_revoke", object_type="staff", object_id=staff.pk)


def passphrase_set(
    *, staff: Staff, passphrase: str, sponsor: Staff | None, sponsor_passphrase: str
) -> None:
    """Turn a grant into a wrapped key: the key-holder (unlocked) wraps the private key under
    this passphrase, co-signed by a colleague who holds a key and types their own unlock
    passphrase here. Raises VaultError (no grant, weak passphrase, no or a wrong co-signature)
    or KeyHolderError (sealed, or too many tries)."""
    if not UnlockGrant.objects.filter(staff=staff).exists():
        raise NoKey("this account may not unlock")
    if len(passphrase) < MIN_PASSPHRASE or staff.check_password(passphrase):
        raise crypto.VaultError("weak passphrase")
    sponsor_key = WrappedKey.objects.filter(staff=sponsor).first() if sponsor else None
    if sponsor_key is None or sponsor == staff:
        raise NotCosigned("the co-signer holds no key")
    try:
        answer = keyholder.ask(
            settings.VAULT_SOCKET,
            {
                "op": "wrap",
                "passphrase": passphrase,
                "sponsor": base64.b64encode(bytes(sponsor_key.blob)).decode(),
                "sponsor_passphrase": sponsor_passphrase,
            },
            timeout=30,
        )
    except keyholder.KeyHolderError as exc:
        if str(exc) in ("not authorised", "weak passphrase"):
            audit_record(
                actor=staff, action="passphrase_refused", object_type="staff", object_id=staff.pk
            )
            raise NotCosigned(str(exc)) from None
        raise
    with transaction.atomic():
        WrappedKey.objects.update_or_create(
            staff=staff, defaults={"blob": base64.b64decode(answer["wrapped"])}
        )
        UnlockGrant.objects.filter(staff=staff).delete()
        audit_record(actor=staff, action="passphrase_set", object_type="staff", object_id=staff.pk)
        audit_record(
            actor=sponsor, action="passphrase_cosign", object_type="staff", object_id=staff.pk
        )

"""Every write of keys goes through here."""

from __future__ import annotations

from django.conf import settings
from nacl.public import PrivateKey

from objector.accounts.models import Organisation, Staff

from . import crypto
from .models import WrappedKey


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
        raise crypto.VaultError("this account may not unlock")
    private_key = crypto.unwrap(bytes(wrapped.blob), passphrase)
    organisation = Organisation.objects.get()
    if bytes(PrivateKey(private_key).public_key) != bytes(organisation.public_key):
        raise crypto.VaultError("this key does not belong to the organisation")
    return private_key

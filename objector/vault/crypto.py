"""The vault's cryptography: plain Python over libsodium (PyNaCl), no Django.

The design (docs/threat-model.md has the reasoning):

- The organisation has one X25519 key pair. The public key is stored in the clear; the private
  key only wrapped, once per staff member allowed to unlock, under a key Argon2id derives from
  that person's passphrase.
- Every request and case has its own random data key. Its personal fields are encrypted with
  XChaCha20-Poly1305, and the data key is stored sealed to the organisation's public key
  (libsodium's sealed box: an ephemeral X25519 key, then XSalsa20-Poly1305). Sealing needs no
  secret, so intake works while the service is sealed; opening needs the private key.
- Each ciphertext is bound (as associated data) to what it is, e.g. `intake.request.story`, so
  that one field's ciphertext cannot be moved into another and still decrypt.
- Lookups over encrypted values use keyed BLAKE2b hashes (blind indexes), with a key derived
  from the private key, so they too work only while unlocked.
"""

from __future__ import annotations

import secrets
import struct
import unicodedata

from nacl import bindings, exceptions, hash, public, pwhash, secret
from nacl.encoding import RawEncoder

VERSION = 1
KEY_BYTES = 32
_SALT_BYTES = pwhash.argon2id.SALTBYTES
# Argon2id with "moderate" memory (256 MiB) and four passes: about 0.65-0.85 s on the reference
# machine, so that a copied disk gives an attacker a slow, memory-hard guess per passphrase.
# ("moderate"'s three passes measured 0.49-0.64 s here: too close to the 0.5 s floor.)
OPSLIMIT = pwhash.argon2id.OPSLIMIT_MODERATE + 1
MEMLIMIT = pwhash.argon2id.MEMLIMIT_MODERATE
_WRAP_HEADER = struct.Struct(">BQQ")  # version, opslimit, memlimit
_AEAD_NONCE = bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES


class VaultError(Exception):
    """Something could not be opened: a wrong passphrase, a wrong key, or altered data."""


def generate_keypair() -> tuple[bytes, bytes]:
    """(public key, private key) for the organisation."""
    private = public.PrivateKey.generate()
    return bytes(private.public_key), bytes(private)


def public_key_of(private_key: bytes) -> bytes:
    return bytes(public.PrivateKey(private_key).public_key)


def wrap(
    secret_key: bytes, passphrase: str, *, opslimit: int = OPSLIMIT, memlimit: int = MEMLIMIT
) -> bytes:
    """The key, encrypted under a key derived from the passphrase. The Argon2id parameters
    travel with it, so they can be raised later without breaking old wraps."""
    salt = secrets.token_bytes(_SALT_BYTES)
    kek = pwhash.argon2id.kdf(
        KEY_BYTES, _normal(passphrase).encode(), salt, opslimit=opslimit, memlimit=memlimit
    )
    header = _WRAP_HEADER.pack(VERSION, opslimit, memlimit)
    return header + salt + secret.SecretBox(kek).encrypt(secret_key, _nonce_for(header + salt))


def _nonce_for(header: bytes) -> bytes:
    # SecretBox takes no associated data; the header is bound by deriving the nonce from it, so
    # an altered header is refused rather than used. (Each wrap has a fresh salt, hence a fresh
    # key: the nonce never repeats under one key.)
    return hash.blake2b(header, digest_size=secret.SecretBox.NONCE_SIZE, encoder=RawEncoder)


def unwrap(blob: bytes, passphrase: str) -> bytes:
    header, rest = blob[: _WRAP_HEADER.size], blob[_WRAP_HEADER.size :]
    version, opslimit, memlimit = _WRAP_HEADER.unpack(header)
    if version != VERSION:
        raise VaultError("unknown wrap version")
    salt, box = rest[:_SALT_BYTES], rest[_SALT_BYTES:]
    kek = pwhash.argon2id.kdf(
        KEY_BYTES, _normal(passphrase).encode(), salt, opslimit=opslimit, memlimit=memlimit
    )
    nonce = _nonce_for(header + salt)
    if box[: len(nonce)] != nonce:
        raise VaultError("the wrapped key was altered")
    try:
        return bytes(secret.SecretBox(kek).decrypt(box))
    except exceptions.CryptoError:
        raise VaultError("wrong passphrase") from None


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def seal(data_key: bytes, public_key: bytes) -> bytes:
    """The data key, readable only with the organisation's private key. Needs no secret."""
    return bytes(public.SealedBox(public.PublicKey(public_key)).encrypt(data_key))


def unseal(sealed: bytes, private_key: bytes) -> bytes:
    try:
        return bytes(public.SealedBox(public.PrivateKey(private_key)).decrypt(sealed))
    except exceptions.CryptoError:
        raise VaultError("this data key was not sealed to this organisation") from None


def encrypt(data_key: bytes, plaintext: str, *, context: str) -> bytes:
    """A field's value, encrypted and bound to `context` (what the field is)."""
    return encrypt_bytes(data_key, plaintext.encode(), context=context)


def decrypt(data_key: bytes, blob: bytes, *, context: str) -> str:
    return decrypt_bytes(data_key, blob, context=context).decode()


def encrypt_bytes(data_key: bytes, plaintext: bytes, *, context: str) -> bytes:
    """Like `encrypt`, for files."""
    nonce = secrets.token_bytes(_AEAD_NONCE)
    box = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
        plaintext, context.encode(), nonce, data_key
    )
    return bytes([VERSION]) + nonce + box


def decrypt_bytes(data_key: bytes, blob: bytes, *, context: str) -> bytes:
    if not blob or blob[0] != VERSION:
        raise VaultError("unknown ciphertext version")
    nonce, box = blob[1 : 1 + _AEAD_NONCE], blob[1 + _AEAD_NONCE :]
    try:
        plain = bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
            box, context.encode(), nonce, data_key
        )
    except exceptions.CryptoError:
        raise VaultError(f"cannot decrypt {context}: wrong key, or the data was altered") from None
    return bytes(plain)


def case_bound(case_secret: bytes, share: bytes) -> bytes:
    """The key that wraps a document's data key on a case: a keyed hash of the document's own
    share (sealed to the organisation, so opened only through the key-holder) under its case's
    secret (`intake.Request.case_secret`, which shredding empties, even while sealed). Neither
    alone gives it: the private key without the case's secret opens nothing of a shredded
    case's documents."""
    if len(case_secret) != KEY_BYTES or len(share) != KEY_BYTES:
        raise VaultError("a case-bound key needs the case's secret and the document's share")
    return hash.blake2b(
        b"objector case-bound document key v1\x00" + share,
        key=case_secret,
        digest_size=KEY_BYTES,
        encoder=RawEncoder,
    )


def key_from_secret(secret: str, *, purpose: str) -> bytes:
    """A key from a random secret the requester holds (their receipt's ~78 bits): a fast keyed
    hash is enough, as there is no weak human choice to stretch."""
    return hash.blake2b(
        _normal(secret).encode(),
        key=b"objector " + purpose.encode(),
        digest_size=KEY_BYTES,
        encoder=RawEncoder,
    )


def index_key(private_key: bytes) -> bytes:
    """The blind-index key, derived from the private key: it exists only while unlocked."""
    return hash.blake2b(
        b"objector blind index v1", key=private_key, digest_size=32, encoder=RawEncoder
    )


def audit_key(private_key: bytes) -> bytes:
    """The audit log's HMAC key, derived from the private key: only the key-holder has it."""
    return hash.blake2b(b"objector audit v1", key=private_key, digest_size=32, encoder=RawEncoder)


def operator_proof(private_key: bytes, challenge: str, pid: int) -> str:
    """What a shell command shows the key-holder for a grant (keyholder.py, "grant"): a keyed
    hash, under a key derived from the private key, of the key-holder's one-time challenge and
    the command's pid. Made only by someone who unwrapped the key with a passphrase; it tells
    nothing of the key, and bound to the pid, an impostor at the socket cannot pass it on."""
    key = hash.blake2b(b"objector operator v1", key=private_key, digest_size=32, encoder=RawEncoder)
    message = challenge.encode() + b"\x00" + str(pid).encode()
    return hash.blake2b(message, key=key, digest_size=32, encoder=RawEncoder).hex()


def blind_index(key: bytes, value: str, *, purpose: str) -> str:
    """A keyed hash for finding equal values without storing them: the same person's name or
    Telegram id gives the same index; without the key, the index reveals nothing."""
    message = purpose.encode() + b"\x00" + _normal(value.casefold()).encode()
    digest = hash.blake2b(message, key=key, digest_size=16, encoder=RawEncoder)
    return digest.hex()


def _normal(text: str) -> str:
    # One spelling per value: NFC, and ё written as е, as people and documents mix them.
    return unicodedata.normalize("NFC", text).replace("ё", "е").replace("Ё", "Е").strip()

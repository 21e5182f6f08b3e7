"""The vault's cryptography, through the real libsodium."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl import pwhash

from objector.vault import crypto

FAST = {"opslimit": pwhash.argon2id.OPSLIMIT_MIN, "memlimit": pwhash.argon2id.MEMLIMIT_MIN}
PASSPHRASE = "синтетическая фраза разблокировки"  # noqa: S105 -- a test value


def test_the_default_argon2id_cost_is_at_least_moderate() -> None:
    # The time it takes (about 0.7 s here) is measured by bench/vault.py, not asserted here.
    assert crypto.OPSLIMIT >= pwhash.argon2id.OPSLIMIT_MODERATE
    assert crypto.MEMLIMIT >= pwhash.argon2id.MEMLIMIT_MODERATE


def test_it_wraps_and_unwraps_the_private_key_with_a_passphrase() -> None:
    public_key, private_key = crypto.generate_keypair()
    assert len(public_key) == len(private_key) == 32 and public_key != private_key
    wrapped = crypto.wrap(private_key, PASSPHRASE, **FAST)
    assert private_key not in wrapped
    assert crypto.unwrap(wrapped, PASSPHRASE) == private_key
    # The same passphrase typed with ё for е, or composed differently, still opens it.
    assert crypto.unwrap(wrapped, PASSPHRASE.replace("е", "ё")) == private_key
    assert crypto.wrap(private_key, PASSPHRASE, **FAST) != wrapped  # a fresh salt each time


def test_it_refuses_a_wrong_passphrase_and_an_altered_wrap() -> None:
    _public, private_key = crypto.generate_keypair()
    wrapped = crypto.wrap(private_key, PASSPHRASE, **FAST)
    with pytest.raises(crypto.VaultError, match="wrong passphrase"):
        crypto.unwrap(wrapped, "not the passphrase")
    weaker = bytearray(wrapped)
    weaker[1:9] = (FAST["opslimit"] + 1).to_bytes(8, "big")  # claim other Argon2id costs
    with pytest.raises(crypto.VaultError):
        crypto.unwrap(bytes(weaker), PASSPHRASE)
    flipped = bytearray(wrapped)
    flipped[-1] ^= 1
    with pytest.raises(crypto.VaultError):
        crypto.unwrap(bytes(flipped), PASSPHRASE)


def test_it_seals_data_keys_to_the_public_key_only() -> None:
    public_key, private_key = crypto.generate_keypair()
    _other_public, other_private = crypto.generate_keypair()
    data_key = crypto.new_data_key()
    sealed = crypto.seal(data_key, public_key)
    assert data_key not in sealed
    assert crypto.unseal(sealed, private_key) == data_key
    with pytest.raises(crypto.VaultError):
        crypto.unseal(sealed, other_private)


def test_it_encrypts_fields_bound_to_what_they_are() -> None:
    key = crypto.new_data_key()
    story = "Синтетическая история: ушёл из части 3 июля."
    blob = crypto.encrypt(key, story, context="intake.request.story")
    assert story.encode() not in blob and "ушёл".encode() not in blob
    assert crypto.decrypt(key, blob, context="intake.request.story") == story
    assert crypto.encrypt(key, story, context="intake.request.story") != blob  # fresh nonce
    with pytest.raises(crypto.VaultError, match=r"intake\.request\.name"):
        crypto.decrypt(key, blob, context="intake.request.name")  # moved to another field
    with pytest.raises(crypto.VaultError):
        crypto.decrypt(crypto.new_data_key(), blob, context="intake.request.story")
    altered = bytearray(blob)
    altered[30] ^= 1
    with pytest.raises(crypto.VaultError):
        crypto.decrypt(key, bytes(altered), context="intake.request.story")
    with pytest.raises(crypto.VaultError, match="version"):
        crypto.decrypt(key, b"", context="intake.request.story")


@settings(max_examples=200)
@given(st.text(max_size=2000))
def test_any_text_survives_encryption(text: str) -> None:
    key = crypto.new_data_key()
    assert crypto.decrypt(key, crypto.encrypt(key, text, context="c"), context="c") == text


def test_blind_indexes_match_equal_values_and_nothing_else() -> None:
    _public, private_key = crypto.generate_keypair()
    key = crypto.index_key(private_key)
    assert key == crypto.index_key(private_key) and key != private_key
    name = crypto.blind_index(key, "Пётр Синтетический", purpose="name")
    assert len(name) == 32
    assert crypto.blind_index(key, "  пётр синтетический ", purpose="name") == name
    assert crypto.blind_index(key, "Петр Синтетический", purpose="name") == name
    assert crypto.blind_index(key, "Пётр Синтетический", purpose="telegram") != name
    assert crypto.blind_index(key, "Павел Синтетический", purpose="name") != name
    _p, other_private = crypto.generate_keypair()
    other = crypto.index_key(other_private)
    assert crypto.blind_index(other, "Пётр Синтетический", purpose="name") != name


def test_the_configured_unlock_cost_is_at_least_moderate() -> None:
    import objector.settings as configured

    assert configured.VAULT_KDF["opslimit"] >= pwhash.argon2id.OPSLIMIT_MODERATE
    assert configured.VAULT_KDF["memlimit"] >= pwhash.argon2id.MEMLIMIT_MODERATE

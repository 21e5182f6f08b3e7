"""The registry's key (objector.persons.keyring): stored only sealed, opened while unlocked,
forgotten at the seal; what it makes says nothing without it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from objector.persons import keyring
from objector.persons.keyring import Keyring, open_ids, person_tag, seal_ids
from objector.vault import crypto
from objector.vault.actions import vault_unlock
from objector.vault.keys import VaultSealed
from objector.vault.plaintext import drop
from tests.conftest import PASSPHRASE, vault_close

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_key(admin) -> Iterator[None]:
    keyring.forget()
    yield
    keyring.forget()


def test_a_persons_tag_is_the_same_in_every_process_and_says_nothing_without_the_key() -> None:
    tag = person_tag(41)
    assert len(tag) == 32 and tag != person_tag(42)
    key = keyring.registry_key()
    keyring.forget()  # another process: it opens the same sealed row
    assert person_tag(41) == tag
    row = Keyring.objects.get()
    assert key not in bytes(row.sealed_key) and len(bytes(row.sealed_key)) > len(key)
    # Not the key-holder's blind index of the same value: a tag is no lookup it answers.
    from objector.vault.keys import blind_indexes

    assert blind_indexes([(keyring.TAG_PURPOSE, "41")]) != [tag]


def test_the_seal_forgets_the_key(admin) -> None:
    person_tag(1)
    vault_close()
    drop()  # as each process's watch thread does when the key-holder drops the key
    with pytest.raises(VaultSealed):
        person_tag(1)
    with pytest.raises(VaultSealed):
        seal_ids([1], context="persons.test")
    vault_unlock(staff=admin, passphrase=PASSPHRASE)
    assert len(person_tag(1)) == 32


def test_sealed_ids_are_random_and_bound_to_what_they_are() -> None:
    one, two = seal_ids([3, 1, 2], context="persons.a"), seal_ids([3, 1, 2], context="persons.a")
    assert one != two
    assert open_ids(one, context="persons.a") == [3, 1, 2]
    with pytest.raises(crypto.VaultError):
        open_ids(one, context="persons.b")

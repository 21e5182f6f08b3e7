"""The accessors every record with its own sealed data key shares (a document, a drafted
filing): the key is opened through the key-holder (keys.sealed_open) and kept on the instance
only for the request that opened it."""

from __future__ import annotations

from . import crypto


class SealedKeyMixin:
    """For a model with a `sealed_key` field: `open(data_key)` and the opened `key`.
    `sealed_noun` names the record in the error raised when it was not opened."""

    sealed_noun = "record"
    data_key: bytes | None = None

    def open(self, data_key: bytes) -> None:
        self.data_key = data_key

    @property
    def key(self) -> bytes:
        if self.data_key is None:
            raise crypto.VaultError(f"this {self.sealed_noun} has not been opened")
        return self.data_key

"""For bench/intake.py only: the server of the "without encryption" run.

Python imports `sitecustomize` at start-up from PYTHONPATH, so a server started with this
directory on PYTHONPATH stores requests with the vault's work (#4) taken out: no sealed box for
the data key, and the personal fields, the receipt's copy of the key and the timeline stored
as plain bytes. Everything else (the questionnaire draft under the browser's key, assessment,
SQL, HTTP) is unchanged, so the ratio of the two runs is what encryption costs intake.
Nothing in the product can turn this on.
"""

from objector.vault import crypto

_VAULT_CONTEXTS = {"intake.request.personal", "intake.request.receipt_key", "cases.entry"}
_encrypt, _decrypt = crypto.encrypt, crypto.decrypt


def _plain_encrypt(data_key: bytes, plaintext: str, *, context: str) -> bytes:
    if context in _VAULT_CONTEXTS:
        return bytes([crypto.VERSION]) + plaintext.encode()
    return _encrypt(data_key, plaintext, context=context)


def _plain_decrypt(data_key: bytes, blob: bytes, *, context: str) -> str:
    if context in _VAULT_CONTEXTS:
        return blob[1:].decode()
    return _decrypt(data_key, blob, context=context)


def _plain_seal(data_key: bytes, public_key: bytes) -> bytes:
    return data_key


crypto.encrypt = _plain_encrypt  # type: ignore[assignment]
crypto.decrypt = _plain_decrypt  # type: ignore[assignment]
crypto.seal = _plain_seal  # type: ignore[assignment]

from django.apps import AppConfig


class VaultConfig(AppConfig):
    """Keys, encryption at rest, unlock and seal. The cryptography is in `crypto.py`."""

    name = "objector.vault"
    label = "vault"

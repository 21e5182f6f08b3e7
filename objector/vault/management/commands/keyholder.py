from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from objector.vault.keyholder import serve


class Command(BaseCommand):
    help = (
        "Run the key-holder: the one process that keeps the organisation's private key while "
        "the service is unlocked. `objector run` starts it; it always starts sealed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        serve(settings.VAULT_SOCKET, kdf=settings.VAULT_KDF)

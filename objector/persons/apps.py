from django.apps import AppConfig


class PersonsConfig(AppConfig):
    """Persons: which requests, Telegram requesters and document mentions name one man."""

    name = "objector.persons"
    label = "persons"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects to the lower apps' signals

from django.apps import AppConfig


class TelegramConfig(AppConfig):
    """The Telegram channel: the bot's inbox, conversations and outbox, and the fake Bot API."""

    name = "objector.telegram"
    label = "telegram"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects to objector.cases.signals

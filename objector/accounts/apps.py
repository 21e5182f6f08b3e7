from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """The organisation, its staff, their roles, login and first-run setup."""

    name = "objector.accounts"
    label = "accounts"

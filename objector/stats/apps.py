from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _triggers(using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from .triggers import install

    install(connections[using])


class StatsConfig(AppConfig):
    """Published statistics: protected cross-tables, the attacker's audit, charts."""

    name = "objector.stats"
    label = "stats"

    def ready(self) -> None:
        # Again after every migrate: a later migration that rebuilds intake_request on SQLite
        # drops its triggers (objector/stats/triggers.py).
        post_migrate.connect(_triggers, sender=self)

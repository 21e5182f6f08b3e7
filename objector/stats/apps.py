from django.apps import AppConfig


class StatsConfig(AppConfig):
    """Published statistics: protected cross-tables, the attacker's audit, charts."""

    name = "objector.stats"
    label = "stats"

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class Release(models.Model):
    """A published table: what was shown (hidden cells as None), how it was protected, and the
    attacker's audit. Never changed once stored: every later release is audited against it."""

    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    first_week = models.DateField()  # a Monday
    last_week = models.DateField()  # a Monday; the period ends on the Sunday after it
    dims = models.JSONField()  # one to three dimension keys
    labels = models.JSONField()  # per dimension, its values (keys, not display names)
    published = models.JSONField()  # nested lists over the table with margins; None = hidden
    audit = models.JSONField()  # [{"cell": [...], "low": x, "high": y, "exact": b}, ...]
    k = models.PositiveSmallIntegerField()
    protection = models.PositiveSmallIntegerField()
    # Differential privacy instead of suppression: every count drawn once with discrete
    # Laplace noise of scale 1/epsilon (objector/stats/dp.py); epsilon is the budget spent.
    epsilon = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def private(self) -> bool:
        """A differential-privacy release (noise), not a suppressed one."""
        return self.epsilon is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("a release is never changed once published")
        super().save(*args, **kwargs)


class ReleaseFile(models.Model):
    """One exported file of a release (CSV, chart and map as SVG and PNG, the PDF report),
    made once when the release is published and never again: its SHA-256 is recorded, shown
    on the report and checked on every download, so what a journalist received can be proven
    to be what was published."""

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=80)
    content_type = models.CharField(max_length=80)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    body = models.BinaryField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["release", "name"], name="stats_release_file_once")
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("an exported file is never changed once published")
        super().save(*args, **kwargs)


class Version(models.Model):
    """The statistics page's cache key: a few counters that database triggers (migration
    0002) bump whenever a request is added, deleted or changed in a column the statistics
    count, and whenever an answer is sent (the time to first reply). The trigger runs in the
    writer's own transaction, whichever code writes (an action, a queryset update, a bulk
    insert), so the key is never behind the data, and the page reads eight short rows instead
    of scanning the requests. Eight slots (by the row's id) rather than one, so that writers
    seldom wait on each other's lock on the counter row."""

    slot = models.PositiveSmallIntegerField(primary_key=True)
    n = models.BigIntegerField(default=0)

    class Meta:
        db_table = "stats_version"


class Count(models.Model):
    """The statistics page's counts, kept by database triggers in the writer's own transaction
    (objector/stats/triggers.py): how many requests fall in each value of a grouping (`dims`:
    'day:' and up to two counted columns, or ':' and one to three), per UTC day of intake
    where the grouping has one (`on_day`, 'YYYY-MM-DD', else ''). The column values are in a,
    b and c in the grouping's order ('' where unused); category bits as decimal text. A table
    after a change reads these few thousand rows instead of grouping every request. A row whose
    count falls to 0 is deleted by the same trigger: it would keep a shredded request's day and
    columns on the disk."""

    pk = models.CompositePrimaryKey("dims", "on_day", "a", "b", "c")
    dims = models.CharField(max_length=64)
    on_day = models.CharField(max_length=10)
    a = models.CharField(max_length=32)
    b = models.CharField(max_length=32)
    c = models.CharField(max_length=32)
    n = models.BigIntegerField()

    class Meta:
        db_table = "stats_count"

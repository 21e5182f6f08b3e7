"""The task queue's backend: django_tasks_db's, with its row stored by an INSERT built once per
process (service/rows.py). The final submit enqueues the request's link task inside its write
transaction (persons/receivers.py), and the ORM's `create` of that row cost about as much as the
request's own INSERT, under the lock every submission takes in turn (issue #13, round 8)."""

from __future__ import annotations

from typing import Any

from django.utils.json import normalize_json
from django_tasks_db.backend import DatabaseBackend as _DatabaseBackend
from django_tasks_db.models import DBTaskResult

from . import rows


class DatabaseBackend(_DatabaseBackend):
    def _task_to_db_task(self, task: Any, args: Any, kwargs: Any) -> DBTaskResult[Any, Any]:
        # The same row as the parent's `DBTaskResult.objects.create(...)`, field for field.
        return rows.insert(
            DBTaskResult(
                id=self._get_id(),
                args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
                priority=task.priority,
                task_path=task.module_path,
                queue_name=task.queue_name,
                run_after=task.run_after,
                backend_name=self.alias,
            )
        )

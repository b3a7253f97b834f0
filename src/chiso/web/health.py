"""``/healthz``: whether this instance can serve — the database answers, every migration is applied,
the file storage (evidence, media) is writable. No login; booleans only, no detail an outsider could
use. 200 when all hold, else 503."""

from __future__ import annotations

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger("chiso.web.health")


def _database() -> bool:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _pending_migrations() -> int:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _storage() -> bool:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as fh:
            return fh.read() == b"ok"
    finally:
        default_storage.delete(name)


def _check(name: str, probe) -> object:
    try:
        return probe()
    except Exception:
        log.exception("health check %s failed", name)
        return None


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = bool(_check("database", _database))
    pending = _check("migrations", _pending_migrations) if database else None
    storage = bool(_check("storage", _storage))
    body = {
        "database": database,
        "migrations": pending == 0,
        "pending_migrations": pending,
        "storage": storage,
    }
    ok = database and pending == 0 and storage
    body["status"] = "ok" if ok else "error"
    return JsonResponse(body, status=200 if ok else 503)

"""One JSON object a line for log collectors (``CHISO_LOG_FORMAT=json``)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, and for an error its traceback (``exc_info``) and the HTTP status
    and path when Django's request logger gives them."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if isinstance(path, str):
            entry["path"] = path
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(config: dict) -> None:
    """LOGGING_CONFIG: Django's dictConfig, and Python's warnings through the same handlers (so that a
    JSON log stays one JSON object a line)."""
    import logging.config

    logging.config.dictConfig(config)
    logging.captureWarnings(True)

"""Logging of `casework serve`: one JSON line per request on stdout (`casework.access`:
method, path, status, milliseconds, time in UTC — no query string, no cookie, no body, no
client address, so no personal data), uvicorn's own messages at WARNING on stderr, and
uvicorn's access log (which prints query strings and addresses) off."""

from __future__ import annotations

from typing import Any


def log_config() -> dict[str, Any]:
    """The `logging.config.dictConfig` that uvicorn applies in every worker process."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": {"format": "%(message)s"},
                       "plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
        "handlers": {
            "access": {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stdout"},
            "errors": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"},
        },
        "loggers": {
            "casework.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
            "uvicorn": {"handlers": ["errors"], "level": "WARNING", "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }  # fmt: skip

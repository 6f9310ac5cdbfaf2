"""Error codes and the refusal exception, shared by HTTP and the Python API."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

__all__ = [
    "ALREADY_CLOCKED_IN",
    "DATE_BEFORE_LAST_CHANGE",
    "INJECTED_FAILURE",
    "INVALID_CREDENTIALS",
    "INVALID_FIELD",
    "METHOD_NOT_ALLOWED",
    "NOT_CLOCKED_IN",
    "NOT_FOUND_OR_DISABLED",
    "NO_TIMER",
    "RATE_LIMITED",
    "TIMER_NOT_PAUSED",
    "TIMER_NOT_RUNNING",
    "TIMER_RUNNING",
    "UNKNOWN_ROUTE",
    "USER_NOT_FOUND",
    "SimulatorError",
    "error_body",
    "reason",
]

# Codes fixed by docs/contract.md.
INVALID_CREDENTIALS = 15000  # 401
INVALID_FIELD = 15001  # 400
TIMER_RUNNING = 15010  # 409
TIMER_NOT_RUNNING = 15011  # 409
TIMER_NOT_PAUSED = 15012  # 409
DATE_BEFORE_LAST_CHANGE = 15013  # 400
USER_NOT_FOUND = 15020  # 404
NOT_FOUND_OR_DISABLED = 15030  # 404
ALREADY_CLOCKED_IN = 15040  # 409
NOT_CLOCKED_IN = 15041  # 409
UNKNOWN_ROUTE = 15050  # 404
# Simulator-only codes, used by dialects and injected faults.
NO_TIMER = 15021  # 404, dialect no_timer="not_found"
METHOD_NOT_ALLOWED = 15051  # 405, dialect read_method="post"
RATE_LIMITED = 15060  # 429
INJECTED_FAILURE = 15090  # any status given to fail_next


def reason(status: int) -> str:
    """The standard reason phrase of a status, or a generic one."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_body(status: int, code: int, title: str, detail: str = "") -> dict[str, Any]:
    """The documented error shape: ``{"errors": [{title, status, code, detail}]}``."""
    return {
        "errors": [{"title": title, "status": status, "code": code, "detail": detail}]
    }


class SimulatorError(Exception):
    """A refusal: the HTTP status, the TimeTrack error code and a title."""

    def __init__(self, status: int, code: int, title: str, detail: str = "") -> None:
        """Build the refusal; ``detail`` says what was wrong."""
        super().__init__(f"{status} {code} {title}" + (f": {detail}" if detail else ""))
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail

    def body(self) -> dict[str, Any]:
        """The JSON body answered for this refusal."""
        return error_body(self.status, self.code, self.title, self.detail)

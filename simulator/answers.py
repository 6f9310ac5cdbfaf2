"""How answers are written in a dialect: errors, timer reads, actions and lists.

The handlers decide *what* to answer; a :class:`Writer` decides how it looks
on the wire. Injected faults keep their own forms (see ``faults.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from aiohttp import web

from .entries import LOCATION_FIELDS
from .errors import NO_TIMER, SimulatorError, reason
from .timestamps import stamp_writer

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import tzinfo

    from .dialect import Dialect
    from .state import Answer
    from .timestamps import Stamp

__all__ = ["TimerKind", "Writer", "html_error_page"]

TimerKind = Literal["project_timer", "attendance_timer"]

#: What ``action_answer="partial"`` keeps of the object.
PARTIAL_FIELDS: dict[TimerKind, tuple[str, ...]] = {
    "project_timer": ("username", "startedAt", "playing", "paused", "stopped"),
    "attendance_timer": ("id", "user", "from", "to"),
}

NO_TIMER_DETAIL: dict[TimerKind, str] = {
    "project_timer": "no running project timer",
    "attendance_timer": "not clocked in",
}


def null_object(kind: TimerKind, username: str) -> dict[str, Any]:
    """The timer object with nothing in it (``no_timer="null_object"``)."""
    if kind == "project_timer":
        return {
            "username": username,
            "startedAt": None,
            "workedSeconds": 0,
            "breakSeconds": 0,
            "playing": False,
            "paused": False,
            "stopped": True,
            "clientName": None,
            "projectName": None,
            "taskName": None,
            "note": None,
        }
    return {
        "id": None,
        "user": username,
        **dict.fromkeys((*LOCATION_FIELDS, "from", "to")),
        "workedMinutes": 0,
        "breakMinutes": 0,
        "manual": False,
        "notes": None,
    }


def html_error_page(status: int) -> str:
    """A bare HTML error page naming only the status line."""
    line = f"{status} {reason(status)}"
    return (
        f"<html><head><title>{line}</title></head><body><h1>{line}</h1></body></html>"
    )


def _message(exc: SimulatorError) -> str:
    return f"{exc.title}: {exc.detail}" if exc.detail else exc.title


@dataclass(frozen=True)
class Writer:
    """Writes answers in one dialect, timestamps with ``stamp``."""

    dialect: Dialect
    stamp: Stamp

    @classmethod
    def of(cls, dialect: Dialect, zone: tzinfo) -> Writer:
        """The writer of ``dialect`` for an account in time zone ``zone``."""
        return cls(dialect, stamp_writer(dialect.timestamps, zone))

    def error(
        self, exc: SimulatorError, headers: Mapping[str, str] | None = None
    ) -> web.Response:
        """A refusal, in the dialect's error form."""
        status = exc.status
        match self.dialect.errors:
            case "html":
                return web.Response(
                    status=status,
                    text=html_error_page(status),
                    content_type="text/html",
                    headers=headers,
                )
            case "uncoded":
                item = exc.body()["errors"][0]
                del item["code"]
                body: dict[str, Any] = {"errors": [item]}
            case "message":
                body = {"message": _message(exc), "status": status}
            case "in_200":
                body = {"success": False, **exc.body()}
                status = 200
            case "envelope":
                body = {"status": status, "message": _message(exc), "data": None}
                status = 200
            case _:
                body = exc.body()
        return web.json_response(body, status=status, headers=headers)

    def timer_read(
        self, kind: TimerKind, username: str, current: Answer | None
    ) -> web.Response:
        """A timer read: ``current`` is the user's last timer or entry, if any."""
        if current is not None and (current.running or self.dialect.no_timer == "last"):
            return web.json_response(current.to_json(self.stamp))
        match self.dialect.no_timer:
            case "not_found":
                return self.error(
                    SimulatorError(404, NO_TIMER, "No timer", NO_TIMER_DETAIL[kind])
                )
            case "no_content":
                return web.Response(status=204)
            case "null_object":
                return web.json_response(null_object(kind, username))
            case _:
                return web.json_response({})

    def account_attendance(self, entries: Iterable[Answer]) -> web.Response:
        """The attendance read of ``attendance_read="account"``: every user's."""
        return web.json_response([entry.to_json(self.stamp) for entry in entries])

    def action(self, kind: TimerKind, result: Answer) -> web.Response:
        """The answer of a successful action."""
        match self.dialect.action_answer:
            case "no_content":
                return web.Response(status=204)
            case "success":
                return web.json_response({"success": True})
            case "partial":
                full = result.to_json(self.stamp)
                return web.json_response(
                    {name: full[name] for name in PARTIAL_FIELDS[kind]}
                )
            case _:
                return web.json_response(result.to_json(self.stamp))

    def rows(self, rows: list[dict[str, Any]], total: int) -> web.Response:
        """A page of a list; ``total`` counts the rows of every page."""
        if self.dialect.list_ids == "id":
            rows = [
                {("id" if key == "ID" else key): value for key, value in row.items()}
                for row in rows
            ]
        if self.dialect.lists == "wrapped":
            return web.json_response({"data": rows, "total": total})
        return web.json_response(rows)

"""TimeTrack's answers where its documentation is silent: every form, in one place.

The public docs describe the timer objects and eight calls. Everything else
was never seen here, so each point accepts the few forms a real service could
plausibly give, and nothing beyond them: an answer outside these forms raises
TimeTrackUnrecognizedError instead of being read as "no timer" or "stopped".

Errors (any status, and a 200 that carries one)
    ``{"errors": [{"status", "code", "title", "detail"}]}`` (the docs of the
    other resources), ``{"error": {...}}``, ``{"error": "text"}``,
    ``{"message": "text", "status": N}``, ``{"success": false, ...}``; an HTML
    page or no body gives the status alone. The status an error body names
    wins over the HTTP status (a service that answers every error with 200).
No timer
    No body (204), ``null``, ``{}``, an empty list, a stopped object, or a 404
    whose body is one of TimeTrack's errors about something other than the
    user or the route.
Objects
    The object itself, or wrapped (up to three deep) under ``data`` or the
    resource's name; a list of objects (the open attendance entry, else the
    last one).
Lists
    A bare array, or an object holding it under ``data``, ``items``,
    ``results`` or the resource's name; ``{}`` is an empty list.
Action answers
    The object, or any acknowledgement without one: no body, ``{}``,
    ``{"success": true}``, or an object naming only whose it is (``username``,
    ``user``, ``id``, ``ID``, ``success``).
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
import json
import re
from typing import Any, Final

from .exceptions import (
    TimeTrackAuthenticationError,
    TimeTrackError,
    TimeTrackNotFoundError,
    TimeTrackRequestError,
    TimeTrackServerError,
    TimeTrackUnrecognizedError,
    TimeTrackUserNotFoundError,
)

__all__ = [
    "EMPTY",
    "ErrorFields",
    "error_from_status",
    "find_object",
    "find_rows",
    "is_acknowledgement",
    "is_route_miss",
    "read_error_body",
    "shape_of",
]

# TimeTrack's codes for "no such user" and "no such route".
ERROR_CODE_USER_NOT_FOUND: Final = 15020
ERROR_CODE_UNKNOWN_ROUTE: Final = 15050
_WRAPPERS: Final = ("data", "result", "results", "items", "content", "records")
_MAX_DEPTH: Final = 2
_USER_UNKNOWN: Final = re.compile(
    r"\b(?:unknown|no such|invalid|non-?existent)\s+user"
    r"|\buser(?:name)?\b[^.;:]{0,60}?\b(?:not found|unknown|does not exist)",
    re.IGNORECASE,
)
_ROUTE: Final = re.compile(r"\b(?:route|endpoint|path|url)\b", re.IGNORECASE)


class _Empty:
    """The marker of an answer that holds nothing at all."""

    def __repr__(self) -> str:
        return "EMPTY"


EMPTY: Final = _Empty()


@dataclass(frozen=True, slots=True)
class ErrorFields:
    """What an error body says: the status it names, a code, a title, a detail."""

    status: int | None = None
    code: int | None = None
    title: str | None = None
    detail: str | None = None


def decode_json(raw: bytes) -> Any:
    """The body as JSON; EMPTY when there is none. Raises ValueError if not JSON."""
    if not raw.strip():
        return EMPTY
    return json.loads(raw.decode("utf-8-sig"))


def read_error_body(payload: Any) -> ErrorFields | None:
    """The error a JSON body carries, or None when it is not an error body."""
    if not isinstance(payload, Mapping):
        return None
    errors = payload.get("errors")
    error = payload.get("error")
    if isinstance(errors, list) and errors and isinstance(errors[0], Mapping):
        return _fields(errors[0], payload)
    if isinstance(error, Mapping):
        return _fields(error, payload)
    if isinstance(error, str) and error.strip():
        return ErrorFields(status=_int(payload.get("status")), detail=error.strip())
    if payload.get("success") is False:
        return _fields(payload, payload)
    if payload.get("success") is True:
        return None
    if isinstance(payload.get("message"), str) and set(payload) <= {
        "message",
        "status",
        "code",
        "title",
        "detail",
        "error",
        "success",
    }:
        return _fields(payload, payload)
    return None


def _fields(error: Mapping[str, Any], outer: Mapping[str, Any]) -> ErrorFields:
    title = error.get("title")
    detail = error.get("detail", error.get("message"))
    return ErrorFields(
        status=_int(error.get("status", outer.get("status"))),
        code=_int(error.get("code")),
        title=title.strip() or None if isinstance(title, str) else None,
        detail=detail.strip() or None if isinstance(detail, str) else None,
    )


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def error_from_status(status: int, fields: ErrorFields | None) -> TimeTrackError:
    """The exception for an error answer (429 is the client's, for its hold)."""
    found = fields or ErrorFields()
    status = found.status if found.status and found.status >= 400 else status  # noqa: PLR2004
    args: dict[str, Any] = {
        "code": found.code,
        "title": found.title,
        "detail": found.detail,
    }
    if status in {401, 403}:
        return TimeTrackAuthenticationError(status, **args)
    if status == 404:  # noqa: PLR2004
        if found.code == ERROR_CODE_USER_NOT_FOUND or any(
            _USER_UNKNOWN.search(text) for text in (found.title, found.detail) if text
        ):
            return TimeTrackUserNotFoundError(status, **args)
        return TimeTrackNotFoundError(status, **args)
    if 400 <= status < 500:  # noqa: PLR2004
        return TimeTrackRequestError(status, **args)
    return TimeTrackServerError(status, **args)


def is_route_miss(err: TimeTrackNotFoundError) -> bool:
    """Whether a 404 may mean "no such route" rather than "no such thing".

    A bare 404 (an HTML page, no body) may be either: it counts as a miss,
    so that the other documented path is tried.
    """
    if isinstance(err, TimeTrackUserNotFoundError):
        return False
    if err.code == ERROR_CODE_UNKNOWN_ROUTE or is_bare(err):
        return True
    return any(text and _ROUTE.search(text) for text in (err.title, err.detail))


def is_bare(err: TimeTrackError) -> bool:
    """Whether an error answer said nothing but its status."""
    return err.code is None and err.title is None and err.detail is None


def find_object(
    payload: Any, fields: Collection[str], names: tuple[str, ...], depth: int = 0
) -> Mapping[str, Any] | None:
    """The one object of `fields` in an answer; None when it holds nothing.

    Raises TimeTrackUnrecognizedError for anything else (an object of other
    fields, a scalar).
    """
    if payload is EMPTY or payload is None or payload in ({}, []):
        return None
    if isinstance(payload, list) and depth <= _MAX_DEPTH:
        items = [item for item in payload if isinstance(item, Mapping) and item]
        if len(items) != len(payload):
            raise TimeTrackUnrecognizedError(message="a list of other things")
        open_items = [
            item
            for item in items
            if item.get("from") is not None and item.get("to") in (None, "")
        ]
        chosen = (open_items or items)[-1]
        return find_object(chosen, fields, names, depth + 1)
    if isinstance(payload, Mapping):
        if any(key in payload for key in fields):
            return payload
        if depth <= _MAX_DEPTH:
            for key in (*names, *_WRAPPERS):
                if key in payload:
                    return find_object(payload[key], fields, names, depth + 1)
    raise TimeTrackUnrecognizedError(message="an answer without the expected object")


def find_rows(
    payload: Any, names: tuple[str, ...], depth: int = 0
) -> list[Mapping[str, Any]]:
    """The rows of a list answer. Raises TimeTrackUnrecognizedError otherwise."""
    if payload is EMPTY or payload is None or payload == {}:
        return []
    if isinstance(payload, list):
        if not all(isinstance(row, Mapping) for row in payload):
            raise TimeTrackUnrecognizedError(message="a list of other things")
        return list(payload)
    if isinstance(payload, Mapping) and depth <= _MAX_DEPTH:
        for key in (*names, *_WRAPPERS):
            if isinstance(payload.get(key), list | Mapping):
                return find_rows(payload[key], names, depth + 1)
    raise TimeTrackUnrecognizedError(message="a list answer without a list")


def is_acknowledgement(payload: Any) -> bool:
    """Whether an action's answer says "done" without giving the object."""
    if payload is EMPTY or payload is None or payload == {}:
        return True
    if not isinstance(payload, Mapping):
        return False
    if payload.get("success") is True and all(
        key in {"success", "message", "status", "code"} for key in payload
    ):
        return True
    return set(payload) <= {"username", "user", "id", "ID", "success"}


def shape_of(payload: Any, depth: int = 0) -> Any:
    """What an answer looked like, without its values: keys and value types."""
    if payload is EMPTY:
        return "no body"
    if isinstance(payload, Mapping):
        if depth >= _MAX_DEPTH:
            return f"object({len(payload)} keys)"
        return {str(key): shape_of(value, depth + 1) for key, value in payload.items()}
    if isinstance(payload, list):
        if not payload:
            return "list(0)"
        return {f"list({len(payload)}) of": shape_of(payload[0], depth + 1)}
    return {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "text",
        type(None): "null",
    }.get(type(payload), type(payload).__name__)

"""TimeTrack's answers where its documentation is silent: every form, in one place.

The public docs describe the timer objects and eight calls. Everything else
was never seen here, so each point accepts the few forms a real service could
plausibly give, and nothing beyond them: an answer outside these forms raises
TimeTrackUnrecognizedError instead of being read as "no timer" or "stopped".

Errors (any status, and a 200 that carries one)
    ``{"errors": [{"status", "code", "title", "detail"}]}`` (the docs of the
    other resources), ``{"error": {...}}``, ``{"error": "text"}`` (with a
    ``message``, as web frameworks write it), ``{"message": "text", "status":
    N}``, a ``success`` that is not true, an envelope saying it failed
    (``"status": "error"`` or N ≥ 400, ``"error": true``, a message with
    nothing beside it); an HTML page or no body gives the status alone. The
    status an error body names wins over the HTTP status (a service that
    answers every error with 200). A 404 saying only "Not Found" says no more
    than a bare one.
No timer
    No body (204), ``null``, ``{}``, an empty list, a stopped object, or a 404
    whose body is one of TimeTrack's errors about something other than the
    user or the route.
Objects
    The object itself, or wrapped (up to three deep) under ``data`` or the
    resource's name; a list of objects: of those not naming another user,
    the open one (an entry without an end, a running or paused timer), else
    the last. An object naming another user is not the user's.
Lists
    A bare array, or an object holding it under ``data``, ``items``,
    ``results`` or the resource's name; ``{}`` is an empty list.
Action answers
    The object, or any acknowledgement without one: no body, ``{}``,
    ``{"success": true}``, an object naming only whose it is (``username``,
    ``user``, ``id``, ``ID``, ``success``), or a part of the object that does
    not contradict the action (client.py).
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
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
from .models import AttendanceTimer, ProjectTimer
from .values import named_user

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
    r"\b(?:unknown|no such|invalid|non-?existent|no)\s+(?:user|employee)"
    r"|\b(?:could not|couldn't|cannot|can't|unable to)\s+find\s+(?:the\s+|an?\s+)?"
    r"(?:user|employee)"
    r"|\b(?:user(?:name)?|employee)\b[^.;:]{0,60}?"
    r"\b(?:not found|unknown|does not exist|doesn't exist)",
    re.IGNORECASE,
)
# What a web framework says on any 404: nothing about what is missing.
_SAYS_NOTHING: Final = frozenset(
    {"", "not found", "404", "404 not found", "http 404", "no message available"}
)
# A body's own word for its failure: {"status": "error", ...}.
_FAILURE_WORDS: Final = frozenset({"error", "fail", "failed", "failure"})
_SUCCESS_WORDS: Final = frozenset({"ok", "success", "succeeded"})
# What an envelope's other fields hold when it carries no object.
_NOTHING: Final[tuple[Any, ...]] = (None, "", {}, [])
# The keys of an error envelope; anything else in one must hold nothing.
_ENVELOPE: Final = frozenset(
    {
        "message",
        "status",
        "code",
        "title",
        "detail",
        "error",
        "success",
        "timestamp",
        "path",
    }
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
    """The error a JSON body carries, or None when it is not an error body.

    Besides the error forms themselves, an envelope says "refused" by a
    failure status (``"status": "error"`` or ``404``), ``"error": true``,
    a ``success`` that is not true, or a message with nothing beside it
    (``{"message": "…", "data": null}``).
    """
    if not isinstance(payload, Mapping):
        return None
    errors = payload.get("errors")
    error = payload.get("error")
    if isinstance(errors, list) and errors and isinstance(errors[0], Mapping):
        return _fields(errors[0], payload)
    if isinstance(error, Mapping):
        return _fields(error, payload)
    if isinstance(error, str) and error.strip():
        message = payload.get("message")
        if isinstance(message, str) and message.strip():
            return replace(_fields(payload, payload), title=error.strip())
        return ErrorFields(status=_int(payload.get("status")), detail=error.strip())
    if payload.get("success") is not None:
        return None if _success(payload["success"]) else _fields(payload, payload)
    if error is True or _failure_status(payload.get("status")):
        return _fields(payload, payload)
    if _success_status(payload):
        return None
    if isinstance(payload.get("message"), str) and _only_envelope(payload):
        return _fields(payload, payload)
    return None


def _only_envelope(payload: Mapping[str, Any]) -> bool:
    """Whether an envelope holds nothing beside its own fields."""
    return all(key in _ENVELOPE or value in _NOTHING for key, value in payload.items())


def _success(value: Any) -> bool:
    """Whether a ``success`` field says so; anything but a clear yes is a no."""
    if isinstance(value, str):
        return value.strip().casefold() in {"true", "1", "yes", "ok"}
    return value is True or (type(value) is int and value == 1)


def _success_status(payload: Mapping[str, Any]) -> bool:
    """An envelope saying it succeeded: ``"status": "ok"`` or 2xx, ``"code": 0``."""
    status = payload.get("status")
    if isinstance(status, str) and status.strip().casefold() in _SUCCESS_WORDS:
        return True
    number = _int(status)
    return (number is not None and 200 <= number < 300) or (  # noqa: PLR2004
        type(payload.get("code")) is int and payload["code"] == 0
    )


def _failure_status(value: Any) -> bool:
    if isinstance(value, str) and value.strip().casefold() in _FAILURE_WORDS:
        return True
    status = _int(value)
    return status is not None and status >= 400  # noqa: PLR2004


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
    """The exception for an error answer (429 is the client's, for its hold).

    A refusal inside a 2xx answer that names no status of its own is a 404
    when it says the user is unknown, else a 400.
    """
    found = fields or ErrorFields()
    status = found.status if found.status and found.status >= 400 else status  # noqa: PLR2004
    if status < 400:  # noqa: PLR2004
        status = 404 if _names_unknown_user(found) else 400
    args: dict[str, Any] = {
        "code": found.code,
        "title": found.title,
        "detail": found.detail,
    }
    if status in {401, 403}:
        return TimeTrackAuthenticationError(status, **args)
    if status == 404:  # noqa: PLR2004
        if _names_unknown_user(found):
            return TimeTrackUserNotFoundError(status, **args)
        return TimeTrackNotFoundError(status, **args)
    if 400 <= status < 500:  # noqa: PLR2004
        return TimeTrackRequestError(status, **args)
    return TimeTrackServerError(status, **args)


def _names_unknown_user(found: ErrorFields) -> bool:
    return found.code == ERROR_CODE_USER_NOT_FOUND or any(
        _USER_UNKNOWN.search(text) for text in (found.title, found.detail) if text
    )


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
    """Whether an error answer said nothing but its status.

    "Not Found" and the like, which any web server answers for any path, say
    nothing more than the status does.
    """
    return err.code is None and all(
        text is None or text.strip().rstrip(".").casefold() in _SAYS_NOTHING
        for text in (err.title, err.detail)
    )


def find_object(
    payload: Any,
    fields: Collection[str],
    names: tuple[str, ...],
    depth: int = 0,
    *,
    owner: str | None = None,
) -> Mapping[str, Any] | None:
    """The one object of `fields` in an answer; None when it holds nothing.

    In a list, entries naming another user than `owner` are not the user's;
    of the rest, the open one (a running timer, an entry without an end),
    else the last. Raises TimeTrackUnrecognizedError for anything else (an
    object of other fields, a scalar, two open entries, the object of
    another user).
    """
    if payload is EMPTY or payload is None or payload in ({}, []):
        return None
    if isinstance(payload, list) and depth <= _MAX_DEPTH:
        items = [item for item in payload if isinstance(item, Mapping) and item]
        if len(items) != len(payload):
            raise TimeTrackUnrecognizedError(message="a list of other things")
        if owner is not None:
            items = [item for item in items if _may_be_of(item, owner)]
            if not items:
                return None
        open_items = [item for item in items if _is_open(item)]
        if len(open_items) > 1:
            raise TimeTrackUnrecognizedError(message="a list of two open entries")
        chosen = (open_items or items)[-1]
        return find_object(chosen, fields, names, depth + 1, owner=owner)
    if isinstance(payload, Mapping):
        if any(key in payload for key in fields):
            if owner is not None and not _may_be_of(payload, owner):
                raise TimeTrackUnrecognizedError(message="an answer about another user")
            return payload
        if depth <= _MAX_DEPTH:
            for key in (*names, *_WRAPPERS):
                if key in payload:
                    return find_object(
                        payload[key], fields, names, depth + 1, owner=owner
                    )
    raise TimeTrackUnrecognizedError(message="an answer without the expected object")


def _may_be_of(item: Mapping[str, Any], owner: str) -> bool:
    named = named_user(item)
    return named is None or named.casefold() == owner.casefold()


def _is_open(item: Mapping[str, Any]) -> bool:
    """An entry with a start and no end, or a timer running or paused."""
    return AttendanceTimer.open_in(item) is True or ProjectTimer.runs_in(item)


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
    succeeded = payload.get("success")
    says_done = (
        _success(succeeded) if succeeded is not None else _success_status(payload)
    )
    if says_done and _only_envelope(payload):
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

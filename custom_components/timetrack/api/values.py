"""Reading the fields of TimeTrack's objects: lenient in form, strict in meaning.

Numbers may come as text (``"120"``) and flags as ``"true"``/``1``; a field
that is missing or null reads as absent. A field that is present but means
nothing readable raises TimeTrackUnrecognizedError, naming the field and not
its value: a timer must never be shown from a value that was guessed.
"""

from collections.abc import Callable, Mapping
from datetime import date, datetime, tzinfo
import math
from typing import Any

from .exceptions import TimeTrackUnrecognizedError
from .timestamps import decode_date, decode_timestamp

__all__ = [
    "count",
    "flag",
    "moment",
    "named_user",
    "number",
    "pick",
    "text",
    "unrecognized",
    "user_text",
]

_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


def unrecognized(name: str) -> TimeTrackUnrecognizedError:
    """The error for a field that cannot be read."""
    return TimeTrackUnrecognizedError(message=f"unreadable field {name}")


def pick(data: Mapping[str, Any], *keys: str) -> Any:
    """The first of `keys` that is present and not null."""
    for key in keys:
        if data.get(key) is not None:
            return data[key]
    return None


def named_user(data: Mapping[str, Any]) -> str | None:
    """The username an object names as its owner; None when it names none.

    A number there is an id, not a name: it names nobody this client knows.
    """
    value = _user(pick(data, "username", "user"))
    return value.strip() or None if isinstance(value, str) else None


def user_text(value: Any) -> str | None:
    """A user field as text: the name, or an object holding it."""
    return text(_user(value))


def _user(value: Any) -> Any:
    if isinstance(value, Mapping):
        return pick(value, "username", "userName", "name")
    return value


def text(value: Any) -> str | None:
    """Non-empty text (a number is written as text); None otherwise."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def number(value: Any, name: str, *, strict: bool = True) -> float | None:
    """A finite number, also written as text; None when absent."""
    if value is None or value == "":
        return None
    if not isinstance(value, bool):
        try:
            result = float(value.replace(",", ".") if isinstance(value, str) else value)
        except TypeError, ValueError, OverflowError:
            pass
        else:
            if math.isfinite(result):
                return result
    if strict:
        raise unrecognized(name)
    return None


def count(value: Any, name: str) -> int:
    """A whole number of seconds or minutes; 0 when absent.

    A negative duration means nothing, and "1,234" could be 1.234 or 1234:
    both are refused rather than bent into a number.
    """
    if isinstance(value, str) and "," in value:
        raise unrecognized(name)
    result = number(value, name)
    if result is not None and result < 0:
        raise unrecognized(name)
    return 0 if result is None else int(result)


def flag(value: Any, name: str) -> bool | None:
    """A flag, also written as text or 0/1; None when absent."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().casefold() in _TRUE | _FALSE:
        return value.strip().casefold() in _TRUE
    raise unrecognized(name)


def moment(value: Any, time_zone: tzinfo, name: str) -> datetime | None:
    """A timestamp; None when absent or empty."""
    if value is None or value == "":
        return None
    return _decoded(decode_timestamp, value, time_zone, name)


def day(value: Any, time_zone: tzinfo, name: str) -> date:
    """A date (or the date of a timestamp); required."""
    return _decoded(decode_date, value, time_zone, name)


def _decoded[T](
    decode: Callable[[str, tzinfo], T], value: Any, time_zone: tzinfo, name: str
) -> T:
    if isinstance(value, str):
        try:
            return decode(value, time_zone)
        except ValueError:
            pass
    raise unrecognized(name)

"""Timestamp parsing and formatting: the one place that knows the wire format.

TimeTrack wants the user's *local wall-clock time* written like
``2020-10-23T16:00:00.000Z``; the trailing ``Z`` does not mean UTC. The
simulator therefore strips ``Z`` and treats the value as a naive local time.
A numeric offset (``+02:00``) is accepted and ignored the same way: only the
wall-clock part is used. Fractions of a second are accepted and dropped, so
all durations are whole seconds.

Answers write timestamps in one of the dialect's styles (:func:`stamp_writer`);
the default is :func:`format_timestamp`.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from .dialect import TimestampStyle

__all__ = [
    "Stamp",
    "format_date",
    "format_timestamp",
    "parse_bound",
    "parse_day",
    "parse_timestamp",
    "stamp_writer",
    "wall_clock",
]

type Stamp = Callable[[datetime], str]

_TIMESTAMP = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"T(?P<h>\d{2}):(?P<mi>\d{2}):(?P<s>\d{2})"
    r"(?:\.\d{1,9})?"
    r"(?:Z|[+-]\d{2}:?\d{2})?$"
)
_DAY = re.compile(r"^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})$")


def parse_timestamp(text: str) -> datetime:
    """Parse ``YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)?`` into a naive wall-clock time.

    Raises ValueError when the text is not such a timestamp.
    """
    match = _TIMESTAMP.match(text)
    if match is None:
        raise ValueError(f"not a timestamp: {text!r}")
    return datetime(  # noqa: DTZ001 - wall-clock time, deliberately naive
        int(match["y"]),
        int(match["mo"]),
        int(match["d"]),
        int(match["h"]),
        int(match["mi"]),
        int(match["s"]),
    )


def parse_day(text: str) -> date:
    """Parse ``YYYY-MM-DD`` or a timestamp (its date part). Raises ValueError."""
    match = _DAY.match(text)
    if match is not None:
        return date(int(match["y"]), int(match["mo"]), int(match["d"]))
    return parse_timestamp(text).date()


def parse_bound(text: str, *, end: bool) -> datetime:
    """Parse a list filter bound: a day (whole day, inclusive) or a timestamp.

    A bare day as a lower bound means its midnight; as an upper bound
    (``end=True``) it means the last second of that day. Raises ValueError.
    """
    match = _DAY.match(text)
    if match is not None:
        day = date(int(match["y"]), int(match["mo"]), int(match["d"]))
        return datetime.combine(day, time(23, 59, 59) if end else time(0, 0, 0))
    return parse_timestamp(text)


def wall_clock(moment: datetime) -> datetime:
    """Drop sub-second precision and any tzinfo, keeping the wall-clock part."""
    return moment.replace(microsecond=0, tzinfo=None)


def format_timestamp(moment: datetime) -> str:
    """Write a wall-clock time as ``YYYY-MM-DDTHH:MM:SS.000Z``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + ".000Z"


def format_date(day: date) -> str:
    """Write a day as ``YYYY-MM-DD``."""
    return day.isoformat()


def stamp_writer(style: TimestampStyle, zone: tzinfo) -> Stamp:
    """The writer of answer timestamps in ``style``.

    ``millis``: ``…T13:00:05.000Z``; ``seconds``: ``…T13:00:05Z``; ``minutes``:
    rounded down, ``…T13:00:00.000Z``; ``offset``: ``…T13:00:05+02:00``, the
    UTC offset ``zone`` has at that wall-clock time (``fold=0``: the first of a
    repeated hour; a time skipped by the clock change gets the offset before it).
    """
    match style:
        case "seconds":
            return lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        case "minutes":
            return lambda moment: format_timestamp(moment.replace(second=0))
        case "offset":
            return lambda moment: moment.replace(tzinfo=zone, fold=0).isoformat(
                timespec="seconds"
            )
        case _:
            return format_timestamp

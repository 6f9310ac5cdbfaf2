"""The one timestamp codec of the TimeTrack API.

TimeTrack wants and returns the user's *local wall-clock time*, written like a
UTC timestamp: ``2020-10-23T16:00:00.000Z``. The ``Z`` does **not** mean UTC.
Every conversion between such text and an aware :class:`~datetime.datetime`
happens here and nowhere else.

Rules:

* :func:`encode_timestamp` writes the wall clock of an aware datetime in the
  given time zone, always as ``YYYY-MM-DDTHH:MM:SS.000Z``. Sub-second parts
  are dropped (the service works in whole seconds).
* :func:`decode_timestamp` reads that format liberally: any number of fraction
  digits or none, a ``Z`` or no suffix (both meaning wall clock in the time
  zone), an explicit offset such as ``+02:00`` (a real instant, converted to
  the time zone) or a bare date (midnight, wall clock).
* Wall-clock times that occur twice (the hour repeated when clocks fall back)
  resolve to the *first* occurrence (``fold=0``). Wall-clock times that never
  occur (the hour skipped when clocks spring forward) are shifted forward by
  the length of the gap: 02:30 on a day whose clocks jump from 02:00 to 03:00
  decodes to 03:30.

Consequence: ``decode_timestamp(encode_timestamp(dt, tz), tz) == dt`` (after
dropping microseconds) for every instant *except* the instants during the
second pass of a repeated hour; those come back one gap earlier (at the first
occurrence of the same wall-clock time). This loss is inherent in the wire
format, which carries no offset.
"""

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
import re

__all__ = [
    "decode_date",
    "decode_timestamp",
    "encode_date",
    "encode_timestamp",
    "require_aware",
]

_TIMESTAMP_RE = re.compile(
    r"""
    (?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})
    (?:
        [Tt\ ]
        (?P<hour>\d{2}):(?P<minute>\d{2})
        (?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?
        \s*
        (?P<suffix>[Zz]|[+-]\d{2}(?::?\d{2})?)?
    )?
    """,
    re.VERBOSE | re.ASCII,
)


def require_aware(value: datetime) -> None:
    """Raise ValueError when ``value`` is naive."""
    if value.tzinfo is None or value.utcoffset() is None:
        msg = "a timezone-aware datetime is required"
        raise ValueError(msg)


def encode_timestamp(value: datetime, tz: tzinfo) -> str:
    """Encode an aware datetime as TimeTrack's local wall-clock timestamp.

    The result is the wall clock of ``value`` in ``tz``, formatted as
    ``YYYY-MM-DDTHH:MM:SS.000Z``. Raises ValueError for a naive datetime or
    one that cannot be expressed in ``tz``.
    """
    require_aware(value)
    try:
        local = value.astimezone(tz)
    except OverflowError as err:
        msg = "datetime out of range for the time zone"
        raise ValueError(msg) from err
    return (
        f"{local.year:04d}-{local.month:02d}-{local.day:02d}"
        f"T{local.hour:02d}:{local.minute:02d}:{local.second:02d}.000Z"
    )


def encode_date(value: date) -> str:
    """Encode a date as ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _parse_offset(suffix: str) -> timezone:
    """Turn ``+02:00``, ``+0200`` or ``+02`` into a fixed timezone."""
    sign = -1 if suffix[0] == "-" else 1
    digits = suffix[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:4]) if len(digits) > 2 else 0  # noqa: PLR2004
    if hours > 23 or minutes > 59:  # noqa: PLR2004
        msg = f"invalid UTC offset {suffix!r}"
        raise ValueError(msg)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _resolve_wall_clock(naive: datetime, tz: tzinfo) -> datetime:
    """Attach ``tz`` to a wall-clock time, resolving DST folds and gaps.

    Ambiguous times take their first occurrence; nonexistent times are
    shifted forward by the gap (PEP 495 semantics of ``fold=0``, normalised
    through UTC).
    """
    candidate = naive.replace(tzinfo=tz, fold=0)
    return candidate.astimezone(UTC).astimezone(tz)


def decode_timestamp(text: str, tz: tzinfo) -> datetime:
    """Decode a TimeTrack timestamp into an aware datetime in ``tz``.

    Accepts ``YYYY-MM-DDTHH:MM[:SS[.fff…]]`` with a ``Z``, no suffix or an
    explicit UTC offset, and a bare ``YYYY-MM-DD`` (midnight). Text without an
    offset (``Z`` included) is wall-clock time in ``tz``. Raises ValueError
    for anything else.
    """
    match = _TIMESTAMP_RE.fullmatch(text.strip())
    if match is None:
        msg = f"invalid timestamp {text!r}"
        raise ValueError(msg)
    fraction = match["fraction"] or ""
    try:
        naive = datetime(  # noqa: DTZ001 - a wall-clock time, zone attached below
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
            int(match["second"] or 0),
            int(fraction[:6].ljust(6, "0")),
        )
        suffix = match["suffix"]
        if suffix is not None and suffix not in {"Z", "z"}:
            instant = naive.replace(tzinfo=_parse_offset(suffix))
            return instant.astimezone(tz)
        return _resolve_wall_clock(naive, tz)
    except OverflowError as err:
        msg = f"timestamp out of range {text!r}"
        raise ValueError(msg) from err


def decode_date(text: str, tz: tzinfo) -> date:
    """Decode a ``YYYY-MM-DD`` date, or the local date of a timestamp."""
    return decode_timestamp(text, tz).date()

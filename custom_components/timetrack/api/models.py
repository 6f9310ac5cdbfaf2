"""Data models of the TimeTrack API.

Every model is a frozen dataclass built by ``from_api``, which is liberal:
unknown fields are ignored, missing or null fields get defaults, numbers
written as text and booleans written as ``"true"``/``"1"`` are accepted, and a
field that cannot be understood is treated as missing rather than raising.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from enum import StrEnum
import math
from typing import Any, Self

from .timestamps import decode_date, decode_timestamp

__all__ = [
    "AttendanceTimer",
    "Client",
    "Project",
    "ProjectTimer",
    "Task",
    "TimerState",
    "User",
    "WorkReportDay",
]

_TRUE_WORDS = frozenset({"true", "1", "yes", "y", "on", "t"})
_FALSE_WORDS = frozenset({"false", "0", "no", "n", "off", "f", ""})


def _pick(data: Mapping[str, Any], *keys: str) -> Any:
    """Return the first non-null value among ``keys``."""
    for key in keys:
        value = data.get(key)
        if value is not None:
            return value
    return None


def _as_str(value: Any) -> str | None:
    """Return ``value`` as non-empty text, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(value)
    return None


def _as_float(value: Any) -> float | None:
    """Return ``value`` as a finite float (text accepted), or None."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float):
            result = float(value)
        elif isinstance(value, str):
            result = float(value.strip().replace(",", "."))
        else:
            return None
    except ValueError, OverflowError:
        return None
    return result if math.isfinite(result) else None


def _as_int(value: Any) -> int | None:
    """Return ``value`` as an int (text and whole floats accepted), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
    number = _as_float(value)
    if number is None:
        return None
    return int(number)


def _as_bool(value: Any, default: bool) -> bool:
    """Return ``value`` as a bool (``"true"``, ``"1"``, 1 accepted)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return default


def _as_datetime(value: Any, time_zone: tzinfo) -> datetime | None:
    """Decode a TimeTrack timestamp, or None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return decode_timestamp(value, time_zone)
    except ValueError:
        return None


def _as_username(value: Any) -> str | None:
    """Read a user field that may be a name or an object holding one."""
    if isinstance(value, Mapping):
        value = _pick(value, "username", "userName", "name")
    return _as_str(value)


def _require_aware(value: datetime) -> None:
    """Raise ValueError when ``value`` is naive."""
    if value.tzinfo is None or value.utcoffset() is None:
        msg = "a timezone-aware datetime is required"
        raise ValueError(msg)


def _elapsed_seconds(since: datetime, now: datetime) -> int:
    """Whole real seconds from ``since`` to ``now`` (may be negative).

    Both are converted to UTC first: subtracting two datetimes that share a
    tzinfo would count wall-clock time and be off by an hour across DST.
    """
    return math.floor((now.astimezone(UTC) - since.astimezone(UTC)).total_seconds())


class TimerState(StrEnum):
    """State of a project timer."""

    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


PROJECT_TIMER_FIELDS = frozenset(
    {
        "startedAt",
        "workedSeconds",
        "breakSeconds",
        "playing",
        "paused",
        "stopped",
        "clientName",
        "projectName",
        "taskName",
    }
)


@dataclass(frozen=True, slots=True)
class ProjectTimer:
    """A user's project timer.

    ``worked_seconds`` and ``break_seconds`` are the durations last saved by
    the service; use :meth:`worked_seconds_at` and :meth:`break_seconds_at` for
    the live values.
    """

    username: str
    state: TimerState = TimerState.STOPPED
    started_at: datetime | None = None
    worked_seconds: int = 0
    break_seconds: int = 0
    client_name: str | None = None
    project_name: str | None = None
    task_name: str | None = None
    note: str | None = None

    @classmethod
    def idle(cls, username: str) -> Self:
        """Return a stopped timer with nothing set."""
        return cls(username=username)

    @classmethod
    def from_api(
        cls,
        data: Mapping[str, Any],
        time_zone: tzinfo,
        *,
        username: str | None = None,
    ) -> Self:
        """Build from the API's project timer object.

        ``username`` is used when the object names no user. The state comes
        from the ``stopped``/``paused``/``playing`` flags, in that order of
        precedence; without a start time or without any flag set it is
        stopped.
        """
        started_at = _as_datetime(data.get("startedAt"), time_zone)
        playing = _as_bool(data.get("playing"), default=False)
        paused = _as_bool(data.get("paused"), default=False)
        stopped = _as_bool(data.get("stopped"), default=False)
        if started_at is None or stopped:
            state = TimerState.STOPPED
        elif paused:
            state = TimerState.PAUSED
        elif playing:
            state = TimerState.RUNNING
        else:
            state = TimerState.STOPPED
        return cls(
            username=_as_username(_pick(data, "username", "user")) or username or "",
            state=state,
            started_at=started_at,
            worked_seconds=max(0, _as_int(data.get("workedSeconds")) or 0),
            break_seconds=max(0, _as_int(data.get("breakSeconds")) or 0),
            client_name=_as_str(data.get("clientName")),
            project_name=_as_str(data.get("projectName")),
            task_name=_as_str(_pick(data, "taskName", "task")),
            note=_as_str(_pick(data, "note", "notes")),
        )

    @property
    def running(self) -> bool:
        """Whether the timer is running."""
        return self.state is TimerState.RUNNING

    @property
    def paused(self) -> bool:
        """Whether the timer is paused (on a break)."""
        return self.state is TimerState.PAUSED

    def worked_seconds_at(self, now: datetime) -> int:
        """Return the work duration at ``now`` (an aware datetime).

        While running: now - started_at - break_seconds, never negative and
        never less than the saved value. Otherwise the saved value.
        """
        _require_aware(now)
        if self.state is not TimerState.RUNNING or self.started_at is None:
            return self.worked_seconds
        live = _elapsed_seconds(self.started_at, now) - self.break_seconds
        return max(self.worked_seconds, live, 0)

    def break_seconds_at(self, now: datetime) -> int:
        """Return the break duration at ``now`` (an aware datetime).

        While paused: now - started_at - worked_seconds, never negative and
        never less than the saved value. Otherwise the saved value.
        """
        _require_aware(now)
        if self.state is not TimerState.PAUSED or self.started_at is None:
            return self.break_seconds
        live = _elapsed_seconds(self.started_at, now) - self.worked_seconds
        return max(self.break_seconds, live, 0)


ATTENDANCE_TIMER_FIELDS = frozenset(
    {"id", "ID", "from", "to", "workedMinutes", "breakMinutes", "manual"}
)


@dataclass(frozen=True, slots=True)
class AttendanceTimer:
    """A user's attendance (clock in / clock out) entry."""

    username: str
    id: int | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    worked_minutes: int = 0
    break_minutes: int = 0
    manual: bool = False
    notes: str | None = None
    latitude_start: float | None = None
    longitude_start: float | None = None
    latitude_end: float | None = None
    longitude_end: float | None = None

    @classmethod
    def clocked_out(cls, username: str) -> Self:
        """Return an entry meaning "not clocked in"."""
        return cls(username=username)

    @classmethod
    def from_api(
        cls,
        data: Mapping[str, Any],
        time_zone: tzinfo,
        *,
        username: str | None = None,
    ) -> Self:
        """Build from the API's attendance timer object.

        ``username`` is used when the object names no user.
        """
        return cls(
            username=_as_username(_pick(data, "user", "username")) or username or "",
            id=_as_int(_pick(data, "id", "ID", "Id")),
            started_at=_as_datetime(data.get("from"), time_zone),
            ended_at=_as_datetime(data.get("to"), time_zone),
            worked_minutes=max(0, _as_int(data.get("workedMinutes")) or 0),
            break_minutes=max(0, _as_int(data.get("breakMinutes")) or 0),
            manual=_as_bool(data.get("manual"), default=False),
            notes=_as_str(_pick(data, "notes", "note")),
            latitude_start=_as_float(data.get("latitudeStart")),
            longitude_start=_as_float(data.get("longitudeStart")),
            latitude_end=_as_float(data.get("latitudeEnd")),
            longitude_end=_as_float(data.get("longitudeEnd")),
        )

    @property
    def clocked_in(self) -> bool:
        """Whether the user is clocked in (started, not ended)."""
        return self.started_at is not None and self.ended_at is None

    def worked_seconds_at(self, now: datetime) -> int:
        """Return the attendance duration at ``now`` (an aware datetime).

        While clocked in: now - started_at - break, never negative and never
        less than the saved value. Otherwise the saved value, or, when none
        was saved, ended_at - started_at - break.
        """
        _require_aware(now)
        saved = self.worked_minutes * 60
        breaks = self.break_minutes * 60
        if self.started_at is None:
            return saved
        if self.ended_at is None:
            return max(saved, _elapsed_seconds(self.started_at, now) - breaks, 0)
        if saved:
            return saved
        return max(_elapsed_seconds(self.started_at, self.ended_at) - breaks, 0)


@dataclass(frozen=True, slots=True)
class User:
    """A user of the TimeTrack account."""

    username: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    admin: bool = False
    team_lead: bool = False
    language: str | None = None
    personal_number: str | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any], time_zone: tzinfo | None = None) -> Self:
        """Build from the API's user object."""
        return cls(
            username=_as_username(_pick(data, "username", "userName", "user")) or "",
            first_name=_as_str(data.get("firstName")),
            last_name=_as_str(data.get("lastName")),
            email=_as_str(data.get("email")),
            admin=_as_bool(data.get("admin"), default=False),
            team_lead=_as_bool(data.get("teamLead"), default=False),
            language=_as_str(data.get("language")),
            personal_number=_as_str(data.get("personalNumber")),
        )

    @property
    def full_name(self) -> str:
        """Return "First Last", or the username when neither is known."""
        name = " ".join(
            part.strip() for part in (self.first_name, self.last_name) if part
        )
        return name or self.username


@dataclass(frozen=True, slots=True)
class Client:
    """A client (customer) of the account."""

    id: int | None
    name: str
    enabled: bool = True
    color: str | None = None
    notes: str | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any], time_zone: tzinfo | None = None) -> Self:
        """Build from the API's client object."""
        return cls(
            id=_as_int(_pick(data, "ID", "id", "Id")),
            name=_as_str(_pick(data, "name", "clientName")) or "",
            enabled=_as_bool(_pick(data, "enabled", "clientEnabled"), default=True),
            color=_as_str(data.get("color")),
            notes=_as_str(_pick(data, "notes", "note")),
        )


@dataclass(frozen=True, slots=True)
class Project:
    """A project of a client."""

    id: int | None
    name: str
    client_name: str = ""
    enabled: bool = True
    notes: str | None = None
    hour_rate: float | None = None
    time_estimated: float | None = None
    budget_estimated: float | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any], time_zone: tzinfo | None = None) -> Self:
        """Build from the API's project object."""
        return cls(
            id=_as_int(_pick(data, "ID", "id", "Id")),
            name=_as_str(_pick(data, "projectName", "name")) or "",
            client_name=_as_str(data.get("clientName")) or "",
            enabled=_as_bool(_pick(data, "projectEnabled", "enabled"), default=True),
            notes=_as_str(_pick(data, "notes", "note")),
            hour_rate=_as_float(data.get("hourRate")),
            time_estimated=_as_float(data.get("timeEstimated")),
            budget_estimated=_as_float(data.get("budgetEstimated")),
        )


@dataclass(frozen=True, slots=True)
class Task:
    """A task that time can be booked on."""

    id: int | None
    name: str
    hour_rate: float | None = None

    @classmethod
    def from_api(cls, data: Mapping[str, Any], time_zone: tzinfo | None = None) -> Self:
        """Build from the API's task object."""
        return cls(
            id=_as_int(_pick(data, "ID", "id", "Id")),
            name=_as_str(_pick(data, "name", "taskName")) or "",
            hour_rate=_as_float(data.get("hourRate")),
        )


def _as_day_time(value: Any, day: date | None, time_zone: tzinfo) -> datetime | None:
    """Read a work start/end: a timestamp, or a time of day on ``day``."""
    result = _as_datetime(value, time_zone)
    if result is not None or day is None or not isinstance(value, str):
        return result
    try:
        clock = time.fromisoformat(value.strip())
    except ValueError:
        return None
    return _as_datetime(
        f"{day.isoformat()}T{clock.replace(tzinfo=None).isoformat()}", time_zone
    )


@dataclass(frozen=True, slots=True)
class WorkReportDay:
    """One day of a user's work report (timesheet)."""

    work_date: date
    work_start: datetime | None = None
    work_end: datetime | None = None
    target_seconds: int = 0
    worked_seconds: int = 0
    break_seconds: int = 0
    work_target_difference: int = 0
    holiday: bool = False

    @classmethod
    def from_api(cls, data: Mapping[str, Any], time_zone: tzinfo) -> Self:
        """Build from one row of the API's work report.

        Raises ValueError when the row has no readable ``workDate``.
        """
        raw_date = _pick(data, "workDate", "date")
        if not isinstance(raw_date, str):
            msg = "work report row without a workDate"
            raise ValueError(msg)  # noqa: TRY004
        work_date = decode_date(raw_date, time_zone)
        return cls(
            work_date=work_date,
            work_start=_as_day_time(data.get("workStart"), work_date, time_zone),
            work_end=_as_day_time(data.get("workEnd"), work_date, time_zone),
            target_seconds=_as_int(data.get("targetSeconds")) or 0,
            worked_seconds=_as_int(data.get("workedSeconds")) or 0,
            break_seconds=_as_int(data.get("breakSeconds")) or 0,
            work_target_difference=_as_int(data.get("workTargetDifference")) or 0,
            holiday=_as_bool(data.get("holiday"), default=False),
        )

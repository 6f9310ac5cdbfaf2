"""The two timers of the TimeTrack API, the documented core.

``from_api`` reads the documented fields (see values.py for how strictly) and
raises TimeTrackUnrecognizedError for an object it cannot read for sure. A
timer's state comes from its documented flags ``playing``, ``paused`` and
``stopped``, never from whether a start time happened to parse.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
import math
from typing import Any, Final, Self

from .timestamps import require_aware
from .values import (
    count,
    flag,
    moment,
    number,
    pick,
    text,
    unrecognized,
    user_text,
)

__all__ = [
    "ATTENDANCE_TIMER_FIELDS",
    "PROJECT_TIMER_FIELDS",
    "AttendanceTimer",
    "ProjectTimer",
    "TimerState",
    "elapsed_seconds",
]


def elapsed_seconds(since: datetime, now: datetime) -> int:
    """Whole real seconds from `since` to `now` (may be negative).

    Both are converted to UTC first: subtracting two datetimes that share a
    tzinfo would count wall-clock time and be off by an hour across DST.
    """
    return math.floor((now.astimezone(UTC) - since.astimezone(UTC)).total_seconds())


class TimerState(StrEnum):
    """State of a project timer."""

    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


_FLAGS: Final = ("playing", "paused", "stopped")
PROJECT_TIMER_FIELDS: Final = frozenset(
    {
        *_FLAGS,
        "startedAt",
        "workedSeconds",
        "breakSeconds",
        "clientName",
        "projectName",
        "taskName",
    }
)
# What an answer must hold to stand for the whole timer, not just acknowledge.
_COMPLETE_PROJECT_TIMER: Final = frozenset(
    {"startedAt", "workedSeconds", "breakSeconds", "clientName", "projectName"}
)


@dataclass(frozen=True, slots=True)
class ProjectTimer:
    """A user's project timer.

    ``worked_seconds`` and ``break_seconds`` are the durations last saved by
    the service; :meth:`worked_seconds_at` and :meth:`break_seconds_at` give
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
        """A stopped timer with nothing set: the user has no timer."""
        return cls(username=username)

    @classmethod
    def from_api(
        cls, data: Mapping[str, Any], time_zone: tzinfo, *, username: str = ""
    ) -> Self:
        """Read the API's project timer object (`username` when it names none)."""
        flags = _flags(data)
        if all(value is None for value in flags.values()):
            raise unrecognized("playing/paused/stopped")
        started_at = moment(data.get("startedAt"), time_zone, "startedAt")
        state = _flagged_state(flags)
        if state is None:
            if started_at is not None:
                raise unrecognized("playing/paused/stopped")
            state = TimerState.STOPPED
        if state is not TimerState.STOPPED and started_at is None:
            raise unrecognized("startedAt")
        return cls(
            username=user_text(pick(data, "username", "user")) or username,
            state=state,
            started_at=started_at,
            worked_seconds=count(data.get("workedSeconds"), "workedSeconds"),
            break_seconds=count(data.get("breakSeconds"), "breakSeconds"),
            client_name=text(data.get("clientName")),
            project_name=text(data.get("projectName")),
            task_name=text(pick(data, "taskName", "task")),
            note=text(pick(data, "note", "notes")),
        )

    @staticmethod
    def is_complete(data: Mapping[str, Any]) -> bool:
        """Whether an answer holds the whole timer rather than a part of it."""
        return data.keys() >= _COMPLETE_PROJECT_TIMER and any(
            name in data for name in _FLAGS
        )

    @staticmethod
    def state_in(data: Mapping[str, Any]) -> TimerState | None:
        """The state a part of a timer states by its flags; None if it has none."""
        return _flagged_state(_flags(data))

    @staticmethod
    def runs_in(data: Mapping[str, Any]) -> bool:
        """Whether a timer's flags say it runs: playing or paused, not stopped."""
        flags = _flags(data)
        return not flags["stopped"] and bool(flags["playing"] or flags["paused"])

    def worked_seconds_at(self, now: datetime) -> int:
        """The work duration at `now`: counting while running, else as saved."""
        return self._counted(now, TimerState.RUNNING, self.worked_seconds)

    def break_seconds_at(self, now: datetime) -> int:
        """The break duration at `now`: counting while paused, else as saved."""
        return self._counted(now, TimerState.PAUSED, self.break_seconds)

    def _counted(self, now: datetime, counting: TimerState, saved: int) -> int:
        """A duration counting in one state: from the start, less the other one."""
        require_aware(now)
        if self.state is not counting or self.started_at is None:
            return saved
        other = self.worked_seconds + self.break_seconds - saved
        return max(saved, elapsed_seconds(self.started_at, now) - other, 0)


def _flags(data: Mapping[str, Any]) -> dict[str, bool | None]:
    return {name: flag(data.get(name), name) for name in _FLAGS}


def _flagged_state(flags: Mapping[str, bool | None]) -> TimerState | None:
    """The state the documented flags give; None when none is set.

    Stopped together with playing or paused says two things at once, and is
    refused; playing while paused is a paused timer.
    """
    if flags["stopped"]:
        if flags["playing"] or flags["paused"]:
            raise unrecognized("playing/paused/stopped")
        return TimerState.STOPPED
    if flags["paused"]:
        return TimerState.PAUSED
    if flags["playing"]:
        return TimerState.RUNNING
    return None


ATTENDANCE_TIMER_FIELDS: Final = frozenset(
    {"from", "to", "workedMinutes", "breakMinutes", "manual", "latitudeStart"}
)


@dataclass(frozen=True, slots=True)
class AttendanceTimer:
    """A user's attendance (clock in / clock out) entry."""

    username: str
    # What TimeTrack keeps beside the times: an entry is the same entry
    # whether or not an answer gave them (compared, it would look changed).
    id: int | None = field(default=None, compare=False)
    started_at: datetime | None = None
    ended_at: datetime | None = None
    worked_minutes: int = field(default=0, compare=False)
    break_minutes: int = 0
    manual: bool = field(default=False, compare=False)
    notes: str | None = field(default=None, compare=False)
    latitude_start: float | None = field(default=None, compare=False)
    longitude_start: float | None = field(default=None, compare=False)
    latitude_end: float | None = field(default=None, compare=False)
    longitude_end: float | None = field(default=None, compare=False)

    @classmethod
    def from_api(
        cls, data: Mapping[str, Any], time_zone: tzinfo, *, username: str = ""
    ) -> Self:
        """Read the API's attendance object (`username` when it names none)."""
        started_at = moment(data.get("from"), time_zone, "from")
        ended_at = moment(data.get("to"), time_zone, "to")
        if started_at is None and ended_at is not None:
            raise unrecognized("from")
        identifier = number(pick(data, "id", "ID"), "id")
        return cls(
            username=user_text(pick(data, "user", "username")) or username,
            id=None if identifier is None else int(identifier),
            started_at=started_at,
            ended_at=ended_at,
            worked_minutes=count(data.get("workedMinutes"), "workedMinutes"),
            break_minutes=count(data.get("breakMinutes"), "breakMinutes"),
            manual=bool(flag(data.get("manual"), "manual")),
            notes=text(pick(data, "notes", "note")),
            latitude_start=number(data.get("latitudeStart"), "", strict=False),
            longitude_start=number(data.get("longitudeStart"), "", strict=False),
            latitude_end=number(data.get("latitudeEnd"), "", strict=False),
            longitude_end=number(data.get("longitudeEnd"), "", strict=False),
        )

    @staticmethod
    def is_complete(data: Mapping[str, Any]) -> bool:
        """Whether an answer holds the entry's times rather than a part of it."""
        return {"from", "to"} <= data.keys()

    @staticmethod
    def open_in(data: Mapping[str, Any]) -> bool | None:
        """Whether a part of an entry states it open; None if it says neither.

        An entry with its start and no end is open, one with an end is closed.
        """
        if data.get("to") not in (None, ""):
            return False
        if data.get("from") not in (None, ""):
            return True
        return None

    @classmethod
    def clocked_out(cls, username: str) -> Self:
        """An entry meaning "not clocked in"."""
        return cls(username=username)

    @property
    def clocked_in(self) -> bool:
        """Whether the user is clocked in (started, not ended)."""
        return self.started_at is not None and self.ended_at is None

    def worked_seconds_at(self, now: datetime) -> int:
        """The attendance duration at `now`: counting while clocked in."""
        require_aware(now)
        saved = self.worked_minutes * 60
        breaks = self.break_minutes * 60
        if self.started_at is None:
            return saved
        if self.ended_at is None:
            return max(saved, elapsed_seconds(self.started_at, now) - breaks, 0)
        if saved:
            return saved
        return max(elapsed_seconds(self.started_at, self.ended_at) - breaks, 0)

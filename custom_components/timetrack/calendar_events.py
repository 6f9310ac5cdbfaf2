"""What TimeTrack's entries look like in a calendar: one event per entry.

Attendance entries run from clocking in to clocking out, with the break in
the description; project time entries are named "Client / Project", with
the task and note in the description; absences are all-day events named by
their type, with their approval status. An entry still open (the current
attendance, the running timer) has no end yet: it is shown ending at the next
whole hour at least `ONGOING_AHEAD` away, so that it is ongoing now and a
calendar trigger, which looks 15 minutes ahead, never takes that end for a
real one. The texts are the integration's translations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Final

from homeassistant.components.calendar import CalendarEvent
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .api import Absence, AttendanceTimer, ProjectTimeEntry, ProjectTimer, TimerState
from .messages import async_messages, fill
from .model import project_label

ONGOING_AHEAD: Final = timedelta(minutes=20)
ONE_HOUR: Final = timedelta(hours=1)
ONE_DAY: Final = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Texts:
    """The calendar's words in Home Assistant's language."""

    values: Mapping[str, str] = field(default_factory=dict)

    def get(self, key: str, **placeholders: object) -> str:
        """The text of `key` with its placeholders filled in."""
        return fill(self.values.get(f"calendar_{key}", key), placeholders)


async def async_texts(hass: HomeAssistant) -> Texts:
    """Load the calendar's texts (kept with the other translated messages)."""
    return Texts(await async_messages(hass))


def ongoing_end(now: datetime) -> datetime:
    """Where an entry still open is shown to end: a whole hour, not too soon."""
    ahead = dt_util.as_utc(now + ONGOING_AHEAD)
    hour = ahead.replace(minute=0, second=0, microsecond=0)
    end = hour if hour == ahead else hour + ONE_HOUR
    return end.astimezone(now.tzinfo)


def attendance_event(
    entry: AttendanceTimer, texts: Texts, now: datetime
) -> CalendarEvent | None:
    """An attendance entry, from clocking in to clocking out (or ongoing)."""
    start = entry.started_at
    if start is None:
        return None
    end = entry.ended_at or ongoing_end(now)
    if end < start:
        return None
    lines = [texts.get("break", minutes=entry.break_minutes)]
    if entry.clocked_in:
        lines.append(texts.get("ongoing"))
    if entry.notes:
        lines.append(texts.get("note", note=entry.notes))
    return CalendarEvent(
        start=start,
        end=end,
        summary=texts.get("attendance"),
        description="\n".join(lines),
        uid=_uid("attendance", entry.id, start),
    )


def project_event(entry: ProjectTimeEntry, texts: Texts) -> CalendarEvent | None:
    """A finished project timer, named "Client / Project"."""
    start = entry.started_at
    end = entry.ended_at or start + timedelta(
        minutes=entry.worked_minutes + entry.break_minutes
    )
    if end < start:
        return None
    return CalendarEvent(
        start=start,
        end=end,
        summary=project_label(entry.client_name, entry.project_name or "-"),
        description=_details(texts, entry.task_name, entry.note),
        uid=_uid("entry", entry.id, start),
    )


def timer_event(
    timer: ProjectTimer, texts: Texts, now: datetime
) -> CalendarEvent | None:
    """The running or paused project timer, ongoing."""
    start = timer.started_at
    if timer.state is TimerState.STOPPED or start is None:
        return None
    state = texts.get("running" if timer.state is TimerState.RUNNING else "paused")
    details = _details(texts, timer.task_name, timer.note)
    return CalendarEvent(
        start=start,
        end=max(ongoing_end(now), start),
        summary=project_label(timer.client_name, timer.project_name or "-"),
        description="\n".join(line for line in (details, state) if line),
        uid=_uid("timer", None, start),
    )


def absence_event(absence: Absence, texts: Texts) -> CalendarEvent:
    """An absence: all-day, named by its type, with its approval status."""
    status = absence.status if absence.status in {0, 1, 2} else "unknown"
    return CalendarEvent(
        start=absence.start,
        end=absence.end + ONE_DAY,
        summary=absence.type_name or texts.get("absence"),
        description=texts.get(f"status_{status}"),
        uid=_uid("absence", absence.id, absence.start),
    )


def overlaps(event: CalendarEvent, start: datetime, end: datetime) -> bool:
    """Whether the event lies (in part) within `start` to `end` (excluded)."""
    first = event.start_datetime_local
    last = event.end_datetime_local
    if last <= first:
        return start <= first < end
    return first < end and last > start


def _details(texts: Texts, task: str | None, note: str | None) -> str:
    lines = []
    if task:
        lines.append(texts.get("task", task=task))
    if note:
        lines.append(texts.get("note", note=note))
    return "\n".join(lines)


def _uid(kind: str, identifier: int | None, start: date) -> str:
    if identifier is not None:
        return f"{kind}-{identifier}"
    return f"{kind}-{start.isoformat()}"

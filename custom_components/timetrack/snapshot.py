"""The last known state, stored: where an entry starts when TimeTrack is away.

After a power cut Home Assistant is often back before the internet. An entry
that was set up before loads from this (the tracked users' timers as
TimeTrack last said, and the lists), so that actions taken in that window are
accepted and kept in the outbox; its readings stay unavailable until
TimeTrack answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .api import AttendanceTimer, Project, ProjectTimer, Task, TimerState, User
from .catalog import StoredCatalog
from .const import DOMAIN, SNAPSHOT_SAVE_DELAY
from .model import UserState

STORAGE_VERSION: Final = 1

type Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What was known when it was stored."""

    saved_at: datetime
    users: dict[str, UserState]
    catalog: StoredCatalog


class SnapshotStore:
    """The entry's last known state in Home Assistant's storage."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Store under the entry's id."""
        self._store: Store[Json] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.snapshot.{entry_id}"
        )
        self._current: Callable[[], Snapshot] | None = None
        self._closed = False

    async def async_load(self, time_zone: tzinfo) -> Snapshot | None:
        """The stored state in `time_zone`; None if none or unreadable."""
        stored = await self._store.async_load()
        if not stored:
            return None
        try:
            return _snapshot(stored, time_zone)
        except KeyError, TypeError, ValueError:
            return None

    def schedule_save(self, current: Callable[[], Snapshot]) -> None:
        """Store `current()` soon (and when Home Assistant stops)."""
        if self._closed:
            return
        self._current = current
        self._store.async_delay_save(lambda: _json(current()), SNAPSHOT_SAVE_DELAY)

    async def async_flush(self) -> None:
        """Store the current state now, and nothing after: the entry unloads.

        The next set-up (a reload) reads it back. Saving waits for a write
        already under way, and replaces the one still waiting for its delay.
        """
        self._closed = True
        if self._current is not None:
            await self._store.async_save(_json(self._current()))

    async def async_remove(self) -> None:
        """Delete the stored state (the entry was removed)."""
        await self._store.async_remove()


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse(value: str | None, time_zone: tzinfo = dt_util.UTC) -> datetime | None:
    parsed = dt_util.parse_datetime(value) if value else None
    return parsed.astimezone(time_zone) if parsed is not None else None


def _json(snapshot: Snapshot) -> Json:
    catalog = snapshot.catalog
    return {
        "saved_at": snapshot.saved_at.isoformat(),
        "users": {name: _user_json(state) for name, state in snapshot.users.items()},
        "projects": None
        if catalog.projects is None
        else [[p.client_name, p.name, p.enabled] for p in catalog.projects],
        "tasks": None if catalog.tasks is None else [t.name for t in catalog.tasks],
        "people": {
            name: [user.first_name, user.last_name]
            for name, user in catalog.people.items()
        },
    }


def _user_json(state: UserState) -> Json:
    timer = state.project_timer
    attendance = state.attendance
    return {
        "timer": {
            "state": timer.state.value,
            "started_at": _time(timer.started_at),
            "worked": timer.worked_seconds,
            "break": timer.break_seconds,
            "client": timer.client_name,
            "project": timer.project_name,
            "task": timer.task_name,
        },
        "attendance": {
            "started_at": _time(attendance.started_at),
            "ended_at": _time(attendance.ended_at),
            "worked": attendance.worked_minutes,
            "break": attendance.break_minutes,
        },
    }


def _snapshot(stored: Mapping[str, Any], time_zone: tzinfo) -> Snapshot:
    saved_at = _parse(stored["saved_at"])
    if saved_at is None:
        raise ValueError("no time")
    projects = stored.get("projects")
    tasks = stored.get("tasks")
    return Snapshot(
        saved_at=saved_at,
        users={
            name: _user(name, data, time_zone) for name, data in stored["users"].items()
        },
        catalog=StoredCatalog(
            projects=None
            if projects is None
            else tuple(
                Project(id=None, name=name, client_name=client, enabled=enabled)
                for client, name, enabled in projects
            ),
            tasks=None if tasks is None else tuple(Task(None, name) for name in tasks),
            people={
                name: User(name, first, last)
                for name, (first, last) in stored.get("people", {}).items()
            },
        ),
    )


def _user(username: str, data: Mapping[str, Any], time_zone: tzinfo) -> UserState:
    timer = data["timer"]
    attendance = data["attendance"]
    return UserState(
        username=username,
        project_timer=ProjectTimer(
            username=username,
            state=TimerState(timer["state"]),
            started_at=_parse(timer["started_at"], time_zone),
            worked_seconds=int(timer["worked"]),
            break_seconds=int(timer["break"]),
            client_name=timer["client"],
            project_name=timer["project"],
            task_name=timer["task"],
        ),
        attendance=AttendanceTimer(
            username=username,
            started_at=_parse(attendance["started_at"], time_zone),
            ended_at=_parse(attendance["ended_at"], time_zone),
            worked_minutes=int(attendance["worked"]),
            break_minutes=int(attendance["break"]),
        ),
    )

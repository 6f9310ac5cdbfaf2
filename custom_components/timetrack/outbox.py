"""The outbox: actions TimeTrack could not take yet, kept until they are recorded.

An action that meets a fault of the service or the network is stored here
with the time it was taken, in Home Assistant's storage so that it survives
a restart, and replayed in order when TimeTrack answers again. Before an
action is sent again, the server's state is compared with it: a request that
timed out may have reached TimeTrack, and must not take effect twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Final, TypedDict

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util, ulid as ulid_util

from .actions import TimerAction
from .api import AttendanceTimer, ProjectTimer, TimerState
from .const import DOMAIN
from .state import UserState

STORAGE_VERSION: Final = 1
# TimeTrack keeps whole seconds: two times this close are the same moment.
SAME_MOMENT: Final = timedelta(seconds=1)


class PendingActionData(TypedDict):
    """A pending action as stored."""

    id: str
    username: str
    action: str
    at: str
    client: str | None
    project: str | None
    task: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class PendingAction:
    """An action taken in Home Assistant that TimeTrack has not recorded yet."""

    id: str
    username: str
    action: TimerAction
    at: datetime
    client: str | None = None
    project: str | None = None
    task: str | None = None
    note: str | None = None

    @classmethod
    def create(
        cls, username: str, action: TimerAction, at: datetime, **fields: str | None
    ) -> PendingAction:
        """A new pending action with a fresh id."""
        return cls(ulid_util.ulid_now(), username, action, at, **fields)

    def as_dict(self) -> PendingActionData:
        """The stored form."""
        return {
            "id": self.id,
            "username": self.username,
            "action": self.action.value,
            "at": self.at.isoformat(),
            "client": self.client,
            "project": self.project,
            "task": self.task,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: PendingActionData) -> PendingAction:
        """Read the stored form back."""
        at = dt_util.parse_datetime(data["at"])
        if at is None:
            raise ValueError("stored action without a time")
        return cls(
            id=data["id"],
            username=data["username"],
            action=TimerAction(data["action"]),
            at=at,
            client=data.get("client"),
            project=data.get("project"),
            task=data.get("task"),
            note=data.get("note"),
        )

    def apply(self, state: UserState) -> UserState:
        """The user's state once TimeTrack has taken this action."""
        timer = state.project_timer
        attendance = state.attendance
        match self.action:
            case TimerAction.CLOCK_IN:
                return replace(
                    state,
                    attendance=AttendanceTimer(
                        username=self.username, started_at=self.at
                    ),
                )
            case TimerAction.CLOCK_OUT:
                return replace(state, attendance=replace(attendance, ended_at=self.at))
            case TimerAction.START:
                return replace(
                    state,
                    project_timer=ProjectTimer(
                        username=self.username,
                        state=TimerState.RUNNING,
                        started_at=self.at,
                        client_name=self.client,
                        project_name=self.project,
                        task_name=self.task,
                        note=self.note,
                    ),
                )
            case TimerAction.PAUSE:
                timer = replace(
                    timer,
                    state=TimerState.PAUSED,
                    worked_seconds=timer.worked_seconds_at(self.at),
                )
            case TimerAction.RESUME:
                timer = replace(
                    timer,
                    state=TimerState.RUNNING,
                    break_seconds=timer.break_seconds_at(self.at),
                )
            case TimerAction.STOP:
                timer = replace(
                    timer,
                    state=TimerState.STOPPED,
                    worked_seconds=timer.worked_seconds_at(self.at),
                    break_seconds=timer.break_seconds_at(self.at),
                )
        return replace(state, project_timer=timer)

    def is_recorded(self, state: UserState) -> bool:
        """Whether TimeTrack's state already shows this action, at its time."""
        timer = state.project_timer
        attendance = state.attendance
        match self.action:
            case TimerAction.CLOCK_IN:
                return _same(attendance.started_at, self.at)
            case TimerAction.CLOCK_OUT:
                return not attendance.clocked_in and _same(attendance.ended_at, self.at)
            case TimerAction.START:
                return (
                    _same(timer.started_at, self.at)
                    and _same_name(timer.project_name, self.project)
                    and _same_name(timer.client_name, self.client)
                )
        wanted = {
            TimerAction.PAUSE: TimerState.PAUSED,
            TimerAction.RESUME: TimerState.RUNNING,
            TimerAction.STOP: TimerState.STOPPED,
        }[self.action]
        if timer.state is not wanted or timer.started_at is None:
            return False
        # The last change of a timer is when its saved durations end.
        saved = timedelta(seconds=timer.worked_seconds + timer.break_seconds)
        return _same(timer.started_at + saved, self.at)


def _same(moment: datetime | None, other: datetime) -> bool:
    return moment is not None and abs(moment - other) < SAME_MOMENT


def _same_name(name: str | None, other: str | None) -> bool:
    return (name or "").casefold() == (other or "").casefold()


class Outbox:
    """The account's pending actions, in the order they were taken."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Keep the actions in storage under the entry's id."""
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.outbox.{entry_id}"
        )
        self.items: list[PendingAction] = []

    async def async_load(self) -> None:
        """Read what was pending when Home Assistant stopped."""
        stored = await self._store.async_load()
        self.items = [
            PendingAction.from_dict(item) for item in (stored or {}).get("actions", [])
        ]

    async def async_append(self, *items: PendingAction) -> None:
        """Keep actions to replay, after those already waiting."""
        self.items.extend(items)
        await self._async_save()

    async def async_remove(self, item: PendingAction) -> None:
        """Forget an action: recorded, or dropped."""
        self.items = [pending for pending in self.items if pending.id != item.id]
        await self._async_save()

    async def async_remove_store(self) -> None:
        """Delete the storage file (the entry was removed)."""
        await self._store.async_remove()

    def for_user(self, username: str) -> list[PendingAction]:
        """The user's pending actions, oldest first."""
        return [item for item in self.items if item.username == username]

    @property
    def oldest(self) -> datetime | None:
        """When the oldest pending action was taken."""
        return min((item.at for item in self.items), default=None)

    async def _async_save(self) -> None:
        await self._store.async_save(
            {"actions": [item.as_dict() for item in self.items]}
        )

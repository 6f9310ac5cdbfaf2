"""The outbox: actions TimeTrack could not take yet, kept until they are recorded.

An action that meets a fault of the service or the network is stored here
with the time it was taken, in Home Assistant's storage so that it survives a
restart, and replayed in order when TimeTrack answers again (replay.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Final, NotRequired, TypedDict, Unpack

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util, ulid as ulid_util

from .const import DOMAIN
from .timer_action import TimerAction

STORAGE_VERSION: Final = 1


class StartFields(TypedDict, total=False):
    """What a start names: the project, its client, and the task and note."""

    client: str | None
    project: str | None
    task: str | None
    note: str | None


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
    queued_at: NotRequired[str]
    attempts: NotRequired[int]


@dataclass(frozen=True, slots=True)
class PendingAction:
    """An action taken in Home Assistant that TimeTrack has not recorded yet.

    `at` is when it was taken (what TimeTrack records); `queued_at` when it
    was kept; `attempts` how often TimeTrack, answering, failed it anyway.
    """

    id: str
    username: str
    action: TimerAction
    at: datetime
    client: str | None = None
    project: str | None = None
    task: str | None = None
    note: str | None = None
    queued_at: datetime | None = None
    attempts: int = 0

    @classmethod
    def create(
        cls,
        username: str,
        action: TimerAction,
        at: datetime,
        **start: Unpack[StartFields],
    ) -> PendingAction:
        """A new action with a fresh id (a start names its project)."""
        return cls(ulid_util.ulid_now(), username, action, at, **start)

    def kept(self) -> PendingAction:
        """This action, as kept now."""
        return replace(self, queued_at=self.queued_at or dt_util.utcnow())

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
            "queued_at": (self.queued_at or self.at).isoformat(),
            "attempts": self.attempts,
        }

    @classmethod
    def from_dict(cls, data: PendingActionData) -> PendingAction:
        """Read the stored form back.

        Actions stored before `queued_at` existed count as kept when taken.
        """
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
            queued_at=dt_util.parse_datetime(data.get("queued_at") or data["at"]),
            attempts=data.get("attempts", 0),
        )


@dataclass(frozen=True, slots=True)
class Dropped:
    """A kept action TimeTrack will never record, and why."""

    item: PendingAction
    reason: str
    values: dict[str, str]


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
        self.items.extend(item.kept() for item in items)
        await self._async_save()

    async def async_remove(self, item: PendingAction) -> None:
        """Forget an action: recorded, or dropped."""
        self.items = [pending for pending in self.items if pending.id != item.id]
        await self._async_save()

    async def async_count_attempt(self, item: PendingAction) -> PendingAction:
        """Note one more failed attempt to send an action; the action as noted."""
        counted = replace(item, attempts=item.attempts + 1)
        self.items = [
            counted if pending.id == item.id else pending for pending in self.items
        ]
        await self._async_save()
        return counted

    async def async_remove_store(self) -> None:
        """Delete the storage file (the entry was removed)."""
        await self._store.async_remove()

    def for_user(self, username: str) -> list[PendingAction]:
        """The user's pending actions, oldest first."""
        return [item for item in self.items if item.username == username]

    @property
    def oldest_queued(self) -> datetime | None:
        """When the action that has waited longest was kept."""
        return min((item.queued_at or item.at for item in self.items), default=None)

    async def _async_save(self) -> None:
        await self._store.async_save(
            {"actions": [item.as_dict() for item in self.items]}
        )

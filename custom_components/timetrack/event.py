"""The timer event: fires on every change of a user's timers, wherever it was made.

An action taken in Home Assistant fires once, when taken: marked `pending`
while it waits in the outbox. A kept action that TimeTrack never takes fires
`action_dropped`, never the reverse of the action as if someone had done it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import override

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import callback

from .effects import apply_all
from .entity import TimeTrackEntity, user_platform
from .model import UserState
from .outbox import Dropped, PendingAction
from .transitions import EVENT_TYPES, transitions

PARALLEL_UPDATES = 0

TIMER = EventEntityDescription(
    key="timer", translation_key="timer", event_types=list(EVENT_TYPES)
)


# Each tracked user's timer event.
async_setup_entry = user_platform(
    lambda data, username: [TimerEvent(data, username, TIMER)]
)


class TimerEvent(TimeTrackEntity, EventEntity):
    """Fires on each change of the user's timers, and for dropped actions."""

    # The state the next events are measured against.
    _confirmed: UserState | None = None
    _pending: tuple[PendingAction, ...] = ()

    @override
    async def async_added_to_hass(self) -> None:
        """Start from the state read at set-up; tell what was dropped before."""
        await super().async_added_to_hass()
        self._confirmed = self.coordinator.confirmed(self.username)
        self._pending = tuple(self.coordinator.pending(self.username))
        self._fire_dropped(self.coordinator.take_dropped(self.username))

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Fire one event for each change since the last state seen."""
        timers = self.coordinator
        confirmed = timers.confirmed(self.username)
        pending = tuple(timers.pending(self.username))
        dropped = timers.take_dropped(self.username)
        if confirmed is not None:
            # Whether or not a state was seen before (at a restart, the read
            # may end after the entity showed itself without one).
            self._fire_dropped(dropped)
            if self._confirmed is not None:
                gone = {drop.item.id for drop in dropped}
                self._fire_changes(self._confirmed, confirmed, pending, gone)
        self._confirmed, self._pending = confirmed, pending
        super()._handle_coordinator_update()

    @callback
    def _fire_changes(
        self,
        seen: UserState,
        confirmed: UserState,
        pending: tuple[PendingAction, ...],
        gone: set[str],
    ) -> None:
        """One event per change from what was seen last to what is now."""
        before = apply_all(seen, (p for p in self._pending if p.id not in gone))
        waiting = {item.action.is_attendance for item in pending}
        for event_type, attributes in transitions(
            before, apply_all(confirmed, pending)
        ):
            attendance = event_type.startswith("clocked")
            self._fire(event_type, {**attributes, "pending": attendance in waiting})

    @callback
    def _fire_dropped(self, dropped: Iterable[Dropped]) -> None:
        for drop in dropped:
            self._fire("action_dropped", _dropped_attributes(drop.item, drop.reason))

    @callback
    def _fire(self, event_type: str, attributes: dict[str, object]) -> None:
        self._trigger_event(event_type, attributes)
        self.async_write_ha_state()


def _dropped_attributes(item: PendingAction, reason: str) -> dict[str, object]:
    attributes: dict[str, object] = {
        "action": item.action.value,
        "time": item.at.isoformat(),
        "reason": reason,
    }
    if item.project is not None:
        attributes |= {"client": item.client, "project": item.project}
    return attributes

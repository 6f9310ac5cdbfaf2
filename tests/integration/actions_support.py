"""Acting as a user or an automation does, and what of it reached TimeTrack.

The integration's actions are called as ``hass.services.async_call`` does,
waiting for them and taking their response; the entities' own services
(a button's press, the switch, the select) likewise. What reached TimeTrack is
read from the simulator's request log.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.select import (
    ATTR_OPTION,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.entity_platform import async_get_platforms
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

from .entity_support import (
    ALL_ANNA_ENTITIES,
    ATTENDANCE,
    PENDING_ACTIONS,
    PROJECT,
    TODAY,
    api_calls,
    async_advance,
    async_advance_to,
    async_move_to,
    async_poll,
    async_setup,
    state_of,
)

API = "/api/v2/ext/"
# The paths of the actions, below the API.
CLOCK_IN = "attendance_timer/start"
CLOCK_OUT = "attendance_timer/stop"
TIMER_START = "timers/project_timer/start"
TIMER_PAUSE = "timers/project_timer/pause"
TIMER_RESUME = "timers/project_timer/resume"
TIMER_STOP = "timers/project_timer/stop"

# --- acting ---------------------------------------------------------------------------


async def call_action(
    hass: HomeAssistant,
    name: str,
    data: dict[str, Any] | None = None,
    *,
    response: bool = True,
) -> Any:
    """Call one of the integration's actions and wait for it; its response."""
    return await hass.services.async_call(
        DOMAIN, name, data or {}, blocking=True, return_response=response
    )


async def refused(
    hass: HomeAssistant, name: str, data: dict[str, Any] | None = None
) -> ServiceValidationError:
    """Call an action that must be refused; the refusal."""
    with pytest.raises(ServiceValidationError) as info:
        await call_action(hass, name, data)
    return info.value


async def failed(
    hass: HomeAssistant, name: str, data: dict[str, Any] | None = None
) -> HomeAssistantError:
    """Call an action that must fail (not a refusal); the failure."""
    with pytest.raises(HomeAssistantError) as info:
        await call_action(hass, name, data)
    assert not isinstance(info.value, ServiceValidationError)
    return info.value


async def restart(hass: HomeAssistant, entry: MockConfigEntry) -> bool:
    """Home Assistant stops and starts again: the entry unloaded and set up."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    result = await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return result


async def press(hass: HomeAssistant, entity_id: str) -> None:
    """Press a button."""
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def switch(hass: HomeAssistant, turn: str, entity_id: str = ATTENDANCE) -> None:
    """Turn an attendance switch (anna's by default) on or off."""
    await hass.services.async_call(
        SWITCH_DOMAIN, turn, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def turn_on(hass: HomeAssistant, entity_id: str = ATTENDANCE) -> None:
    """Turn an attendance switch on: clock in."""
    await switch(hass, SERVICE_TURN_ON, entity_id)


async def choose(hass: HomeAssistant, option: str, entity_id: str = PROJECT) -> None:
    """Choose an option of a project select (anna's by default)."""
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: entity_id, ATTR_OPTION: option},
        blocking=True,
    )


def unavailable(hass: HomeAssistant, entity_ids: tuple[str, ...]) -> list[str]:
    """Those of `entity_ids` that show nothing: unavailable, or no state at all.

    An entry started without TimeTrack adds the work report sensors only once
    the reports answer: until then they have no state after a restart within
    one test (a real Home Assistant shows them unavailable, restored from the
    entity registry).
    """
    return [
        entity_id
        for entity_id in entity_ids
        if (state := hass.states.get(entity_id)) is None
        or state.state == STATE_UNAVAILABLE
    ]


def pending(hass: HomeAssistant, entity_id: str = PENDING_ACTIONS) -> list[str]:
    """The waiting actions a pending sensor lists ("action@time")."""
    state = state_of(hass, entity_id)
    actions = state.attributes["actions"]
    assert state.state == str(len(actions))
    return [f"{item['action']}@{item['time']}" for item in actions]


# --- what reached TimeTrack -----------------------------------------------------------


def clock_ins(simulator: Simulator) -> list[tuple[str, str]]:
    """Every clock-in that reached TimeTrack: (username, the body's date)."""
    return [
        (request.body["username"], request.body["date"])
        for request in simulator.requests_to(CLOCK_IN, "POST")
    ]


def wire(hour: int, minute: int = 0, second: int = 0, day: date = TODAY) -> str:
    """How a Vienna wall-clock time is sent to TimeTrack (the Z is not UTC)."""
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}.000Z"


def applied(simulator: Simulator) -> list[tuple[str, str]]:
    """Every action TimeTrack took, in order of arrival: (path, body's date).

    Taken means answered with success, or applied before the answer was lost
    (``apply_then_drop``); requests that met any other fault were not taken.
    """
    return [
        (request.path.removeprefix(API), (request.body or {}).get("date", ""))
        for request in simulator.requests
        if request.method == "POST"
        and (
            (request.fault is None and 200 <= request.status < 300)
            or request.fault == "apply_then_drop"
        )
    ]


def post_paths(simulator: Simulator) -> list[str]:
    """The paths of every action request that arrived, taken or not."""
    return [
        request.path.removeprefix(API)
        for request in simulator.requests
        if request.method == "POST"
    ]


def action_bodies(simulator: Simulator, suffix: str) -> list[dict[str, Any]]:
    """The bodies of the actions TimeTrack received at `suffix`."""
    return [r.body or {} for r in simulator.requests_to(suffix, method="POST")]


# --- the set-up account, as a test drives it ------------------------------------------


@dataclass
class Home:
    """Home Assistant with the account entry on the simulator, and the frozen
    clock: the steps above for one test, without handing each of them around."""

    hass: HomeAssistant
    simulator: Simulator
    entry: MockConfigEntry
    freezer: FrozenDateTimeFactory

    async def set_up(self) -> bool:
        """Add the entry and set it up as Home Assistant does at start."""
        return await async_setup(self.hass, self.entry)

    async def advance(self, delta: timedelta) -> None:
        """Let `delta` pass and whatever became due run (see `async_advance`)."""
        await async_advance(self.hass, self.freezer, delta)

    async def poll(self, seconds: int = 60) -> None:
        """Let one polling interval (default: 60 s) pass (see `async_poll`)."""
        await async_poll(self.hass, self.freezer, seconds)

    async def move_to(self, moment: datetime) -> None:
        """Move the clock on to `moment` (see `async_move_to`)."""
        await async_move_to(self.hass, self.freezer, moment)

    async def advance_to(self, moment: datetime) -> None:
        """Move on to `moment` in steps of 30 s (see `async_advance_to`)."""
        await async_advance_to(self.hass, self.freezer, moment)

    async def action(
        self, name: str, data: dict[str, Any] | None = None, *, response: bool = True
    ) -> Any:
        """Call one of the integration's actions; its response (see `call_action`)."""
        return await call_action(self.hass, name, data, response=response)

    async def press(self, entity_id: str) -> None:
        """Press a button."""
        await press(self.hass, entity_id)

    async def choose(self, option: str) -> None:
        """Choose an option of anna's project select."""
        await choose(self.hass, option)

    async def switch(self, turn: str, entity_id: str = ATTENDANCE) -> None:
        """Turn an attendance switch (anna's by default) on or off."""
        await switch(self.hass, turn, entity_id)

    async def clock_in_while_down(self) -> None:
        """TimeTrack goes down; anna clocks in with the switch all the same."""
        await self.simulator.go_down()
        await self.switch(SERVICE_TURN_ON)

    def state(self, entity_id: str) -> str:
        """An entity's state, which must exist."""
        return state_of(self.hass, entity_id).state

    async def restart(self) -> bool:
        """Home Assistant stops and starts again (see `restart`)."""
        return await restart(self.hass, self.entry)

    async def stop(self) -> None:
        """Home Assistant stops: the entry is unloaded."""
        assert await self.hass.config_entries.async_unload(self.entry.entry_id)
        await self.hass.async_block_till_done()

    async def start_with_attendance_hanging(self) -> asyncio.Task[bool]:
        """Home Assistant starts while TimeTrack leaves the attendance reads
        unanswered: the set-up under way, once every entity waits for them."""
        self.simulator.break_endpoint("attendance_timer", kind="hang")
        setup = self.hass.async_create_task(
            self.hass.config_entries.async_setup(self.entry.entry_id)
        )
        # Worked today and overtime follow with the work reports.
        per_user = len(ALL_ANNA_ENTITIES) - 2
        users = len(self.entry.subentries)
        await until(lambda: len(added_entities(self.hass)) == per_user * users)
        return setup

    def unavailable(self, entity_ids: tuple[str, ...]) -> list[str]:
        """Those of `entity_ids` that show nothing (see `unavailable`)."""
        return unavailable(self.hass, entity_ids)

    def clock_ins(self) -> list[tuple[str, str]]:
        """Every clock-in that reached TimeTrack (see `clock_ins`)."""
        return clock_ins(self.simulator)

    def states(self, *entity_ids: str) -> tuple[str, ...]:
        """The states of some entities."""
        return tuple(self.state(entity_id) for entity_id in entity_ids)

    def pending(self, entity_id: str = PENDING_ACTIONS) -> list[str]:
        """The waiting actions a pending sensor lists (see `pending`)."""
        return pending(self.hass, entity_id)

    async def requests_of(self, step: Awaitable[Any]) -> list[tuple[str, str]]:
        """The requests one step makes (the simulator's log cleared before it)."""
        self.simulator.clear_requests()
        await step
        return self.calls()

    def calls(self) -> list[tuple[str, str]]:
        """The requests the simulator received (see `api_calls`)."""
        return api_calls(self.simulator)

    def applied(self) -> list[tuple[str, str]]:
        """Every action TimeTrack took (see `applied`)."""
        return applied(self.simulator)

    def posts(self) -> list[str]:
        """The paths of every action request that arrived (see `post_paths`)."""
        return post_paths(self.simulator)


# --- a set-up in progress (its first read hangs) ----------------------------------


async def let_time_pass(home: Home, delta: timedelta) -> None:
    """Move the frozen clock on and run what became due (not waiting for all
    tasks: the set-up in progress waits for the clock)."""
    home.freezer.tick(delta)
    async_fire_time_changed(home.hass)
    for _ in range(100):
        await asyncio.sleep(0)


async def until(condition: Callable[[], bool], turns: int = 100_000) -> None:
    """Let the event loop run until `condition` holds, for at most `turns`
    turns (the clock is frozen; the executor's jobs take real time)."""
    for _ in range(turns):
        if condition():
            return
        await asyncio.sleep(0)


def added_entities(hass: HomeAssistant) -> list[str]:
    """The entities Home Assistant's platforms hold for this integration."""
    return [
        entity_id
        for platform in async_get_platforms(hass, DOMAIN)
        for entity_id in platform.entities
    ]

"""The actions: start, pause, resume and stop the timer; clock in and out."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any, Final

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from .const import DOMAIN
from .data import TimeTrackData
from .messages import refusal
from .model import UserState
from .targets import resolve_user
from .timer_action import TimerAction

ATTR_PROJECT: Final = "project"
ATTR_CLIENT: Final = "client"
ATTR_TASK: Final = "task"
ATTR_NOTE: Final = "note"
ATTR_TIME: Final = "time"

# Lengths TimeTrack's web app accepts for names and notes.
MAX_LENGTHS: Final = {"name": 200, "note": 2000}

TIME_SCHEMA: Final = vol.Schema(
    {**cv.TARGET_SERVICE_FIELDS, vol.Optional(ATTR_TIME): cv.datetime}
)
START_SCHEMA: Final = TIME_SCHEMA.extend(
    {
        vol.Required(ATTR_PROJECT): cv.string,
        vol.Optional(ATTR_CLIENT): cv.string,
        vol.Optional(ATTR_TASK): cv.string,
        vol.Optional(ATTR_NOTE): cv.string,
    }
)

# The actions (Home Assistant's word) that carry out one timer action each.
SERVICE_START_PROJECT_TIMER: Final = "start_project_timer"
SIMPLE_ACTIONS: Final = {
    "pause_project_timer": TimerAction.PAUSE,
    "resume_project_timer": TimerAction.RESUME,
    "stop_project_timer": TimerAction.STOP,
    "clock_in": TimerAction.CLOCK_IN,
    "clock_out": TimerAction.CLOCK_OUT,
}


def _text(
    call: ServiceCall, field: str, limit: int = MAX_LENGTHS["name"]
) -> str | None:
    """An optional text field, cleaned."""
    value: str | None = call.data.get(field)
    return None if value is None else _clean(value, field, limit)


def _clean(value: str, field: str, limit: int = MAX_LENGTHS["name"]) -> str:
    """A text field, stripped; refuses empty or overlong values."""
    value = value.strip()
    if not value:
        raise refusal("empty_field", field=field)
    if len(value) > limit:
        raise refusal("field_too_long", field=field, limit=str(limit))
    return value


def _respond(data: TimeTrackData, state: UserState) -> ServiceResponse:
    return state.as_response(data.timers.now())  # type: ignore[return-value]


async def _async_start(call: ServiceCall) -> ServiceResponse:
    data, username = resolve_user(call)
    project_name = _clean(call.data[ATTR_PROJECT], ATTR_PROJECT)
    client = _text(call, ATTR_CLIENT)
    note = _text(call, ATTR_NOTE, MAX_LENGTHS["note"])
    at: datetime | None = call.data.get(ATTR_TIME)
    data.timers.runner.checked_time(at)
    task = await data.catalog.async_validate_task(_text(call, ATTR_TASK))
    project = await data.catalog.async_resolve_project(project_name, client)
    state = await data.timers.runner.async_start(
        username, project, task=task, note=note, at=at
    )
    return _respond(data, state)


def _simple(
    action: TimerAction,
) -> Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]:
    async def handle(call: ServiceCall) -> ServiceResponse:
        data, username = resolve_user(call)
        state = await data.timers.runner.async_act(
            username, action, call.data.get(ATTR_TIME)
        )
        return _respond(data, state)

    return handle


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_START_PROJECT_TIMER,
        _async_start,
        schema=START_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    for service, action in SIMPLE_ACTIONS.items():
        hass.services.async_register(
            DOMAIN,
            service,
            _simple(action),
            schema=TIME_SCHEMA,
            supports_response=SupportsResponse.OPTIONAL,
        )

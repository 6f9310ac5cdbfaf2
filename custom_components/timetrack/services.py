"""The actions: start, pause, resume and stop the timer; clock in and out."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any, Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
    target as target_helpers,
)
import voluptuous as vol

from .actions import TimerAction
from .const import DOMAIN
from .coordinator import TimeTrackConfigEntry, TimeTrackCoordinator
from .entity import device_identifier
from .messages import refusal
from .state import UserState

ATTR_PROJECT: Final = "project"
ATTR_CLIENT: Final = "client"
ATTR_TASK: Final = "task"
ATTR_NOTE: Final = "note"
ATTR_TIME: Final = "time"

SERVICE_START_PROJECT_TIMER: Final = "start_project_timer"
SERVICE_PAUSE_PROJECT_TIMER: Final = "pause_project_timer"
SERVICE_RESUME_PROJECT_TIMER: Final = "resume_project_timer"
SERVICE_STOP_PROJECT_TIMER: Final = "stop_project_timer"
SERVICE_CLOCK_IN: Final = "clock_in"
SERVICE_CLOCK_OUT: Final = "clock_out"

# Lengths TimeTrack's web app accepts for names and notes.
MAX_NAME_LENGTH: Final = 200
MAX_NOTE_LENGTH: Final = 2000

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

SIMPLE_ACTIONS: Final = {
    SERVICE_PAUSE_PROJECT_TIMER: TimerAction.PAUSE,
    SERVICE_RESUME_PROJECT_TIMER: TimerAction.RESUME,
    SERVICE_STOP_PROJECT_TIMER: TimerAction.STOP,
    SERVICE_CLOCK_IN: TimerAction.CLOCK_IN,
    SERVICE_CLOCK_OUT: TimerAction.CLOCK_OUT,
}


def _loaded_entries(hass: HomeAssistant) -> list[TimeTrackConfigEntry]:
    return [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.state is ConfigEntryState.LOADED
    ]


def resolve_user(call: ServiceCall) -> tuple[TimeTrackCoordinator, str]:
    """The one tracked user a call targets (its device or any of its entities)."""
    hass = call.hass
    selection = target_helpers.TargetSelection(call.data)
    entries = _loaded_entries(hass)
    users = [
        (entry.runtime_data, username)
        for entry in entries
        for username in entry.runtime_data.usernames
    ]
    if not selection.has_any_target:
        if len(users) == 1:
            return users[0]
        raise refusal("target_required" if users else "no_users")
    selected = target_helpers.async_extract_referenced_entity_ids(hass, selection)
    device_ids = set(selected.referenced_devices)
    entity_registry = er.async_get(hass)
    for entity_id in selected.referenced | selected.indirectly_referenced:
        if (entity := entity_registry.async_get(entity_id)) and entity.device_id:
            device_ids.add(entity.device_id)
    device_registry = dr.async_get(hass)
    identifiers = {
        identifier
        for device_id in device_ids
        if (device := device_registry.async_get(device_id)) is not None
        for identifier in device.identifiers
    }
    targeted = [
        (coordinator, username)
        for coordinator, username in users
        if device_identifier(coordinator.config_entry, username) in identifiers
    ]
    if not targeted:
        raise refusal("target_not_timetrack")
    if len(targeted) > 1:
        raise refusal("target_several_users")
    return targeted[0]


def _text(call: ServiceCall, field: str, limit: int = MAX_NAME_LENGTH) -> str | None:
    """An optional text field, cleaned."""
    value: str | None = call.data.get(field)
    return None if value is None else _clean(value, field, limit)


def _clean(value: str, field: str, limit: int = MAX_NAME_LENGTH) -> str:
    """A text field, stripped; refuses empty or overlong values."""
    value = value.strip()
    if not value:
        raise refusal("empty_field", field=field)
    if len(value) > limit:
        raise refusal("field_too_long", field=field, limit=str(limit))
    return value


def _respond(coordinator: TimeTrackCoordinator, state: UserState) -> ServiceResponse:
    return state.as_response(coordinator.now())  # type: ignore[return-value]


async def _async_start(call: ServiceCall) -> ServiceResponse:
    coordinator, username = resolve_user(call)
    project_name = _clean(call.data[ATTR_PROJECT], ATTR_PROJECT)
    client = _text(call, ATTR_CLIENT)
    task = coordinator.validate_task(_text(call, ATTR_TASK))
    note = _text(call, ATTR_NOTE, MAX_NOTE_LENGTH)
    at: datetime | None = call.data.get(ATTR_TIME)
    project = await coordinator.async_resolve_project(project_name, client)
    state = await coordinator.async_start_project_timer(
        username, project, task=task, note=note, at=at
    )
    return _respond(coordinator, state)


def _simple(
    action: TimerAction,
) -> Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]:
    async def handle(call: ServiceCall) -> ServiceResponse:
        coordinator, username = resolve_user(call)
        state = await coordinator.async_act(username, action, call.data.get(ATTR_TIME))
        return _respond(coordinator, state)

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

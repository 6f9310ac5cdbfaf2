"""Which tracked user an action call is for, or the true reason it is for none."""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    target as target_helpers,
)

from .const import DOMAIN
from .data import TimeTrackData
from .entity import device_identifier
from .entries import default_user, tracked_users
from .messages import refusal


def resolve_user(call: ServiceCall) -> tuple[TimeTrackData, str]:
    """The one tracked user a call targets (their device or any of their entities).

    Without a target: the only one tracked, else the one linked to the person
    of the Home Assistant user who calls.
    """
    hass = call.hass
    selection = target_helpers.TargetSelection(call.data)
    users = tracked_users(hass)
    if not selection.has_any_target:
        if (default := default_user(users, hass, call.context.user_id)) is not None:
            return default
        if users:
            raise refusal("target_required")
        _raise_if_not_loaded(hass, set())
        raise refusal("no_users")
    devices = _targeted_devices(hass, selection)
    identifiers = {
        identifier for device in devices for identifier in device.identifiers
    }
    targeted = [
        (data, username)
        for data, username in users
        if data.timers.config_entry is not None
        and device_identifier(data.timers.config_entry.unique_id, username)
        in identifiers
    ]
    if len(targeted) > 1:
        raise refusal("target_several_users")
    if not targeted:
        _raise_if_not_loaded(
            hass, {entry for d in devices for entry in d.config_entries}
        )
        raise refusal("target_not_timetrack")
    return targeted[0]


def _targeted_devices(
    hass: HomeAssistant, selection: target_helpers.TargetSelection
) -> list[dr.DeviceEntry | dr.ChildDeviceEntry]:
    selected = target_helpers.async_extract_referenced_entity_ids(hass, selection)
    device_ids = set(selected.referenced_devices)
    entity_registry = er.async_get(hass)
    for entity_id in selected.referenced | selected.indirectly_referenced:
        if (entity := entity_registry.async_get(entity_id)) and entity.device_id:
            device_ids.add(entity.device_id)
    device_registry = dr.async_get(hass)
    return [
        device
        for device_id in device_ids
        if (device := device_registry.async_get(device_id)) is not None
    ]


def _raise_if_not_loaded(hass: HomeAssistant, entry_ids: set[str]) -> None:
    """Say so when the target is a TimeTrack account that is not set up.

    With no target, any TimeTrack entry that is not loaded is the one meant.
    """
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.state is ConfigEntryState.LOADED:
            continue
        if entry_ids and entry.entry_id not in entry_ids:
            continue
        reauth = any(
            flow["context"].get("source") == SOURCE_REAUTH
            for flow in entry.async_get_active_flows(hass, {SOURCE_REAUTH})
        )
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="account_needs_reauth" if reauth else "account_not_loaded",
            translation_placeholders={"account": entry.title},
        )

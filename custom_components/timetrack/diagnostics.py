"""Diagnostics: the account's configuration and each tracked user's state, redacted."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant

from .const import CONF_API_SECRET
from .coordinator import TimeTrackConfigEntry

TO_REDACT = {
    CONF_API_KEY,
    CONF_API_SECRET,
    "email",
    "personal_number",
    "note",
    "notes",
    "latitude_start",
    "longitude_start",
    "latitude_end",
    "longitude_end",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: TimeTrackConfigEntry
) -> dict[str, Any]:
    """The entry, its options and what the coordinator holds, without secrets."""
    coordinator = entry.runtime_data
    catalog = coordinator.catalog
    return {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
        "time_zone": str(coordinator.time_zone),
        "last_update_success": coordinator.last_update_success,
        "reports_available": coordinator.reports_available,
        "catalog": {
            "projects": None if catalog.projects is None else len(catalog.projects),
            "enabled_projects": len(catalog.enabled_projects),
            "tasks": None if catalog.tasks is None else len(catalog.tasks),
            "people": len(catalog.people),
        },
        "users": {
            username: async_redact_data(_plain(asdict(state)), TO_REDACT)
            for username, state in (coordinator.data or {}).items()
        },
    }


def _plain(value: Any) -> Any:
    """`value` with dates written as text, as JSON has no date type."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return value

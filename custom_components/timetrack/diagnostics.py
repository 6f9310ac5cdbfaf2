"""Diagnostics: what the service answered and how the entry fares, and nothing personal.

Built from an allow-list: no key or secret, no address, no names (users are
`user_1`, `user_2`…), no projects, notes or times of day. What it does hold is
what teaches us the real service: per endpoint, the last answer's status and
shape, and the choices the client made.
"""

from __future__ import annotations

from typing import Any

from homeassistant.const import CONF_SCAN_INTERVAL
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .const import CONF_TIME_ZONE
from .data import TimeTrackConfigEntry


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: TimeTrackConfigEntry
) -> dict[str, Any]:
    """How the entry and the service fare, without secrets or personal data."""
    data = entry.runtime_data
    timers = data.timers
    alias = {name: f"user_{n}" for n, name in enumerate(sorted(data.usernames), 1)}
    now = dt_util.utcnow()
    return {
        "options": {
            "scan_interval": entry.options.get(CONF_SCAN_INTERVAL),
            "time_zone_set": CONF_TIME_ZONE in entry.options,
        },
        "tracked_users": len(alias),
        "timers": {
            "last_update_success": timers.last_update_success,
            "last_error": type(timers.last_exception).__name__
            if timers.last_exception
            else None,
            "update_interval": timers.update_interval.total_seconds()
            if timers.update_interval
            else None,
            "users_not_found": sorted(alias[name] for name in timers.missing),
            "users_unreadable": sorted(alias[name] for name in timers.unreadable),
            "users": {
                alias[name]: _state(timers.confirmed(name))
                for name in sorted(data.usernames)
            },
        },
        "outbox": [
            {
                "user": alias.get(item.username, "other"),
                "action": item.action.value,
                "waiting_seconds": round(
                    (now - dt_util.as_utc(item.queued_at or item.at)).total_seconds()
                ),
                "taken_seconds_ago": round(
                    (now - dt_util.as_utc(item.at)).total_seconds()
                ),
                "attempts": item.attempts,
            }
            for item in timers.outbox.items
        ],
        "optional": {
            coordinator.feature: coordinator.diagnostics()
            for coordinator in (*data.catalog.coordinators, data.reports)
        },
        "history": data.history.diagnostics(),
        "statistics": data.statistics.diagnostics() if data.statistics else None,
        "service": data.client.observations.as_dict(),
    }


def _state(state: Any) -> dict[str, Any] | None:
    if state is None:
        return None
    timer = state.project_timer
    return {
        "project_timer": timer.state.value,
        "project_set": timer.project_name is not None,
        "task_set": timer.task_name is not None,
        "clocked_in": state.attendance.clocked_in,
    }

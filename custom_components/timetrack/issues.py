"""Repair issues: what the user must know and may act on, in one place."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util

from .const import DOMAIN

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry


def delete_issue(hass: HomeAssistant, issue_id: str) -> None:
    """Take an issue back: what it said no longer holds."""
    ir.async_delete_issue(hass, DOMAIN, issue_id)


def _create(
    hass: HomeAssistant,
    issue_id: str,
    key: str,
    placeholders: dict[str, str],
    severity: ir.IssueSeverity = ir.IssueSeverity.WARNING,
) -> None:
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        severity=severity,
        translation_key=key,
        translation_placeholders=placeholders,
    )


def user_not_found_id(entry: ConfigEntry[Any], username: str) -> str:
    """The issue of a tracked user that TimeTrack no longer knows."""
    return f"user_not_found_{entry.entry_id}_{username}"


def raise_user_not_found(
    hass: HomeAssistant, entry: ConfigEntry[Any], username: str
) -> None:
    """TimeTrack no longer knows a tracked user."""
    _create(
        hass,
        user_not_found_id(entry, username),
        "user_not_found",
        {"username": username, "account": entry.title},
        ir.IssueSeverity.ERROR,
    )


def pending_id(entry: ConfigEntry[Any]) -> str:
    """The issue of actions that wait long."""
    return f"actions_pending_{entry.entry_id}"


def raise_actions_pending(
    hass: HomeAssistant, entry: ConfigEntry[Any], count: int, since: datetime
) -> None:
    """Actions have waited long for TimeTrack to answer."""
    _create(
        hass,
        pending_id(entry),
        "actions_pending",
        {
            "account": entry.title,
            "count": str(count),
            "since": dt_util.as_local(since).strftime("%Y-%m-%d %H:%M"),
        },
    )


def raise_action_dropped(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    item_id: str,
    placeholders: dict[str, str],
) -> None:
    """A kept action will never be recorded: which, for whom, when, and why."""
    _create(
        hass,
        f"action_dropped_{item_id}",
        "action_dropped",
        {"account": entry.title, **placeholders},
    )


def source_issue_id(entry: ConfigEntry[Any], kind: str, source: str) -> str:
    """The issue of a list beside the timers (`kind` optional or history)."""
    return f"{kind}_{entry.entry_id}_{source}"


def raise_source_issue(
    hass: HomeAssistant, entry: ConfigEntry[Any], key: str, issue_id: str, error: str
) -> None:
    """A list beside the timers has failed for long: what is missing, and why."""
    _create(hass, issue_id, key, {"account": entry.title, "error": error})

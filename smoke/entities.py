"""What the smoke run expects of the integration's entities (pure functions).

The set of entities is read from the entity registry, so that an entity added
later is checked without changing this file; the core ones must exist for
every tracked user.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

# (entity domain, translation key) of the entities every tracked user has.
PROJECT_TIMER = ("sensor", "project_timer")
ATTENDANCE = ("switch", "attendance")
PROJECT = ("select", "project")
PAUSE = ("button", "pause_timer")
RESUME = ("button", "resume_timer")
STOP = ("button", "stop_timer")
TIMER_EVENT = ("event", "timer")
CORE: tuple[tuple[str, str], ...] = (
    PROJECT_TIMER,
    ATTENDANCE,
    PROJECT,
    PAUSE,
    RESUME,
    STOP,
    TIMER_EVENT,
)

# `unknown` is a sensible state for these: a button never pressed, an event
# never fired, a select while no project runs.
UNKNOWN_ALLOWED_DOMAINS = frozenset({"button", "event", "select"})
# ... and for timestamp sensors while what they time does not run.
UNKNOWN_ALLOWED_DEVICE_CLASSES = frozenset({"timestamp"})

Key = tuple[str, str]


def key_of(registry_entry: Mapping[str, Any]) -> Key:
    """(domain, translation key) of an entity registry entry."""
    domain = str(registry_entry["entity_id"]).split(".", 1)[0]
    return domain, str(registry_entry.get("translation_key") or "")


def by_user(
    registry: Iterable[Mapping[str, Any]],
    entry_id: str,
    subentries: Mapping[str, str],
) -> dict[str, dict[Key, str]]:
    """The entry's enabled entities per username: {username: {key: entity_id}}.

    `subentries` maps subentry id to username.
    """
    users: dict[str, dict[Key, str]] = {
        username: {} for username in subentries.values()
    }
    for entity in registry:
        if entity.get("config_entry_id") != entry_id or entity.get("disabled_by"):
            continue
        username = subentries.get(str(entity.get("config_subentry_id")))
        if username is not None:
            users[username][key_of(entity)] = str(entity["entity_id"])
    return users


def missing_core(entities: Mapping[Key, str]) -> list[Key]:
    """The core keys a user lacks."""
    return [key for key in CORE if key not in entities]


def state_problem(entity_id: str, state: Mapping[str, Any] | None) -> str | None:
    """Why `state` is not a sensible state for `entity_id`, or None when it is."""
    if state is None:
        return "has no state"
    value = str(state.get("state"))
    attributes: Mapping[str, Any] = state.get("attributes") or {}
    domain = entity_id.split(".", 1)[0]
    device_class = attributes.get("device_class")
    if value == "unavailable":
        return "is unavailable"
    if value == "unknown":
        if (
            domain in UNKNOWN_ALLOWED_DOMAINS
            or device_class in UNKNOWN_ALLOWED_DEVICE_CLASSES
        ):
            return None
        return "is unknown where a value is expected"
    if domain == "switch" and value not in {"on", "off"}:
        return f"switch state {value!r} is neither on nor off"
    if (domain == "select" or device_class == "enum") and value not in (
        attributes.get("options") or []
    ):
        return f"{value!r} is not one of its options {attributes.get('options')}"
    if device_class == "timestamp" or domain in {"button", "event"}:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a timestamp"
    if device_class == "duration" or attributes.get("state_class") in {
        "measurement",
        "total",
        "total_increasing",
    }:
        try:
            float(value)
        except ValueError:
            return f"{value!r} is not a number"
    return None

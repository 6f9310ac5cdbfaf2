"""What the smoke run accepts as a sensible state of an entity."""

from __future__ import annotations

from typing import Any

import pytest

from smoke import entities

ENUM = {"device_class": "enum", "options": ["running", "paused", "stopped"]}
TIMESTAMP = {"device_class": "timestamp"}
DURATION = {"device_class": "duration", "unit_of_measurement": "min"}
SELECT = {"options": ["ACME / Website", "Globex / Intranet"]}


def state(value: str, **attributes: Any) -> dict[str, Any]:
    return {"state": value, "attributes": attributes}


@pytest.mark.parametrize(
    ("entity_id", "value", "attributes"),
    [
        ("sensor.anna_berger_project_timer", "stopped", ENUM),
        ("sensor.anna_berger_worked_time", "0", DURATION),
        ("sensor.anna_berger_timer_started", "unknown", TIMESTAMP),
        ("sensor.anna_berger_timer_started", "2026-12-01T11:07:16+00:00", TIMESTAMP),
        ("sensor.anna_berger_pending_actions", "0", {"state_class": "measurement"}),
        ("switch.anna_berger_attendance", "off", {}),
        ("select.anna_berger_project", "unknown", SELECT),
        ("select.anna_berger_project", "ACME / Website", SELECT),
        ("button.anna_berger_stop_timer", "unknown", {}),
        ("button.anna_berger_stop_timer", "2026-12-01T11:07:17.043+00:00", {}),
        ("event.anna_berger_timer", "unknown", {"event_type": None}),
    ],
)
def test_sensible_states(entity_id: str, value: str, attributes: Any) -> None:
    assert entities.state_problem(entity_id, state(value, **attributes)) is None


@pytest.mark.parametrize(
    ("entity_id", "value", "attributes", "why"),
    [
        ("sensor.a_project_timer", "unavailable", ENUM, "is unavailable"),
        ("sensor.a_project_timer", "unknown", ENUM, "unknown where a value"),
        ("sensor.a_project_timer", "idle", ENUM, "not one of its options"),
        ("sensor.a_worked_time", "unknown", DURATION, "unknown where a value"),
        ("sensor.a_worked_time", "lots", DURATION, "not a number"),
        ("sensor.a_timer_started", "yesterday", TIMESTAMP, "not a timestamp"),
        ("switch.a_attendance", "unknown", {}, "unknown where a value"),
        ("switch.a_attendance", "clocked_in", {}, "neither on nor off"),
        ("select.a_project", "Initech / Legacy", SELECT, "not one of its options"),
        ("button.a_stop_timer", "unavailable", {}, "is unavailable"),
    ],
)
def test_states_that_make_no_sense(
    entity_id: str, value: str, attributes: Any, why: str
) -> None:
    problem = entities.state_problem(entity_id, state(value, **attributes))
    assert problem is not None
    assert why in problem


def test_a_missing_state_makes_no_sense() -> None:
    assert entities.state_problem("sensor.a_project_timer", None) == "has no state"


def test_entities_are_grouped_by_tracked_user() -> None:
    registry = [
        {
            "entity_id": "sensor.anna_berger_project_timer",
            "translation_key": "project_timer",
            "config_entry_id": "E",
            "config_subentry_id": "S1",
            "disabled_by": None,
        },
        {
            "entity_id": "switch.ben_hofer_attendance",
            "translation_key": "attendance",
            "config_entry_id": "E",
            "config_subentry_id": "S2",
            "disabled_by": None,
        },
        {  # disabled: it has no state, and that is fine
            "entity_id": "sensor.ben_hofer_break_time",
            "translation_key": "break_time",
            "config_entry_id": "E",
            "config_subentry_id": "S2",
            "disabled_by": "user",
        },
        {  # another entry's
            "entity_id": "sensor.other",
            "translation_key": "project_timer",
            "config_entry_id": "F",
            "config_subentry_id": "S1",
            "disabled_by": None,
        },
    ]
    users = entities.by_user(registry, "E", {"S1": "anna", "S2": "ben"})
    assert users == {
        "anna": {("sensor", "project_timer"): "sensor.anna_berger_project_timer"},
        "ben": {("switch", "attendance"): "switch.ben_hofer_attendance"},
    }
    assert entities.missing_core(users["anna"]) == [
        key for key in entities.CORE if key != ("sensor", "project_timer")
    ]

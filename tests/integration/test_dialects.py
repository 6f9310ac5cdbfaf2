"""Every dialect TimeTrack may speak: set-up, the lists, every action, the poll.

Nobody has seen the real service's answers beyond its documented timer calls;
the simulator answers each open point in several plausible ways
(`simulator.dialect.DIALECTS`). Each test runs once per dialect, set before
the entry is set up, through Home Assistant: set-up and the lists, every
action (one POST each, shown at once), and the poll after them (it only
confirms). Changes made elsewhere and kept actions: test_dialects_polls.py.

Time is frozen on Wednesday 3 June 2026 at 13:00 in Vienna; actions are taken
a few seconds past the minute, so that `timestamps=minutes` (TimeTrack writes
times rounded down to the minute) tells TimeTrack's times from the actions'.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.translation import async_get_translations
import pytest

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator
from simulator.dialect import Dialect

from .actions_support import Home, call_action
from .dialect_support import (
    WEBSITE,
    actions_sent,
    calls,
    dialects,
    nothing_runs,
    path_of,
    pick,
    read_method,
    set_up,
    setup_reads,
    timer_path,
    told,
    tries,
    utc,
    wire,
)
from .entity_support import (
    ALL_ANNA_ENTITIES,
    ATTENDANCE,
    CALENDAR,
    CLOCKED_IN_SINCE,
    ENTITY_TESTS,
    OVERTIME,
    PROJECT,
    PROJECT_TIMER,
    TIMER_STARTED,
    WORKED_TODAY,
    local,
    record_states,
    state_of,
)

pytestmark = ENTITY_TESTS

# The demo account's enabled projects, as the select offers them.
ALL_PROJECTS = [
    "ACME / Mobile App",
    "ACME / Website",
    "Globex / Intranet",
    "Globex / Website",
    "Initech / Support",
]
# What the timers show (the work report sensors are left out: a closed
# attendance entry makes the next poll read the reports again, by design).
TIMER_ENTITIES = tuple(
    e for e in ALL_ANNA_ENTITIES if e not in (WORKED_TODAY, OVERTIME, CALENDAR)
)
# Every action, in the order taken, and when: (time, action, its data).
CLOCK_IN_AT = local(13, 0, 5)
START_AT = local(13, 0, 10)
ACTIONS: tuple[tuple[datetime, str, dict[str, str]], ...] = (
    (CLOCK_IN_AT, "clock_in", {}),
    (START_AT, "start_project_timer", WEBSITE),
    (local(13, 0, 20), "pause_project_timer", {}),
    (local(13, 0, 30), "resume_project_timer", {}),
    (local(13, 0, 40), "stop_project_timer", {}),
    (local(13, 0, 50), "clock_out", {}),
)


async def start_a_project(
    hass: HomeAssistant, simulator: Simulator, dialect: Dialect
) -> None:
    """Start a project by its name (the task in any case) from the lists; without
    lists, by its name and client (its name alone is refused)."""
    simulator.clear_requests()
    if dialect.lists == "absent":
        with pytest.raises(ServiceValidationError) as info:
            await call_action(hass, "start_project_timer", {"project": "Website"})
        assert info.value.translation_key == "projects_unavailable"
        translations = await async_get_translations(hass, "en", "exceptions", {DOMAIN})
        text = translations[
            f"component.{DOMAIN}.exceptions.projects_unavailable.message"
        ]
        # Home Assistant drops the message's final full stop.
        assert str(info.value) == text.replace("{project}", "Website").rstrip(".")
        assert actions_sent(simulator) == []
        await call_action(hass, "start_project_timer", {**WEBSITE, "task": "Design"})
        assert state_of(hass, PROJECT).attributes["options"] == ["ACME / Website"]
    else:
        await call_action(
            hass, "start_project_timer", {"project": "Mobile App", "task": "design"}
        )
        assert state_of(hass, PROJECT).attributes["options"] == ALL_PROJECTS
    timer = simulator.project_timer("anna")
    assert timer["playing"] is True
    assert timer["taskName"] == "Design"
    assert state_of(hass, PROJECT).state == (
        f"{timer['clientName']} / {timer['projectName']}"
    )
    assert state_of(hass, PROJECT_TIMER).state == "running"
    assert [path for path, _, _ in actions_sent(simulator)] == [
        f"{timer_path(dialect)}/start"
    ]


# --- set-up and the lists -----------------------------------------------------


@pytest.mark.parametrize("key", dialects())
async def test_setup_and_lists(home: Home, key: str) -> None:
    """The entry loads whatever the dialect; the timers and the lists are read
    the dialect's way (each alternative found once, then kept); the select offers
    the projects; without lists, a project is started with its client only."""
    dialect = await set_up(home, key)

    assert home.states(PROJECT_TIMER, ATTENDANCE) == ("stopped", "off")
    reads = setup_reads(dialect)
    assert {path: tries(home.simulator, path) for path in reads} == reads
    catalog = home.entry.runtime_data.catalog
    if dialect.lists == "absent":
        assert catalog.projects.data is None
        assert catalog.tasks.data is None
        assert catalog.people.data is None
        assert state_of(home.hass, PROJECT).attributes["options"] == []
    else:
        assert state_of(home.hass, PROJECT).attributes["options"] == ALL_PROJECTS
        # Ids as well as names, whether the rows call it `ID` or `id`.
        assert [(task.id, task.name) for task in catalog.tasks.data] == [
            (1, "Development"),
            (2, "Design"),
            (3, "Meeting"),
            (4, "Support"),
        ]
        assert [(p.id, p.client_name, p.name) for p in catalog.projects.data][:2] == [
            (1, "ACME", "Website"),
            (2, "Globex", "Website"),
        ]
        assert catalog.people.data["anna"].full_name == "Anna Berger"

    # A poll reads the two timers only, by the route and method found at set-up.
    home.simulator.clear_requests()
    await home.poll()  # 13:01
    assert sorted(
        (request.method, path_of(request), request.status)
        for request in home.simulator.requests
    ) == [
        (read_method(dialect), "attendance_timer", nothing_runs(dialect)),
        (read_method(dialect), timer_path(dialect), nothing_runs(dialect)),
    ]
    assert home.state(PROJECT_TIMER) == "stopped"

    await start_a_project(home.hass, home.simulator, dialect)


# --- every action, and the poll after them ------------------------------------


@pytest.mark.parametrize(
    "key",
    dialects(),
)
async def test_every_action_is_one_post(home: Home, key: str) -> None:
    """Each action is one POST, shown at once: with TimeTrack's times where it
    answered the timer, else with the action's own."""
    dialect = await set_up(home, key)
    timer = timer_path(dialect)
    requests: dict[str, list[tuple[str, str]]] = {}

    async def act(moment: datetime, name: str, data: dict[str, Any]) -> Any:
        await home.move_to(moment)
        home.simulator.clear_requests()
        response = await home.action(name, data)
        requests[name] = calls(home.simulator)
        return response

    (clock_in, start, pause, resume, stop, clock_out) = ACTIONS
    response = await act(*clock_in)  # 13:00:05
    since = told(CLOCK_IN_AT, dialect)
    assert pick(response["attendance"], "clocked_in", "since") == (
        True,
        since.isoformat(),
    )
    assert home.states(ATTENDANCE, CLOCKED_IN_SINCE) == ("on", utc(since))
    assert home.simulator.attendance_timer("anna")["from"] == wire(CLOCK_IN_AT)

    response = await act(*start)  # 13:00:10
    started = told(START_AT, dialect)
    assert pick(
        response["project_timer"], "state", "started_at", "client", "project"
    ) == ("running", started.isoformat(), "ACME", "Website")
    assert home.states(PROJECT_TIMER, PROJECT, TIMER_STARTED) == (
        "running",
        "ACME / Website",
        utc(started),
    )
    assert pick(home.simulator.project_timer("anna"), "playing", "startedAt") == (
        True,
        wire(START_AT),
    )

    response = await act(*pause)  # 13:00:20
    assert pick(response["project_timer"], "state", "started_at", "worked_seconds") == (
        "paused",
        started.isoformat(),
        10,
    )
    assert home.states(PROJECT_TIMER, PROJECT) == ("paused", "ACME / Website")
    assert pick(home.simulator.project_timer("anna"), "paused", "workedSeconds") == (
        True,
        10,
    )

    response = await act(*resume)  # 13:00:30
    assert pick(response["project_timer"], "state", "started_at", "break_seconds") == (
        "running",
        started.isoformat(),
        10,
    )
    assert home.states(PROJECT_TIMER) == ("running",)
    assert pick(home.simulator.project_timer("anna"), "playing", "breakSeconds") == (
        True,
        10,
    )

    response = await act(*stop)  # 13:00:40
    assert pick(
        response["project_timer"],
        "state",
        "started_at",
        "worked_seconds",
        "break_seconds",
    ) == ("stopped", None, 20, 10)
    assert home.states(PROJECT_TIMER, PROJECT, TIMER_STARTED) == (
        "stopped",
        "unknown",
        "unknown",
    )
    assert pick(home.simulator.project_timer("anna"), "stopped", "workedSeconds") == (
        True,
        20,
    )

    response = await act(*clock_out)  # 13:00:50
    assert pick(response["attendance"], "clocked_in", "since") == (False, None)
    assert home.states(ATTENDANCE, CLOCKED_IN_SINCE) == ("off", "unknown")
    assert home.simulator.attendance_timer("anna")["to"] == wire(clock_out[0])

    assert requests == {
        "clock_in": [("POST", "attendance_timer/start")],
        "start_project_timer": [("POST", f"{timer}/start")],
        "pause_project_timer": [("POST", f"{timer}/pause")],
        "resume_project_timer": [("POST", f"{timer}/resume")],
        "stop_project_timer": [("POST", f"{timer}/stop")],
        "clock_out": [("POST", "attendance_timer/stop")],
    }


@pytest.mark.parametrize(
    "key",
    dialects(),
)
async def test_poll_after_the_actions_changes_nothing(home: Home, key: str) -> None:
    """The poll after every action reads what the actions showed: no state is
    written, no event fired."""
    dialect = await set_up(home, key)
    for moment, name, data in ACTIONS:
        await home.move_to(moment)
        await home.action(name, data)
    assert state_of(home.hass, PROJECT_TIMER).attributes["project"] == "Website"
    log = record_states(home.hass, *TIMER_ENTITIES)
    home.simulator.clear_requests()

    await home.poll()  # 13:01

    assert (read_method(dialect), timer_path(dialect)) in calls(home.simulator)
    assert (read_method(dialect), "attendance_timer") in calls(home.simulator)
    assert log.changes == []
    assert log.rewrites_of == {}
    assert home.state(PROJECT_TIMER) == "stopped"
    assert home.state(ATTENDANCE) == "off"

"""Regression guards: exactly how many requests each step costs TimeTrack.

The benchmark (`scripts/bench`) times these steps; this module pins their
request counts in the normal test suite, from the simulator's own log, so that
an extra read or write is caught without any timing. Time is frozen at
Wednesday 3 June 2026, 11:00 in Vienna before the account is set up; polls
are driven by moving the frozen clock.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.select import (
    ATTR_OPTION,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator

VIENNA = ZoneInfo("Europe/Vienna")
NOW = datetime(2026, 6, 3, 11, 0, tzinfo=VIENNA)
API = "/api/v2/ext/"

PROJECT_TIMER_READ = ("GET", "timers/project_timer")
ATTENDANCE_READ = ("GET", "attendance_timer")
WORK_REPORTS_READ = ("GET", "work_reports")
LIST_READS = [("GET", "projects"), ("GET", "tasks"), ("GET", "users")]
START = ("POST", "timers/project_timer/start")
STOP = ("POST", "timers/project_timer/stop")

PROJECT_TIMER = "sensor.anna_berger_project_timer"
ATTENDANCE = "switch.anna_berger_attendance"
PROJECT_SELECT = "select.anna_berger_project"


def at(clock: str) -> datetime:
    """A naive wall-clock time today in Vienna, as the simulator's `act` takes it."""
    return datetime.fromisoformat(f"2026-06-03T{clock}")


def calls(simulator: Simulator) -> list[tuple[str, str]]:
    """The requests the simulator received, in order: (method, path below the API)."""
    return [
        (request.method, request.path.removeprefix(API))
        for request in simulator.requests
    ]


def by_user(simulator: Simulator) -> Counter[tuple[str, str, str]]:
    """How many requests of each kind were made for each user."""
    return Counter(
        (
            request.method,
            request.path.removeprefix(API),
            request.query.get("username") or (request.body or {}).get("username", "-"),
        )
        for request in simulator.requests
    )


async def poll(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let the default 60 s interval pass and run the poll it triggers."""
    freezer.tick(timedelta(seconds=60))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def action(hass: HomeAssistant, service: str, **data: Any) -> None:
    """Call one of the integration's actions and wait for it."""
    await hass.services.async_call(DOMAIN, service, data, blocking=True)


async def choose(hass: HomeAssistant, option: str) -> None:
    """Choose a project on the select."""
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: PROJECT_SELECT, ATTR_OPTION: option},
        blocking=True,
    )


def state(hass: HomeAssistant, entity_id: str) -> str:
    """An entity's state, which must exist."""
    found = hass.states.get(entity_id)
    assert found is not None, entity_id
    return found.state


@pytest.fixture
def frozen(freezer: FrozenDateTimeFactory) -> FrozenDateTimeFactory:
    """Time frozen at `NOW`, before anything is set up."""
    freezer.move_to(NOW)
    return freezer


@pytest.fixture
def in_app() -> list[tuple[str, str, dict[str, Any]]]:
    """What anna did in the phone app before Home Assistant looks: none by default."""
    return []


@pytest.fixture
async def account(
    frozen: FrozenDateTimeFactory,
    hass: HomeAssistant,
    simulator: Simulator,
    in_app: list[tuple[str, str, dict[str, Any]]],
    config_entry: MockConfigEntry,
) -> MockConfigEntry:
    """The account, set up at `NOW` after `in_app`, with an empty request log."""
    for action_name, clock, fields in in_app:
        simulator.act("anna", action_name, at(clock), **fields)
    await hass.config.async_set_time_zone("Europe/Vienna")
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    simulator.clear_requests()
    return config_entry


# --- setup and polls ------------------------------------------------------------


@pytest.mark.parametrize(
    "usernames", [["anna"], ["anna", "ben", "clara"]], ids=["one_user", "three_users"]
)
async def test_setup_reads_lists_once_and_each_user_three_times(
    frozen: FrozenDateTimeFactory,
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    usernames: list[str],
) -> None:
    """Setup: projects, tasks and users once; per user two timers and the reports."""
    await hass.config.async_set_time_zone("Europe/Vienna")
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()

    assert len(simulator.requests) == 3 + 3 * len(usernames)
    assert by_user(simulator) == Counter(
        {(*read, "-"): 1 for read in LIST_READS}
        | {
            (*read, user): 1
            for user in usernames
            for read in (PROJECT_TIMER_READ, ATTENDANCE_READ, WORK_REPORTS_READ)
        }
    )
    assert all(request.status == 200 for request in simulator.requests)


@pytest.mark.parametrize(
    "usernames", [["anna"], ["anna", "ben", "clara"]], ids=["one_user", "three_users"]
)
async def test_each_poll_reads_two_timers_per_user(
    hass: HomeAssistant,
    simulator: Simulator,
    account: MockConfigEntry,
    frozen: FrozenDateTimeFactory,
    usernames: list[str],
) -> None:
    """A poll: the project timer and the attendance timer of each user, nothing else."""
    for polls in range(1, 4):
        await poll(hass, frozen)
        assert len(simulator.requests) == 2 * len(usernames) * polls
        assert by_user(simulator) == Counter(
            {
                (*read, user): polls
                for user in usernames
                for read in (PROJECT_TIMER_READ, ATTENDANCE_READ)
            }
        )


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_lists_and_reports_are_not_read_again_within_the_hour(
    hass: HomeAssistant,
    simulator: Simulator,
    account: MockConfigEntry,
    frozen: FrozenDateTimeFactory,
    usernames: list[str],
) -> None:
    """59 polls read only timers; the 60th, an hour after setup, the lists too."""
    for _ in range(59):
        await poll(hass, frozen)
    assert Counter(calls(simulator)) == Counter(
        {PROJECT_TIMER_READ: 59 * 2, ATTENDANCE_READ: 59 * 2}
    )

    simulator.clear_requests()
    await poll(hass, frozen)  # 12:00, an hour after setup
    assert Counter(calls(simulator)) == Counter(
        {PROJECT_TIMER_READ: 2, ATTENDANCE_READ: 2, WORK_REPORTS_READ: 2}
        | dict.fromkeys(LIST_READS, 1)
    )

    simulator.clear_requests()
    for _ in range(5):
        await poll(hass, frozen)
    assert Counter(calls(simulator)) == Counter(
        {PROJECT_TIMER_READ: 5 * 2, ATTENDANCE_READ: 5 * 2}
    )


# --- actions --------------------------------------------------------------------

RUNNING = (
    "project_timer/start",
    "10:00:00",
    {"clientName": "ACME", "projectName": "Website"},
)
PAUSED = ("project_timer/pause", "10:30:00", {})
CLOCKED_IN = ("attendance_timer/start", "08:00:00", {})


TIMER = "timers/project_timer"


@pytest.mark.parametrize(
    ("in_app", "service", "sent", "entity_id", "shown"),
    [
        ([RUNNING], "pause_project_timer", f"{TIMER}/pause", PROJECT_TIMER, "paused"),
        (
            [RUNNING, PAUSED],
            "resume_project_timer",
            f"{TIMER}/resume",
            PROJECT_TIMER,
            "running",
        ),
        ([RUNNING], "stop_project_timer", f"{TIMER}/stop", PROJECT_TIMER, "stopped"),
        ([], "clock_in", "attendance_timer/start", ATTENDANCE, "on"),
        ([CLOCKED_IN], "clock_out", "attendance_timer/stop", ATTENDANCE, "off"),
    ],
    ids=["pause", "resume", "stop", "clock_in", "clock_out"],
)
async def test_action_is_one_post(
    *,
    hass: HomeAssistant,
    simulator: Simulator,
    account: MockConfigEntry,
    service: str,
    sent: str,
    entity_id: str,
    shown: str,
) -> None:
    """One POST and no read: the action's answer is shown as it is."""
    await action(hass, service)

    assert calls(simulator) == [("POST", sent)]
    assert simulator.requests[0].status == 200
    assert state(hass, entity_id) == shown


async def test_start_when_stopped_is_one_post(
    hass: HomeAssistant, simulator: Simulator, account: MockConfigEntry
) -> None:
    """Starting a stopped timer: the start, nothing else."""
    await action(hass, "start_project_timer", project="Mobile App")

    assert calls(simulator) == [START]
    assert simulator.requests[0].body["projectName"] == "Mobile App"
    assert state(hass, PROJECT_TIMER) == "running"


@pytest.mark.parametrize("in_app", [[RUNNING]])
async def test_start_while_another_project_runs_is_two_posts(
    hass: HomeAssistant, simulator: Simulator, account: MockConfigEntry
) -> None:
    """Switching projects: stop the running one, then start; no read."""
    await action(hass, "start_project_timer", project="Mobile App")

    assert calls(simulator) == [STOP, START]
    assert state(hass, PROJECT_TIMER) == "running"
    assert simulator.project_timer("anna")["projectName"] == "Mobile App"


async def test_select_when_stopped_is_one_post(
    hass: HomeAssistant, simulator: Simulator, account: MockConfigEntry
) -> None:
    """Choosing a project while the timer is stopped starts it: one POST."""
    await choose(hass, "Globex / Intranet")

    assert calls(simulator) == [START]
    assert state(hass, PROJECT_SELECT) == "Globex / Intranet"


@pytest.mark.parametrize("in_app", [[RUNNING]])
async def test_select_while_another_project_runs_is_two_posts(
    hass: HomeAssistant, simulator: Simulator, account: MockConfigEntry
) -> None:
    """Choosing another project while one runs: stop, then start; no read."""
    await choose(hass, "Globex / Intranet")

    assert calls(simulator) == [STOP, START]
    assert state(hass, PROJECT_SELECT) == "Globex / Intranet"


@pytest.mark.parametrize(
    ("in_app", "service", "read"),
    [
        ([], "pause_project_timer", PROJECT_TIMER_READ),
        ([RUNNING], "resume_project_timer", PROJECT_TIMER_READ),
        ([], "stop_project_timer", PROJECT_TIMER_READ),
        ([CLOCKED_IN], "clock_in", ATTENDANCE_READ),
        ([], "clock_out", ATTENDANCE_READ),
    ],
    ids=["pause", "resume", "stop", "clock_in", "clock_out"],
)
async def test_refused_action_reads_once_and_sends_nothing(
    hass: HomeAssistant,
    simulator: Simulator,
    account: MockConfigEntry,
    service: str,
    read: tuple[str, str],
) -> None:
    """An action the known state refuses: one fresh read, then the refusal."""
    with pytest.raises(ServiceValidationError):
        await action(hass, service)

    assert calls(simulator) == [read]

"""Regression guards: exactly how many requests each step costs TimeTrack.

The benchmark (`scripts/bench`) times these steps; this module pins their
request counts in the normal test suite, from the simulator's own log, so that
an extra read or write is caught without any timing. Time is frozen at
Wednesday 3 June 2026, 11:00 in Vienna before the account is set up; polls
are driven by moving the frozen clock.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import Simulator

from .actions_support import API, Home, choose
from .entity_support import ATTENDANCE, PROJECT, PROJECT_TIMER, VIENNA, Prepare

NOW = datetime(2026, 6, 3, 11, 0, tzinfo=VIENNA)

PROJECT_TIMER_READ = ("GET", "timers/project_timer")
ATTENDANCE_READ = ("GET", "attendance_timer")
WORK_REPORTS_READ = ("GET", "work_reports")
LIST_READS = [("GET", "projects"), ("GET", "tasks"), ("GET", "users")]
START = ("POST", "timers/project_timer/start")
STOP = ("POST", "timers/project_timer/stop")


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


@pytest.fixture
def in_app() -> list[tuple[str, str, dict[str, Any]]]:
    """What anna did in the phone app before Home Assistant looks: none by default."""
    return []


@pytest.fixture
def frozen_at() -> datetime:
    """Wednesday 3 June 2026, 11:00 in Vienna."""
    return NOW


@pytest.fixture
async def account(
    prepare: Prepare, in_app: list[tuple[str, str, dict[str, Any]]]
) -> MockConfigEntry:
    """The account, set up at `NOW` after `in_app`, with an empty request log."""
    return await prepare(*in_app)


# --- setup and polls ------------------------------------------------------------


@pytest.mark.parametrize(
    "usernames", [["anna"], ["anna", "ben", "clara"]], ids=["one_user", "three_users"]
)
async def test_setup_reads_lists_once_and_each_user_three_times(
    home: Home, frozen: FrozenDateTimeFactory, usernames: list[str]
) -> None:
    """Setup: projects, tasks and users once; per user two timers and the reports."""
    assert await home.set_up()

    assert len(home.simulator.requests) == 3 + 3 * len(usernames)
    assert by_user(home.simulator) == Counter(
        {(*read, "-"): 1 for read in LIST_READS}
        | {
            (*read, user): 1
            for user in usernames
            for read in (PROJECT_TIMER_READ, ATTENDANCE_READ, WORK_REPORTS_READ)
        }
    )
    assert all(request.status == 200 for request in home.simulator.requests)


@pytest.mark.parametrize(
    "usernames", [["anna"], ["anna", "ben", "clara"]], ids=["one_user", "three_users"]
)
async def test_each_poll_reads_two_timers_per_user(
    home: Home, account: MockConfigEntry, usernames: list[str]
) -> None:
    """A poll: the project timer and the attendance timer of each user, nothing else."""
    for polls in range(1, 4):
        await home.poll()
        assert len(home.simulator.requests) == 2 * len(usernames) * polls
        assert by_user(home.simulator) == Counter(
            {
                (*read, user): polls
                for user in usernames
                for read in (PROJECT_TIMER_READ, ATTENDANCE_READ)
            }
        )


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_lists_and_reports_are_not_read_again_within_the_hour(
    home: Home, account: MockConfigEntry, usernames: list[str]
) -> None:
    """59 polls read only timers; the 60th, an hour after setup, the lists too."""
    for _ in range(59):
        await home.poll()
    assert Counter(home.calls()) == Counter(
        {PROJECT_TIMER_READ: 59 * 2, ATTENDANCE_READ: 59 * 2}
    )

    home.simulator.clear_requests()
    await home.poll()  # 12:00, an hour after setup
    assert Counter(home.calls()) == Counter(
        {PROJECT_TIMER_READ: 2, ATTENDANCE_READ: 2, WORK_REPORTS_READ: 2}
        | dict.fromkeys(LIST_READS, 1)
    )

    home.simulator.clear_requests()
    for _ in range(5):
        await home.poll()
    assert Counter(home.calls()) == Counter(
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
    home: Home,
    account: MockConfigEntry,
    service: str,
    sent: str,
    entity_id: str,
    shown: str,
) -> None:
    """One POST and no read: the action's answer is shown as it is."""
    await home.action(service)

    assert home.calls() == [("POST", sent)]
    assert home.simulator.requests[0].status == 200
    assert home.state(entity_id) == shown


async def test_start_when_stopped_is_one_post(
    home: Home, account: MockConfigEntry
) -> None:
    """Starting a stopped timer: the start, nothing else."""
    await home.action("start_project_timer", {"project": "Mobile App"})

    assert home.calls() == [START]
    assert home.simulator.requests[0].body["projectName"] == "Mobile App"
    assert home.state(PROJECT_TIMER) == "running"


@pytest.mark.parametrize("in_app", [[RUNNING]])
async def test_start_while_another_project_runs_is_two_posts(
    home: Home, account: MockConfigEntry
) -> None:
    """Switching projects: stop the running one, then start; no read."""
    await home.action("start_project_timer", {"project": "Mobile App"})

    assert home.calls() == [STOP, START]
    assert home.state(PROJECT_TIMER) == "running"
    assert home.simulator.project_timer("anna")["projectName"] == "Mobile App"


async def test_select_when_stopped_is_one_post(
    home: Home, account: MockConfigEntry
) -> None:
    """Choosing a project while the timer is stopped starts it: one POST."""
    await choose(home.hass, "Globex / Intranet")

    assert home.calls() == [START]
    assert home.state(PROJECT) == "Globex / Intranet"


@pytest.mark.parametrize("in_app", [[RUNNING]])
async def test_select_while_another_project_runs_is_two_posts(
    home: Home, account: MockConfigEntry
) -> None:
    """Choosing another project while one runs: stop, then start; no read."""
    await choose(home.hass, "Globex / Intranet")

    assert home.calls() == [STOP, START]
    assert home.state(PROJECT) == "Globex / Intranet"


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
    home: Home, account: MockConfigEntry, service: str, read: tuple[str, str]
) -> None:
    """An action the known state refuses: one fresh read, then the refusal."""
    with pytest.raises(ServiceValidationError):
        await home.action(service)

    assert home.calls() == [read]

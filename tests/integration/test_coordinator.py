"""The coordinator: what it reads, how often, and how it lives through failures.

Time is frozen at 11:00 in Vienna before the account is set up; polls are
driven by moving the frozen clock and firing Home Assistant's timers. Request
counts come from the simulator's own log.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
import logging
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.timetrack.const import DOMAIN
from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator
from simulator.dialect import Dialect

VIENNA = ZoneInfo("Europe/Vienna")
NOW = datetime(2026, 2, 10, 11, 0, tzinfo=VIENNA)
API = "/api/v2/ext/"
CATALOG = ["projects", "tasks", "users"]
POLL = ["timers/project_timer", "attendance_timer"]
LOGGER_NAME = "custom_components.timetrack"

PROJECT_TIMER = "sensor.anna_berger_project_timer"
ATTENDANCE = "switch.anna_berger_attendance"
WORKED_TODAY = "sensor.anna_berger_worked_today"


def paths(simulator: Simulator) -> list[str]:
    """The paths below the API that the simulator was asked for, all GETs."""
    assert {request.method for request in simulator.requests} <= {"GET"}
    return [request.path.removeprefix(API) for request in simulator.requests]


def per_user(simulator: Simulator) -> Counter[tuple[str, str]]:
    """How often each path was read for each user."""
    return Counter(
        (request.query.get("username", "-"), request.path.removeprefix(API))
        for request in simulator.requests
    )


async def poll(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float = 60
) -> None:
    """Let `seconds` pass and run whatever Home Assistant scheduled meanwhile."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    # The coordinator polls in a background task: wait for it too.
    await hass.async_block_till_done(wait_background_tasks=True)


def state_of(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


@pytest.fixture
def frozen(freezer: FrozenDateTimeFactory) -> FrozenDateTimeFactory:
    """Time frozen at `NOW` before the account is set up."""
    freezer.move_to(NOW)
    return freezer


@pytest.fixture
async def account(
    frozen: FrozenDateTimeFactory,
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
) -> MockConfigEntry:
    """The account, set up at `NOW`."""
    return setup_integration


# --- requests of the setup and of each poll -------------------------------------


@pytest.mark.parametrize(
    "usernames", [["anna"], ["anna", "ben", "clara"]], ids=["one_user", "three_users"]
)
async def test_setup_requests(
    hass: HomeAssistant,
    simulator: Simulator,
    account: MockConfigEntry,
    usernames: list[str],
) -> None:
    """The lists once, then each user's two timers and this month's work reports."""
    assert sorted(paths(simulator)) == sorted(
        CATALOG + [*POLL, "work_reports"] * len(usernames)
    )
    assert per_user(simulator) == Counter(
        {("-", name): 1 for name in CATALOG}
        | {(user, path): 1 for user in usernames for path in [*POLL, "work_reports"]}
    )
    for request in simulator.requests_to("project_timer"):
        assert request.query["date"] == "2026-02-10T11:00:00.000Z"
    for request in simulator.requests_to("work_reports"):
        assert (request.query["from"], request.query["to"]) == (
            "2026-02-01",
            "2026-02-10",
        )
    assert all(request.status == 200 for request in simulator.requests)


@pytest.mark.parametrize(
    "usernames", [["anna"], ["anna", "ben", "clara"]], ids=["one_user", "three_users"]
)
async def test_each_poll_reads_two_timers_per_user(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    account: MockConfigEntry,
    usernames: list[str],
) -> None:
    """Every minute: each user's project timer and attendance timer, nothing else."""
    for minute in range(1, 6):
        simulator.clear_requests()
        await poll(hass, frozen)
        assert per_user(simulator) == Counter(
            {(user, path): 1 for user in usernames for path in POLL}
        ), minute
        dates = {request.query["date"] for request in simulator.requests}
        assert dates == {f"2026-02-10T11:{minute:02d}:00.000Z"}


async def test_no_poll_before_the_interval(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    account: MockConfigEntry,
) -> None:
    """Nothing is read between two polls."""
    simulator.clear_requests()
    await poll(hass, frozen, 30)
    await poll(hass, frozen, 28)
    assert simulator.requests == []
    await poll(hass, frozen, 2)
    assert len(simulator.requests) == 2


@pytest.mark.parametrize("options", [{"scan_interval": 300}])
async def test_poll_interval_option(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    account: MockConfigEntry,
) -> None:
    """The interval from the options is honoured."""
    simulator.clear_requests()
    for _ in range(4):
        await poll(hass, frozen)
    assert simulator.requests == []
    await poll(hass, frozen)
    assert sorted(paths(simulator)) == sorted(POLL)


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_lists_and_work_reports_are_read_hourly(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    account: MockConfigEntry,
) -> None:
    """Projects, tasks and users, and the work reports: once an hour, not sooner."""
    simulator.clear_requests()
    for _ in range(59):
        await poll(hass, frozen)
    assert Counter(paths(simulator)) == Counter(dict.fromkeys(POLL, 59 * 2))

    simulator.clear_requests()
    await poll(hass, frozen)
    assert per_user(simulator) == Counter(
        {("-", name): 1 for name in CATALOG}
        | {
            (user, path): 1
            for user in ("anna", "ben")
            for path in [*POLL, "work_reports"]
        }
    )

    simulator.clear_requests()
    await poll(hass, frozen)
    assert Counter(paths(simulator)) == Counter(dict.fromkeys(POLL, 2))


async def test_work_reports_are_read_again_at_midnight(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    account: MockConfigEntry,
) -> None:
    """A new day: today's figures are read at the first poll after midnight."""
    frozen.move_to(datetime(2026, 2, 10, 23, 59, 30, tzinfo=VIENNA))
    await poll(hass, frozen, 0)
    assert len(simulator.requests_to("work_reports")) == 2
    simulator.clear_requests()

    await poll(hass, frozen)

    assert sorted(paths(simulator)) == sorted([*POLL, "work_reports"])
    reports = simulator.requests_to("work_reports")
    assert (reports[0].query["from"], reports[0].query["to"]) == (
        "2026-02-01",
        "2026-02-11",
    )


async def test_work_reports_are_read_after_work_ends(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    account: MockConfigEntry,
) -> None:
    """After a stop or a clock-out, the next poll (only) reads the work reports."""
    await hass.services.async_call(DOMAIN, "clock_in", {}, blocking=True)
    await poll(hass, frozen)
    simulator.clear_requests()
    await poll(hass, frozen, 30)
    await hass.services.async_call(DOMAIN, "clock_out", {}, blocking=True)
    simulator.clear_requests()

    await poll(hass, frozen)
    assert sorted(paths(simulator)) == sorted([*POLL, "work_reports"])

    simulator.clear_requests()
    await poll(hass, frozen)
    assert sorted(paths(simulator)) == sorted(POLL)


async def test_work_reports_are_read_after_a_stop_answered_without_body(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    account: MockConfigEntry,
) -> None:
    """The same when TimeTrack answers the stop with 204."""
    simulator.act(
        "anna",
        "project_timer/start",
        datetime(2026, 2, 10, 10, 0),
        clientName="ACME",
        projectName="Mobile App",
    )
    await poll(hass, frozen)
    simulator.empty_action_responses = True
    await hass.services.async_call(DOMAIN, "stop_project_timer", {}, blocking=True)
    assert state_of(hass, PROJECT_TIMER) == "stopped"
    simulator.clear_requests()

    await poll(hass, frozen)

    assert sorted(paths(simulator)) == sorted([*POLL, "work_reports"])


async def test_without_work_reports(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """An account without work reports: asked at setup, then hourly, no sooner.

    (It used to be asked once for the life of the entry: a 403 or 404 that
    TimeTrack answered once turned worked today and overtime off for good.)
    """
    simulator.work_reports_available = False
    await hass.config.async_set_time_zone("Europe/Vienna")
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()

    assert len(simulator.requests_to("work_reports")) == 1
    assert hass.states.get(WORKED_TODAY) is None
    assert state_of(hass, PROJECT_TIMER) == "stopped"
    for _ in range(59):
        await poll(hass, frozen)
    assert len(simulator.requests_to("work_reports")) == 1
    for _ in range(2):
        await poll(hass, frozen)
    assert len(simulator.requests_to("work_reports")) == 2
    assert len(simulator.requests_to("projects")) == 2

    # Offered again: the sensors appear with the next hourly read.
    simulator.work_reports_available = True
    for _ in range(60):
        await poll(hass, frozen)
    assert len(simulator.requests_to("work_reports")) == 3
    assert state_of(hass, WORKED_TODAY) == "0"


# --- failures while polling -----------------------------------------------------


async def test_rate_limit_is_honoured(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    account: MockConfigEntry,
) -> None:
    """After a 429 with Retry-After 120, nothing is sent for 120 s."""
    simulator.rate_limit_next(1, retry_after=120)
    simulator.clear_requests()
    await poll(hass, frozen)
    assert [request.status for request in simulator.requests].count(429) == 1
    assert state_of(hass, PROJECT_TIMER) == STATE_UNAVAILABLE
    assert state_of(hass, ATTENDANCE) == "off"  # a control stays, last known state

    simulator.clear_requests()
    for _ in range(11):
        await poll(hass, frozen, 10)
        assert simulator.requests == []
        assert state_of(hass, PROJECT_TIMER) == STATE_UNAVAILABLE

    await poll(hass, frozen, 10)
    assert sorted(paths(simulator)) == sorted(POLL)
    assert state_of(hass, PROJECT_TIMER) == "stopped"

    simulator.clear_requests()
    await poll(hass, frozen)
    assert sorted(paths(simulator)) == sorted(POLL)


@pytest.mark.parametrize("options", [{"scan_interval": 15}])
async def test_rate_limit_without_retry_after_waits_a_minute(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    account: MockConfigEntry,
) -> None:
    """A 429 without Retry-After pauses polling for the client's default minute."""
    simulator.rate_limit_next(1, retry_after=None)
    simulator.clear_requests()
    await poll(hass, frozen, 15)
    assert len(simulator.requests) == 2
    assert state_of(hass, PROJECT_TIMER) == STATE_UNAVAILABLE

    simulator.clear_requests()
    for _ in range(3):
        await poll(hass, frozen, 15)
    assert simulator.requests == []
    await poll(hass, frozen, 15)
    assert sorted(paths(simulator)) == sorted(POLL)
    assert state_of(hass, PROJECT_TIMER) == "stopped"

    simulator.clear_requests()
    await poll(hass, frozen, 15)
    assert sorted(paths(simulator)) == sorted(POLL)


def unavailability_records(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The integration's log lines about losing and regaining TimeTrack."""
    return [
        record.levelname
        for record in caplog.records
        if record.name.startswith(LOGGER_NAME)
        and ("Error fetching" in record.message or "recovered" in record.message)
    ]


FAULTS: list[Any] = [
    pytest.param(lambda sim: sim.fail_next(2, 500), id="500"),
    pytest.param(lambda sim: sim.fail_next(2, 502, html=True), id="502_html"),
    pytest.param(lambda sim: sim.fail_next(2, 503, retry_after=5), id="503"),
    pytest.param(lambda sim: sim.malformed_next(2), id="malformed"),
    # aiohttp sends a GET again once when a kept-alive connection was dropped.
    pytest.param(lambda sim: sim.drop_next(4), id="drop"),
    pytest.param(lambda sim: sim.apply_then_drop_next(4), id="apply_then_drop"),
    pytest.param(lambda sim: sim.fail_next(2, 400), id="400"),
]


@pytest.mark.parametrize("fault", FAULTS)
async def test_failures_are_logged_once_without_traceback(
    *,
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    account: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    fault: Callable[[Simulator], None],
) -> None:
    """Three failed polls: one error line, then one line when it is back."""
    caplog.set_level(logging.INFO)
    caplog.clear()
    for _ in range(3):
        fault(simulator)
        await poll(hass, frozen)
        assert simulator.faults.pending() == []
        assert state_of(hass, PROJECT_TIMER) == STATE_UNAVAILABLE
    assert unavailability_records(caplog) == ["ERROR"]

    await poll(hass, frozen)
    assert state_of(hass, PROJECT_TIMER) == "stopped"
    assert unavailability_records(caplog) == ["ERROR", "INFO"]
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info and r.levelno >= logging.INFO]


async def test_connection_lost_and_back(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    account: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """TimeTrack unreachable for five minutes: unavailable, logged once each way."""
    caplog.set_level(logging.INFO)
    caplog.clear()
    await simulator.go_down()
    for _ in range(5):
        await poll(hass, frozen)
        assert state_of(hass, PROJECT_TIMER) == STATE_UNAVAILABLE
    await simulator.come_back()
    await poll(hass, frozen)

    assert state_of(hass, ATTENDANCE) == "off"
    assert unavailability_records(caplog) == ["ERROR", "INFO"]
    assert "Traceback" not in caplog.text


async def test_rejected_key_while_polling_starts_reauth(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    account: MockConfigEntry,
) -> None:
    """A 401 on a poll: entities unavailable and the user is asked for a new key."""
    simulator.api_secret = "rotated-secret"
    await poll(hass, frozen)

    assert state_of(hass, PROJECT_TIMER) == STATE_UNAVAILABLE
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == account.entry_id


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_user_removed_in_timetrack(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    account: MockConfigEntry,
) -> None:
    """A user TimeTrack no longer knows: a repair issue; the other user carries on."""
    issue_id = f"user_not_found_{account.entry_id}_ben"
    simulator.remove_user("ben")
    await poll(hass, frozen)

    assert state_of(hass, "switch.ben_hofer_attendance") == STATE_UNAVAILABLE
    assert state_of(hass, ATTENDANCE) == "off"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {
        "username": "ben",
        "account": account.title,
    }
    with pytest.raises(HomeAssistantError) as info:
        await hass.services.async_call(
            DOMAIN,
            "clock_in",
            {"entity_id": "switch.ben_hofer_attendance"},
            blocking=True,
        )
    assert info.value.translation_key == "user_unavailable"
    await hass.services.async_call(
        DOMAIN, "clock_in", {"entity_id": ATTENDANCE}, blocking=True
    )
    assert state_of(hass, ATTENDANCE) == "on"

    simulator.add_user("ben", "Ben", "Hofer")
    await poll(hass, frozen)
    assert state_of(hass, "switch.ben_hofer_attendance") == "off"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


# --- secrets ------------------------------------------------------------------


async def test_secrets_never_logged_nor_shown(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Neither the API key nor the secret appears in the log or any state."""
    caplog.set_level(logging.DEBUG)
    await hass.config.async_set_time_zone("Europe/Vienna")
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()

    errors: list[str] = []

    async def try_call(service: str, data: dict[str, Any] | None = None) -> None:
        try:
            await hass.services.async_call(
                DOMAIN, service, data or {}, blocking=True, return_response=True
            )
        except HomeAssistantError as err:
            errors.append(f"{err!s} {err!r} {err.__cause__!r}")

    await try_call("clock_in")
    await try_call("start_project_timer", {"project": "Mobile App", "note": "n"})
    for fault in FAULTS:
        fault.values[0](simulator)
        await poll(hass, frozen)
        await try_call("pause_project_timer")
    simulator.fail_next(1, 401)
    await try_call("stop_project_timer")
    simulator.rate_limit_next(1, retry_after=5)
    await try_call("clock_out")
    await simulator.go_down()
    await poll(hass, frozen)
    await try_call("clock_out")
    await simulator.come_back()
    await poll(hass, frozen)
    await try_call("clock_out")

    assert len(errors) >= 5
    texts = [
        caplog.text,
        *errors,
        *(
            f"{state.entity_id} {state.state} {dict(state.attributes)}"
            for state in hass.states.async_all()
        ),
    ]
    for secret in (DEMO_API_KEY, DEMO_API_SECRET):
        assert not any(secret in text for text in texts)
    # The log really covered the requests (the check above was not vacuous).
    assert "attendance_timer" in caplog.text


# --- setup --------------------------------------------------------------------


async def test_setup_with_a_rejected_key_asks_for_a_new_one(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """TimeTrack refuses the key at setup: not loaded, and reauth is started."""
    simulator.api_key = "revoked-key"
    await hass.config.async_set_time_zone("Europe/Vienna")
    config_entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()

    assert config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert {request.status for request in simulator.requests} == {401}


async def test_setup_retried_while_timetrack_is_down(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """TimeTrack unreachable at setup: Home Assistant retries the setup later."""
    await simulator.go_down()
    await hass.config.async_set_time_zone("Europe/Vienna")
    config_entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert config_entry.state is ConfigEntryState.SETUP_RETRY

    await simulator.come_back()
    await poll(hass, frozen, 60)
    assert config_entry.state is ConfigEntryState.LOADED
    assert state_of(hass, PROJECT_TIMER) == "stopped"


async def test_without_project_list_projects_are_named_with_their_client(
    hass: HomeAssistant,
    frozen: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Lists that answer 404 are optional: the timers load and work without them.

    A project is then started by its name and client (TimeTrack checks it); by
    its name alone it cannot be found, and is refused, nothing sent. (Starting
    with a client used to be refused too.)
    """
    simulator.dialect = Dialect(lists="absent")
    await hass.config.async_set_time_zone("Europe/Vienna")
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert sorted(r.path.removeprefix(API) for r in simulator.requests[:2]) == [
        "attendance_timer",
        "timers/project_timer",
    ]
    lists = [r for r in simulator.requests if r.path.removeprefix(API) in CATALOG]
    assert sorted(r.path.removeprefix(API) for r in lists) == CATALOG
    assert {r.status for r in lists} == {404}
    assert state_of(hass, PROJECT_TIMER) == "stopped"
    simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as info:
        await hass.services.async_call(
            DOMAIN, "start_project_timer", {"project": "Website"}, blocking=True
        )
    assert info.value.translation_key == "projects_unavailable"
    # Not offered (404): asked for hourly only, not again for an action.
    assert simulator.requests == []
    await hass.services.async_call(
        DOMAIN,
        "start_project_timer",
        {"project": "Website", "client": "ACME"},
        blocking=True,
    )
    assert [r.method for r in simulator.requests] == ["POST"]
    assert simulator.project_timer("anna")["projectName"] == "Website"
    assert state_of(hass, PROJECT_TIMER) == "running"
    await hass.services.async_call(DOMAIN, "clock_in", {}, blocking=True)
    assert simulator.attendance_timer("anna")["to"] is None

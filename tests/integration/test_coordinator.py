"""The coordinator: what it reads, how often, and how it lives through failures.

Time is frozen at 11:00 in Vienna before the account is set up; polls are
driven by moving the frozen clock and firing Home Assistant's timers. Request
counts come from the simulator's own log.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import DOMAIN
from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator
from simulator.dialect import Dialect

from .actions_support import API, Home
from .entity_support import ATTENDANCE, PROJECT_TIMER, VIENNA, WORKED_TODAY

CATALOG = ["projects", "tasks", "users"]
POLL = ["timers/project_timer", "attendance_timer"]
LOGGER_NAME = "custom_components.timetrack"


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


@pytest.fixture
async def account(
    frozen: FrozenDateTimeFactory, setup_integration: MockConfigEntry
) -> MockConfigEntry:
    """The account, set up at 11:00 (its setup's requests kept)."""
    return setup_integration


# --- requests of the setup and of each poll -------------------------------------


@pytest.mark.parametrize(
    "usernames", [["anna"], ["anna", "ben", "clara"]], ids=["one_user", "three_users"]
)
async def test_setup_requests(
    home: Home, account: MockConfigEntry, usernames: list[str]
) -> None:
    """The lists once, then each user's two timers and this month's work reports."""
    assert sorted(paths(home.simulator)) == sorted(
        CATALOG + [*POLL, "work_reports"] * len(usernames)
    )
    assert per_user(home.simulator) == Counter(
        {("-", name): 1 for name in CATALOG}
        | {(user, path): 1 for user in usernames for path in [*POLL, "work_reports"]}
    )
    for request in home.simulator.requests_to("project_timer"):
        assert request.query["date"] == "2026-02-10T11:00:00.000Z"
    for request in home.simulator.requests_to("work_reports"):
        assert (request.query["from"], request.query["to"]) == (
            "2026-02-01",
            "2026-02-10",
        )
    assert all(request.status == 200 for request in home.simulator.requests)


@pytest.mark.parametrize(
    "usernames", [["anna"], ["anna", "ben", "clara"]], ids=["one_user", "three_users"]
)
async def test_each_poll_reads_two_timers_per_user(
    home: Home, account: MockConfigEntry, usernames: list[str]
) -> None:
    """Every minute: each user's project timer and attendance timer, nothing else."""
    for minute in range(1, 6):
        home.simulator.clear_requests()
        await home.poll()
        assert per_user(home.simulator) == Counter(
            {(user, path): 1 for user in usernames for path in POLL}
        ), minute
        dates = {request.query["date"] for request in home.simulator.requests}
        assert dates == {f"2026-02-10T11:{minute:02d}:00.000Z"}


async def test_no_poll_before_the_interval(
    home: Home, account: MockConfigEntry
) -> None:
    """Nothing is read between two polls."""
    home.simulator.clear_requests()
    await home.poll(30)
    await home.poll(28)
    assert home.simulator.requests == []
    await home.poll(2)
    assert len(home.simulator.requests) == 2


@pytest.mark.parametrize("options", [{"scan_interval": 300}])
async def test_poll_interval_option(home: Home, account: MockConfigEntry) -> None:
    """The interval from the options is honoured."""
    home.simulator.clear_requests()
    for _ in range(4):
        await home.poll()
    assert home.simulator.requests == []
    await home.poll()
    assert sorted(paths(home.simulator)) == sorted(POLL)


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_lists_and_work_reports_are_read_hourly(
    home: Home, account: MockConfigEntry
) -> None:
    """Projects, tasks and users, and the work reports: once an hour, not sooner."""
    home.simulator.clear_requests()
    for _ in range(59):
        await home.poll()
    assert Counter(paths(home.simulator)) == Counter(dict.fromkeys(POLL, 59 * 2))

    home.simulator.clear_requests()
    await home.poll()
    assert per_user(home.simulator) == Counter(
        {("-", name): 1 for name in CATALOG}
        | {
            (user, path): 1
            for user in ("anna", "ben")
            for path in [*POLL, "work_reports"]
        }
    )

    home.simulator.clear_requests()
    await home.poll()
    assert Counter(paths(home.simulator)) == Counter(dict.fromkeys(POLL, 2))


async def test_work_reports_are_read_again_at_midnight(
    home: Home, account: MockConfigEntry
) -> None:
    """A new day: today's figures are read at the first poll after midnight."""
    home.freezer.move_to(datetime(2026, 2, 10, 23, 59, 30, tzinfo=VIENNA))
    await home.poll(0)
    assert len(home.simulator.requests_to("work_reports")) == 2
    home.simulator.clear_requests()

    await home.poll()

    assert sorted(paths(home.simulator)) == sorted([*POLL, "work_reports"])
    reports = home.simulator.requests_to("work_reports")
    assert (reports[0].query["from"], reports[0].query["to"]) == (
        "2026-02-01",
        "2026-02-11",
    )


async def test_work_reports_are_read_after_work_ends(
    home: Home, account: MockConfigEntry
) -> None:
    """After a stop or a clock-out, the next poll (only) reads the work reports."""
    await home.action("clock_in")
    await home.poll()
    home.simulator.clear_requests()
    await home.poll(30)
    await home.action("clock_out")
    home.simulator.clear_requests()

    await home.poll()
    assert sorted(paths(home.simulator)) == sorted([*POLL, "work_reports"])

    home.simulator.clear_requests()
    await home.poll()
    assert sorted(paths(home.simulator)) == sorted(POLL)


async def test_work_reports_are_read_after_a_stop_answered_without_body(
    home: Home, account: MockConfigEntry
) -> None:
    """The same when TimeTrack answers the stop with 204."""
    home.simulator.act(
        "anna",
        "project_timer/start",
        datetime(2026, 2, 10, 10, 0),
        clientName="ACME",
        projectName="Mobile App",
    )
    await home.poll()
    home.simulator.empty_action_responses = True
    await home.action("stop_project_timer")
    assert home.state(PROJECT_TIMER) == "stopped"
    home.simulator.clear_requests()

    await home.poll()

    assert sorted(paths(home.simulator)) == sorted([*POLL, "work_reports"])


async def test_without_work_reports(home: Home, frozen: FrozenDateTimeFactory) -> None:
    """An account without work reports: asked at setup, then hourly, no sooner.

    (It used to be asked once for the life of the entry: a 403 or 404 that
    TimeTrack answered once turned worked today and overtime off for good.)
    """
    home.simulator.work_reports_available = False
    assert await home.set_up()

    assert len(home.simulator.requests_to("work_reports")) == 1
    assert home.hass.states.get(WORKED_TODAY) is None
    assert home.state(PROJECT_TIMER) == "stopped"
    for _ in range(59):
        await home.poll()
    assert len(home.simulator.requests_to("work_reports")) == 1
    for _ in range(2):
        await home.poll()
    assert len(home.simulator.requests_to("work_reports")) == 2
    assert len(home.simulator.requests_to("projects")) == 2

    # Offered again: the sensors appear with the next hourly read.
    home.simulator.work_reports_available = True
    for _ in range(60):
        await home.poll()
    assert len(home.simulator.requests_to("work_reports")) == 3
    assert home.state(WORKED_TODAY) == "0"


# --- failures while polling -----------------------------------------------------


async def test_rate_limit_is_honoured(home: Home, account: MockConfigEntry) -> None:
    """After a 429 with Retry-After 120, nothing is sent for 120 s."""
    home.simulator.rate_limit_next(1, retry_after=120)
    home.simulator.clear_requests()
    await home.poll()
    assert [request.status for request in home.simulator.requests].count(429) == 1
    assert home.state(PROJECT_TIMER) == STATE_UNAVAILABLE
    assert home.state(ATTENDANCE) == "off"  # a control stays, last known state

    home.simulator.clear_requests()
    for _ in range(11):
        await home.poll(10)
        assert home.simulator.requests == []
        assert home.state(PROJECT_TIMER) == STATE_UNAVAILABLE

    await home.poll(10)
    assert sorted(paths(home.simulator)) == sorted(POLL)
    assert home.state(PROJECT_TIMER) == "stopped"

    home.simulator.clear_requests()
    await home.poll()
    assert sorted(paths(home.simulator)) == sorted(POLL)


@pytest.mark.parametrize("options", [{"scan_interval": 15}])
async def test_rate_limit_without_retry_after_waits_a_minute(
    home: Home, account: MockConfigEntry
) -> None:
    """A 429 without Retry-After pauses polling for the client's default minute."""
    home.simulator.rate_limit_next(1, retry_after=None)
    home.simulator.clear_requests()
    await home.poll(15)
    assert len(home.simulator.requests) == 2
    assert home.state(PROJECT_TIMER) == STATE_UNAVAILABLE

    home.simulator.clear_requests()
    for _ in range(3):
        await home.poll(15)
    assert home.simulator.requests == []
    await home.poll(15)
    assert sorted(paths(home.simulator)) == sorted(POLL)
    assert home.state(PROJECT_TIMER) == "stopped"

    home.simulator.clear_requests()
    await home.poll(15)
    assert sorted(paths(home.simulator)) == sorted(POLL)


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
    home: Home,
    account: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    fault: Callable[[Simulator], None],
) -> None:
    """Three failed polls: one error line, then one line when it is back."""
    caplog.set_level(logging.INFO)
    caplog.clear()
    for _ in range(3):
        fault(home.simulator)
        await home.poll()
        assert home.simulator.faults.pending() == []
        assert home.state(PROJECT_TIMER) == STATE_UNAVAILABLE
    assert unavailability_records(caplog) == ["ERROR"]

    await home.poll()
    assert home.state(PROJECT_TIMER) == "stopped"
    assert unavailability_records(caplog) == ["ERROR", "INFO"]
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info and r.levelno >= logging.INFO]


async def test_connection_lost_and_back(
    home: Home, account: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    """TimeTrack unreachable for five minutes: unavailable, logged once each way."""
    caplog.set_level(logging.INFO)
    caplog.clear()
    await home.simulator.go_down()
    for _ in range(5):
        await home.poll()
        assert home.state(PROJECT_TIMER) == STATE_UNAVAILABLE
    await home.simulator.come_back()
    await home.poll()

    assert home.state(ATTENDANCE) == "off"
    assert unavailability_records(caplog) == ["ERROR", "INFO"]
    assert "Traceback" not in caplog.text


async def test_rejected_key_while_polling_starts_reauth(
    home: Home, account: MockConfigEntry
) -> None:
    """A 401 on a poll: entities unavailable and the user is asked for a new key."""
    home.simulator.api_secret = "rotated-secret"
    await home.poll()

    assert home.state(PROJECT_TIMER) == STATE_UNAVAILABLE
    flows = home.hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == account.entry_id


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_user_removed_in_timetrack(home: Home, account: MockConfigEntry) -> None:
    """A user TimeTrack no longer knows: a repair issue; the other user carries on."""
    issue_id = f"user_not_found_{account.entry_id}_ben"
    home.simulator.remove_user("ben")
    await home.poll()

    assert home.state("switch.ben_hofer_attendance") == STATE_UNAVAILABLE
    assert home.state(ATTENDANCE) == "off"
    issue = ir.async_get(home.hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {
        "username": "ben",
        "account": account.title,
    }
    with pytest.raises(HomeAssistantError) as info:
        await home.action("clock_in", {"entity_id": "switch.ben_hofer_attendance"})
    assert info.value.translation_key == "user_unavailable"
    await home.action("clock_in", {"entity_id": ATTENDANCE})
    assert home.state(ATTENDANCE) == "on"

    home.simulator.add_user("ben", "Ben", "Hofer")
    await home.poll()
    assert home.state("switch.ben_hofer_attendance") == "off"
    assert ir.async_get(home.hass).async_get_issue(DOMAIN, issue_id) is None


# --- secrets ------------------------------------------------------------------


async def test_secrets_never_logged_nor_shown(
    home: Home, frozen: FrozenDateTimeFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """Neither the API key nor the secret appears in the log or any state."""
    caplog.set_level(logging.DEBUG)
    assert await home.set_up()

    errors: list[str] = []

    async def try_call(service: str, data: dict[str, Any] | None = None) -> None:
        try:
            await home.action(service, data)
        except HomeAssistantError as err:
            errors.append(f"{err!s} {err!r} {err.__cause__!r}")

    await try_call("clock_in")
    await try_call("start_project_timer", {"project": "Mobile App", "note": "n"})
    for fault in FAULTS:
        fault.values[0](home.simulator)
        await home.poll()
        await try_call("pause_project_timer")
    home.simulator.fail_next(1, 401)
    await try_call("stop_project_timer")
    home.simulator.rate_limit_next(1, retry_after=5)
    await try_call("clock_out")
    await home.simulator.go_down()
    await home.poll()
    await try_call("clock_out")
    await home.simulator.come_back()
    await home.poll()
    await try_call("clock_out")

    assert len(errors) >= 5
    texts = [
        caplog.text,
        *errors,
        *(
            f"{state.entity_id} {state.state} {dict(state.attributes)}"
            for state in home.hass.states.async_all()
        ),
    ]
    for secret in (DEMO_API_KEY, DEMO_API_SECRET):
        assert not any(secret in text for text in texts)
    # The log really covered the requests (the check above was not vacuous).
    assert "attendance_timer" in caplog.text


# --- setup --------------------------------------------------------------------


async def test_setup_with_a_rejected_key_asks_for_a_new_one(
    home: Home, frozen: FrozenDateTimeFactory
) -> None:
    """TimeTrack refuses the key at setup: not loaded, and reauth is started."""
    home.simulator.api_key = "revoked-key"
    assert not await home.set_up()

    assert home.entry.state is ConfigEntryState.SETUP_ERROR
    flows = home.hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert {request.status for request in home.simulator.requests} == {401}


async def test_setup_retried_while_timetrack_is_down(
    home: Home, frozen: FrozenDateTimeFactory
) -> None:
    """TimeTrack unreachable at setup: Home Assistant retries the setup later."""
    await home.simulator.go_down()
    assert not await home.set_up()
    assert home.entry.state is ConfigEntryState.SETUP_RETRY

    await home.simulator.come_back()
    await home.poll(60)
    assert home.entry.state is ConfigEntryState.LOADED
    assert home.state(PROJECT_TIMER) == "stopped"


async def test_without_project_list_projects_are_named_with_their_client(
    home: Home, frozen: FrozenDateTimeFactory
) -> None:
    """Lists that answer 404 are optional: the timers load and work without them.

    A project is then started by its name and client (TimeTrack checks it); by
    its name alone it cannot be found, and is refused, nothing sent. (Starting
    with a client used to be refused too.)
    """
    home.simulator.dialect = Dialect(lists="absent")
    assert await home.set_up()
    assert sorted(r.path.removeprefix(API) for r in home.simulator.requests[:2]) == [
        "attendance_timer",
        "timers/project_timer",
    ]
    lists = [r for r in home.simulator.requests if r.path.removeprefix(API) in CATALOG]
    assert sorted(r.path.removeprefix(API) for r in lists) == CATALOG
    assert {r.status for r in lists} == {404}
    assert home.state(PROJECT_TIMER) == "stopped"
    home.simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as info:
        await home.action("start_project_timer", {"project": "Website"})
    assert info.value.translation_key == "projects_unavailable"
    # Not offered (404): asked for hourly only, not again for an action.
    assert home.simulator.requests == []
    await home.action("start_project_timer", {"project": "Website", "client": "ACME"})
    assert [r.method for r in home.simulator.requests] == ["POST"]
    assert home.simulator.project_timer("anna")["projectName"] == "Website"
    assert home.state(PROJECT_TIMER) == "running"
    await home.action("clock_in")
    assert home.simulator.attendance_timer("anna")["to"] is None

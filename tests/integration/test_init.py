"""Setting up and unloading an account; devices; availability of the entities."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_USERNAME, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.util import dt as dt_util
import pytest

from custom_components.timetrack.const import DOMAIN, SUBENTRY_TYPE_USER
from simulator import Simulator
from tests.conftest import ACCOUNT_HOST, demo_entry

from .actions_support import Home, added_entities, let_time_pass, until
from .entity_support import (
    ALL_ANNA_ENTITIES,
    ANNA_READINGS,
    ATTENDANCE,
    CLOCKED_IN_SINCE,
    ENTITY_TESTS,
    PAUSE,
    PENDING_ACTIONS,
    PROJECT,
    PROJECT_TIMER,
    RESUME,
    STOP,
    TIMER_STARTED,
    WORKED_TODAY,
    async_setup,
    record_states,
    start_in_app,
    state_of,
    wall,
)
from .flow_support import reauth_flows

pytestmark = ENTITY_TESTS

BEN_ATTENDANCE = "switch.ben_hofer_attendance"
BEN_PROJECT_TIMER = "sensor.ben_hofer_project_timer"


def ben_entities(hass: HomeAssistant) -> list[str]:
    return [
        entity_id
        for entity_id in hass.states.async_entity_ids()
        if "ben_hofer" in entity_id
    ]


async def test_setup_and_unload(home: Home) -> None:
    """Set up: every entity of the user; unloaded: the entities are unavailable."""
    assert await home.set_up()
    assert home.entry.state is ConfigEntryState.LOADED
    assert sorted(home.hass.states.async_entity_ids()) == sorted(ALL_ANNA_ENTITIES)
    # The first poll: the lists, then the user's two timers and work reports.
    assert sorted(home.calls()) == [
        ("GET", "attendance_timer"),
        ("GET", "projects"),
        ("GET", "tasks"),
        ("GET", "timers/project_timer"),
        ("GET", "users"),
        ("GET", "work_reports"),
    ]

    assert await home.hass.config_entries.async_unload(home.entry.entry_id)
    await home.hass.async_block_till_done()
    assert home.entry.state is ConfigEntryState.NOT_LOADED
    for entity_id in ALL_ANNA_ENTITIES:
        assert home.state(entity_id) == STATE_UNAVAILABLE


async def test_restart_adds_the_entities_while_the_timers_are_read(home: Home) -> None:
    """At a restart the entities exist in the registry already: Home Assistant
    adds them while the first read is on its way, not after it. Each writes its
    first state once the read is in: what TimeTrack said, never a state before
    it (not even "unavailable" on top of the one left by the unload)."""
    hass = home.hass
    start_in_app(home.simulator, wall(12), "ACME", "Website")
    assert await home.set_up()
    await home.stop()
    log = record_states(hass, PROJECT_TIMER, ATTENDANCE)
    home.simulator.clear_requests()

    setup = await home.start_with_attendance_hanging()
    # The read hangs; the entities are there, with no state of their own yet
    # (worked today and overtime follow with the work reports).
    assert len(added_entities(hass)) == len(ALL_ANNA_ENTITIES) - 2
    assert not setup.done()
    assert log.values(PROJECT_TIMER) == []
    assert home.state(PROJECT_TIMER) == STATE_UNAVAILABLE

    home.simulator.repair_endpoint("attendance_timer")
    assert await setup
    await hass.async_block_till_done()
    assert log.values(PROJECT_TIMER) == ["running"]
    assert log.values(ATTENDANCE) == ["off"]
    timer_reads = [call for call in home.calls() if call[1].endswith("_timer")]
    assert sorted(timer_reads) == [
        ("GET", "attendance_timer"),
        ("GET", "timers/project_timer"),
    ]


async def test_restart_while_timetrack_hangs(
    home: Home, caplog: pytest.LogCaptureFixture
) -> None:
    """A restart whose first read gets no answer: the entities wait 5 s for it,
    then show unavailable (Home Assistant does not warn of a slow platform);
    when the read times out, the entry starts from what it stored: the
    controls show the last known state, the readings stay unavailable."""
    hass = home.hass
    home.simulator.act("anna", "attendance_timer/start", wall(8))
    assert await home.set_up()
    await home.stop()
    log = record_states(hass, PROJECT_TIMER, ATTENDANCE)

    setup = await home.start_with_attendance_hanging()
    await let_time_pass(home, timedelta(seconds=4))
    assert log.values(ATTENDANCE) == []
    await let_time_pass(home, timedelta(seconds=2))
    await until(lambda: bool(log.values(ATTENDANCE)))
    assert log.values(ATTENDANCE) == [STATE_UNAVAILABLE]
    assert not setup.done()

    await let_time_pass(home, timedelta(seconds=5))
    await until(setup.done)
    assert setup.result()
    assert home.entry.state is ConfigEntryState.LOADED
    assert log.values(ATTENDANCE) == [STATE_UNAVAILABLE, "on"]
    assert home.state(PROJECT_TIMER) == STATE_UNAVAILABLE
    assert "taking over" not in caplog.text
    home.simulator.repair_endpoint("attendance_timer")


async def test_entity_removed_while_it_waits_for_the_first_read(home: Home) -> None:
    """An entity removed from the registry while it waits at a restart is gone
    for good: no state comes back, and it does not follow later polls."""
    hass = home.hass
    assert await home.set_up()
    await home.stop()
    setup = await home.start_with_attendance_hanging()

    er.async_get(hass).async_remove(ATTENDANCE)
    home.simulator.repair_endpoint("attendance_timer")
    assert await setup
    await hass.async_block_till_done()
    assert hass.states.get(ATTENDANCE) is None
    assert home.state(PROJECT_TIMER) == "stopped"

    home.simulator.act("anna", "attendance_timer/start", wall(12))
    await home.poll()
    assert hass.states.get(ATTENDANCE) is None


async def test_restart_refused_with_a_bad_request_retries(home: Home) -> None:
    """A restart whose first read TimeTrack refuses (HTTP 400: not a network
    fault, so the stored state is not shown): the entities added beside the
    read go away again, the entry retries, and the retry adds them anew with
    what TimeTrack says then."""
    assert await home.set_up()
    start_in_app(home.simulator, wall(12), "ACME", "Website")
    home.simulator.fail_next(2, 400)

    assert not await home.restart()

    assert home.entry.state is ConfigEntryState.SETUP_RETRY
    assert home.state(PROJECT_TIMER) == STATE_UNAVAILABLE
    await home.advance(timedelta(minutes=2))
    assert home.entry.state is ConfigEntryState.LOADED
    assert home.state(PROJECT_TIMER) == "running"
    assert home.state(ATTENDANCE) == "off"


async def test_not_ready_while_timetrack_is_down(home: Home) -> None:
    """TimeTrack down at start: retried later, and set up once it is back."""
    await home.simulator.go_down()
    assert not await home.set_up()
    assert home.entry.state is ConfigEntryState.SETUP_RETRY
    assert home.hass.states.get(PROJECT_TIMER) is None

    await home.simulator.come_back()
    await home.advance(timedelta(minutes=2))
    assert home.entry.state is ConfigEntryState.LOADED
    assert home.state(PROJECT_TIMER) == "stopped"


async def test_not_ready_without_a_traceback(
    home: Home, caplog: pytest.LogCaptureFixture
) -> None:
    """An unreachable TimeTrack at start is an expected condition, not a crash."""
    await home.simulator.go_down()
    assert not await home.set_up()
    assert home.entry.state is ConfigEntryState.SETUP_RETRY
    assert "Unexpected error" not in caplog.text
    # Home Assistant itself logs the cause of "not ready" with its traceback at
    # debug level; anything the user sees (info and above) has none.
    assert "not ready yet" in caplog.text
    shown = [record for record in caplog.records if record.levelno >= logging.INFO]
    assert not [record for record in shown if record.exc_info], [
        record.getMessage() for record in shown if record.exc_info
    ]


async def test_not_ready_on_server_errors(home: Home) -> None:
    """TimeTrack failing at start (HTTP 502) is a reason to retry, too."""
    home.simulator.fail_next(10, 502, html=True)
    assert not await home.set_up()
    assert home.entry.state is ConfigEntryState.SETUP_RETRY


async def test_wrong_credentials(
    hass: HomeAssistant, simulator: Simulator, usernames: list[str]
) -> None:
    """A refused API secret: setup error, and a reauth flow asks for a new key."""
    entry = demo_entry(simulator, usernames, {}, api_secret="not-the-secret")
    assert not await async_setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert len(reauth_flows(hass, entry)) == 1
    assert hass.states.get(PROJECT_TIMER) is None


async def test_credentials_revoked_later(home: Home) -> None:
    """A key refused on a poll makes the entities unavailable and asks for reauth."""
    assert await home.set_up()
    home.simulator.api_secret = "a-new-secret"
    await home.poll()
    assert home.state(PROJECT_TIMER) == STATE_UNAVAILABLE
    assert len(reauth_flows(home.hass, home.entry)) == 1


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_a_device_per_user(
    home: Home, device_registry: dr.DeviceRegistry, entity_registry: er.EntityRegistry
) -> None:
    """Each tracked user is a device named by their full name."""
    assert await home.set_up()
    devices = dr.async_entries_for_config_entry(device_registry, home.entry.entry_id)
    assert sorted(device.name for device in devices) == ["Anna Berger", "Ben Hofer"]
    subentries = {
        subentry.data[CONF_USERNAME]: subentry.subentry_id
        for subentry in home.entry.subentries.values()
    }
    for device in devices:
        username = "anna" if device.name == "Anna Berger" else "ben"
        assert device.identifiers == {(DOMAIN, f"{ACCOUNT_HOST}:{username}")}
        assert device.manufacturer == "TimeTrack"
        assert device.model == "User"
        assert device.entry_type is dr.DeviceEntryType.SERVICE
        assert device.configuration_url == home.simulator.url
        assert device.config_entry_id == home.entry.entry_id
        assert device.config_subentry_id == subentries[username]
        entities = er.async_entries_for_device(entity_registry, device.id)
        assert len(entities) == len(ALL_ANNA_ENTITIES)
        assert all(
            entity.config_subentry_id == subentries[username] for entity in entities
        )


async def test_device_named_by_username_without_directory(
    home: Home, device_registry: dr.DeviceRegistry
) -> None:
    """An account that does not list its users names the device as the user's
    subentry is titled: the name the config flow found then, else the username.

    (The user directory is read beside the timers, never before them.)
    """
    home.simulator.users_endpoint_available = False
    home.entry.add_to_hass(home.hass)
    subentry = next(iter(home.entry.subentries.values()))
    home.hass.config_entries.async_update_subentry(home.entry, subentry, title="anna")
    assert await home.set_up()
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{ACCOUNT_HOST}:anna"), home.entry.entry_id
    )
    assert device is not None
    assert device.name == "anna"
    assert home.state("switch.anna_attendance") == "off"


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(lambda sim: sim.fail_next(10, 502), id="502"),
        pytest.param(lambda sim: sim.fail_next(10, 503, html=True), id="503-html"),
        pytest.param(lambda sim: sim.drop_next(10), id="dropped"),
        pytest.param(lambda sim: sim.malformed_next(10), id="malformed"),
    ],
)
async def test_unavailable_while_timetrack_fails(home: Home, fault: Any) -> None:
    """Entities turn unavailable on a failed poll and come back after recovery."""
    start_in_app(home.simulator, wall(12), "ACME", "Website")
    assert await home.set_up()
    assert home.state(PROJECT_TIMER) == "running"

    fault(home.simulator)
    await home.poll()
    for entity_id in ANNA_READINGS:
        assert home.state(entity_id) == STATE_UNAVAILABLE
    # The controls keep taking actions (kept in the outbox) with the last state.
    assert home.state(ATTENDANCE) == "off"
    assert home.state(PROJECT) == "ACME / Website"
    for entity_id in (PAUSE, RESUME, STOP):
        assert home.state(entity_id) != STATE_UNAVAILABLE
    # No action waits: the outbox is known locally, and empty.
    assert home.state(PENDING_ACTIONS) == "0"
    await home.poll()
    assert home.state(PROJECT_TIMER) == STATE_UNAVAILABLE
    assert home.simulator.faults.pending()  # still failing on the second poll

    home.simulator.reset_faults()  # TimeTrack recovers
    await home.poll()
    assert home.state(PROJECT_TIMER) == "running"
    assert state_of(home.hass, PROJECT_TIMER).attributes["project"] == "Website"
    assert home.state(TIMER_STARTED) == "2026-06-03T10:00:00+00:00"
    for entity_id in ALL_ANNA_ENTITIES:
        assert home.state(entity_id) != STATE_UNAVAILABLE


async def test_unavailable_while_timetrack_is_down(home: Home) -> None:
    """The same when TimeTrack cannot be reached at all."""
    assert await home.set_up()
    await home.simulator.go_down()
    await home.poll()
    assert home.state(CLOCKED_IN_SINCE) == STATE_UNAVAILABLE
    assert home.state(ATTENDANCE) == "off"  # a control: last known state
    await home.poll()
    assert home.state(CLOCKED_IN_SINCE) == STATE_UNAVAILABLE

    await home.simulator.come_back()
    home.simulator.act("anna", "attendance_timer/start", wall(13, 1))
    await home.poll()
    assert home.state(ATTENDANCE) == "on"


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_user_deleted_in_timetrack(
    home: Home, issue_registry: ir.IssueRegistry
) -> None:
    """Only that user's entities turn unavailable, with a repair issue."""
    assert await home.set_up()
    assert len(ben_entities(home.hass)) == len(ALL_ANNA_ENTITIES)
    issue_id = f"user_not_found_{home.entry.entry_id}_ben"

    home.simulator.remove_user("ben")
    await home.poll()
    for entity_id in ben_entities(home.hass):
        assert home.state(entity_id) == STATE_UNAVAILABLE, entity_id
    for entity_id in ALL_ANNA_ENTITIES:
        assert home.state(entity_id) != STATE_UNAVAILABLE, entity_id
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "user_not_found"
    assert issue.translation_placeholders == {"username": "ben", "account": "demo"}
    assert issue.severity is ir.IssueSeverity.ERROR
    assert len(issue_registry.issues) == 1

    # Still missing: one issue, not one a poll.
    await home.poll()
    assert len(issue_registry.issues) == 1

    home.simulator.add_user("ben", "Ben", "Hofer")
    await home.poll()
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    assert home.state(BEN_ATTENDANCE) == "off"
    assert home.state(BEN_PROJECT_TIMER) == "stopped"


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_deleted_user_keeps_work_reports_of_others(home: Home) -> None:
    """A deleted user must not take the other users' worked-today sensor away."""
    home.simulator.remove_user("ben")
    assert await home.set_up()
    assert home.state(PROJECT_TIMER) == "stopped"
    assert home.state(WORKED_TODAY) == "0"


async def test_account_time_zone(
    hass: HomeAssistant, simulator: Simulator, usernames: list[str]
) -> None:
    """An account working in another zone than Home Assistant's."""
    entry = demo_entry(simulator, usernames, {"time_zone": "Europe/London"})
    # 12:00 on the account's (London's) wall clock is 11:00 UTC, 13:00 in Vienna.
    start_in_app(simulator, wall(12), "ACME", "Website")
    assert await async_setup(hass, entry)
    assert state_of(hass, TIMER_STARTED).state == "2026-06-03T11:00:00+00:00"
    assert state_of(hass, "sensor.anna_berger_worked_time").state == "0"
    assert simulator.requests_to("project_timer", "GET")[0].query["date"] == (
        "2026-06-03T12:00:00.000Z"
    )


async def test_tracking_another_user_reloads(home: Home) -> None:
    """A user added on the integration's page gets their entities at once."""
    assert await home.set_up()
    assert ben_entities(home.hass) == []

    result = await home.hass.config_entries.subentries.async_init(
        (home.entry.entry_id, SUBENTRY_TYPE_USER), context={"source": "user"}
    )
    assert result["type"] is FlowResultType.FORM
    result = await home.hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_USERNAME: "ben"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await home.hass.async_block_till_done()
    assert home.entry.state is ConfigEntryState.LOADED
    assert len(ben_entities(home.hass)) == len(ALL_ANNA_ENTITIES)
    assert home.state(BEN_PROJECT_TIMER) == "stopped"


async def test_account_time_zone_is_loaded_off_the_event_loop(
    hass: HomeAssistant,
    simulator: Simulator,
    usernames: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The account's zone is read with async_get_time_zone, never get_time_zone.

    get_time_zone may read the zone's file inside the event loop (blocking I/O);
    a guard makes any call of it fail this test.
    """

    def blocking(zone: str) -> None:
        raise AssertionError(f"dt_util.get_time_zone({zone!r}) in the event loop")

    monkeypatch.setattr(dt_util, "get_time_zone", blocking)
    entry = demo_entry(simulator, usernames, {"time_zone": "America/New_York"})
    start_in_app(simulator, wall(7), "ACME", "Website")  # 07:00 in New York

    assert await async_setup(hass, entry)

    assert state_of(hass, TIMER_STARTED).state == "2026-06-03T11:00:00+00:00"

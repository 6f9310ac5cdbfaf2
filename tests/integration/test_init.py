"""Setting up and unloading an account; devices; availability of the entities."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Any

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
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
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.const import DOMAIN, SUBENTRY_TYPE_USER
from simulator import Simulator

from .entity_support import (
    ACCOUNT_HOST,
    ALL_ANNA_ENTITIES,
    ANNA_READINGS,
    ATTENDANCE,
    CLOCKED_IN_SINCE,
    FROZEN,
    PAUSE,
    PENDING_ACTIONS,
    PROJECT,
    PROJECT_TIMER,
    RESUME,
    STOP,
    TIMER_STARTED,
    WORKED_TODAY,
    account_entry,
    api_calls,
    async_advance,
    async_poll,
    async_setup,
    start_in_app,
    state_of,
    wall,
)

pytestmark = FROZEN

BEN_ATTENDANCE = "switch.ben_hofer_attendance"
BEN_PROJECT_TIMER = "sensor.ben_hofer_project_timer"


@pytest.fixture
def config_entry(
    simulator: Simulator, usernames: list[str], options: dict[str, Any]
) -> MockConfigEntry:
    """The account entry, with a stable unique id."""
    return account_entry(simulator, usernames, options)


def ben_entities(hass: HomeAssistant) -> list[str]:
    return [
        entity_id
        for entity_id in hass.states.async_entity_ids()
        if "ben_hofer" in entity_id
    ]


def reauth_flows(hass: HomeAssistant, entry: MockConfigEntry) -> list[Any]:
    return [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_REAUTH
        and flow["context"]["entry_id"] == entry.entry_id
    ]


async def test_setup_and_unload(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Set up: every entity of the user; unloaded: the entities are unavailable."""
    assert await async_setup(hass, config_entry)
    assert config_entry.state is ConfigEntryState.LOADED
    assert sorted(hass.states.async_entity_ids()) == sorted(ALL_ANNA_ENTITIES)
    # The first poll: the lists, then the user's two timers and work reports.
    assert sorted(api_calls(simulator)) == [
        ("GET", "attendance_timer"),
        ("GET", "projects"),
        ("GET", "tasks"),
        ("GET", "timers/project_timer"),
        ("GET", "users"),
        ("GET", "work_reports"),
    ]

    assert await hass.config_entries.async_unload(config_entry.entry_id)
    await hass.async_block_till_done()
    assert config_entry.state is ConfigEntryState.NOT_LOADED
    for entity_id in ALL_ANNA_ENTITIES:
        assert state_of(hass, entity_id).state == STATE_UNAVAILABLE


async def test_not_ready_while_timetrack_is_down(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """TimeTrack down at start: retried later, and set up once it is back."""
    await simulator.go_down()
    assert not await async_setup(hass, config_entry)
    assert config_entry.state is ConfigEntryState.SETUP_RETRY
    assert hass.states.get(PROJECT_TIMER) is None

    await simulator.come_back()
    await async_advance(hass, freezer, timedelta(minutes=2))
    assert config_entry.state is ConfigEntryState.LOADED
    assert state_of(hass, PROJECT_TIMER).state == "stopped"


async def test_not_ready_without_a_traceback(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An unreachable TimeTrack at start is an expected condition, not a crash."""
    await simulator.go_down()
    assert not await async_setup(hass, config_entry)
    assert config_entry.state is ConfigEntryState.SETUP_RETRY
    assert "Unexpected error" not in caplog.text
    # Home Assistant itself logs the cause of "not ready" with its traceback at
    # debug level; anything the user sees (info and above) has none.
    assert "not ready yet" in caplog.text
    shown = [record for record in caplog.records if record.levelno >= logging.INFO]
    assert not [record for record in shown if record.exc_info], [
        record.getMessage() for record in shown if record.exc_info
    ]


async def test_not_ready_on_server_errors(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """TimeTrack failing at start (HTTP 502) is a reason to retry, too."""
    simulator.fail_next(10, 502, html=True)
    assert not await async_setup(hass, config_entry)
    assert config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_wrong_credentials(
    hass: HomeAssistant, simulator: Simulator, usernames: list[str]
) -> None:
    """A refused API secret: setup error, and a reauth flow asks for a new key."""
    entry = account_entry(simulator, usernames, {}, api_secret="not-the-secret")
    assert not await async_setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert len(reauth_flows(hass, entry)) == 1
    assert hass.states.get(PROJECT_TIMER) is None


async def test_credentials_revoked_later(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """A key refused on a poll makes the entities unavailable and asks for reauth."""
    assert await async_setup(hass, config_entry)
    simulator.api_secret = "a-new-secret"
    await async_poll(hass, freezer)
    assert state_of(hass, PROJECT_TIMER).state == STATE_UNAVAILABLE
    assert len(reauth_flows(hass, config_entry)) == 1


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_a_device_per_user(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Each tracked user is a device named by their full name."""
    assert await async_setup(hass, config_entry)
    devices = dr.async_entries_for_config_entry(device_registry, config_entry.entry_id)
    assert sorted(device.name for device in devices) == ["Anna Berger", "Ben Hofer"]
    subentries = {
        subentry.data[CONF_USERNAME]: subentry.subentry_id
        for subentry in config_entry.subentries.values()
    }
    for device in devices:
        username = "anna" if device.name == "Anna Berger" else "ben"
        assert device.identifiers == {(DOMAIN, f"{ACCOUNT_HOST}:{username}")}
        assert device.manufacturer == "TimeTrack"
        assert device.model == "User"
        assert device.entry_type is dr.DeviceEntryType.SERVICE
        assert device.configuration_url == simulator.url
        assert device.config_entry_id == config_entry.entry_id
        assert device.config_subentry_id == subentries[username]
        entities = er.async_entries_for_device(entity_registry, device.id)
        assert len(entities) == len(ALL_ANNA_ENTITIES)
        assert all(
            entity.config_subentry_id == subentries[username] for entity in entities
        )


async def test_device_named_by_username_without_directory(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """An account that does not list its users names the device as the user's
    subentry is titled: the name the config flow found then, else the username.

    (The user directory is read beside the timers, never before them.)
    """
    simulator.users_endpoint_available = False
    config_entry.add_to_hass(hass)
    subentry = next(iter(config_entry.subentries.values()))
    hass.config_entries.async_update_subentry(config_entry, subentry, title="anna")
    assert await async_setup(hass, config_entry)
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{ACCOUNT_HOST}:anna"), config_entry.entry_id
    )
    assert device is not None
    assert device.name == "anna"
    assert state_of(hass, "switch.anna_attendance").state == "off"


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(lambda sim: sim.fail_next(10, 502), id="502"),
        pytest.param(lambda sim: sim.fail_next(10, 503, html=True), id="503-html"),
        pytest.param(lambda sim: sim.drop_next(10), id="dropped"),
        pytest.param(lambda sim: sim.malformed_next(10), id="malformed"),
    ],
)
async def test_unavailable_while_timetrack_fails(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    freezer,
    fault: Any,
) -> None:
    """Entities turn unavailable on a failed poll and come back after recovery."""
    start_in_app(simulator, wall(12), "ACME", "Website")
    assert await async_setup(hass, config_entry)
    assert state_of(hass, PROJECT_TIMER).state == "running"

    fault(simulator)
    await async_poll(hass, freezer)
    for entity_id in ANNA_READINGS:
        assert state_of(hass, entity_id).state == STATE_UNAVAILABLE
    # The controls keep taking actions (kept in the outbox) with the last state.
    assert state_of(hass, ATTENDANCE).state == "off"
    assert state_of(hass, PROJECT).state == "ACME / Website"
    for entity_id in (PAUSE, RESUME, STOP):
        assert state_of(hass, entity_id).state != STATE_UNAVAILABLE
    # No action waits: the outbox is known locally, and empty.
    assert state_of(hass, PENDING_ACTIONS).state == "0"
    await async_poll(hass, freezer)
    assert state_of(hass, PROJECT_TIMER).state == STATE_UNAVAILABLE
    assert simulator.faults.pending()  # still failing on the second poll

    simulator.reset_faults()  # TimeTrack recovers
    await async_poll(hass, freezer)
    assert state_of(hass, PROJECT_TIMER).state == "running"
    assert state_of(hass, PROJECT_TIMER).attributes["project"] == "Website"
    assert state_of(hass, TIMER_STARTED).state == "2026-06-03T10:00:00+00:00"
    for entity_id in ALL_ANNA_ENTITIES:
        assert state_of(hass, entity_id).state != STATE_UNAVAILABLE


async def test_unavailable_while_timetrack_is_down(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry, freezer
) -> None:
    """The same when TimeTrack cannot be reached at all."""
    assert await async_setup(hass, config_entry)
    await simulator.go_down()
    await async_poll(hass, freezer)
    assert state_of(hass, CLOCKED_IN_SINCE).state == STATE_UNAVAILABLE
    assert state_of(hass, ATTENDANCE).state == "off"  # a control: last known state
    await async_poll(hass, freezer)
    assert state_of(hass, CLOCKED_IN_SINCE).state == STATE_UNAVAILABLE

    await simulator.come_back()
    simulator.act("anna", "attendance_timer/start", wall(13, 1))
    await async_poll(hass, freezer)
    assert state_of(hass, ATTENDANCE).state == "on"


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_user_deleted_in_timetrack(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer,
) -> None:
    """Only that user's entities turn unavailable, with a repair issue."""
    assert await async_setup(hass, config_entry)
    assert len(ben_entities(hass)) == len(ALL_ANNA_ENTITIES)
    issue_id = f"user_not_found_{config_entry.entry_id}_ben"

    simulator.remove_user("ben")
    await async_poll(hass, freezer)
    for entity_id in ben_entities(hass):
        assert state_of(hass, entity_id).state == STATE_UNAVAILABLE, entity_id
    for entity_id in ALL_ANNA_ENTITIES:
        assert state_of(hass, entity_id).state != STATE_UNAVAILABLE, entity_id
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "user_not_found"
    assert issue.translation_placeholders == {"username": "ben", "account": "demo"}
    assert issue.severity is ir.IssueSeverity.ERROR
    assert len(issue_registry.issues) == 1

    # Still missing: one issue, not one a poll.
    await async_poll(hass, freezer)
    assert len(issue_registry.issues) == 1

    simulator.add_user("ben", "Ben", "Hofer")
    await async_poll(hass, freezer)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    assert state_of(hass, BEN_ATTENDANCE).state == "off"
    assert state_of(hass, BEN_PROJECT_TIMER).state == "stopped"


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_deleted_user_keeps_work_reports_of_others(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """A deleted user must not take the other users' worked-today sensor away."""
    simulator.remove_user("ben")
    assert await async_setup(hass, config_entry)
    assert state_of(hass, PROJECT_TIMER).state == "stopped"
    assert state_of(hass, WORKED_TODAY).state == "0"


async def test_account_time_zone(
    hass: HomeAssistant, simulator: Simulator, usernames: list[str]
) -> None:
    """An account working in another zone than Home Assistant's."""
    entry = account_entry(simulator, usernames, {"time_zone": "Europe/London"})
    # 12:00 on the account's (London's) wall clock is 11:00 UTC, 13:00 in Vienna.
    start_in_app(simulator, wall(12), "ACME", "Website")
    assert await async_setup(hass, entry)
    assert state_of(hass, TIMER_STARTED).state == "2026-06-03T11:00:00+00:00"
    assert state_of(hass, "sensor.anna_berger_worked_time").state == "0"
    assert simulator.requests_to("project_timer", "GET")[0].query["date"] == (
        "2026-06-03T12:00:00.000Z"
    )


async def test_tracking_another_user_reloads(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """A user added on the integration's page gets their entities at once."""
    assert await async_setup(hass, config_entry)
    assert ben_entities(hass) == []

    result = await hass.config_entries.subentries.async_init(
        (config_entry.entry_id, SUBENTRY_TYPE_USER), context={"source": "user"}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_USERNAME: "ben"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert config_entry.state is ConfigEntryState.LOADED
    assert len(ben_entities(hass)) == len(ALL_ANNA_ENTITIES)
    assert state_of(hass, BEN_PROJECT_TIMER).state == "stopped"


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
    entry = account_entry(simulator, usernames, {"time_zone": "America/New_York"})
    start_in_app(simulator, wall(7), "ACME", "Website")  # 07:00 in New York

    assert await async_setup(hass, entry)

    assert state_of(hass, TIMER_STARTED).state == "2026-06-03T11:00:00+00:00"

"""The config flow: account setup, reauthentication, reconfiguration and options.

Every flow runs through Home Assistant's flow managers against the simulator
over real HTTP on 127.0.0.1; the tracked-user subentry flow is in
test_subentries.py.
"""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import (
    CONF_API_KEY,
    CONF_SCAN_INTERVAL,
    CONF_URL,
    CONF_USERNAME,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from yarl import URL

from custom_components.timetrack.config_flow import (
    InvalidUrlError,
    account_id,
    account_name,
    normalize_url,
)
from custom_components.timetrack.const import (
    CONF_API_SECRET,
    CONF_TIME_ZONE,
    DOMAIN,
    SUBENTRY_TYPE_USER,
)
from simulator import DEMO_API_KEY, DEMO_API_SECRET, RecordedRequest, Simulator
from tests.conftest import simulator_entry, user_subentry

from .entity_support import async_advance
from .flow_support import (
    WRONG_KEY,
    account,
    assert_refused,
    credentials,
    reauth_flows,
    start_user_flow,
    submit,
    suggested_values,
)

PROJECT_TIMER = "/timers/project_timer"
ROTATED_KEY = "sim-rotated-api-key-0001"
ROTATED_SECRET = "sim-rotated-api-secret-0001"
# What the check reads: the user's two timers and the user directory.
CHECKED_ENDPOINTS = ("project_timer", "attendance_timer", "users")


def host_of(sim: Simulator) -> str:
    """The simulator's host:port: the entry's unique id and title."""
    return sim.url.removeprefix("http://")


def secrets_absent(text: str) -> bool:
    """Whether neither the API key nor the secret appears in the text."""
    return all(
        secret not in text
        for secret in (DEMO_API_KEY, DEMO_API_SECRET, ROTATED_KEY, ROTATED_SECRET)
    )


def assert_created_for_anna(result: Any, sim: Simulator, url: str) -> ConfigEntry:
    """The created entry is the simulator's account with anna as its one user."""
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == host_of(sim)
    assert result["data"] == {
        CONF_URL: url,
        CONF_API_KEY: DEMO_API_KEY,
        CONF_API_SECRET: DEMO_API_SECRET,
    }
    entry: ConfigEntry = result["result"]
    assert entry.unique_id == host_of(sim)
    [subentry] = entry.subentries.values()
    assert subentry.subentry_type == SUBENTRY_TYPE_USER
    assert subentry.data == {CONF_USERNAME: "anna"}
    assert subentry.title == "Anna Berger"
    assert subentry.unique_id == "anna"
    return entry


async def created_for_anna(
    hass: HomeAssistant, simulator: Simulator, flow_id: str
) -> ConfigEntry:
    """The user step with the right input creates the account (see
    `assert_created_for_anna`)."""
    result = await submit(hass, flow_id, account(simulator.url))
    return assert_created_for_anna(result, simulator, simulator.url)


def reconfigure_input(url: str, key: str, secret: str) -> dict[str, str]:
    """The reconfigure step's input."""
    return {CONF_URL: url, CONF_API_KEY: key, CONF_API_SECRET: secret}


# -- pure URL helpers (the real TimeTrack host cannot be reached from tests) ---


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("acme", "https://acme.timetrackenterprise.com"),
        ("  acme-corp  ", "https://acme-corp.timetrackenterprise.com"),
        ("acme/", "https://acme.timetrackenterprise.com"),
        ("acme.timetrackenterprise.com", "https://acme.timetrackenterprise.com"),
        (
            "https://acme.timetrackenterprise.com/",
            "https://acme.timetrackenterprise.com",
        ),
        (
            "HTTPS://ACME.timetrackenterprise.com",
            "https://acme.timetrackenterprise.com",
        ),
        ("https://acme.example.com/api/v2/ext/#top", "https://acme.example.com"),
        ("https://acme.example.com:8443/", "https://acme.example.com:8443"),
        ("http://localhost:8123", "http://localhost:8123"),
        ("http://127.0.0.1:5000/", "http://127.0.0.1:5000"),
        ("http://127.1.2.3", "http://127.1.2.3"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ],
)
def test_normalize_url(text: str, url: str) -> None:
    assert str(normalize_url(text)) == url


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "invalid_url"),
        ("   ", "invalid_url"),
        ("/", "invalid_url"),
        ("https://", "invalid_url"),
        ("http://", "invalid_url"),
        ("https:///", "invalid_url"),
        ("ftp://x", "invalid_url"),
        ("https://user@acme.example.com", "invalid_url"),
        ("https://acme.example.com?x=1", "invalid_url"),
        ("https://acme.example.com:99999", "invalid_url"),
        ("http://[::1", "invalid_url"),
        ("http://acme.example.com", "https_required"),
        ("http://acme", "https_required"),
        ("http://10.0.0.1", "https_required"),
    ],
)
def test_normalize_url_refuses(text: str, reason: str) -> None:
    with pytest.raises(InvalidUrlError) as err:
        normalize_url(text)
    assert err.value.reason == reason


@pytest.mark.parametrize(
    ("url", "unique_id", "title"),
    [
        (
            "https://acme.timetrackenterprise.com",
            "acme.timetrackenterprise.com",
            "acme",
        ),
        (
            "https://acme.timetrackenterprise.com:8443",
            "acme.timetrackenterprise.com:8443",
            "acme",
        ),
        ("https://acme.example.com", "acme.example.com", "acme.example.com"),
        ("https://acme.example.com:443", "acme.example.com", "acme.example.com"),
        ("http://127.0.0.1:5000", "127.0.0.1:5000", "127.0.0.1:5000"),
        ("http://localhost", "localhost", "localhost"),
        ("http://[::1]:8080", "::1:8080", "::1:8080"),
    ],
)
def test_account_id_and_name(url: str, unique_id: str, title: str) -> None:
    assert account_id(URL(url)) == unique_id
    assert account_name(URL(url)) == title


# -- user step -----------------------------------------------------------------


async def test_user_step_creates_account_with_first_user(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    flow_id = await start_user_flow(hass)
    assert simulator.requests == []  # the form alone asks TimeTrack nothing

    result = await submit(
        hass, flow_id, account(simulator.url, **{CONF_USERNAME: " anna "})
    )

    entry = assert_created_for_anna(result, simulator, simulator.url)
    # The check read anna's two timers and the user directory (where she is).
    checks = sorted(
        (request.method, request.path, request.query.get("username", "-"))
        for request in simulator.requests[:3]
    )
    assert checks == [
        ("GET", "/api/v2/ext/attendance_timer", "anna"),
        ("GET", "/api/v2/ext" + PROJECT_TIMER, "anna"),
        ("GET", "/api/v2/ext/users", "-"),
    ]
    # The new entry loads and tracks anna on a device of her own.
    assert entry.state is ConfigEntryState.LOADED
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, f"{host_of(simulator)}:anna"), entry.entry_id
    )
    assert device is not None
    assert device.name == "Anna Berger"
    [subentry_id] = entry.subentries
    assert device.config_entry_id == entry.entry_id
    assert device.config_subentry_id == subentry_id
    assert hass.states.get("sensor.anna_berger_project_timer").state == "stopped"


async def test_user_step_normalises_a_trailing_slash(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    flow_id = await start_user_flow(hass)
    result = await submit(
        hass, flow_id, account(simulator.url, **{CONF_URL: f" {simulator.url}/ "})
    )
    assert_created_for_anna(result, simulator, simulator.url)


async def test_user_step_invalid_auth_then_recovers(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    flow_id = await start_user_flow(hass)

    result = await submit(
        hass, flow_id, account(simulator.url, **{CONF_API_KEY: WRONG_KEY})
    )
    assert_refused(hass, result, {"base": "invalid_auth"})
    # All three reads of the check were refused, and nothing else was sent.
    assert [r.status for r in simulator.requests] == [401, 401, 401]

    await created_for_anna(hass, simulator, flow_id)


@pytest.mark.parametrize("blank", [CONF_API_KEY, CONF_API_SECRET])
async def test_user_step_blank_credentials_are_invalid_auth(
    hass: HomeAssistant, simulator: Simulator, blank: str
) -> None:
    flow_id = await start_user_flow(hass)

    result = await submit(hass, flow_id, account(simulator.url, **{blank: "  "}))
    assert_refused(hass, result, {"base": "invalid_auth"})
    assert simulator.requests == []

    await created_for_anna(hass, simulator, flow_id)


async def test_user_step_cannot_connect_while_down_then_recovers(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    flow_id = await start_user_flow(hass)
    await simulator.go_down()

    result = await submit(hass, flow_id, account(simulator.url))
    assert_refused(hass, result, {"base": "cannot_connect"})
    assert simulator.requests == []

    await simulator.come_back()
    await created_for_anna(hass, simulator, flow_id)


# The check's three reads go out at once and take queued faults in whatever
# order they arrive: each fault is queued for all three.
@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(lambda sim: sim.fail_next(3, 502, html=True), id="502"),
        pytest.param(lambda sim: sim.fail_next(3, 500), id="500"),
        pytest.param(lambda sim: sim.rate_limit_next(3), id="429"),
        pytest.param(lambda sim: sim.malformed_next(3), id="malformed"),
    ],
)
async def test_user_step_cannot_connect_on_failures_then_recovers(
    hass: HomeAssistant, simulator: Simulator, fault: Any
) -> None:
    flow_id = await start_user_flow(hass)
    fault(simulator)

    result = await submit(hass, flow_id, account(simulator.url))
    assert_refused(hass, result, {"base": "cannot_connect"})
    assert len(simulator.requests) == 3
    assert all(request.fault is not None for request in simulator.requests)

    await created_for_anna(hass, simulator, flow_id)


async def test_user_step_unknown_user_then_recovers(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    flow_id = await start_user_flow(hass)

    result = await submit(
        hass, flow_id, account(simulator.url, **{CONF_USERNAME: "zoe"})
    )
    assert_refused(hass, result, {CONF_USERNAME: "unknown_user"})
    assert sorted(r.query.get("username", "-") for r in simulator.requests) == [
        "-",  # the user directory, read whole
        "zoe",
        "zoe",
    ]
    assert hass.config_entries.async_entries(DOMAIN) == []

    await created_for_anna(hass, simulator, flow_id)


async def test_user_step_blank_username_is_unknown_user(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    flow_id = await start_user_flow(hass)

    result = await submit(
        hass, flow_id, account(simulator.url, **{CONF_USERNAME: "   "})
    )
    assert_refused(hass, result, {CONF_USERNAME: "unknown_user"})
    assert simulator.requests == []

    await created_for_anna(hass, simulator, flow_id)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://x", "invalid_url"),
        ("", "invalid_url"),
        ("https://", "invalid_url"),
        ("http://acme.example.com", "https_required"),
    ],
)
async def test_user_step_refuses_the_address_then_recovers(
    hass: HomeAssistant, simulator: Simulator, url: str, reason: str
) -> None:
    flow_id = await start_user_flow(hass)

    result = await submit(hass, flow_id, account(simulator.url, **{CONF_URL: url}))
    assert_refused(hass, result, {CONF_URL: reason})
    assert simulator.requests == []  # refused before anything is sent

    await created_for_anna(hass, simulator, flow_id)


async def test_user_step_unknown_answer_then_recovers(
    hass: HomeAssistant, simulator: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    flow_id = await start_user_flow(hass)
    # Every read of the check answers 400, whichever arrives first.
    for endpoint in CHECKED_ENDPOINTS:
        simulator.break_endpoint(endpoint, status=400, html=False)

    with caplog.at_level(logging.ERROR):
        result = await submit(hass, flow_id, account(simulator.url))
    assert_refused(hass, result, {"base": "unknown"})
    assert {r.status for r in simulator.requests} == {400}
    assert "Unexpected answer from TimeTrack" in caplog.text
    assert secrets_absent(caplog.text)

    simulator.repair_all_endpoints()
    await created_for_anna(hass, simulator, flow_id)


async def test_user_step_same_account_twice_aborts(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    await created_for_anna(hass, simulator, await start_user_flow(hass))
    simulator.clear_requests()

    # The same account, spelt differently and with another user.
    flow_id = await start_user_flow(hass)
    result = await submit(
        hass,
        flow_id,
        account(simulator.url, **{CONF_URL: simulator.url + "/", CONF_USERNAME: "ben"}),
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1
    assert simulator.requests_to(PROJECT_TIMER) == []  # nothing was checked


async def test_user_step_titles_the_user_by_username_without_directory(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    simulator.users_endpoint_available = False
    flow_id = await start_user_flow(hass)

    result = await submit(hass, flow_id, account(simulator.url))

    assert result["type"] is FlowResultType.CREATE_ENTRY
    [subentry] = result["result"].subentries.values()
    assert subentry.title == "anna"
    assert subentry.unique_id == "anna"
    assert [r.status for r in simulator.requests_to("/users")][:1] == [404]


@pytest.mark.parametrize("status", [500, 429])
async def test_user_step_titles_the_user_by_username_when_directory_fails(
    hass: HomeAssistant,
    simulator: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    status: int,
) -> None:
    """The directory failing after the key was accepted does not fail the flow."""
    record = simulator.record
    failed: list[RecordedRequest] = []

    def fail_directory_once(request: RecordedRequest) -> None:
        # Steer the fake server: only the first user directory request fails
        # (the simulator takes queued faults right after recording a request).
        record(request)
        if request.path.endswith("/users") and not failed:
            failed.append(request)
            simulator.fail_next(1, status)

    monkeypatch.setattr(simulator, "record", fail_directory_once)
    flow_id = await start_user_flow(hass)

    result = await submit(hass, flow_id, account(simulator.url))

    assert result["type"] is FlowResultType.CREATE_ENTRY
    [subentry] = result["result"].subentries.values()
    assert subentry.title == "anna"
    assert simulator.requests_to("/users")[0].status == status


# -- reauthentication --------------------------------------------------------------


async def test_reauth_after_refused_key_at_setup(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    entry = simulator_entry(
        simulator.url, [user_subentry("anna", "Anna Berger")], api_key=WRONG_KEY
    )
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR

    [flow] = reauth_flows(hass, entry)
    assert flow["step_id"] == "reauth_confirm"
    result = await hass.config_entries.flow.async_configure(flow["flow_id"])
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"]["account"] == host_of(simulator)

    result = await submit(
        hass, flow["flow_id"], credentials(**{CONF_API_SECRET: "wrong-secret"})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["errors"] == {"base": "invalid_auth"}
    assert entry.data[CONF_API_KEY] == WRONG_KEY

    result = await submit(hass, flow["flow_id"], credentials())
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data == {
        CONF_URL: simulator.url,
        CONF_API_KEY: DEMO_API_KEY,
        CONF_API_SECRET: DEMO_API_SECRET,
    }
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.anna_berger_project_timer").state == "stopped"
    assert reauth_flows(hass, entry) == []


async def test_reauth_after_key_rotated_while_polling(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    setup_integration: MockConfigEntry,
) -> None:
    entry = setup_integration
    old_data = entry.runtime_data
    # An administrator renews the key in TimeTrack: the next poll is refused.
    simulator.api_key, simulator.api_secret = ROTATED_KEY, ROTATED_SECRET
    simulator.clear_requests()
    await async_advance(hass, freezer, timedelta(seconds=61))
    assert {r.status for r in simulator.requests} == {401}
    assert hass.states.get("sensor.anna_berger_project_timer").state == "unavailable"

    [flow] = reauth_flows(hass, entry)
    result = await submit(hass, flow["flow_id"], credentials())
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}

    result = await submit(
        hass,
        flow["flow_id"],
        {CONF_API_KEY: ROTATED_KEY, CONF_API_SECRET: ROTATED_SECRET},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_API_KEY] == ROTATED_KEY
    assert entry.data[CONF_API_SECRET] == ROTATED_SECRET
    assert entry.data[CONF_URL] == simulator.url
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data is not old_data  # reloaded
    assert hass.states.get("sensor.anna_berger_project_timer").state == "stopped"


async def test_reauth_succeeds_when_first_user_is_gone(
    hass: HomeAssistant, simulator: Simulator, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    simulator.remove_user("anna")
    simulator.clear_requests()

    result = await entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"

    result = await submit(hass, result["flow_id"], credentials())
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    # The key was checked with anna, whom TimeTrack no longer knows.
    check = simulator.requests_to(PROJECT_TIMER, "GET")[0]
    assert check.query["username"] == "anna"
    assert check.status == 404
    assert entry.state is ConfigEntryState.LOADED


async def test_reauth_cannot_connect_then_recovers(
    hass: HomeAssistant, simulator: Simulator, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    result = await entry.start_reauth_flow(hass)
    simulator.clear_requests()
    simulator.fail_next(3, 503)  # the check's three reads, in any order

    result = await submit(hass, result["flow_id"], credentials())
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["errors"] == {"base": "cannot_connect"}
    assert [(r.status, r.fault) for r in simulator.requests] == [(503, "fail")] * 3
    assert entry.data[CONF_API_KEY] == DEMO_API_KEY

    result = await submit(hass, result["flow_id"], credentials())
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"


# -- reconfiguration ---------------------------------------------------------------


async def test_reconfigure_updates_credentials_and_reloads(
    hass: HomeAssistant, simulator: Simulator, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    old_data = entry.runtime_data
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert result["errors"] == {}
    assert result["description_placeholders"]["account"] == entry.title
    suggested = suggested_values(result)
    assert suggested == {CONF_URL: simulator.url}

    simulator.api_key, simulator.api_secret = ROTATED_KEY, ROTATED_SECRET
    simulator.clear_requests()
    result = await submit(
        hass,
        result["flow_id"],
        reconfigure_input(f"{simulator.url}/", ROTATED_KEY, ROTATED_SECRET),
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data == {
        CONF_URL: simulator.url,
        CONF_API_KEY: ROTATED_KEY,
        CONF_API_SECRET: ROTATED_SECRET,
    }
    assert entry.unique_id == host_of(simulator)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data is not old_data  # reloaded
    assert {r.status for r in simulator.requests} == {200}
    assert hass.states.get("sensor.anna_berger_project_timer").state == "stopped"


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({CONF_API_KEY: WRONG_KEY}, {"base": "invalid_auth"}),
        ({CONF_URL: "ftp://x"}, {CONF_URL: "invalid_url"}),
        ({CONF_URL: "https://"}, {CONF_URL: "invalid_url"}),
        ({CONF_URL: "http://acme.example.com"}, {CONF_URL: "https_required"}),
    ],
)
async def test_reconfigure_errors_then_recovers(
    hass: HomeAssistant,
    simulator: Simulator,
    setup_integration: MockConfigEntry,
    changes: dict[str, str],
    errors: dict[str, str],
) -> None:
    entry = setup_integration
    original = dict(entry.data)
    result = await entry.start_reconfigure_flow(hass)
    good = reconfigure_input(simulator.url, DEMO_API_KEY, DEMO_API_SECRET)

    result = await submit(hass, result["flow_id"], {**good, **changes})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert result["errors"] == errors
    assert dict(entry.data) == original
    # The form keeps what was entered.
    suggested = suggested_values(result)
    assert suggested[CONF_URL] == {**good, **changes}[CONF_URL]

    result = await submit(hass, result["flow_id"], good)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == original
    assert entry.state is ConfigEntryState.LOADED


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(lambda sim: f"http://localhost:{sim.port}", id="other-host"),
        pytest.param(lambda sim: f"http://127.0.0.1:{sim.port + 1}", id="other-port"),
        pytest.param(lambda sim: "acme", id="other-account"),
    ],
)
async def test_reconfigure_to_another_account_aborts(
    hass: HomeAssistant,
    simulator: Simulator,
    setup_integration: MockConfigEntry,
    other: Any,
) -> None:
    entry = setup_integration
    original = dict(entry.data)
    result = await entry.start_reconfigure_flow(hass)
    simulator.clear_requests()

    result = await submit(
        hass,
        result["flow_id"],
        reconfigure_input(other(simulator), DEMO_API_KEY, DEMO_API_SECRET),
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert dict(entry.data) == original
    assert entry.unique_id == host_of(simulator)
    assert simulator.requests == []  # nothing was sent to the other address


# -- options -----------------------------------------------------------------------


async def test_options_default_and_reload(
    hass: HomeAssistant, simulator: Simulator, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    old_data = entry.runtime_data
    assert old_data.timers.update_interval == timedelta(seconds=60)

    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    schema = result["data_schema"]
    assert schema({}) == {CONF_SCAN_INTERVAL: 60}  # time zone optional
    assert "Europe/Vienna" in schema.schema[CONF_TIME_ZONE].config["options"]

    simulator.clear_requests()
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 30}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {CONF_SCAN_INTERVAL: 30}
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data is not old_data  # reloaded
    assert entry.runtime_data.timers.update_interval == timedelta(seconds=30)
    assert entry.runtime_data.timers.time_zone == ZoneInfo("Europe/Vienna")
    assert entry.runtime_data.client.time_zone == ZoneInfo("Europe/Vienna")
    assert simulator.requests_to(PROJECT_TIMER, "GET")  # set up again

    # The form shows the saved values next time.
    result = await hass.config_entries.options.async_init(entry.entry_id)
    suggested = suggested_values(result)
    assert suggested == {CONF_SCAN_INTERVAL: 30}


async def test_options_time_zone(
    hass: HomeAssistant, simulator: Simulator, setup_integration: MockConfigEntry
) -> None:
    entry = setup_integration
    result = await hass.config_entries.options.async_init(entry.entry_id)

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {CONF_SCAN_INTERVAL: 3600, CONF_TIME_ZONE: "America/New_York"},
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_SCAN_INTERVAL: 3600,
        CONF_TIME_ZONE: "America/New_York",
    }
    assert entry.runtime_data.timers.update_interval == timedelta(hours=1)
    assert entry.runtime_data.timers.time_zone == ZoneInfo("America/New_York")
    assert entry.runtime_data.client.time_zone == ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    "data",
    [
        {CONF_SCAN_INTERVAL: 14},
        {CONF_SCAN_INTERVAL: 3601},
        {CONF_SCAN_INTERVAL: "often"},
        {CONF_SCAN_INTERVAL: 60, CONF_TIME_ZONE: "Mars/Olympus_Mons"},
    ],
)
async def test_options_refuses_invalid_values(
    hass: HomeAssistant, setup_integration: MockConfigEntry, data: dict[str, Any]
) -> None:
    entry = setup_integration
    data = entry.runtime_data
    result = await hass.config_entries.options.async_init(entry.entry_id)

    with pytest.raises(InvalidData):
        await hass.config_entries.options.async_configure(result["flow_id"], data)

    assert entry.options == {}
    assert entry.runtime_data is data  # not reloaded
    # The flow stays open on its form and accepts a valid value.
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 15}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.runtime_data.timers.update_interval == timedelta(seconds=15)

"""Failure domains: the two timers are the core; everything else only degrades.

Projects, tasks, the user directory and the work reports are not part of the
documented timer API. Whatever their endpoints do, at setup or later, the
timers never wait for them and never fail because of them; each list is read
again hourly, and a repair issue says so when one keeps failing.
"""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Any

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr, issue_registry as ir
import pytest

from custom_components.timetrack.const import DOMAIN
from simulator import Simulator
from tests.conftest import ACCOUNT_HOST

from .actions_support import Home
from .entity_support import (
    ATTENDANCE,
    ENTITY_TESTS,
    OVERTIME,
    PAUSE,
    PROJECT,
    PROJECT_TIMER,
    RESUME,
    STOP,
    WORKED_TODAY,
    start_in_app,
    state_of,
    wall,
)

pytestmark = ENTITY_TESTS

OPTIONAL = ("projects", "tasks", "users", "work_reports")
LOGGER = "custom_components.timetrack"


def break_optional(simulator: Simulator, **fault: Any) -> None:
    """Every endpoint beside the two timers fails, until repaired."""
    for name in OPTIONAL:
        simulator.break_endpoint(name, **fault)


def optional_issues(issues: ir.IssueRegistry) -> set[str]:
    return {
        issue.translation_key
        for issue in issues.issues.values()
        if issue.domain == DOMAIN and issue.translation_key.endswith("_unavailable")
    }


async def call(hass: HomeAssistant, service: str, **data: Any) -> Any:
    return await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=True
    )


async def test_timers_load_and_work_while_every_list_fails(
    home: Home, issue_registry: ir.IssueRegistry, caplog: pytest.LogCaptureFixture
) -> None:
    """Every endpoint beside the timers answers an HTML 500, for good.

    The entry loads; a change made elsewhere shows at the next poll; every
    action works (a project is started by its name and client); what depends
    on the lists says why: one warning each, then a repair issue each.
    """
    break_optional(home.simulator, kind="fail", status=500, html=True)
    caplog.set_level(logging.INFO, logger=LOGGER)

    assert await home.set_up()
    assert home.entry.state is ConfigEntryState.LOADED
    assert home.state(PROJECT_TIMER) == "stopped"
    assert home.state(ATTENDANCE) == "off"
    # Named as when the user was added: the directory cannot be read.
    device = dr.async_get(home.hass).async_get_device_by_identifier(
        (DOMAIN, f"{ACCOUNT_HOST}:anna"), home.entry.entry_id
    )
    assert device is not None
    assert device.name == "Anna Berger"
    # The work reports never answered: no figures are shown as if known.
    assert home.hass.states.get(WORKED_TODAY) is None
    assert home.hass.states.get(OVERTIME) is None
    warnings = [
        record.getMessage()
        for record in caplog.records
        if record.name == LOGGER and record.levelno == logging.WARNING
    ]
    assert len(warnings) == len(OPTIONAL)
    assert all(
        "cannot be read (a server error, HTTP 500)" in line for line in warnings
    ), warnings
    # What degrades, and when it is tried again; no list was ever read.
    assert (
        "TimeTrack's projects cannot be read (a server error, HTTP 500); the "
        "timers work on, a project is started by its name and client meanwhile "
        "(read again within an hour; the last list read, if any, stays in use)"
    ) in warnings

    # A change made in the phone app shows at the next poll.
    start_in_app(home.simulator, wall(13, 0, 30), "Globex", "Intranet")
    await home.poll()
    assert home.state(PROJECT_TIMER) == "running"
    assert home.state(PROJECT) == "Globex / Intranet"

    # Every action works.
    await call(home.hass, "stop_project_timer")
    response = await call(
        home.hass, "start_project_timer", project="Website", client="ACME"
    )
    assert response["project_timer"]["project"] == "Website"
    with pytest.raises(ServiceValidationError) as refused:
        await call(home.hass, "start_project_timer", project="Website")
    assert refused.value.translation_key == "projects_unavailable"
    for button in (PAUSE, RESUME, STOP):
        await home.hass.services.async_call(
            BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: button}, blocking=True
        )
    for turn in (SERVICE_TURN_ON, SERVICE_TURN_OFF):
        await home.hass.services.async_call(
            "switch", turn, {ATTR_ENTITY_ID: ATTENDANCE}, blocking=True
        )
    assert home.state(PROJECT_TIMER) == "stopped"
    assert home.simulator.project_timer("anna")["stopped"] is True
    assert home.simulator.attendance_timer("anna")["to"] is not None
    assert optional_issues(issue_registry) == set()

    # Still failing an hour later: a repair issue each; the timers poll on.
    await home.advance(timedelta(minutes=61))
    assert optional_issues(issue_registry) == {
        f"{name}_unavailable" for name in OPTIONAL
    }
    assert home.state(PROJECT_TIMER) == "stopped"

    # Repaired: read again within the hour, the issues go, the sensors appear.
    home.simulator.repair_all_endpoints()
    await home.advance(timedelta(minutes=61))
    assert optional_issues(issue_registry) == set()
    assert home.state(WORKED_TODAY) != "unavailable"
    assert "ACME / Website" in state_of(home.hass, PROJECT).attributes["options"]


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param({"kind": "fail", "status": 500, "html": True}, id="html-500"),
        pytest.param({"kind": "fail", "status": 403, "html": False}, id="403"),
        pytest.param({"kind": "odd"}, id="odd-shape"),
    ],
)
async def test_a_reload_loads_whatever_the_lists_answer(
    home: Home, fault: dict[str, Any]
) -> None:
    """Lists failing later, then a reload: the entry loads, the timers poll on."""
    assert await home.set_up()
    assert "ACME / Website" in state_of(home.hass, PROJECT).attributes["options"]
    break_optional(home.simulator, **fault)

    assert await home.hass.config_entries.async_reload(home.entry.entry_id)
    await home.hass.async_block_till_done()

    assert home.entry.state is ConfigEntryState.LOADED
    assert home.state(PROJECT_TIMER) == "stopped"
    start_in_app(home.simulator, wall(13, 0, 30), "ACME", "Website")
    await home.poll()
    assert home.state(PROJECT_TIMER) == "running"


async def test_a_failing_list_is_not_read_at_every_poll(home: Home) -> None:
    """A list that fails is read again hourly, not at each poll, and not never."""
    break_optional(home.simulator, kind="fail", status=502, html=True)
    assert await home.set_up()
    home.simulator.clear_requests()

    for _ in range(59):
        await home.poll()
    read = {name: len(home.simulator.requests_to(name, "GET")) for name in OPTIONAL}
    assert read == dict.fromkeys(OPTIONAL, 0)
    await home.poll()
    await home.poll()
    read = {name: len(home.simulator.requests_to(name, "GET")) for name in OPTIONAL}
    assert read == dict.fromkeys(OPTIONAL, 1)
    # The timers were read at every poll meanwhile: two requests a poll.
    assert len(home.simulator.requests_to("project_timer", "GET")) == 61


async def test_setup_does_not_wait_for_a_list_that_hangs(home: Home) -> None:
    """A list that never answers: the timers are set up all the same."""
    home.simulator.break_endpoint("projects", kind="hang")
    home.entry.add_to_hass(home.hass)
    await home.hass.config.async_set_time_zone("Europe/Vienna")

    assert await home.hass.config_entries.async_setup(home.entry.entry_id)

    assert home.entry.state is ConfigEntryState.LOADED
    assert home.state(PROJECT_TIMER) == "stopped"
    home.simulator.repair_endpoint("projects")
    await home.hass.async_block_till_done()
    assert "ACME / Website" in state_of(home.hass, PROJECT).attributes["options"]

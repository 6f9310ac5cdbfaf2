"""The project select: shows the running project; choosing one starts it."""

from __future__ import annotations

from datetime import timedelta

from homeassistant.components.select import ATTR_OPTIONS
from homeassistant.const import STATE_UNKNOWN
from homeassistant.exceptions import ServiceValidationError
import pytest

from simulator import Simulator

from .actions_support import Home
from .entity_support import (
    ENTITY_TESTS,
    PROJECT,
    PROJECT_TIMER,
    PROJECT_TIMER_PATH,
    PlatformSnapshot,
    start_in_app,
    state_of,
    wall,
    wall_now,
)

pytestmark = ENTITY_TESTS

ENABLED_PROJECTS = [
    "ACME / Mobile App",
    "ACME / Website",
    "Globex / Intranet",
    "Globex / Website",
    "Initech / Support",
]


def start_bodies(simulator: Simulator) -> list[tuple[str, str]]:
    return [
        (request.body["clientName"], request.body["projectName"])
        for request in simulator.requests_to("project_timer/start", "POST")
    ]


async def test_select(home: Home, platform_snapshot: PlatformSnapshot) -> None:
    """The project select of a user working on ACME / Website."""
    start_in_app(home.simulator, wall(12), "ACME", "Website")
    assert await home.set_up()
    assert platform_snapshot("select") == [PROJECT]


async def test_options_and_current_option(home: Home) -> None:
    """Every enabled project, sorted; the current one while a timer runs."""
    assert await home.set_up()
    select = state_of(home.hass, PROJECT)
    assert select.attributes[ATTR_OPTIONS] == ENABLED_PROJECTS
    assert "Initech / Legacy" not in select.attributes[ATTR_OPTIONS]
    assert select.state == STATE_UNKNOWN

    start_in_app(home.simulator, wall_now(), "Globex", "Website")
    await home.poll()
    assert home.state(PROJECT) == "Globex / Website"

    home.simulator.act("anna", "project_timer/pause", wall_now())
    await home.poll()
    assert home.state(PROJECT_TIMER) == "paused"
    assert home.state(PROJECT) == "Globex / Website"

    home.simulator.act("anna", "project_timer/stop", wall_now())
    await home.poll()
    assert home.state(PROJECT) == STATE_UNKNOWN


async def test_choose_when_stopped(home: Home) -> None:
    """Choosing a project starts it: one request, shown at once."""
    assert await home.set_up()
    assert await home.requests_of(home.choose("Globex / Website")) == [
        ("POST", f"{PROJECT_TIMER_PATH}/start")
    ]
    assert start_bodies(home.simulator) == [("Globex", "Website")]
    assert home.state(PROJECT) == "Globex / Website"
    assert home.state(PROJECT_TIMER) == "running"
    assert home.simulator.project_timer("anna")["playing"] is True


async def test_choose_another_while_running(home: Home) -> None:
    """Switching projects stops the running timer, then starts the chosen one."""
    start_in_app(home.simulator, wall(12), "ACME", "Website")
    assert await home.set_up()
    assert await home.requests_of(home.choose("Initech / Support")) == [
        ("POST", f"{PROJECT_TIMER_PATH}/stop"),
        ("POST", f"{PROJECT_TIMER_PATH}/start"),
    ]
    assert start_bodies(home.simulator) == [("Initech", "Support")]
    assert home.state(PROJECT) == "Initech / Support"
    assert home.simulator.project_timer("anna")["projectName"] == "Support"
    assert (
        home.simulator.project_timer("anna")["startedAt"] == "2026-06-03T13:00:00.000Z"
    )


async def test_choose_the_running_project(home: Home) -> None:
    """Choosing the project that already runs changes nothing."""
    start_in_app(home.simulator, wall(12), "ACME", "Website")
    assert await home.set_up()
    home.simulator.clear_requests()

    await home.choose("ACME / Website")
    assert home.simulator.requests == []
    assert (
        home.simulator.project_timer("anna")["startedAt"] == "2026-06-03T12:00:00.000Z"
    )


async def test_choose_after_a_start_in_the_app(home: Home) -> None:
    """A timer started in the app since the last poll is stopped first."""
    assert await home.set_up()
    start_in_app(home.simulator, wall(12, 30), "ACME", "Website")
    assert await home.requests_of(home.choose("Globex / Intranet")) == [
        ("POST", f"{PROJECT_TIMER_PATH}/start"),  # refused: a timer runs
        ("GET", PROJECT_TIMER_PATH),
        ("POST", f"{PROJECT_TIMER_PATH}/stop"),
        ("POST", f"{PROJECT_TIMER_PATH}/start"),
    ]
    assert [request.status for request in home.simulator.requests] == [
        409,
        200,
        200,
        200,
    ]
    assert home.state(PROJECT) == "Globex / Intranet"


@pytest.mark.parametrize("option", ["Initech / Legacy", "Nobody / Nothing", "ACME"])
async def test_choose_an_unknown_option(home: Home, option: str) -> None:
    """Options that are not enabled projects are refused without a request."""
    assert await home.set_up()
    home.simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as refusal:
        await home.choose(option)
    assert refusal.value.translation_key == "not_valid_option"
    assert home.simulator.requests == []
    assert home.state(PROJECT) == STATE_UNKNOWN


@pytest.mark.parametrize("options", [{"scan_interval": 600}])
async def test_running_project_disabled_later(home: Home) -> None:
    """A project disabled while it runs stays shown until its timer stops."""
    start_in_app(home.simulator, wall(12), "ACME", "Website")
    assert await home.set_up()
    home.simulator.set_project_enabled("ACME", "Website", enabled=False)
    await home.advance(timedelta(hours=1))  # the lists are re-read
    assert ("GET", "projects") in home.calls()[-6:]

    select = state_of(home.hass, PROJECT)
    assert select.state == "ACME / Website"
    assert select.attributes[ATTR_OPTIONS] == [
        "ACME / Mobile App",
        "Globex / Intranet",
        "Globex / Website",
        "Initech / Support",
        "ACME / Website",
    ]
    home.simulator.act("anna", "project_timer/stop", wall_now())
    await home.poll(600)
    select = state_of(home.hass, PROJECT)
    assert select.state == STATE_UNKNOWN
    assert "ACME / Website" not in select.attributes[ATTR_OPTIONS]

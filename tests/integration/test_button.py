"""The buttons that pause, resume and stop the project timer."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .actions_support import Home
from .entity_support import (
    BREAK_TIME,
    ENTITY_TESTS,
    PAUSE,
    PROJECT_TIMER,
    PROJECT_TIMER_PATH,
    RESUME,
    STOP,
    WORKED_TIME,
    PlatformSnapshot,
    async_setup,
    start_in_app,
    wall,
    wall_now,
)

pytestmark = ENTITY_TESTS


async def test_buttons(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    platform_snapshot: PlatformSnapshot,
) -> None:
    """The three buttons, as registered and shown."""
    assert await async_setup(hass, config_entry)
    assert platform_snapshot("button") == [PAUSE, RESUME, STOP]


async def test_pause_resume_stop(home: Home) -> None:
    """Each press is one request, and its answer is shown at once."""
    start_in_app(home.simulator, wall(12), "ACME", "Mobile App")
    assert await home.set_up()
    assert await home.requests_of(home.press(PAUSE)) == [
        ("POST", f"{PROJECT_TIMER_PATH}/pause")
    ]
    assert home.simulator.requests[-1].body["date"] == "2026-06-03T13:00:00.000Z"
    assert home.state(PROJECT_TIMER) == "paused"
    assert home.simulator.project_timer("anna")["paused"] is True

    await home.poll(600)  # 13:10
    assert await home.requests_of(home.press(RESUME)) == [
        ("POST", f"{PROJECT_TIMER_PATH}/resume")
    ]
    assert home.state(PROJECT_TIMER) == "running"
    assert home.state(BREAK_TIME) == "10"

    await home.poll(300)  # 13:15
    assert await home.requests_of(home.press(STOP)) == [
        ("POST", f"{PROJECT_TIMER_PATH}/stop")
    ]
    assert home.state(PROJECT_TIMER) == "stopped"
    assert home.state(WORKED_TIME) == "65"
    timer = home.simulator.project_timer("anna")
    assert timer["stopped"] is True
    assert (timer["workedSeconds"], timer["breakSeconds"]) == (65 * 60, 10 * 60)


async def test_stop_while_paused(home: Home) -> None:
    """Stop also ends a paused timer."""
    start_in_app(home.simulator, wall(12), "ACME", "Mobile App")
    home.simulator.act("anna", "project_timer/pause", wall(12, 45))
    assert await home.set_up()
    assert await home.requests_of(home.press(STOP)) == [
        ("POST", f"{PROJECT_TIMER_PATH}/stop")
    ]
    assert home.state(PROJECT_TIMER) == "stopped"
    assert home.state(WORKED_TIME) == "45"
    assert home.state(BREAK_TIME) == "15"


@pytest.mark.parametrize(
    ("button", "refusal"),
    [
        (PAUSE, "timer_not_running"),
        (RESUME, "timer_not_paused"),
        (STOP, "timer_not_started"),
    ],
)
async def test_refused_when_stopped(home: Home, button: str, refusal: str) -> None:
    """Impossible for a stopped timer: one re-read, then a refusal, no action."""
    assert await home.set_up()
    home.simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as refused:
        await home.press(button)
    assert refused.value.translation_key == refusal
    assert refused.value.translation_placeholders == {"username": "anna"}
    assert home.calls() == [("GET", PROJECT_TIMER_PATH)]
    assert home.state(PROJECT_TIMER) == "stopped"


async def test_resume_refused_while_running(home: Home) -> None:
    """Resume makes no sense for a running timer."""
    start_in_app(home.simulator, wall(12), "ACME", "Mobile App")
    assert await home.set_up()
    home.simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as refused:
        await home.press(RESUME)
    assert refused.value.translation_key == "timer_not_paused"
    assert home.calls() == [("GET", PROJECT_TIMER_PATH)]


async def test_pause_after_a_start_in_the_app(home: Home) -> None:
    """Home Assistant still shows "stopped": the re-read finds the timer running."""
    assert await home.set_up()
    start_in_app(home.simulator, wall(12, 30), "Globex", "Intranet")
    assert await home.requests_of(home.press(PAUSE)) == [
        ("GET", PROJECT_TIMER_PATH),
        ("POST", f"{PROJECT_TIMER_PATH}/pause"),
    ]
    assert home.state(PROJECT_TIMER) == "paused"
    assert home.state(WORKED_TIME) == "30"


async def test_pause_after_a_stop_in_the_app(home: Home) -> None:
    """Home Assistant still shows "running": TimeTrack refuses, and so do we."""
    start_in_app(home.simulator, wall(12), "ACME", "Mobile App")
    assert await home.set_up()
    home.simulator.act("anna", "project_timer/stop", wall_now())
    home.simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as refused:
        await home.press(PAUSE)
    assert refused.value.translation_key == "timer_not_running"
    assert home.calls() == [
        ("POST", f"{PROJECT_TIMER_PATH}/pause"),
        ("GET", PROJECT_TIMER_PATH),
    ]
    assert home.state(PROJECT_TIMER) == "stopped"

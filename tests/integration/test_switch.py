"""The attendance switch: on while clocked in; turning it clocks in or out."""

from __future__ import annotations

from homeassistant.const import SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.exceptions import ServiceValidationError
import pytest

from .actions_support import Home
from .entity_support import (
    ATTENDANCE,
    ATTENDANCE_PATH,
    CLOCKED_IN_SINCE,
    ENTITY_TESTS,
    PlatformSnapshot,
    record_states,
    wall,
    wall_now,
)

pytestmark = ENTITY_TESTS


async def test_switch(home: Home, platform_snapshot: PlatformSnapshot) -> None:
    """The attendance switch of a clocked-in user, as registered and shown."""
    home.simulator.act("anna", "attendance_timer/start", wall(8))
    assert await home.set_up()
    assert platform_snapshot("switch") == [ATTENDANCE]


async def test_turn_on_and_off(home: Home) -> None:
    """Turning on clocks in, turning off clocks out: one request each."""
    assert await home.set_up()
    assert home.state(ATTENDANCE) == "off"
    assert await home.requests_of(home.switch(SERVICE_TURN_ON)) == [
        ("POST", f"{ATTENDANCE_PATH}/start")
    ]
    assert home.simulator.requests[0].body["username"] == "anna"
    assert home.simulator.requests[0].body["date"] == "2026-06-03T13:00:00.000Z"
    assert home.state(ATTENDANCE) == "on"
    assert home.state(CLOCKED_IN_SINCE) == "2026-06-03T11:00:00+00:00"
    assert home.simulator.attendance_timer("anna")["to"] is None

    await home.poll(3600)  # 14:00
    assert await home.requests_of(home.switch(SERVICE_TURN_OFF)) == [
        ("POST", f"{ATTENDANCE_PATH}/stop")
    ]
    assert home.state(ATTENDANCE) == "off"
    assert home.simulator.attendance_timer("anna")["to"] == "2026-06-03T14:00:00.000Z"
    assert home.simulator.attendance_timer("anna")["workedMinutes"] == 60


async def test_turn_on_when_clocked_in_in_the_app(home: Home) -> None:
    """Already clocked in (not yet polled): TimeTrack refuses, re-read, refuse."""
    assert await home.set_up()
    home.simulator.act("anna", "attendance_timer/start", wall_now())
    home.simulator.clear_requests()

    with pytest.raises(ServiceValidationError) as refusal:
        await home.switch(SERVICE_TURN_ON)
    assert refusal.value.translation_key == "already_clocked_in"
    assert refusal.value.translation_placeholders == {"username": "anna"}
    assert home.calls() == [
        ("POST", f"{ATTENDANCE_PATH}/start"),
        ("GET", ATTENDANCE_PATH),
    ]
    assert [request.status for request in home.simulator.requests] == [409, 200]
    assert home.state(ATTENDANCE) == "on"


async def test_turn_off_when_clocked_out_in_the_app(home: Home) -> None:
    """Already clocked out (not yet polled): TimeTrack refuses, re-read, refuse."""
    home.simulator.act("anna", "attendance_timer/start", wall(8))
    assert await home.set_up()
    assert home.state(ATTENDANCE) == "on"
    home.simulator.act("anna", "attendance_timer/stop", wall_now())
    home.simulator.clear_requests()
    log = record_states(home.hass, ATTENDANCE)

    with pytest.raises(ServiceValidationError) as refusal:
        await home.switch(SERVICE_TURN_OFF)
    assert refusal.value.translation_key == "not_clocked_in"
    assert home.calls() == [
        ("POST", f"{ATTENDANCE_PATH}/stop"),
        ("GET", ATTENDANCE_PATH),
    ]
    assert home.state(ATTENDANCE) == "off"
    assert log.values(ATTENDANCE) == ["off"]


async def test_turn_on_after_clocking_out_in_the_app(home: Home) -> None:
    """A stale "on" does not block a clock-in that makes sense after a re-read."""
    home.simulator.act("anna", "attendance_timer/start", wall(8))
    assert await home.set_up()
    await home.poll()  # 13:01
    home.simulator.act("anna", "attendance_timer/stop", wall(13, 0, 30))
    home.simulator.clear_requests()

    assert home.state(ATTENDANCE) == "on"
    await home.switch(SERVICE_TURN_ON)
    assert home.calls() == [
        ("GET", ATTENDANCE_PATH),
        ("POST", f"{ATTENDANCE_PATH}/start"),
    ]
    assert home.state(ATTENDANCE) == "on"
    assert home.state(CLOCKED_IN_SINCE) == "2026-06-03T11:01:00+00:00"
    assert home.simulator.attendance_timer("anna")["from"] == "2026-06-03T13:01:00.000Z"

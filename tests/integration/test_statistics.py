"""Long-term statistics: worked hours per hour, and the daily target.

Through Home Assistant (with its recorder) against the simulator, time frozen
on Wednesday 3 June 2026 at 13:00 in Vienna. The simulator's history
(`seed_history`) gives anna three weeks of work before today; what was
imported is read back as the statistics graph reads it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.statistics import (
    get_metadata,
    statistics_during_period,
)
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.timetrack.api import AttendanceTimer
from custom_components.timetrack.statistics import statistic_ids, worked_hours
from simulator import Simulator

from .entity_support import (
    ATTENDANCE,
    ENTITY_TESTS,
    TODAY,
    VIENNA,
    async_move_to,
    async_poll,
    async_setup,
    local,
    wall,
)

pytestmark = ENTITY_TESTS

LOGGER = "custom_components.timetrack"
WORKED, TARGET = statistic_ids("anna")
BEN_WORKED, BEN_TARGET = statistic_ids("ben")
# 90 days before today, at midnight in Vienna (22:00 UTC the day before).
BEGIN = datetime(2026, 3, 5, tzinfo=VIENNA)
TOMORROW = date(2026, 6, 4)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_db_url: str, enable_custom_integrations: None
) -> None:
    """The recorder's database first: it must exist before Home Assistant starts."""


async def rows(
    hass: HomeAssistant, statistic_id: str, period: str = "hour"
) -> list[dict[str, Any]]:
    """The statistic's rows, as a statistics graph reads them."""
    # The imports after a clock-out run as background tasks.
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)
    found = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        datetime(2026, 1, 1, tzinfo=UTC),
        None,
        {statistic_id},
        period,
        None,
        {"state", "sum", "change"},
    )
    return found.get(statistic_id, [])


def total(found: list[dict[str, Any]]) -> float:
    """The last row's sum: everything imported."""
    return float(found[-1]["sum"])


def entries(simulator: Simulator, username: str = "anna") -> list[AttendanceTimer]:
    """The user's closed attendance entries in the simulator."""
    return [
        AttendanceTimer(
            username,
            started_at=entry.start.replace(tzinfo=VIENNA),
            ended_at=entry.end.replace(tzinfo=VIENNA),
            break_minutes=entry.break_minutes,
        )
        for entry in simulator.state.attendances
        if entry.user == username and entry.end is not None
    ]


def hours_of(found: Iterable[AttendanceTimer]) -> float:
    """The hours worked in these entries: their time less their breaks."""
    return sum(
        (entry.ended_at - entry.started_at).total_seconds() / 3600  # type: ignore[operator]
        - entry.break_minutes / 60
        for entry in found
    )


def weekdays(first: date, last: date) -> int:
    """How many Mondays to Fridays lie from `first` to `last`."""
    return sum(
        (first + timedelta(days=n)).weekday() < 5
        for n in range((last - first).days + 1)
    )


async def switch(hass: HomeAssistant, service: str) -> None:
    """Clock anna in or out with her attendance switch."""
    await hass.services.async_call(
        SWITCH_DOMAIN, service, {ATTR_ENTITY_ID: ATTENDANCE}, blocking=True
    )


def reads(simulator: Simulator) -> Counter[str]:
    """How often the statistics' lists were read."""
    return Counter(
        name
        for name in ("attendances", "work_reports")
        for _ in simulator.requests_to(name, method="GET")
    )


async def test_the_past_is_imported_at_setup(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """90 days of worked hours, hour by hour, with sums equal to the entries."""
    simulator.seed_history(TODAY, weeks=3)
    simulator.state.attendances[0].break_minutes = 45
    assert await async_setup(hass, config_entry)

    hourly = await rows(hass, WORKED)

    # Every hour from 90 days ago to the current one, none twice.
    assert hourly[0]["start"] == BEGIN.timestamp()
    assert hourly[-1]["start"] == local(13).timestamp()
    starts = [row["start"] for row in hourly]
    # (one hour less: the clocks went forward on 29 March)
    assert len(starts) == len(set(starts)) == 90 * 24 + 13 + 1 - 1
    assert total(hourly) == pytest.approx(hours_of(entries(simulator)))
    assert all(0 <= row["state"] <= 1 for row in hourly)
    # Each day as the statistics graph shows it: that day's entries.
    daily = await rows(hass, WORKED, "day")
    by_day = {
        datetime.fromtimestamp(row["start"], VIENNA).date(): row["change"]
        for row in daily
    }
    for day in (date(2026, 5, 13), date(2026, 6, 2)):
        expected = hours_of(e for e in entries(simulator) if e.started_at.date() == day)  # type: ignore[union-attr]
        assert by_day[day] == pytest.approx(expected)
        assert expected > 7
    assert by_day[date(2026, 5, 30)] == 0  # a Saturday

    # The target, one row a day: 8 hours each weekday.
    targets = await rows(hass, TARGET)
    assert len(targets) == 91
    assert targets[0]["start"] == BEGIN.timestamp()
    assert total(targets) == 8 * weekdays(BEGIN.date(), TODAY)

    metadata = await get_instance(hass).async_add_executor_job(
        lambda: get_metadata(hass, statistic_ids={WORKED, TARGET})
    )
    assert {key: meta for key, (_, meta) in metadata.items()} == {
        WORKED: {
            "has_mean": False,
            "mean_type": 0,
            "has_sum": True,
            "name": "Anna Berger worked time",
            "source": "timetrack",
            "statistic_id": WORKED,
            "unit_class": "duration",
            "unit_of_measurement": "h",
        },
        TARGET: {
            "has_mean": False,
            "mean_type": 0,
            "has_sum": True,
            "name": "Anna Berger target time",
            "source": "timetrack",
            "statistic_id": TARGET,
            "unit_class": "duration",
            "unit_of_measurement": "h",
        },
    }
    # One read of each list, for the 90 days and today.
    assert reads(simulator) == Counter(attendances=1, work_reports=2)
    assert [
        (request.query["from"], request.query["to"])
        for request in simulator.requests_to("attendances")
    ] == [("2026-03-04", "2026-06-03")]


@pytest.mark.parametrize("usernames", [["anna", "ben"]])
async def test_each_user_and_the_days_off(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """One statistic per tracked user; an approved vacation has no target."""
    simulator.seed_history(TODAY, weeks=3)
    assert await async_setup(hass, config_entry)

    assert total(await rows(hass, BEN_WORKED)) == pytest.approx(
        hours_of(entries(simulator, "ben"))
    )
    # Ben's vacation: Monday to Friday of last week.
    assert total(await rows(hass, BEN_TARGET)) == 8 * (
        weekdays(BEGIN.date(), TODAY) - 5
    )
    assert total(await rows(hass, WORKED)) != total(await rows(hass, BEN_WORKED))


async def test_statistics_grow_after_a_clock_out(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The current attendance counts once it is closed, here or in the phone app."""
    simulator.seed_history(TODAY, weeks=1)
    simulator.act("anna", "attendance_timer/start", wall(8))
    assert await async_setup(hass, config_entry)
    before = await rows(hass, WORKED)
    past = hours_of(entries(simulator))
    assert total(before) == pytest.approx(past)
    # The rows stop at the hour the open attendance began.
    assert before[-1]["start"] == local(8).timestamp()

    await switch(hass, SERVICE_TURN_OFF)  # 13:00
    after = await rows(hass, WORKED)
    assert total(after) == pytest.approx(past + 5)
    assert after[-1]["start"] == local(13).timestamp()

    # Clocked in and out in the phone app: seen at the next poll.
    simulator.act("anna", "attendance_timer/start", wall(13, 10))
    await async_move_to(hass, freezer, local(13, 11))
    simulator.act("anna", "attendance_timer/stop", wall(13, 40))
    await async_move_to(hass, freezer, local(13, 41))
    later = await rows(hass, WORKED)
    assert total(later) == pytest.approx(past + 5.5)
    starts = [row["start"] for row in later]
    assert len(starts) == len(set(starts))
    # The target of today was imported at setup, and is not read again today.
    assert len(await rows(hass, TARGET)) == 91


async def test_no_duplicates_after_a_restart(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A restart imports what came since, days Home Assistant was off included."""
    simulator.seed_history(TODAY, weeks=2)
    assert await async_setup(hass, config_entry)
    first = await rows(hass, WORKED)

    # Restarted at once: the last hour is imported again, nothing twice.
    assert await hass.config_entries.async_unload(config_entry.entry_id)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    again = await rows(hass, WORKED)
    assert [(r["start"], r["sum"]) for r in again] == [
        (r["start"], r["sum"]) for r in first
    ]

    # Off for two days, in which anna worked.
    assert await hass.config_entries.async_unload(config_entry.entry_id)
    await hass.async_block_till_done()
    simulator.act("anna", "attendance_timer/start", wall(14))
    simulator.act("anna", "attendance_timer/stop", wall(18, 30))
    simulator.act("anna", "attendance_timer/start", wall(7, 45, day=TOMORROW))
    simulator.act("anna", "attendance_timer/stop", wall(16, 15, day=TOMORROW))
    freezer.move_to(local(9, day=date(2026, 6, 5)))
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()

    later = await rows(hass, WORKED)
    starts = [row["start"] for row in later]
    assert len(starts) == len(set(starts))
    assert starts[-1] == local(9, day=date(2026, 6, 5)).timestamp()
    assert total(later) == pytest.approx(hours_of(entries(simulator)))
    assert total(later) == pytest.approx(total(first) + 4.5 + 8.5)
    # The targets of the two new days, once each.
    targets = await rows(hass, TARGET)
    assert len(targets) == 93
    assert len({row["start"] for row in targets}) == 93
    assert total(targets) == 8 * weekdays(BEGIN.date(), date(2026, 6, 5))


async def test_without_work_reports_only_the_worked_hours(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """An account without work reports gets no target statistic."""
    simulator.seed_history(TODAY, weeks=1)
    simulator.work_reports_available = False
    assert await async_setup(hass, config_entry)

    assert total(await rows(hass, WORKED)) == pytest.approx(
        hours_of(entries(simulator))
    )
    assert await rows(hass, TARGET) == []


async def test_failing_attendances_import_nothing_until_they_answer(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No zeros where nothing was read: the next clock-out imports the past."""
    simulator.seed_history(TODAY, weeks=1)
    simulator.break_endpoint("attendances", status=502, html=True)
    caplog.set_level(logging.INFO, logger=LOGGER)
    assert await async_setup(hass, config_entry)

    assert await rows(hass, WORKED) == []
    assert len(await rows(hass, TARGET)) == 91
    assert (
        "TimeTrack's attendances cannot be read (a server error, HTTP 502); the "
        "timers work on, the calendar shows only the current attendance, and no "
        "worked time is imported into the statistics meanwhile"
    ) in caplog.text
    assert config_entry.runtime_data.timers.last_update_success

    simulator.repair_endpoint("attendances")
    await switch(hass, SERVICE_TURN_ON)
    await async_poll(hass, freezer)
    await switch(hass, SERVICE_TURN_OFF)

    hourly = await rows(hass, WORKED)
    assert total(hourly) == pytest.approx(hours_of(entries(simulator)))
    assert hourly[0]["start"] == BEGIN.timestamp()


async def test_nothing_is_imported_without_the_recorder(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Without Home Assistant's recorder the integration loads and reads no list."""
    simulator.seed_history(TODAY, weeks=1)
    assert await async_setup(hass, config_entry)

    assert config_entry.runtime_data.statistics is None
    assert simulator.requests_to("attendances") == []


def test_hours_are_spread_evenly_less_the_break() -> None:
    """An entry's worked time, its span less its break, over the hours it spans."""
    begin = datetime(2026, 6, 3, 6, tzinfo=UTC)  # 08:00 in Vienna
    entry = AttendanceTimer(
        "anna", started_at=local(8, 30), ended_at=local(10, 30), break_minutes=30
    )
    assert worked_hours([entry], begin, begin + timedelta(hours=3)) == [
        pytest.approx(0.375),
        pytest.approx(0.75),
        pytest.approx(0.375),
    ]
    # Open, zero-length and out-of-range entries count nothing.
    odd = [
        AttendanceTimer("anna", started_at=local(9)),
        AttendanceTimer("anna", started_at=local(9), ended_at=local(9)),
        AttendanceTimer("anna", started_at=local(5), ended_at=local(6)),
    ]
    assert worked_hours(odd, begin, begin + timedelta(hours=1)) == [0.0]

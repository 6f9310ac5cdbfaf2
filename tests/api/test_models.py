"""The project timer: strict in meaning, lenient in form; the live durations."""

from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from custom_components.timetrack.api import (
    AttendanceTimer,
    ProjectTimer,
    TimerState,
    TimeTrackUnrecognizedError,
)

from .bodies import T0, VIENNA


def timer(**fields: Any) -> ProjectTimer:
    data = {"username": "anna", "startedAt": "2024-05-06T09:00:00.000Z", **fields}
    return ProjectTimer.from_api(data, VIENNA)


def refused(**fields: Any) -> str:
    """The message of the TimeTrackUnrecognizedError that reading raises."""
    with pytest.raises(TimeTrackUnrecognizedError) as err:
        timer(**fields)
    return str(err.value)


# ------------------------------------------------------------ project timer


def test_project_timer_full_object() -> None:
    result = ProjectTimer.from_api(
        {
            "username": "anna",
            "startedAt": "2024-05-06T09:00:00.000Z",
            "workedSeconds": 600,
            "breakSeconds": 60,
            "playing": True,
            "stopped": False,
            "paused": False,
            "clientName": "ACME",
            "projectName": "Website",
            "taskName": "Design",
            "note": "hello",
            "somethingNew": {"ignored": True},
        },
        VIENNA,
    )
    assert result == ProjectTimer(
        username="anna",
        state=TimerState.RUNNING,
        started_at=T0,
        worked_seconds=600,
        break_seconds=60,
        client_name="ACME",
        project_name="Website",
        task_name="Design",
        note="hello",
    )
    assert result.started_at is not None
    assert result.started_at.tzinfo is VIENNA
    assert result.state is TimerState.RUNNING
    with pytest.raises(FrozenInstanceError):
        result.note = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("flags", "state"),
    [
        ({"playing": True}, TimerState.RUNNING),
        ({"paused": True}, TimerState.PAUSED),
        ({"playing": True, "paused": True}, TimerState.PAUSED),
        ({"stopped": True}, TimerState.STOPPED),
        ({"stopped": True, "playing": False, "paused": "0"}, TimerState.STOPPED),
        ({"playing": "true"}, TimerState.RUNNING),
        ({"playing": "1"}, TimerState.RUNNING),
        ({"playing": 1}, TimerState.RUNNING),
        ({"playing": 1.0}, TimerState.RUNNING),
        ({"playing": "TRUE ", "paused": "0"}, TimerState.RUNNING),
        ({"playing": "false", "paused": "yes"}, TimerState.PAUSED),
        ({"playing": None, "stopped": "no", "paused": True}, TimerState.PAUSED),
    ],
)
def test_project_timer_state_from_flags(
    flags: dict[str, Any], state: TimerState
) -> None:
    assert timer(**flags).state is state


@pytest.mark.parametrize(
    ("flags", "field"),
    [
        ({}, "playing/paused/stopped"),
        ({"playing": None}, "playing/paused/stopped"),
        ({"playing": False, "paused": False, "stopped": False}, "playing/paused"),
        ({"playing": False}, "playing/paused/stopped"),
        ({"playing": "maybe"}, "playing"),
        ({"paused": 2}, "paused"),
        ({"stopped": [True]}, "stopped"),
        ({"stopped": True, "playing": True}, "playing/paused/stopped"),
        ({"stopped": "1", "paused": 1}, "playing/paused/stopped"),
    ],
)
def test_project_timer_without_a_readable_state_is_refused(
    flags: dict[str, Any], field: str
) -> None:
    """Used to read as "stopped": a guess shown as a fact. No flag at all, an
    unreadable flag, every flag false beside a start time, or stopped beside
    playing or paused (which used to read as stopped) is refused."""
    assert field in refused(**flags)


def test_all_flags_false_without_start_is_stopped() -> None:
    assert ProjectTimer.from_api(
        {"playing": False, "paused": False, "stopped": False, "startedAt": None},
        VIENNA,
        username="anna",
    ) == ProjectTimer.idle("anna")


def test_project_timer_running_without_start_is_refused() -> None:
    """Used to read as stopped; running or paused needs a start time."""
    assert "startedAt" in refused(startedAt=None, playing=True)
    assert "startedAt" in refused(startedAt="", paused=True)
    assert "startedAt" in refused(startedAt="garbage", playing=True)
    assert "startedAt" in refused(startedAt="garbage", stopped=True)
    assert "startedAt" in refused(startedAt=1714986000, stopped=True)
    stopped = ProjectTimer.from_api({"stopped": True, "startedAt": None}, VIENNA)
    assert stopped.started_at is None


def test_project_timer_numbers_as_strings_and_nulls() -> None:
    result = timer(
        playing=True, workedSeconds="120", breakSeconds=" 30 ", note="", taskName=None
    )
    assert (result.worked_seconds, result.break_seconds) == (120, 30)
    assert result.note is None
    assert result.task_name is None
    assert timer(playing=True, workedSeconds="12.9").worked_seconds == 12
    assert timer(playing=True, workedSeconds=12.9).worked_seconds == 12
    assert timer(playing=True, workedSeconds=None).worked_seconds == 0
    assert timer(playing=True, workedSeconds="").worked_seconds == 0


@pytest.mark.parametrize(
    "value",
    ["abc", True, float("nan"), [1], "1e999", 10**400, {"s": 1}, -120, "1,234"],
)
def test_project_timer_unreadable_durations_are_refused(value: object) -> None:
    """Used to read as 0 (a negative one, or "1,234" as 1): a present field
    that means no duration is refused."""
    assert "workedSeconds" in refused(playing=True, workedSeconds=value)
    assert "breakSeconds" in refused(paused=True, breakSeconds=value)


def test_project_timer_username_fallbacks() -> None:
    stopped = {"stopped": True}
    assert ProjectTimer.from_api(stopped, VIENNA, username="ben").username == "ben"
    assert ProjectTimer.from_api(stopped, VIENNA).username == ""
    assert ProjectTimer.from_api(stopped | {"user": "clara"}, VIENNA).username == (
        "clara"
    )
    nested = stopped | {"user": {"username": "david"}}
    assert ProjectTimer.from_api(nested, VIENNA, username="x").username == "david"
    other = ProjectTimer.from_api(stopped | {"task": "T", "notes": "N"}, VIENNA)
    assert (other.task_name, other.note) == ("T", "N")


def test_project_timer_idle() -> None:
    idle = ProjectTimer.idle("anna")
    assert idle == ProjectTimer(username="anna")
    assert idle.state is TimerState.STOPPED
    assert idle.started_at is None
    assert (idle.worked_seconds, idle.break_seconds) == (0, 0)
    assert (idle.client_name, idle.project_name, idle.task_name, idle.note) == (
        None,
        None,
        None,
        None,
    )
    now = T0 + timedelta(hours=1)
    assert idle.worked_seconds_at(now) == 0
    assert idle.break_seconds_at(now) == 0
    assert ProjectTimer.from_api({"stopped": True}, VIENNA, username="anna") == idle


@pytest.mark.parametrize(
    ("data", "complete"),
    [
        (
            {
                "startedAt": None,
                "workedSeconds": 0,
                "breakSeconds": 0,
                "clientName": None,
                "projectName": None,
                "stopped": True,
            },
            True,
        ),
        ({"username": "anna", "startedAt": "x", "playing": True}, False),
        (
            {
                "startedAt": None,
                "workedSeconds": 0,
                "breakSeconds": 0,
                "clientName": None,
                "projectName": None,
            },
            False,
        ),
        ({}, False),
    ],
)
def test_project_timer_is_complete(data: dict[str, Any], complete: bool) -> None:
    assert ProjectTimer.is_complete(data) is complete


def test_worked_seconds_at_running() -> None:
    running = timer(playing=True, workedSeconds=100, breakSeconds=300)
    now = T0 + timedelta(hours=1, microseconds=900_000)
    assert running.worked_seconds_at(now) == 3600 - 300
    # Never less than the saved value, never negative.
    assert running.worked_seconds_at(T0) == 100
    assert timer(playing=True).worked_seconds_at(T0 - timedelta(hours=1)) == 0
    # Any aware "now" works, whatever its zone.
    assert running.worked_seconds_at(now.astimezone(UTC)) == 3300
    assert running.break_seconds_at(now) == 300


def test_break_seconds_at_paused() -> None:
    paused = timer(paused=True, workedSeconds=1200, breakSeconds=10)
    now = T0 + timedelta(hours=1)
    assert paused.break_seconds_at(now) == 3600 - 1200
    assert paused.break_seconds_at(T0) == 10
    assert paused.worked_seconds_at(now) == 1200


def test_stopped_timer_reports_saved_values() -> None:
    stopped = timer(stopped=True, workedSeconds=7200, breakSeconds=600)
    later = T0 + timedelta(days=1)
    assert stopped.worked_seconds_at(later) == 7200
    assert stopped.break_seconds_at(later) == 600
    assert stopped.started_at == T0  # the last timer's data is kept


def test_live_helpers_reject_naive_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        timer(playing=True).worked_seconds_at(datetime(2024, 5, 6, 10, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        timer(paused=True).break_seconds_at(datetime(2024, 5, 6, 10, 0))


def test_worked_seconds_at_across_dst() -> None:
    # Started 01:30 CET on the spring-forward night; one real hour later it is
    # 03:30 CEST on the wall clock, and one hour has been worked.
    running = ProjectTimer.from_api(
        {"startedAt": "2024-03-31T01:30:00.000Z", "playing": True}, VIENNA
    )
    assert running.worked_seconds_at(datetime(2024, 3, 31, 3, 30, tzinfo=VIENNA)) == (
        3600
    )


def test_durations_count_real_time_across_fall_back() -> None:
    # Started 01:30 CEST on the fall-back night; at 02:30 CET (second pass)
    # two real hours have passed (the wall clock shows one).
    running = ProjectTimer.from_api(
        {"startedAt": "2024-10-27T01:30:00.000Z", "playing": True}, VIENNA
    )
    now = datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=VIENNA)
    assert running.worked_seconds_at(now) == 2 * 3600
    entry = AttendanceTimer.from_api({"from": "2024-10-27T01:30:00.000Z"}, VIENNA)
    assert entry.worked_seconds_at(now) == 2 * 3600


def test_odd_text_values_read_as_missing() -> None:
    """Text fields take text or whole numbers; a float note was "1.5", now None."""
    assert timer(stopped=True, note=1.5).note is None
    assert timer(stopped=True, clientName=float("inf")).client_name is None
    assert timer(stopped=True, projectName=42).project_name == "42"
    assert timer(stopped=True, taskName="  ").task_name is None

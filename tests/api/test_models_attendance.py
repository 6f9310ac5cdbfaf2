"""The attendance timer, and properties of both timers over any object."""

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.timetrack.api import (
    AttendanceTimer,
    ProjectTimer,
    TimerState,
    TimeTrackUnrecognizedError,
)

from .bodies import VIENNA

# ---------------------------------------------------------- attendance timer


def test_attendance_full_object() -> None:
    result = AttendanceTimer.from_api(
        {
            "id": "17",
            "user": "anna",
            "latitudeStart": "48.2",
            "longitudeStart": 16.37,
            "latitudeEnd": None,
            "longitudeEnd": "n/a",
            "from": "2024-05-06T08:00:00.000Z",
            "to": None,
            "workedMinutes": "0",
            "breakMinutes": 15,
            "manual": "false",
            "notes": "office",
        },
        VIENNA,
    )
    assert result == AttendanceTimer(
        username="anna",
        id=17,
        started_at=datetime(2024, 5, 6, 8, 0, tzinfo=VIENNA),
        ended_at=None,
        worked_minutes=0,
        break_minutes=15,
        manual=False,
        notes="office",
        latitude_start=48.2,
        longitude_start=16.37,
        latitude_end=None,
        longitude_end=None,
    )
    assert result.clocked_in
    now = datetime(2024, 5, 6, 10, 0, tzinfo=VIENNA)
    assert result.worked_seconds_at(now) == 2 * 3600 - 15 * 60


def test_attendance_clocked_out_shapes() -> None:
    ended = AttendanceTimer.from_api(
        {
            "ID": 3,
            "user": "anna",
            "from": "2024-05-06T08:00:00Z",
            "to": "2024-05-06T12:00:00Z",
            "workedMinutes": 230,
            "breakMinutes": "10",
            "manual": 1,
        },
        VIENNA,
    )
    assert not ended.clocked_in
    assert ended.id == 3
    assert ended.manual
    now = datetime(2024, 5, 7, tzinfo=VIENNA)
    assert ended.worked_seconds_at(now) == 230 * 60
    unsaved = AttendanceTimer.from_api(
        {
            "from": "2024-05-06T08:00:00Z",
            "to": "2024-05-06T12:00:00Z",
            "breakMinutes": 30,
        },
        VIENNA,
        username="ben",
    )
    assert unsaved.username == "ben"
    assert unsaved.worked_seconds_at(now) == 210 * 60
    empty = AttendanceTimer.from_api({}, VIENNA, username="ben")
    assert empty == AttendanceTimer.clocked_out("ben")
    assert not empty.clocked_in
    assert empty.worked_seconds_at(now) == 0
    with pytest.raises(ValueError, match="timezone-aware"):
        empty.worked_seconds_at(datetime(2024, 5, 7))


def test_attendance_clocked_in_never_negative() -> None:
    entry = AttendanceTimer.from_api({"from": "2024-05-06T08:00:00Z"}, VIENNA)
    assert entry.worked_seconds_at(datetime(2024, 5, 6, 7, 0, tzinfo=VIENNA)) == 0


def test_attendance_refuses_what_it_cannot_read() -> None:
    """An end without a start, an unreadable time or id: refused, not guessed."""
    for data in (
        {"to": "2024-05-06T12:00:00Z"},
        {"from": "8 o'clock"},
        {"from": "2024-05-06T08:00:00Z", "to": 5},
        {"from": "2024-05-06T08:00:00Z", "id": "seventeen"},
        {"from": "2024-05-06T08:00:00Z", "manual": "perhaps"},
        {"from": "2024-05-06T08:00:00Z", "workedMinutes": "an hour"},
    ):
        with pytest.raises(TimeTrackUnrecognizedError):
            AttendanceTimer.from_api(data, VIENNA)


def test_attendance_is_complete() -> None:
    assert AttendanceTimer.is_complete({"from": None, "to": None})
    assert AttendanceTimer.is_complete({"id": 1, "user": "a", "from": "x", "to": None})
    assert not AttendanceTimer.is_complete({"id": 1, "from": "x"})


# ------------------------------------------------------------- properties

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(
        ["true", "false", "1", "0", "2024-05-06T09:00:00.000Z", "2024-05-06", "12"]
    )
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
TIMER_KEYS = [
    "username", "user", "startedAt", "workedSeconds", "breakSeconds", "playing",
    "paused", "stopped", "clientName", "projectName", "taskName", "task", "note",
    "notes", "id", "ID", "from", "to", "workedMinutes", "breakMinutes", "manual",
    "latitudeStart", "longitudeStart", "latitudeEnd", "longitudeEnd",
]  # fmt: skip
objects = st.dictionaries(
    st.sampled_from(TIMER_KEYS) | st.text(max_size=10), json_values, max_size=12
)


@settings(max_examples=300, deadline=None)
@given(data=objects)
def test_property_timers_read_or_refuse_any_object(data: dict[str, Any]) -> None:
    """Any object is read, or refused with TimeTrackUnrecognizedError (the old
    test said "never raises": a guess for what cannot be read is no longer made).
    """
    now = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
    try:
        project_timer = ProjectTimer.from_api(data, VIENNA, username="anna")
    except TimeTrackUnrecognizedError:
        pass
    else:
        assert isinstance(project_timer.state, TimerState)
        assert project_timer.worked_seconds_at(now) >= 0
        assert project_timer.break_seconds_at(now) >= 0
        started = project_timer.started_at
        assert started is None or started.tzinfo is VIENNA
        if started is None:
            assert project_timer.state is TimerState.STOPPED
    try:
        attendance = AttendanceTimer.from_api(data, VIENNA, username="anna")
    except TimeTrackUnrecognizedError:
        return
    assert attendance.worked_seconds_at(now) >= 0
    assert isinstance(attendance.clocked_in, bool)
    for value in (
        attendance.latitude_start,
        attendance.longitude_start,
        attendance.latitude_end,
        attendance.longitude_end,
    ):
        assert value is None or isinstance(value, float)


@settings(max_examples=200, deadline=None)
@given(
    worked=st.integers(min_value=0, max_value=10**7),
    pause=st.integers(min_value=0, max_value=10**7),
    as_text=st.booleans(),
    flag=st.sampled_from([True, "true", "1", 1, "True"]),
)
def test_property_numbers_and_flags_as_text(
    worked: int, pause: int, as_text: bool, flag: object
) -> None:
    data = {
        "startedAt": "2024-05-06T09:00:00.000Z",
        "workedSeconds": str(worked) if as_text else worked,
        "breakSeconds": str(pause) if as_text else pause,
        "playing": flag,
    }
    result = ProjectTimer.from_api(data, VIENNA)
    assert (result.worked_seconds, result.break_seconds) == (worked, pause)
    assert result.state is TimerState.RUNNING


@settings(max_examples=200, deadline=None)
@given(
    started=st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2030, 1, 1),
    ),
    elapsed=st.integers(min_value=0, max_value=10**6),
    worked=st.integers(min_value=0, max_value=10**6),
    pause=st.integers(min_value=0, max_value=10**6),
)
def test_property_live_durations(
    started: datetime, elapsed: int, worked: int, pause: int
) -> None:
    text = started.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    base = {"startedAt": text, "workedSeconds": worked, "breakSeconds": pause}
    running = ProjectTimer.from_api({**base, "playing": True}, UTC)
    paused = ProjectTimer.from_api({**base, "paused": True}, UTC)
    now = started.replace(tzinfo=UTC) + timedelta(seconds=elapsed)
    assert running.worked_seconds_at(now) == max(worked, elapsed - pause, 0)
    assert paused.break_seconds_at(now) == max(pause, elapsed - worked, 0)
    assert running.worked_seconds_at(now) >= running.worked_seconds

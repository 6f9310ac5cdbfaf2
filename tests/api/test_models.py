"""Liberal parsing of the API's objects, and the live duration helpers."""

from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.timetrack.api import (
    AttendanceTimer,
    Client,
    Project,
    ProjectTimer,
    Task,
    TimerState,
    User,
    WorkReportDay,
)

VIENNA = ZoneInfo("Europe/Vienna")
START = datetime(2024, 5, 6, 9, 0, tzinfo=VIENNA)


def timer(**fields: Any) -> ProjectTimer:
    data = {"username": "anna", "startedAt": "2024-05-06T09:00:00.000Z", **fields}
    return ProjectTimer.from_api(data, VIENNA)


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
        started_at=START,
        worked_seconds=600,
        break_seconds=60,
        client_name="ACME",
        project_name="Website",
        task_name="Design",
        note="hello",
    )
    assert result.started_at is not None
    assert result.started_at.tzinfo is VIENNA
    assert result.running
    assert not result.paused
    with pytest.raises(FrozenInstanceError):
        result.note = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("flags", "state"),
    [
        ({"playing": True}, TimerState.RUNNING),
        ({"paused": True}, TimerState.PAUSED),
        ({"playing": True, "paused": True}, TimerState.PAUSED),
        ({"stopped": True}, TimerState.STOPPED),
        ({"stopped": True, "playing": True}, TimerState.STOPPED),
        ({"stopped": True, "paused": True}, TimerState.STOPPED),
        ({}, TimerState.STOPPED),
        ({"playing": False, "paused": False, "stopped": False}, TimerState.STOPPED),
        ({"playing": "true"}, TimerState.RUNNING),
        ({"playing": "1"}, TimerState.RUNNING),
        ({"playing": 1}, TimerState.RUNNING),
        ({"playing": "TRUE ", "paused": "0"}, TimerState.RUNNING),
        ({"playing": "false", "paused": "yes"}, TimerState.PAUSED),
        ({"playing": "maybe"}, TimerState.STOPPED),
        ({"playing": None}, TimerState.STOPPED),
    ],
)
def test_project_timer_state_from_flags(
    flags: dict[str, Any], state: TimerState
) -> None:
    assert timer(**flags).state is state


def test_project_timer_without_start_is_stopped() -> None:
    assert timer(startedAt=None, playing=True).state is TimerState.STOPPED
    assert timer(startedAt="", playing=True).state is TimerState.STOPPED
    assert timer(startedAt="garbage", playing=True).state is TimerState.STOPPED
    assert timer(startedAt="garbage").started_at is None


def test_project_timer_numbers_as_strings_and_nulls() -> None:
    result = timer(workedSeconds="120", breakSeconds=" 30 ", note="", taskName=None)
    assert (result.worked_seconds, result.break_seconds) == (120, 30)
    assert result.note is None
    assert result.task_name is None
    assert timer(workedSeconds="12.9").worked_seconds == 12
    assert timer(workedSeconds=12.9).worked_seconds == 12
    assert timer(workedSeconds="abc").worked_seconds == 0
    assert timer(workedSeconds=-5).worked_seconds == 0
    assert timer(workedSeconds=True).worked_seconds == 0
    assert timer(workedSeconds=float("nan")).worked_seconds == 0
    assert timer(workedSeconds=[1]).worked_seconds == 0


def test_project_timer_username_fallbacks() -> None:
    assert ProjectTimer.from_api({}, VIENNA, username="ben").username == "ben"
    assert ProjectTimer.from_api({}, VIENNA).username == ""
    assert ProjectTimer.from_api({"user": "clara"}, VIENNA).username == "clara"
    nested = {"user": {"username": "david"}}
    assert ProjectTimer.from_api(nested, VIENNA, username="x").username == "david"
    assert ProjectTimer.from_api({"task": "T", "notes": "N"}, VIENNA).task_name == "T"


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
    now = START + timedelta(hours=1)
    assert idle.worked_seconds_at(now) == 0
    assert idle.break_seconds_at(now) == 0
    assert ProjectTimer.from_api({}, VIENNA, username="anna") == idle


def test_worked_seconds_at_running() -> None:
    running = timer(playing=True, workedSeconds=100, breakSeconds=300)
    now = START + timedelta(hours=1, microseconds=900_000)
    assert running.worked_seconds_at(now) == 3600 - 300
    # Never less than the saved value, never negative.
    assert running.worked_seconds_at(START) == 100
    assert timer(playing=True).worked_seconds_at(START - timedelta(hours=1)) == 0
    # Any aware "now" works, whatever its zone.
    assert running.worked_seconds_at(now.astimezone(UTC)) == 3300
    assert running.break_seconds_at(now) == 300


def test_break_seconds_at_paused() -> None:
    paused = timer(paused=True, workedSeconds=1200, breakSeconds=10)
    now = START + timedelta(hours=1)
    assert paused.break_seconds_at(now) == 3600 - 1200
    assert paused.break_seconds_at(START) == 10
    assert paused.worked_seconds_at(now) == 1200


def test_stopped_timer_reports_saved_values() -> None:
    stopped = timer(stopped=True, workedSeconds=7200, breakSeconds=600)
    later = START + timedelta(days=1)
    assert stopped.worked_seconds_at(later) == 7200
    assert stopped.break_seconds_at(later) == 600
    assert stopped.started_at == START  # the last timer's data is kept


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


# ------------------------------------------------------------- other models


def test_user() -> None:
    user = User.from_api(
        {
            "ID": 1,
            "username": "anna",
            "firstName": "Anna",
            "lastName": "Berger",
            "email": "anna@example.com",
            "admin": "true",
            "teamLead": 0,
            "language": "de",
            "personalNumber": 1001,
        },
        VIENNA,
    )
    assert user == User(
        username="anna",
        first_name="Anna",
        last_name="Berger",
        email="anna@example.com",
        admin=True,
        team_lead=False,
        language="de",
        personal_number="1001",
    )
    assert user.full_name == "Anna Berger"
    assert User.from_api({"username": "x", "firstName": " Solo "}).full_name == "Solo"
    assert User.from_api({"username": "x", "lastName": "Only"}).full_name == "Only"
    assert User.from_api({"username": "x", "firstName": ""}).full_name == "x"
    assert User.from_api({}).username == ""


def test_client() -> None:
    client = Client.from_api(
        {"ID": "4", "name": "ACME", "enabled": "0", "color": "#fff", "notes": None}
    )
    assert client == Client(id=4, name="ACME", enabled=False, color="#fff", notes=None)
    assert Client.from_api({}) == Client(id=None, name="", enabled=True)
    assert Client.from_api({"id": 5, "clientName": "X"}).id == 5


def test_project() -> None:
    project = Project.from_api(
        {
            "ID": 9,
            "projectName": "Website",
            "clientName": "ACME",
            "projectEnabled": "false",
            "notes": "n",
            "hourRate": "85.5",
            "timeEstimated": 120,
            "budgetEstimated": "1,5",
        },
        VIENNA,
    )
    assert project == Project(
        id=9,
        name="Website",
        client_name="ACME",
        enabled=False,
        notes="n",
        hour_rate=85.5,
        time_estimated=120.0,
        budget_estimated=1.5,
    )
    bare = Project.from_api({"name": "P", "enabled": True, "hourRate": "inf"})
    assert bare == Project(id=None, name="P", client_name="", enabled=True)


def test_task() -> None:
    assert Task.from_api({"ID": 2, "name": "Design", "hourRate": 10}) == Task(
        id=2, name="Design", hour_rate=10.0
    )
    assert Task.from_api({"id": "x", "taskName": "T", "hourRate": {}}) == Task(
        id=None, name="T", hour_rate=None
    )


def test_work_report_day() -> None:
    row = WorkReportDay.from_api(
        {
            "username": "anna",
            "workDate": "2024-05-06",
            "workStart": "2024-05-06T08:00:00.000Z",
            "workEnd": "17:30",
            "targetSeconds": "28800",
            "workedSeconds": 30000,
            "breakSeconds": 1800,
            "workTargetDifference": "-1200",
            "holiday": "false",
        },
        VIENNA,
    )
    assert row == WorkReportDay(
        work_date=date(2024, 5, 6),
        work_start=datetime(2024, 5, 6, 8, 0, tzinfo=VIENNA),
        work_end=datetime(2024, 5, 6, 17, 30, tzinfo=VIENNA),
        target_seconds=28800,
        worked_seconds=30000,
        break_seconds=1800,
        work_target_difference=-1200,
        holiday=False,
    )
    sparse = WorkReportDay.from_api(
        {"date": "2024-05-06T00:00:00Z", "workStart": "late", "holiday": True}, VIENNA
    )
    assert sparse == WorkReportDay(work_date=date(2024, 5, 6), holiday=True)
    with pytest.raises(ValueError, match="workDate"):
        WorkReportDay.from_api({"workedSeconds": 3}, VIENNA)
    with pytest.raises(ValueError, match="invalid"):
        WorkReportDay.from_api({"workDate": "yesterday"}, VIENNA)


# ------------------------------------------------------------- properties

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**12), max_value=10**12)
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
KNOWN_KEYS = [
    "username", "user", "startedAt", "workedSeconds", "breakSeconds", "playing",
    "paused", "stopped", "clientName", "projectName", "taskName", "task", "note",
    "notes", "id", "ID", "from", "to", "workedMinutes", "breakMinutes", "manual",
    "latitudeStart", "longitudeStart", "latitudeEnd", "longitudeEnd", "firstName",
    "lastName", "email", "admin", "teamLead", "language", "personalNumber", "name",
    "enabled", "color", "projectEnabled", "hourRate", "timeEstimated",
    "budgetEstimated", "workStart", "workEnd", "targetSeconds",
    "workTargetDifference", "holiday",
]  # fmt: skip
objects = st.dictionaries(
    st.sampled_from(KNOWN_KEYS) | st.text(max_size=10), json_values, max_size=12
)


@settings(max_examples=300, deadline=None)
@given(data=objects)
def test_property_models_never_raise_on_any_object(data: dict[str, Any]) -> None:
    now = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
    project_timer = ProjectTimer.from_api(data, VIENNA, username="anna")
    assert isinstance(project_timer.state, TimerState)
    assert project_timer.worked_seconds_at(now) >= 0
    assert project_timer.break_seconds_at(now) >= 0
    assert project_timer.started_at is None or project_timer.started_at.tzinfo is VIENNA
    if project_timer.started_at is None:
        assert project_timer.state is TimerState.STOPPED
    attendance = AttendanceTimer.from_api(data, VIENNA, username="anna")
    assert attendance.worked_seconds_at(now) >= 0
    assert isinstance(attendance.clocked_in, bool)
    for value in (
        attendance.latitude_start,
        attendance.longitude_start,
        attendance.latitude_end,
        attendance.longitude_end,
    ):
        assert value is None or isinstance(value, float)
    assert isinstance(User.from_api(data).full_name, str)
    assert isinstance(Client.from_api(data).enabled, bool)
    project = Project.from_api(data)
    assert isinstance(project.client_name, str)
    assert Task.from_api(data).id is None or isinstance(Task.from_api(data).id, int)


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


def test_odd_values_are_treated_as_missing() -> None:
    huge = 10**400
    user = User.from_api({"username": "x", "firstName": True, "personalNumber": huge})
    assert user.first_name is None
    assert user.personal_number == str(huge)
    project = Project.from_api(
        {"hourRate": True, "timeEstimated": huge, "budgetEstimated": "1e999"}
    )
    assert (project.hour_rate, project.time_estimated, project.budget_estimated) == (
        None,
        None,
        None,
    )
    assert timer(workedSeconds=huge).worked_seconds == huge
    assert timer(workedSeconds="1e999").worked_seconds == 0
    assert timer(note=1.5, clientName=float("inf")).note == "1.5"
    assert timer(clientName=float("inf")).client_name is None

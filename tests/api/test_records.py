"""List rows: users, clients, projects, tasks, work reports, entries, absences."""

from datetime import date, datetime
from typing import Any

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.timetrack.api import (
    Absence,
    Client,
    Project,
    ProjectTimeEntry,
    Task,
    TimeTrackUnrecognizedError,
    User,
    WorkReportDay,
)

from .bodies import VIENNA

USER_ROW = {
    "ID": 1,
    "username": "anna",
    "firstName": "Anna",
    "lastName": "Berger",
    "email": "anna@example.com",
    "admin": "true",
    "personalNumber": 1001,
}


def test_user() -> None:
    """Only what the integration uses is kept (email, admin, ... are gone)."""
    user = User.from_api(USER_ROW)
    assert user == User(username="anna", first_name="Anna", last_name="Berger")
    assert user.full_name == "Anna Berger"
    assert User.from_api({"username": "x", "firstName": " Solo "}).full_name == "Solo"
    assert User.from_api({"username": "x", "lastName": "Only"}).full_name == "Only"
    assert User.from_api({"username": "x", "firstName": ""}).full_name == "x"
    assert User.from_api({"username": "x", "firstName": True}).first_name is None
    assert User.from_api({"userName": "y"}).username == "y"
    assert User.from_api({"username": 7}).username == "7"


@pytest.mark.parametrize("data", [{}, {"username": ""}, {"firstName": "Anna"}])
def test_user_without_username_is_refused(data: dict[str, Any]) -> None:
    """Used to read as a user named "": a row of other things is not a user."""
    with pytest.raises(TimeTrackUnrecognizedError, match="username"):
        User.from_api(data)


def test_client() -> None:
    """Colour and notes are gone; a row without a name is refused (was "")."""
    client = Client.from_api(
        {"ID": "4", "name": "ACME", "enabled": "0", "color": "#fff", "notes": None}
    )
    assert client == Client(id=4, name="ACME", enabled=False)
    assert Client.from_api({"id": 5, "clientName": "X"}) == Client(5, "X", True)
    assert Client.from_api({"Id": "x", "name": "Y"}).id is None
    with pytest.raises(TimeTrackUnrecognizedError, match="name"):
        Client.from_api({})
    with pytest.raises(TimeTrackUnrecognizedError, match="enabled"):
        Client.from_api({"name": "ACME", "enabled": "sometimes"})


PROJECT_ROW = {
    "ID": 9,
    "projectName": "Website",
    "clientName": "ACME",
    "projectEnabled": "false",
    "notes": "n",
    "hourRate": "85.5",
    "timeEstimated": 120,
    "budgetEstimated": "1,5",
}


def test_project() -> None:
    project = Project.from_api(PROJECT_ROW)
    assert project == Project(id=9, name="Website", client_name="ACME", enabled=False)
    bare = Project.from_api({"name": "P", "enabled": True, "hourRate": "inf"})
    assert bare == Project(id=None, name="P", client_name="", enabled=True)
    with pytest.raises(TimeTrackUnrecognizedError, match="projectName"):
        Project.from_api({"clientName": "ACME"})


def test_task() -> None:
    assert Task.from_api({"ID": 2, "name": "Design", "hourRate": 10}) == Task(
        id=2, name="Design"
    )
    assert Task.from_api({"id": "x", "taskName": "T", "hourRate": {}}) == Task(
        id=None, name="T"
    )
    assert Task.from_api({"id": 10**400, "name": "T"}).id is None
    with pytest.raises(TimeTrackUnrecognizedError, match="name"):
        Task.from_api({"ID": 3})


WORK_REPORT_ROW = {
    "username": "anna",
    "workDate": "2024-05-06",
    "workStart": "2024-05-06T08:00:00.000Z",
    "workEnd": "17:30",
    "targetSeconds": "28800",
    "workedSeconds": 30000,
    "breakSeconds": 1800,
    "workTargetDifference": "-1200",
    "holiday": "false",
}


def test_work_report_day() -> None:
    row = WorkReportDay.from_api(WORK_REPORT_ROW, VIENNA)
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
        {"date": "2024-05-06T00:00:00Z", "workStart": None, "holiday": True}, VIENNA
    )
    assert sparse == WorkReportDay(work_date=date(2024, 5, 6), holiday=True)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"workedSeconds": 3}, "workDate"),
        ({"workDate": "yesterday"}, "workDate"),
        ({"workDate": 20240506}, "workDate"),
        ({"workDate": "2024-05-06", "workStart": "late"}, "workStart"),
        ({"workDate": "2024-05-06", "workEnd": "25:00"}, "workEnd"),
        ({"workDate": "2024-05-06", "targetSeconds": "a day"}, "targetSeconds"),
        ({"workDate": "2024-05-06", "workTargetDifference": "+-"}, "Difference"),
        ({"workDate": "2024-05-06", "holiday": "public"}, "holiday"),
    ],
)
def test_unreadable_work_report_rows_are_refused(
    data: dict[str, Any], field: str
) -> None:
    """Used to be skipped, or the field read as missing ("late" start)."""
    with pytest.raises(TimeTrackUnrecognizedError, match=field):
        WorkReportDay.from_api(data, VIENNA)


ENTRY_ROW = {
    "id": 11,
    "user": "anna",
    "clientName": "ACME",
    "projectName": "Website",
    "task": "Design",
    "from": "2024-05-24T09:00:00.000Z",
    "to": "2024-05-24T10:30:00.000Z",
    "workedMinutes": "90",
    "breakMinutes": None,
    "hourRate": 80,
    "billable": True,
    "details": "landing page",
    "tags": [],
}


def test_project_time_entry() -> None:
    entry = ProjectTimeEntry.from_api(ENTRY_ROW, VIENNA)
    assert entry == ProjectTimeEntry(
        id=11,
        username="anna",
        client_name="ACME",
        project_name="Website",
        task_name="Design",
        started_at=datetime(2024, 5, 24, 9, 0, tzinfo=VIENNA),
        ended_at=datetime(2024, 5, 24, 10, 30, tzinfo=VIENNA),
        worked_minutes=90,
        break_minutes=0,
        note="landing page",
    )
    running = ProjectTimeEntry.from_api(
        {"ID": "12", "from": "2024-05-24T09:00:00Z", "taskName": "T", "note": "n"},
        VIENNA,
    )
    assert (running.id, running.ended_at, running.task_name, running.note) == (
        12,
        None,
        "T",
        "n",
    )
    for data in ({"ID": 1}, {"from": "soon"}, {"from": "2024-05-24", "to": 3}):
        with pytest.raises(TimeTrackUnrecognizedError):
            ProjectTimeEntry.from_api(data, VIENNA)


ABSENCE_ROW = {
    "id": 3,
    "from": "2024-05-06",
    "to": "2024-05-08",
    "absenceType": 1,
    "absenceTypeName": "Vacation",
    "status": "1",
    "user": "ben",
    "user_id": 2,
    "day_segment": "full",
}


def test_absence() -> None:
    absence = Absence.from_api(ABSENCE_ROW, VIENNA)
    assert absence == Absence(
        id=3,
        username="ben",
        start=date(2024, 5, 6),
        end=date(2024, 5, 8),
        type_name="Vacation",
        status=1,
    )
    one_day = Absence.from_api(
        {"ID": 4, "from": "2024-05-06T00:00:00Z", "absenceType": "Sick"}, VIENNA
    )
    assert (one_day.start, one_day.end) == (date(2024, 5, 6), date(2024, 5, 6))
    assert (one_day.type_name, one_day.status, one_day.username) == ("Sick", None, None)
    backwards = Absence.from_api({"from": "2024-05-06", "to": "2024-05-01"}, VIENNA)
    assert backwards.end == backwards.start
    for data in (
        {"to": "2024-05-06"},
        {"from": "May"},
        {"from": "2024-05-06", "to": 1},
    ):
        with pytest.raises(TimeTrackUnrecognizedError):
            Absence.from_api(data, VIENNA)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["2024-05-06", "2024-05-06T09:00:00.000Z", "08:15", "1"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)

ROW_KEYS = [
    "ID", "id", "username", "userName", "user", "firstName", "lastName", "name",
    "clientName", "enabled", "projectName", "projectEnabled", "taskName", "task",
    "workDate", "date", "workStart", "workEnd", "targetSeconds", "workedSeconds",
    "breakSeconds", "workTargetDifference", "holiday", "from", "to",
    "workedMinutes", "breakMinutes", "details", "status", "absenceTypeName",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(data=st.dictionaries(st.sampled_from(ROW_KEYS), json_values, max_size=10))
def test_property_rows_read_or_refuse_any_object(data: dict[str, Any]) -> None:
    """Any object is read or refused with TimeTrackUnrecognizedError, nothing else."""
    readers = (
        User.from_api,
        Client.from_api,
        Project.from_api,
        Task.from_api,
        lambda row: WorkReportDay.from_api(row, VIENNA),
        lambda row: ProjectTimeEntry.from_api(row, VIENNA),
        lambda row: Absence.from_api(row, VIENNA),
    )
    for read in readers:
        try:
            row = read(data)
        except TimeTrackUnrecognizedError:
            continue
        identifier = getattr(row, "id", None)
        assert identifier is None or isinstance(identifier, int)
        for name in ("username", "name"):
            value = getattr(row, name, "x")
            assert value is None or (isinstance(value, str) and value)

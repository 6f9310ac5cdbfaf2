"""Absences, the range filters of the entry lists, and the demo history."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from simulator import Simulator, SimulatorError
from simulator.dialect import Dialect

from .conftest import Api

TODAY = date(2026, 6, 3)  # a Wednesday
USERS = ("anna", "ben", "clara", "david")


def _ids(rows: list[dict[str, Any]]) -> list[int]:
    return [row["ID"] for row in rows]


# -- absences ----------------------------------------------------------------------


def _absences(sim: Simulator) -> None:
    sim.add_absence("anna", date(2026, 6, 1), date(2026, 6, 5))  # 1
    sim.add_absence("ben", date(2026, 6, 3), date(2026, 6, 3), "Sick leave", 2)  # 2
    sim.add_absence("anna", date(2026, 7, 1), date(2026, 7, 2), status=0)  # 3
    sim.add_absence("clara", date(2026, 5, 28), date(2026, 6, 1), status=2)  # 4


async def test_absence_rows(api: Api, sim: Simulator) -> None:
    row = sim.add_absence("anna", date(2026, 6, 1), date(2026, 6, 5))
    assert row == {
        "ID": 1,
        "user": "anna",
        "from": "2026-06-01",
        "to": "2026-06-05",
        "status": 1,
        "absenceType": 1,
        "absenceTypeName": "Vacation",
        "day_segment": "full",
    }
    sick = sim.add_absence(
        "ben", date(2026, 6, 3), date(2026, 6, 3), "Sick leave", 2, 0, day_segment="am"
    )
    assert (sick["ID"], sick["absenceType"], sick["absenceTypeName"]) == (
        2,
        2,
        "Sick leave",
    )
    assert (sick["status"], sick["day_segment"]) == (0, "am")
    assert (await api.get("absences")).body == [row, sick]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [1, 2, 3, 4]),
        ({"user": "anna"}, [1, 3]),
        ({"username": "anna"}, [1, 3]),
        ({"username": "zoe"}, []),
        ({"from": "2026-06-03", "to": "2026-06-03"}, [1, 2]),
        ({"startDate": "2026-06-03", "endDate": "2026-06-03"}, [1, 2]),
        ({"from": "2026-06-01", "to": "2026-06-01"}, [1, 4]),
        ({"from": "2026-06-02"}, [1, 2, 3]),
        ({"endDate": "2026-05-31"}, [4]),
        ({"to": "2026-06-05T00:00:00.000Z", "from": "2026-06-05"}, [1]),
        ({"startDate": "2026-06-06", "endDate": "2026-06-30"}, []),
        ({"from": "2026-06-03", "startDate": "2026-07-01"}, [1, 2, 3]),
        ({"user": "anna", "startDate": "2026-06-30"}, [3]),
        ({"limit": "2", "page_number": "1"}, [3, 4]),
    ],
)
async def test_absence_filters(
    api: Api, sim: Simulator, params: dict[str, str], expected: list[int]
) -> None:
    _absences(sim)
    reply = await api.get("absences", **params)
    assert reply.status == 200
    assert _ids(reply.body) == expected


@pytest.mark.parametrize("params", [{"from": "June"}, {"endDate": "2026-13-01"}])
async def test_absence_filter_refusals(api: Api, params: dict[str, str]) -> None:
    reply = await api.get("absences", **params)
    assert (reply.status, reply.code) == (400, 15001)


def test_add_absence_checks() -> None:
    sim = Simulator()
    with pytest.raises(SimulatorError) as unknown:
        sim.add_absence("zoe", TODAY, TODAY)
    assert (unknown.value.status, unknown.value.code) == (404, 15020)
    with pytest.raises(ValueError, match="end"):
        sim.add_absence("anna", TODAY, TODAY - timedelta(days=1))
    with pytest.raises(ValueError, match="status"):
        sim.add_absence("anna", TODAY, TODAY, status=3)
    assert sim.state.absences == []


async def test_absences_in_work_reports(api: Api, sim: Simulator) -> None:
    _absences(sim)
    sim.add_absence("david", date(2026, 6, 3), date(2026, 6, 3), day_segment="am")
    sim.act("ben", "attendance_timer/start", datetime(2026, 6, 3, 8))
    sim.act("ben", "attendance_timer/stop", datetime(2026, 6, 3, 10))

    async def targets(username: str) -> list[int]:
        reply = await api.reports(username, "2026-06-01", "2026-06-07")
        return [row["targetSeconds"] for row in reply.body]

    full = 28800
    assert await targets("anna") == [0, 0, 0, 0, 0, 0, 0]  # approved vacation
    assert await targets("ben") == [full, full, 0, full, full, 0, 0]
    assert await targets("clara") == [full] * 5 + [0, 0]  # disapproved
    assert await targets("david") == [full, full, full // 2, full, full, 0, 0]
    ben = await api.reports("ben", "2026-06-03", "2026-06-03")
    assert (ben.body[0]["workedSeconds"], ben.body[0]["workTargetDifference"]) == (
        7200,
        7200,
    )


# -- entry lists by range ----------------------------------------------------------


async def test_entry_lists_select_a_range_by_start(api: Api, sim: Simulator) -> None:
    for day in (1, 2, 3):
        sim.act("anna", "attendance_timer/start", datetime(2026, 6, day, 23))
        sim.act("anna", "attendance_timer/stop", datetime(2026, 6, day + 1, 1))
        sim.act(
            "anna",
            "project_timer/start",
            datetime(2026, 6, day, 23),
            clientName="ACME",
            projectName="Website",
        )
        sim.act("anna", "project_timer/stop", datetime(2026, 6, day + 1, 1))
    june_2 = {"from": "2026-06-02", "to": "2026-06-02"}
    for name, key in (("attendances", "id"), ("project_time_entries", "ID")):
        ranged = await api.get(name, **june_2)
        assert [row[key] for row in ranged.body] == [2]  # started on the 2nd
        both = await api.get(name, **{"from": "2026-06-02", "to": "2026-06-03"})
        assert [row[key] for row in both.body] == [2, 3]
        timed = await api.get(
            name, **{"from": "2026-06-01T23:30:00Z", "to": "2026-06-03T23:00:00Z"}
        )
        assert [row[key] for row in timed.body] == [2, 3]
        upside_down = await api.get(name, **{"from": "2026-06-03", "to": "2026-06-01"})
        assert upside_down.body == []
        paged = await api.get(
            name, limit="1", page_number="1", **{"from": "2026-06-02"}
        )
        assert [row[key] for row in paged.body] == [3]
    sim.dialect = Dialect(lists="wrapped")
    wrapped = await api.get("attendances", limit="1", **{"from": "2026-06-02"})
    assert ([row["id"] for row in wrapped.body["data"]], wrapped.body["total"]) == (
        [2],
        2,
    )


# -- history -----------------------------------------------------------------------


def _seeded(today: date = TODAY, weeks: int = 3) -> Simulator:
    sim = Simulator()
    sim.seed_history(today, weeks)
    return sim


def _snapshot(sim: Simulator) -> list[list[dict[str, Any]]]:
    state = sim.state
    return [
        [entry.to_json() for entry in state.attendances],
        [entry.to_json() for entry in state.project_time_entries],
        [absence.to_json() for absence in state.absences],
        [sim.project_timer(username) for username in USERS],
    ]


def test_history_is_deterministic() -> None:
    assert _snapshot(_seeded()) == _snapshot(_seeded())
    assert _snapshot(_seeded()) != _snapshot(_seeded(TODAY + timedelta(days=7)))
    assert _snapshot(Simulator()) == [[], [], [], [{}, {}, {}, {}]]


def test_history_days_and_absences() -> None:
    sim = _seeded()
    first = TODAY - timedelta(days=21)
    assert [a.to_json() for a in sim.state.absences] == [
        {
            "ID": 1,
            "user": "clara",
            "from": "2026-05-22",
            "to": "2026-05-22",
            "status": 1,
            "absenceType": 2,
            "absenceTypeName": "Sick leave",
            "day_segment": "full",
        },
        {
            "ID": 2,
            "user": "ben",
            "from": "2026-05-25",
            "to": "2026-05-29",
            "status": 1,
            "absenceType": 1,
            "absenceTypeName": "Vacation",
            "day_segment": "full",
        },
    ]
    weekdays = [
        first + timedelta(days=n)
        for n in range(21)
        if (first + timedelta(days=n)).weekday() < 5
    ]
    assert len(weekdays) == 15
    for username in USERS:
        days = [e.start.date() for e in sim.state.attendances if e.user == username]
        off = {
            day
            for day in weekdays
            if any(a.user == username and a.covers(day) for a in sim.state.absences)
        }
        assert days == [day for day in weekdays if day not in off for _ in range(2)]
    assert len({a.user for a in sim.state.absences}) == 2
    assert [e.id for e in sim.state.attendances] == list(
        range(1, len(sim.state.attendances) + 1)
    )


def test_history_entries_are_realistic() -> None:
    sim = _seeded()
    projects = {
        (p.client_name, p.name) for p in sim.state.account.projects if p.enabled
    }
    tasks = {t.name for t in sim.state.account.tasks}
    for entry in sim.state.attendances:
        assert entry.end is not None
        assert entry.start.time().hour in (7, 8, 12)
        assert entry.end.time().hour in (11, 12, 16, 17)
        assert entry.worked_minutes == (entry.end - entry.start).seconds // 60
    for user in USERS:
        spans = [(e.start, e.end) for e in sim.state.attendances if e.user == user]
        entries = [e for e in sim.state.project_time_entries if e.user == user]
        for entry in entries:
            assert (entry.client_name, entry.project_name) in projects
            assert entry.task in tasks
            assert any(start <= entry.start < entry.end <= end for start, end in spans)
        worked = sum(int((end - start).total_seconds()) for start, end in spans)
        tracked = sum(int((e.end - e.start).total_seconds()) for e in entries)
        assert worked == tracked
        last = max(entries, key=lambda entry: entry.end)
        timer = sim.project_timer(user)
        assert timer["stopped"] is True
        assert (timer["projectName"], timer["startedAt"]) == (
            last.project_name,
            last.to_json()["from"],
        )
        latest = sim.attendance_timer(user)
        assert latest["to"] == max(spans)[1].strftime("%Y-%m-%dT%H:%M:%S.000Z")


async def test_history_work_reports_add_up(api: Api, sim: Simulator) -> None:
    sim.seed_history(TODAY)
    first = TODAY - timedelta(days=21)
    balances = {}
    for user in USERS:
        reply = await api.reports(user, first.isoformat(), TODAY.isoformat())
        rows = reply.body
        assert len(rows) == 22
        spans = [(e.start, e.end) for e in sim.state.attendances if e.user == user]
        assert sum(row["workedSeconds"] for row in rows) == sum(
            int((end - start).total_seconds()) for start, end in spans
        )
        for row in rows:
            assert row["workTargetDifference"] == (
                row["workedSeconds"] - row["targetSeconds"]
            )
            if row["workedSeconds"]:
                assert 30 * 60 <= row["breakSeconds"] <= 60 * 60
                assert 7 * 3600 <= row["workedSeconds"] <= 9.5 * 3600
        assert rows[-1]["workedSeconds"] == 0  # today has nothing yet
        balances[user] = sum(row["workTargetDifference"] for row in rows[:-1])
    assert all(abs(balance) < 10 * 3600 for balance in balances.values())
    assert min(balances.values()) < 0 < max(balances.values())


def test_history_refusals_and_nothing() -> None:
    with pytest.raises(ValueError, match="weeks"):
        _seeded(weeks=-1)
    assert _snapshot(_seeded(weeks=0)) == _snapshot(Simulator())
    sim = _seeded(weeks=1)
    with pytest.raises(ValueError, match="without attendance"):
        sim.seed_history(TODAY)


def test_history_skips_removed_users_and_keeps_later_state() -> None:
    sim = Simulator()
    sim.remove_user("ben")
    sim.remove_user("clara")
    sim.seed_history(TODAY, 2)
    assert {e.user for e in sim.state.attendances} == {"anna", "david"}
    assert sim.state.absences == []
    sim.act("anna", "attendance_timer/start", datetime(2026, 6, 3, 8))
    assert sim.attendance_timer("anna")["to"] is None

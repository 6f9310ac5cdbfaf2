"""The attendance timer over HTTP."""

from __future__ import annotations

from simulator import Simulator

from .conftest import Api, ts

READ = "attendance_timer"


async def test_clock_in_and_out(api: Api, sim: Simulator) -> None:
    empty = await api.get(READ, username="clara", date=ts("08:00"))
    assert (empty.status, empty.body) == (200, {})

    started = await api.attendance("start", "clara", "08:00")
    assert started.status == 200
    assert started.body == {
        "id": 1,
        "user": "clara",
        "latitudeStart": None,
        "longitudeStart": None,
        "latitudeEnd": None,
        "longitudeEnd": None,
        "from": "2024-05-06T08:00:00.000Z",
        "to": None,
        "workedMinutes": 0,
        "breakMinutes": 0,
        "manual": False,
        "notes": None,
    }
    running = await api.get(READ, username="clara", date=ts("09:00"))
    assert running.body == started.body

    stopped = await api.attendance("stop", "clara", "12:30:59")
    assert stopped.body["to"] == "2024-05-06T12:30:59.000Z"
    assert stopped.body["workedMinutes"] == 270
    last = await api.get(READ, username="clara", date=ts("13:00"))
    assert last.body == stopped.body
    assert sim.attendance_timer("clara") == stopped.body

    again = await api.attendance("start", "clara", "13:00")
    assert again.body["id"] == 2
    assert (await api.get(READ, username="clara", date=ts("13:05"))).body == again.body


async def test_attendance_refusals(api: Api) -> None:
    not_in = await api.attendance("stop", "david", "08:00")
    assert (not_in.status, not_in.code) == (409, 15041)
    await api.attendance("start", "david", "08:00")
    twice = await api.attendance("start", "david", "08:05")
    assert (twice.status, twice.code) == (409, 15040)
    early = await api.attendance("stop", "david", "07:59")
    assert (early.status, early.code) == (400, 15013)
    await api.attendance("stop", "david", "12:00")
    overlap = await api.attendance("start", "david", "11:00")
    assert (overlap.status, overlap.code) == (400, 15013)
    unknown = await api.attendance("start", "zoe", "08:00")
    assert (unknown.status, unknown.code) == (404, 15020)
    no_user = await api.get(READ, date=ts("08:00"))
    assert (no_user.status, no_user.code) == (400, 15001)
    no_date = await api.get(READ, username="david")
    assert (no_date.status, no_date.code) == (400, 15001)
    bad_notes = await api.post(
        "attendance_timer/start",
        {"username": "david", "date": ts("13:00"), "notes": 3},
    )
    assert (bad_notes.status, bad_notes.code) == (400, 15001)


async def test_notes_and_empty_answers(api: Api, sim: Simulator) -> None:
    started = await api.post(
        "attendance_timer/start",
        {"username": "ben", "date": ts("08:00"), "notes": "home office"},
    )
    assert started.body["notes"] == "home office"
    sim.empty_action_responses = True
    stopped = await api.attendance("stop", "ben", "09:00")
    assert (stopped.status, stopped.text) == (204, "")
    assert sim.attendance_timer("ben")["to"] == ts("09:00")


async def test_attendance_is_separate_from_project_timer(api: Api) -> None:
    await api.attendance("start", "anna", "08:00")
    assert (
        await api.get("timers/project_timer", username="anna", date=ts("08:01"))
    ).body == {}

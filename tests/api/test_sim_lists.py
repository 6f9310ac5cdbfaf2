"""The lists against the simulator, over real HTTP."""

from datetime import date, datetime

import pytest

from custom_components.timetrack.api import (
    TimeTrackClient,
    TimeTrackNotFoundError,
    TimeTrackUserNotFoundError,
    User,
)
from custom_components.timetrack.api.proof import check_user
from simulator import Simulator
from simulator.dialect import Dialect, ListStyle

from .bodies import MAY_5, MAY_7, PROJECTS, T0, TASK_NAMES, VIENNA
from .helpers import demo_client, start_in_app


def paged(page_number: int, limit: int) -> dict[str, str]:
    """The paging parameters of one page: `limit` alone for the first (every
    paging gives its first page then), `page_number` for a later one."""
    if not page_number:
        return {"limit": str(limit)}
    return {"page_number": str(page_number), "limit": str(limit)}


async def test_users(sim: Simulator, client: TimeTrackClient) -> None:
    users = await client.get_users()
    assert [user.username for user in users] == ["anna", "ben", "clara", "david"]
    anna = users[0]
    assert anna == User(username="anna", first_name="Anna", last_name="Berger")
    assert anna.full_name == "Anna Berger"
    assert sim.requests[-1].query == paged(0, 200)
    assert [user.username for user in await client.get_users("ben")] == ["ben"]
    assert sim.requests[-1].query == {"username": "ben"} | paged(0, 200)
    assert (await check_user(client, "clara")).full_name == "Clara Novak"
    with pytest.raises(TimeTrackUserNotFoundError) as err:
        await check_user(client, "zoe")
    assert "zoe" in str(err.value)


async def test_user_added_later(sim: Simulator, client: TimeTrackClient) -> None:
    sim.add_user("Erik", "Erik", "Maier")
    assert (await check_user(client, "Erik")).full_name == "Erik Maier"
    assert len(await client.get_users()) == 5


async def test_paging(sim: Simulator, client: TimeTrackClient) -> None:
    client._transport.page_size = 2
    users = await client.get_users()
    assert len(users) == 4
    assert [r.query for r in sim.requests] == [paged(n, 2) for n in range(3)]
    sim.clear_requests()
    client._transport.page_size = 4
    projects = await client.get_projects()
    assert len(projects) == 6
    assert len(sim.requests) == 2


async def test_many_users_over_several_pages(socket_enabled: None) -> None:
    async with Simulator(extra_users=450) as sim, demo_client(sim.url) as api:
        users = await api.get_users()
        assert len(users) == 454
        assert len({user.username for user in users}) == 454
        assert [r.query for r in sim.requests] == [paged(n, 200) for n in range(3)]


@pytest.mark.parametrize(
    ("lists", "requests", "way"),
    [
        # 3 pages of 200; the second asked for by `page_number`, then by `page`
        # from 0 (`page_number` ignored), then from 1 (`page=1` is the first).
        ("page_from_0", 4, "page"),
        ("page", 5, "page_from_1"),
        ("limit_ignored", 10, "page_number"),  # pages of 50, not 200
        ("limit_100", 11, "page_number"),  # 200 refused, then pages of 50
    ],
)
async def test_many_users_in_every_paging(
    socket_enabled: None, lists: ListStyle, requests: int, way: str
) -> None:
    async with Simulator(extra_users=450) as sim, demo_client(sim.url) as api:
        sim.dialect = Dialect(lists=lists)
        users = await api.get_users()
        assert len({user.username for user in users}) == len(users) == 454
        assert len(sim.requests) == requests
        assert api.observations.list_paging == {"users": way}
        assert (await check_user(api, "user450")).full_name == "User 450"


async def test_clients_projects_tasks(client: TimeTrackClient) -> None:
    clients = await client.get_clients()
    assert [(c.name, c.enabled) for c in clients] == [
        ("ACME", True),
        ("Globex", True),
        ("Initech", True),
    ]
    assert [c.id for c in clients] == [1, 2, 3]
    projects = await client.get_projects()
    assert [(p.client_name, p.name, p.enabled) for p in projects] == PROJECTS
    assert [p.id for p in projects] == [1, 2, 3, 4, 5, 6]
    tasks = await client.get_tasks()
    assert [t.name for t in tasks] == TASK_NAMES
    assert tasks[0].id == 1


async def test_work_reports(sim: Simulator, vienna: TimeTrackClient) -> None:
    sim.act("anna", "attendance_timer/start", datetime(2024, 5, 6, 8, 0))
    sim.act("anna", "attendance_timer/stop", datetime(2024, 5, 6, 12, 0))
    sim.act("anna", "attendance_timer/start", datetime(2024, 5, 6, 12, 30))
    sim.act("anna", "attendance_timer/stop", datetime(2024, 5, 6, 17, 0))
    days = await vienna.get_work_reports("anna", MAY_5, MAY_7)
    assert [day.work_date for day in days] == [MAY_5, date(2024, 5, 6), MAY_7]
    monday = days[1]
    assert monday.worked_seconds == 8 * 3600 + 1800
    assert monday.break_seconds == 1800
    assert monday.target_seconds == 8 * 3600
    assert monday.work_target_difference == 1800
    assert monday.work_start == datetime(2024, 5, 6, 8, 0, tzinfo=VIENNA)
    assert monday.work_end == datetime(2024, 5, 6, 17, 0, tzinfo=VIENNA)
    assert days[0].target_seconds == 0  # Sunday
    assert sim.requests[-1].query == {
        "username": "anna",
        "from": "2024-05-05",
        "to": "2024-05-07",
    } | paged(0, 200)
    vienna._transport.page_size = 2
    may = await vienna.get_work_reports("anna", date(2024, 5, 1), date(2024, 5, 31))
    assert len(may) == 31
    assert len(sim.requests_to("work_reports")) == 1 + 16
    with pytest.raises(ValueError, match="after"):
        await vienna.get_work_reports("anna", MAY_7, MAY_5)
    # A datetime beside a date still fails (no longer with a message of its own).
    with pytest.raises(TypeError):
        await vienna.get_work_reports("anna", T0, MAY_7)
    with pytest.raises(TimeTrackUserNotFoundError):
        await vienna.get_work_reports("zoe", MAY_5, MAY_7)


async def test_attendances_entries_and_absences(
    sim: Simulator, vienna: TimeTrackClient
) -> None:
    sim.act("anna", "attendance_timer/start", datetime(2024, 5, 6, 8, 0))
    sim.act("anna", "attendance_timer/stop", datetime(2024, 5, 6, 12, 0))
    sim.act("ben", "attendance_timer/start", datetime(2024, 5, 6, 8, 0))
    start_in_app(
        sim,
        "anna",
        datetime(2024, 5, 6, 9, 0),
        "ACME",
        "Website",
        taskName="Design",
        note="landing page",
    )
    sim.act("anna", "project_timer/stop", datetime(2024, 5, 6, 10, 30))
    sim.add_absence("anna", date(2024, 5, 7), date(2024, 5, 8), "Vacation")
    sim.add_absence("ben", date(2024, 5, 7), date(2024, 5, 7))
    [entry] = await vienna.get_attendances("anna", MAY_5, MAY_7)
    assert entry.started_at == datetime(2024, 5, 6, 8, 0, tzinfo=VIENNA)
    assert entry.ended_at == datetime(2024, 5, 6, 12, 0, tzinfo=VIENNA)
    assert entry.worked_minutes == 240
    [booked] = await vienna.get_project_time_entries("anna", MAY_5, MAY_7)
    assert (booked.client_name, booked.project_name, booked.task_name) == (
        "ACME",
        "Website",
        "Design",
    )
    assert booked.note == "landing page"
    assert booked.worked_minutes == 90
    assert booked.started_at == datetime(2024, 5, 6, 9, 0, tzinfo=VIENNA)
    [absence] = await vienna.get_absences("anna", MAY_5, MAY_7)
    assert (absence.start, absence.end) == (MAY_7, date(2024, 5, 8))
    assert (absence.type_name, absence.status, absence.username) == (
        "Vacation",
        1,
        "anna",
    )
    assert await vienna.get_absences("anna", MAY_5, date(2024, 5, 6)) == []


async def test_unavailable_features(sim: Simulator, client: TimeTrackClient) -> None:
    """Without a user directory, check_user proves the user by the timers alone
    (the removed get_user raised TimeTrackNotFoundError here)."""
    sim.users_endpoint_available = False
    sim.work_reports_available = False
    with pytest.raises(TimeTrackNotFoundError) as err:
        await client.get_users()
    assert not isinstance(err.value, TimeTrackUserNotFoundError)
    assert err.value.code == 15050
    assert await check_user(client, "anna") == User("anna")
    with pytest.raises(TimeTrackUserNotFoundError):
        await check_user(client, "zoe")
    with pytest.raises(TimeTrackNotFoundError) as err:
        await client.get_work_reports("anna", MAY_5, MAY_7)
    assert not isinstance(err.value, TimeTrackUserNotFoundError)

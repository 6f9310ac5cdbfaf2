"""The transport's choices over real HTTP: method, route, paging, errors in a 200."""

from collections.abc import Callable
from typing import Any

import pytest

from custom_components.timetrack.api import (
    TimerState,
    TimeTrackAuthenticationError,
    TimeTrackClient,
    TimeTrackError,
    TimeTrackNotFoundError,
    TimeTrackRateLimitError,
    TimeTrackRequestError,
    TimeTrackServerError,
    TimeTrackUserNotFoundError,
    paging,
)

from .bodies import (
    ATTENDANCE,
    LEGACY,
    RUNNING,
    STOPPED,
    T0,
    TIMER,
    USERS,
    errors,
)
from .raw_http import RawServer, Reply

NOT_ALLOWED = Reply(405, errors(15051, "Method Not Allowed", status=405))


def serve_tasks(raw: RawServer, *answers: Any) -> None:
    """`tasks` answers these in turn: rows or a body (200), or a Reply as it is."""
    raw.reply(
        "GET",
        "tasks",
        *(item if isinstance(item, Reply) else Reply(200, item) for item in answers),
    )


def paths(raw: RawServer) -> list[str]:
    return [f"{r.method} {r.path.removeprefix('/api/v2/ext/')}" for r in raw.requests]


# ------------------------------------------------------------ read method


async def test_405_to_get_reads_by_post_with_an_empty_object(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.reply("GET", TIMER, NOT_ALLOWED)
    raw.json("POST", TIMER, RUNNING)
    raw.reply("GET", ATTENDANCE, NOT_ALLOWED)
    raw.json("POST", ATTENDANCE, {})
    assert (await api.get_project_timer("anna", T0)).state is TimerState.RUNNING
    assert not (await api.get_attendance_timer("anna", T0)).clocked_in
    post = raw.requests[1]
    assert post.body == {}
    assert post.headers["Content-Type"].startswith("application/json")
    assert post.query == {"username": "anna", "date": "2024-05-06T09:00:00.000Z"}
    # Remembered per route: the next reads go straight to POST.
    await api.get_project_timer("anna", T0)
    await api.get_attendance_timer("anna", T0)
    assert paths(raw) == [
        f"GET {TIMER}",
        f"POST {TIMER}",
        f"GET {ATTENDANCE}",
        f"POST {ATTENDANCE}",
        f"POST {TIMER}",
        f"POST {ATTENDANCE}",
    ]
    assert api.observations.reads_by_post == {TIMER, ATTENDANCE}
    assert api.observations.endpoints["project_timer"].method == "POST"


async def test_lists_read_by_post_too(raw: RawServer, api: TimeTrackClient) -> None:
    raw.reply("GET", "users", NOT_ALLOWED)
    raw.json("POST", "users", USERS)
    assert [user.username for user in await api.get_users()] == ["anna", "ben"]
    assert [user.username for user in await api.get_users()] == ["anna", "ben"]
    assert paths(raw) == ["GET users", "POST users", "POST users"]
    assert raw.requests[1].query == {"limit": "200"}
    assert api.observations.reads_by_post == {"users"}


async def test_405_in_a_200_body_also_switches_to_post(
    raw: RawServer, api: TimeTrackClient
) -> None:
    body = {"success": False, "errors": [{"status": 405, "title": "Use POST"}]}
    raw.json("GET", "tasks", body)
    raw.json("POST", "tasks", [{"ID": 1, "name": "Design"}])
    assert [task.name for task in await api.get_tasks()] == ["Design"]
    assert api.observations.reads_by_post == {"tasks"}


async def test_other_refusals_of_get_do_not_switch(
    raw: RawServer, api: TimeTrackClient
) -> None:
    serve_tasks(raw, Reply(409, errors(1, status=409)))
    with pytest.raises(TimeTrackRequestError):
        await api.get_tasks()
    serve_tasks(raw, NOT_ALLOWED)
    raw.reply("POST", "tasks", NOT_ALLOWED)
    with pytest.raises(TimeTrackRequestError) as err:
        await api.get_tasks()
    assert err.value.status == 405
    assert paths(raw) == ["GET tasks", "GET tasks", "POST tasks"]


# ------------------------------------------------------ project timer route


async def test_falls_back_to_the_legacy_route_and_remembers(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.json("GET", LEGACY, RUNNING)
    raw.json("POST", f"{LEGACY}/stop", STOPPED)
    assert (await api.get_project_timer("anna", T0)).state is TimerState.RUNNING
    assert api.observations.project_timer_path == LEGACY
    stopped = await api.stop_project_timer("anna", at=T0)
    assert stopped is not None
    assert stopped.state is TimerState.STOPPED
    assert paths(raw) == [f"GET {TIMER}", f"GET {LEGACY}", f"POST {LEGACY}/stop"]


async def test_fallback_on_an_unknown_route_error_body(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.reply("POST", f"{TIMER}/start", Reply(404, errors(15050, "Unknown route")))
    raw.reply(
        "POST",
        f"{LEGACY}/start",
        Reply(409, errors(15010, "Timer already running", status=409)),
    )
    with pytest.raises(TimeTrackRequestError) as err:
        await api.start_project_timer("anna", client_name="A", project_name="B", at=T0)
    assert err.value.code == 15010
    raw.json("GET", LEGACY, {})
    await api.get_project_timer("anna", T0)
    assert raw.requests[-1].path == "/api/v2/ext/project_timer"


async def test_fallback_finding_a_not_found_thing(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.reply("POST", f"{LEGACY}/start", Reply(404, errors(15030, "Project not found")))
    with pytest.raises(TimeTrackNotFoundError) as err:
        await api.start_project_timer("anna", client_name="A", project_name="B", at=T0)
    assert err.value.code == 15030
    raw.json("POST", f"{LEGACY}/pause", {})
    assert await api.pause_project_timer("anna", at=T0) is None
    assert raw.requests[-1].path == "/api/v2/ext/project_timer/pause"


async def test_no_route_anywhere_is_an_error_and_decides_nothing(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """Was "stopped" and kept on the primary: a bare 404 on both routes proves
    neither route, so it raises and both are tried again next time."""
    for _ in range(2):
        with pytest.raises(TimeTrackNotFoundError) as err:
            await api.get_project_timer("anna", T0)
        assert not isinstance(err.value, TimeTrackUserNotFoundError)
    assert paths(raw) == [f"GET {TIMER}", f"GET {LEGACY}"] * 2
    assert api.observations.project_timer_path is None
    assert api.observations.endpoints["project_timer"].recognised is False
    with pytest.raises(TimeTrackNotFoundError):
        await api.pause_project_timer("anna", at=T0)
    assert paths(raw)[-2:] == [f"POST {TIMER}/pause", f"POST {LEGACY}/pause"]


async def test_no_fallback_once_the_primary_answered(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.json("GET", TIMER, {})
    await api.get_project_timer("anna", T0)
    assert api.observations.project_timer_path == TIMER
    with pytest.raises(TimeTrackNotFoundError):
        await api.stop_project_timer("anna", at=T0)
    assert len(raw.requests) == 2


async def test_no_fallback_after_a_conflict_on_the_primary(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.reply("POST", f"{TIMER}/pause", Reply(409, errors(15011, status=409)))
    raw.json("GET", TIMER, {})
    with pytest.raises(TimeTrackRequestError):
        await api.pause_project_timer("anna", at=T0)
    assert (await api.get_project_timer("anna", T0)).state is TimerState.STOPPED
    assert len(raw.requests) == 2


async def test_fallback_when_legacy_also_fails_otherwise(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.reply("GET", LEGACY, Reply(500, "<html>oops</html>", content_type="text/html"))
    with pytest.raises(TimeTrackServerError):
        await api.get_project_timer("anna", T0)
    # Undecided: the next read tries both routes again.
    raw.json("GET", LEGACY, {})
    assert (await api.get_project_timer("anna", T0)).state is TimerState.STOPPED
    assert paths(raw) == [f"GET {TIMER}", f"GET {LEGACY}"] * 2


async def test_user_not_found_on_the_legacy_route(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.reply("GET", LEGACY, Reply(404, errors(15020, "User not found")))
    with pytest.raises(TimeTrackUserNotFoundError):
        await api.get_project_timer("zoe", T0)
    raw.json("GET", LEGACY, {})
    await api.get_project_timer("anna", T0)
    assert raw.requests[-1].path == "/api/v2/ext/project_timer"


# ----------------------------------------------------------------- paging


def tasks(*ids: int) -> list[dict[str, Any]]:
    return [{"ID": i, "name": f"t{i}"} for i in ids]


def first(limit: int = 2) -> dict[str, str]:
    """The first page's query: `limit` alone, which every paging reads."""
    return {"limit": str(limit)}


def by(name: str, value: int, limit: int = 2) -> dict[str, str]:
    """A later page's query: `page_number` or `page`."""
    return {name: str(value), "limit": str(limit)}


async def test_pages_by_page_number_as_documented(
    raw: RawServer, api: TimeTrackClient
) -> None:
    api._transport.page_size = 2
    serve_tasks(raw, tasks(1, 2), tasks(3, 4), tasks(5))
    assert [task.id for task in await api.get_tasks()] == [1, 2, 3, 4, 5]
    assert [r.query for r in raw.requests] == [
        first(),
        by("page_number", 1),
        by("page_number", 2),
    ]
    assert api.observations.list_paging == {"tasks": "page_number"}


REFUSED = Reply(400, errors(15001, "Unknown parameter", status=400))


@pytest.mark.parametrize(
    ("answers", "way", "asked", "next_time"),
    [
        # `page_number` ignored (the first page again); `page` from 0.
        (
            [tasks(1, 2), tasks(3, 4), tasks(5)],
            "page",
            [by("page_number", 1), by("page", 1), by("page", 2)],
            by("page", 1),
        ),
        # `page` from 1: `page=1` gives the first page again too.
        (
            [tasks(1, 2), tasks(1, 2), tasks(3, 4), tasks(5)],
            "page_from_1",
            [by("page_number", 1), by("page", 1), by("page", 2), by("page", 3)],
            by("page", 2),
        ),
        # `page_number` refused as unknown; `page` from 0.
        (
            [REFUSED, tasks(3, 4), tasks(5)],
            "page",
            [by("page_number", 1), by("page", 1), by("page", 2)],
            by("page", 1),
        ),
    ],
)
async def test_the_way_to_later_pages_is_found_and_kept(
    raw: RawServer,
    api: TimeTrackClient,
    answers: list[Any],
    way: str,
    asked: list[dict[str, str]],
    next_time: dict[str, str],
) -> None:
    api._transport.page_size = 2
    serve_tasks(raw, tasks(1, 2), *answers)
    assert [task.id for task in await api.get_tasks()] == [1, 2, 3, 4, 5]
    assert [r.query for r in raw.requests] == [first(), *asked]
    assert api.observations.list_paging == {"tasks": way}
    # Kept: the next read asks for its second page that way at once.
    raw.requests.clear()
    serve_tasks(raw, tasks(1, 2), tasks(3))
    assert [task.id for task in await api.get_tasks()] == [1, 2, 3]
    assert [r.query for r in raw.requests] == [first(), next_time]


@pytest.mark.parametrize(
    ("pages", "ids", "requests"),
    [
        # The docs' default page: `limit` may not have been read.
        ([range(50), range(50, 60)], list(range(60)), 2),
        ([range(50), range(50, 100), range(100, 101)], list(range(101)), 3),
        ([range(50), []], list(range(50)), 2),
        # Any other short page ends the list.
        ([range(49)], list(range(49)), 1),
        ([range(51)], list(range(51)), 1),
        ([range(200), range(200, 250)], list(range(250)), 2),
    ],
)
async def test_pages_of_fifty_when_more_were_asked(
    raw: RawServer,
    api: TimeTrackClient,
    pages: list[range],
    ids: list[int],
    requests: int,
) -> None:
    serve_tasks(raw, *(tasks(*page) for page in pages))
    assert [task.id for task in await api.get_tasks()] == ids
    assert [r.query for r in raw.requests] == [
        first(200),
        *(by("page_number", n, 200) for n in range(1, requests)),
    ]


async def test_paging_over_wrapped_pages(raw: RawServer, api: TimeTrackClient) -> None:
    api._transport.page_size = 2
    serve_tasks(raw, {"data": tasks(1, 2)}, {"data": tasks(3, 4)}, {"data": tasks(5)})
    assert [task.id for task in await api.get_tasks()] == [1, 2, 3, 4, 5]


async def test_a_list_that_ignores_paging_is_read_once(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """Every way of asking for a second page gives the first again: that is
    all the list has. Nothing is kept: the next read asks the same."""
    api._transport.page_size = 2
    raw.json("GET", "users", USERS)
    assert len(await api.get_users()) == 2
    assert [r.query for r in raw.requests] == [
        first(),
        by("page_number", 1),
        by("page", 1),
        by("page", 2),
    ]
    assert api.observations.list_paging == {}


async def test_rows_read_already_are_not_read_twice(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """A row added at the front while the pages are read shifts the next page;
    a changed row on a page that ignores paging is no new page."""
    api._transport.page_size = 2
    serve_tasks(raw, tasks(1, 2), tasks(2, 3), tasks(4))
    assert [task.id for task in await api.get_tasks()] == [1, 2, 3, 4]
    raw.requests.clear()
    renamed = [{"ID": 1, "name": "renamed"}, {"ID": 2, "name": "t2"}]
    raw.reply("GET", "clients", Reply(200, tasks(1, 2)), Reply(200, renamed))
    assert [client.name for client in await api.get_clients()] == ["t1", "t2"]
    assert len(raw.requests) == 4


async def test_a_row_gone_while_finding_the_way_does_not_mislead_it(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """`page` from 0; task 1 is deleted after the first page. `page_number=1`
    (ignored) gives the first page shifted by one row: one row not read yet
    does not make it the second page, and `page_number` is not kept."""
    api._transport.page_size = 4
    serve_tasks(raw, tasks(1, 2, 3, 4), tasks(2, 3, 4, 5), tasks(6, 7, 8, 9), tasks(10))
    assert [task.id for task in await api.get_tasks()] == [1, 2, 3, 4, 6, 7, 8, 9, 10]
    assert api.observations.list_paging == {"tasks": "page"}


async def test_a_kept_way_that_gives_no_new_rows_is_found_again(
    raw: RawServer, api: TimeTrackClient
) -> None:
    api._transport.page_size = 2
    api.observations.list_paging["tasks"] = "page_number"
    serve_tasks(raw, tasks(1, 2), tasks(1, 2), tasks(3, 4), tasks(5))
    assert [task.id for task in await api.get_tasks()] == [1, 2, 3, 4, 5]
    assert [r.query for r in raw.requests] == [
        first(),
        by("page_number", 1),
        by("page", 1),
        by("page", 2),
    ]
    assert api.observations.list_paging == {"tasks": "page"}


async def test_rows_without_id_that_change_on_every_read_end_the_list(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """A list ignoring paging, whose first row changes at every request (today's
    worked time, say): a page that is the same but for it is no new page."""
    api._transport.page_size = 4

    def answer(seconds: int) -> Reply:
        rows = [{"name": "today", "hourRate": seconds}]
        return Reply(200, rows + [{"name": f"day {n}"} for n in range(3)])

    serve_tasks(raw, *(answer(seconds) for seconds in range(10)))
    assert [task.name for task in await api.get_tasks()] == [
        "today",
        "day 0",
        "day 1",
        "day 2",
    ]
    assert len(raw.requests) == 4


async def test_rows_of_one_page_sharing_an_id_are_all_kept(
    raw: RawServer, api: TimeTrackClient
) -> None:
    rows = [{"ID": 7, "name": "Design"}, {"ID": 7, "name": "Meeting"}]
    raw.json("GET", "tasks", rows)
    assert [task.name for task in await api.get_tasks()] == ["Design", "Meeting"]
    assert len(raw.requests) == 1


async def test_paging_stops_at_an_empty_page(
    raw: RawServer, api: TimeTrackClient
) -> None:
    api._transport.page_size = 2
    serve_tasks(raw, tasks(1, 2), "[]")
    assert [task.id for task in await api.get_tasks()] == [1, 2]
    assert len(raw.requests) == 2
    assert api.observations.list_paging == {}


@pytest.mark.parametrize(
    "refusal",
    [
        Reply(400, errors(15001, "Unknown parameter", status=400)),
        Reply(200, {"success": False, "errors": [{"status": 400}]}),
    ],
)
async def test_a_400_to_limit_reads_without_it_and_remembers(
    raw: RawServer, api: TimeTrackClient, refusal: Reply
) -> None:
    raw.reply("GET", "users", refusal, refusal, Reply(200, USERS))
    assert len(await api.get_users("anna")) == 2
    assert len(await api.get_users("anna")) == 2
    assert [r.query for r in raw.requests] == [
        {"username": "anna", "limit": "200"},
        {"username": "anna", "limit": "50"},
        {"username": "anna"},
        {"username": "anna"},
    ]
    assert api.observations.list_paging == {"users": "whole"}
    assert api.observations.list_limit == {}


async def test_a_list_refusing_200_is_paged_by_50_and_remembers(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """`limit` above the list's own maximum refused: the docs' default works."""
    serve_tasks(raw, REFUSED, tasks(*range(50)), tasks(*range(50, 60)))
    assert [task.id for task in await api.get_tasks()] == list(range(60))
    assert [r.query for r in raw.requests] == [
        first(200),
        first(50),
        by("page_number", 1, 50),
    ]
    assert api.observations.list_limit == {"tasks": 50}
    assert api.observations.list_paging == {"tasks": "page_number"}
    raw.requests.clear()
    serve_tasks(raw, tasks(1, 2))
    assert [task.id for task in await api.get_tasks()] == [1, 2]
    assert [r.query for r in raw.requests] == [first(50)]


async def test_a_list_refusing_every_later_page_is_an_error(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """The rest of the list cannot be read: not a shorter list, an error."""
    api._transport.page_size = 2
    serve_tasks(raw, tasks(1, 2), REFUSED)
    with pytest.raises(TimeTrackRequestError):
        await api.get_tasks()
    assert len(raw.requests) == 4
    assert api.observations.list_paging == {}


@pytest.mark.parametrize(
    "past_the_end",
    [
        [Reply(404, errors(15050, "Unknown page", status=404))],
        [Reply(404, "<html>Not Found</html>", content_type="text/html")],
        # `page_number` past the end refused; `page=1` and `page=2` (not read:
        # `page_number` counts) give the first page again.
        [REFUSED, Reply(200, tasks(1, 2))],
    ],
)
async def test_a_list_of_exactly_one_page(
    raw: RawServer, api: TimeTrackClient, past_the_end: list[Reply]
) -> None:
    api._transport.page_size = 2
    serve_tasks(raw, tasks(1, 2), *past_the_end)
    assert [task.id for task in await api.get_tasks()] == [1, 2]
    assert len(raw.requests) == (2 if len(past_the_end) == 1 else 4)
    assert api.observations.list_paging == {}


async def test_a_failure_while_finding_the_way_is_raised(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """Only a 400 says "not this way": a 503 is the list's failure."""
    api._transport.page_size = 2
    down = Reply(503, errors(15090, "Down", status=503))
    serve_tasks(raw, tasks(1, 2), down)
    with pytest.raises(TimeTrackServerError):
        await api.get_tasks()
    assert len(raw.requests) == 2
    assert api.observations.list_paging == {}


async def test_a_list_without_end_stops_and_says_so(
    raw: RawServer,
    api: TimeTrackClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(paging, "MAX_PAGES", 3)
    api._transport.page_size = 2
    serve_tasks(raw, *(tasks(n, n + 1) for n in range(1, 9, 2)))
    assert [task.id for task in await api.get_tasks()] == [1, 2, 3, 4, 5, 6]
    assert len(raw.requests) == 3
    assert "tasks: stopped after 3 pages (6 rows)" in caplog.text


# --------------------------------------------------- an error inside a 200


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ({"status": 401, "code": 15000}, TimeTrackAuthenticationError),
        ({"status": 403, "title": "Forbidden"}, TimeTrackAuthenticationError),
        ({"status": 404, "code": 15020}, TimeTrackUserNotFoundError),
        ({"status": 404, "title": "User not found"}, TimeTrackUserNotFoundError),
        ({"status": 409, "code": 15011}, TimeTrackRequestError),
        ({"status": 503, "title": "Maintenance"}, TimeTrackServerError),
        ({"title": "Bad"}, TimeTrackRequestError),
    ],
)
async def test_a_200_carrying_an_error_raises_what_its_body_names(
    raw: RawServer,
    api: TimeTrackClient,
    entry: dict[str, Any],
    error: type[TimeTrackError],
) -> None:
    raw.json("POST", f"{TIMER}/stop", {"success": False, "errors": [entry]})
    with pytest.raises(error) as err:
        await api.stop_project_timer("anna", at=T0)
    assert type(err.value) is error
    assert err.value.status == entry.get("status", 400)
    assert api.observations.endpoints["project_timer/stop"].status == 200


async def test_a_429_inside_a_200_holds_every_request(
    raw: RawServer,
    api: TimeTrackClient,
    fake_clock: Callable[[TimeTrackClient], Any],
) -> None:
    clock = fake_clock(api)
    body = {"success": False, "errors": [{"status": 429, "title": "Slow down"}]}
    raw.reply("GET", TIMER, Reply(200, body, headers={"Retry-After": "30"}))
    with pytest.raises(TimeTrackRateLimitError) as err:
        await api.get_project_timer("anna", T0)
    assert err.value.retry_after == 30
    assert api.rate_limited_for == 30
    clock.advance(10)
    with pytest.raises(TimeTrackRateLimitError) as err:
        await api.get_tasks()
    assert err.value.retry_after == pytest.approx(20)
    assert len(raw.requests) == 1
    clock.advance(20)
    assert api.rate_limited_for is None


async def test_a_choice_is_remembered_only_once_it_worked(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """One stray 405 or 400 must not change how the route is asked for good.

    A read by POST after a 405, or a list without paging after a 400, is
    remembered only when that second request was answered.
    """
    raw.reply("GET", TIMER, NOT_ALLOWED, Reply(200, RUNNING))
    raw.reply("POST", TIMER, Reply(503, errors(15090, "Down", status=503)))
    with pytest.raises(TimeTrackServerError):
        await api.get_project_timer("anna", T0)
    assert api.observations.reads_by_post == set()
    assert (await api.get_project_timer("anna", T0)).state is TimerState.RUNNING

    serve_tasks(raw, Reply(400, errors(15001, "Bad", status=400)))
    with pytest.raises(TimeTrackRequestError):
        await api.get_tasks()
    assert api.observations.list_paging == {}

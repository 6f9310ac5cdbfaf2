"""The request itself over real HTTP: wire format, arguments, error answers."""

from datetime import date, datetime, timedelta
import logging

import pytest

from custom_components.timetrack.api import (
    TimeTrackAuthenticationError,
    TimeTrackClient,
    TimeTrackInvalidResponseError,
    TimeTrackRequestError,
    TimeTrackServerError,
)
from simulator import DEMO_API_KEY, DEMO_API_SECRET

from .bodies import RUNNING, T0, TIMER, errors
from .helpers import Call, timer_calls
from .raw_http import RawServer, Reply


async def test_headers_and_wire_format(raw: RawServer, api: TimeTrackClient) -> None:
    """Both credentials on every request; Content-Type only with a JSON body."""
    raw.json("GET", TIMER, RUNNING)
    raw.json("POST", f"{TIMER}/stop", {})
    await api.get_project_timer("anna", T0)
    await api.stop_project_timer("anna", at=T0 + timedelta(seconds=1, microseconds=5))
    read, stop = raw.requests
    for request in (read, stop):
        assert request.headers["X-TimeTrack-Api-Key"] == DEMO_API_KEY
        assert request.headers["X-TimeTrack-Api-Secret"] == DEMO_API_SECRET
        assert request.headers["Accept"] == "application/json"
    assert "Content-Type" not in read.headers
    assert read.body is None
    assert stop.headers["Content-Type"].startswith("application/json")
    assert read.method == "GET"
    assert read.path == "/api/v2/ext/timers/project_timer"
    assert read.query == {"username": "anna", "date": "2024-05-06T09:00:00.000Z"}
    assert stop.method == "POST"
    assert stop.body == {"date": "2024-05-06T09:00:01.000Z", "username": "anna"}


@pytest.mark.parametrize("suffix", ["", "/", "/api/v2/ext", "/api/v2/ext/", "  "])
async def test_url_forms(raw: RawServer, suffix: str) -> None:
    raw.json("GET", "tasks", [])
    async with TimeTrackClient(raw.url + suffix, "k", "s") as api:
        assert api.url == raw.url
        assert await api.get_tasks() == []
    assert raw.requests[0].path == "/api/v2/ext/tasks"


def test_url_without_scheme_means_https() -> None:
    api = TimeTrackClient("acme.timetrackenterprise.com", "k", "s")
    assert api.url == "https://acme.timetrackenterprise.com"
    assert TimeTrackClient("HTTP://h:8089/base/", "k", "s").url == "http://h:8089/base"


@pytest.mark.parametrize("url", ["", "   ", "ftp://host", "https://", "http:///x"])
def test_invalid_url(url: str) -> None:
    with pytest.raises(ValueError, match="url"):
        TimeTrackClient(url, "k", "s")


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="api_key"):
        TimeTrackClient("https://h", "", "s")
    with pytest.raises(ValueError, match="api_secret"):
        TimeTrackClient("https://h", "k", " ")
    for timeout in (0, -1, float("nan")):
        with pytest.raises(ValueError, match="request_timeout"):
            TimeTrackClient("https://h", "k", "s", request_timeout=timeout)


async def test_naive_datetimes_and_empty_names_are_refused(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """Refused before anything is sent."""
    naive = datetime(2024, 5, 6, 9, 0)
    day = date(2024, 1, 1)
    calls: list[Call] = [
        *timer_calls(api, "anna", naive),
        lambda: api.get_project_timer(""),
        lambda: api.get_attendance_timer(" "),
        lambda: api.start_project_timer("anna", client_name="", project_name="B"),
        lambda: api.start_project_timer("anna", client_name="A", project_name=""),
        lambda: api.get_work_reports("", day, day),
        lambda: api.get_attendances("", day, day),
        lambda: api.get_project_time_entries(" ", day, day),
        lambda: api.get_absences("", day, day),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=r"timezone-aware|non-empty"):
            await call()
    with pytest.raises(ValueError, match="after"):
        await api.get_absences("anna", date(2024, 1, 2), day)
    assert raw.requests == []


async def test_other_statuses(raw: RawServer, api: TimeTrackClient) -> None:
    """A 3xx that is not followed is an invalid (transient) response with its
    status: a redirect is what a captive portal answers."""
    raw.reply("GET", "tasks", Reply(300, "multiple choices"))
    with pytest.raises(TimeTrackInvalidResponseError) as err:
        await api.get_tasks()
    assert err.value.status == 300
    seen = api.observations.endpoints["tasks"]
    assert (seen.status, seen.content, seen.shape) == (300, "text", None)
    raw.reply("GET", "tasks", Reply(418, "I'm a teapot", content_type="text/plain"))
    with pytest.raises(TimeTrackRequestError) as err2:
        await api.get_tasks()
    assert (err2.value.status, err2.value.title, err2.value.detail) == (418, None, None)
    assert str(err2.value) == "TimeTrack refused the request (HTTP 418)"


async def test_success_that_is_not_json_is_invalid(
    raw: RawServer, api: TimeTrackClient
) -> None:
    """HTML or undecodable bytes in a 2xx: transient, and no page text leaks."""
    page = "<html><body>login</body></html>"
    raw.reply("GET", TIMER, Reply(200, page, content_type="text/html"))
    with pytest.raises(TimeTrackInvalidResponseError) as err:
        await api.get_project_timer("anna", T0)
    assert err.value.status == 200
    assert "<html" not in str(err.value)
    assert api.observations.endpoints["project_timer"].content == "html"
    raw.reply("GET", TIMER, Reply(200, b"\xff\xfe{}"))
    with pytest.raises(TimeTrackInvalidResponseError):
        await api.get_project_timer("anna", T0)
    assert api.observations.endpoints["project_timer"].content == "text"


async def test_server_error_with_json_body(
    raw: RawServer, api: TimeTrackClient
) -> None:
    raw.reply(
        "GET",
        "tasks",
        Reply(
            503,
            {"errors": [{"title": "Maintenance", "detail": "Maintenance", "code": 1}]},
        ),
    )
    with pytest.raises(TimeTrackServerError) as err:
        await api.get_tasks()
    assert str(err.value) == "TimeTrack server error (HTTP 503, code 1): Maintenance"
    assert err.value.title == "Maintenance"


async def test_server_error_with_huge_html(
    raw: RawServer, api: TimeTrackClient
) -> None:
    page = "<html><body>" + "x" * 100_000 + "</body></html>"
    raw.reply("GET", "tasks", Reply(502, page, content_type="text/html"))
    with pytest.raises(TimeTrackServerError) as err:
        await api.get_tasks()
    assert str(err.value) == "TimeTrack server error (HTTP 502)"
    assert err.value.status == 502


@pytest.mark.parametrize(
    "body",
    [
        "[1, 2]",
        '{"errors": []}',
        '{"errors": ["text"]}',
        '{"errors": [{"code": true, "title": 5}]}',
        '{"error": 5}',
    ],
)
async def test_odd_error_bodies(
    raw: RawServer, api: TimeTrackClient, body: str
) -> None:
    raw.reply("GET", "tasks", Reply(400, body))
    with pytest.raises(TimeTrackRequestError) as err:
        await api.get_tasks()
    assert err.value.status == 400
    assert err.value.code is None


async def test_long_error_text_is_cut(raw: RawServer, api: TimeTrackClient) -> None:
    raw.reply("GET", "tasks", Reply(400, errors(1, "Bad", "y" * 5000, status=400)))
    with pytest.raises(TimeTrackRequestError) as err:
        await api.get_tasks()
    assert err.value.detail is not None
    assert len(err.value.detail) == 300
    assert err.value.detail.endswith("…")


async def test_echoed_secrets_are_redacted(
    raw: RawServer, api: TimeTrackClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    raw.reply(
        "GET",
        "tasks",
        Reply(
            401,
            errors(
                15000,
                f"Bad key {DEMO_API_KEY}",
                f"key={DEMO_API_KEY} secret={DEMO_API_SECRET}",
                status=401,
            ),
        ),
    )
    with pytest.raises(TimeTrackAuthenticationError) as err:
        await api.get_tasks()
    for text in (
        str(err.value),
        repr(err.value),
        err.value.title,
        err.value.detail,
        caplog.text,
        repr(api.observations.as_dict()),
    ):
        assert text is not None
        assert DEMO_API_KEY not in text
        assert DEMO_API_SECRET not in text
    assert "**REDACTED**" in str(err.value)

"""check_user: proof that an address is TimeTrack and knows the user."""

from typing import Any

import pytest

from custom_components.timetrack.api import (
    TRANSIENT_ERRORS,
    TimeTrackAuthenticationError,
    TimeTrackClient,
    TimeTrackError,
    TimeTrackInvalidResponseError,
    TimeTrackNotFoundError,
    TimeTrackServerError,
    TimeTrackUnrecognizedError,
    TimeTrackUserNotFoundError,
    User,
)
from custom_components.timetrack.api.proof import check_user

from .bodies import (
    ATTENDANCE,
    CLOSED_ENTRY,
    LEGACY,
    NULL_TIMER,
    OPEN_ENTRY,
    RUNNING,
    TIMER,
    errors,
)
from .raw_http import RawServer, Reply

ANNA = {"username": "anna", "firstName": "Anna", "lastName": "Berger"}
PORTAL = Reply(
    200, "<html><body>Sign in to the Wi-Fi</body></html>", content_type="text/html"
)

FORBIDDEN = Reply(403, errors(None, "Forbidden", status=403))


def answer_all(raw: RawServer, reply: Reply) -> None:
    """Give the three reads check_user makes (both timer routes) one answer."""
    for path in (TIMER, LEGACY, ATTENDANCE, "users"):
        raw.reply("GET", path, reply)


@pytest.mark.parametrize(
    ("timer", "attendance", "directory", "user"),
    [
        (RUNNING, {}, FORBIDDEN, User("anna")),
        ({}, OPEN_ENTRY, FORBIDDEN, User("anna")),
        ({"data": RUNNING}, [CLOSED_ENTRY, OPEN_ENTRY], FORBIDDEN, User("anna")),
        (NULL_TIMER, {}, FORBIDDEN, User("anna")),
        ({}, {}, Reply(404, errors(15050, "Feature not available")), User("anna")),
        (
            {},
            {},
            Reply(200, [ANNA, {"username": "ben"}]),
            User("anna", "Anna", "Berger"),
        ),
    ],
)
async def test_each_kind_of_evidence_proves_timetrack(
    raw: RawServer,
    raw_client: TimeTrackClient,
    timer: Any,
    attendance: Any,
    directory: Reply,
    user: User,
) -> None:
    """A started timer, an answer in a timer's documented fields, an error
    with one of TimeTrack's codes, or users in the directory."""
    raw.json("GET", TIMER, timer)
    raw.json("GET", ATTENDANCE, attendance)
    raw.reply("GET", "users", directory)
    assert await check_user(raw_client, "anna") == user


@pytest.mark.parametrize(
    ("directory", "error"),
    [
        (FORBIDDEN, TimeTrackUnrecognizedError),
        (Reply(404), TimeTrackUnrecognizedError),
        (Reply(200, "[]"), TimeTrackUnrecognizedError),
        (
            Reply(200, '{"unexpected": true, "items": "none"}'),
            TimeTrackUnrecognizedError,
        ),
        (
            Reply(500, "<html>oops</html>", content_type="text/html"),
            TimeTrackServerError,
        ),
    ],
)
async def test_empty_answers_prove_nothing(
    raw: RawServer,
    raw_client: TimeTrackClient,
    directory: Reply,
    error: type[TimeTrackError],
) -> None:
    """``{}`` from both timers is what many servers say to anything: without
    other evidence the address is refused (or the directory's fault raised)."""
    raw.json("GET", TIMER, {})
    raw.json("GET", ATTENDANCE, [])
    raw.reply("GET", "users", directory)
    with pytest.raises(error):
        await check_user(raw_client, "anna")


async def test_proven_on_the_legacy_route(
    raw: RawServer, raw_client: TimeTrackClient
) -> None:
    raw.json("GET", LEGACY, {})
    raw.json("GET", ATTENDANCE, {})
    raw.json("GET", "users", [ANNA])
    assert (await check_user(raw_client, "anna")).full_name == "Anna Berger"
    assert raw_client.observations.project_timer_path == LEGACY


async def test_the_directory_match_is_exact_then_ignoring_case(
    raw: RawServer, raw_client: TimeTrackClient
) -> None:
    raw.json("GET", TIMER, {})
    raw.json("GET", ATTENDANCE, {})
    raw.json("GET", "users", [{"username": "anna2"}, {"username": "Anna"}])
    assert (await check_user(raw_client, "anna")).username == "Anna"
    raw.json("GET", "users", [{"username": "Anna"}, {"username": "anna"}])
    assert (await check_user(raw_client, "anna")).username == "anna"
    raw.json("GET", "users", [{"username": "annabel"}])
    with pytest.raises(TimeTrackUserNotFoundError, match="directory"):
        await check_user(raw_client, "anna")


@pytest.mark.parametrize(
    "reply",
    [
        Reply(404, errors(15020, "User not found", "no user 'zoe'")),
        Reply(404, errors(None, "User not found")),
        Reply(404, '{"message": "User zoe not found", "status": 404}'),
        Reply(200, '{"success": false, "errors": [{"status": 404, "code": 15020}]}'),
    ],
)
async def test_unknown_user_told_by_the_timers(
    raw: RawServer, raw_client: TimeTrackClient, reply: Reply
) -> None:
    answer_all(raw, reply)
    raw.json("GET", "users", [ANNA])
    with pytest.raises(TimeTrackUserNotFoundError):
        await check_user(raw_client, "zoe")


async def test_unknown_user_told_by_the_directory(
    raw: RawServer, raw_client: TimeTrackClient
) -> None:
    """The timers answer a bare 404 (an HTML error page): the directory decides."""
    raw.json("GET", "users", [ANNA])
    with pytest.raises(TimeTrackUserNotFoundError, match="directory"):
        await check_user(raw_client, "zoe")
    # An empty directory proves nothing (it used to say "no such user").
    raw.json("GET", "users", [])
    with pytest.raises(TimeTrackUnrecognizedError):
        await check_user(raw_client, "zoe")


async def test_an_address_answering_404_to_everything(
    raw: RawServer, raw_client: TimeTrackClient
) -> None:
    for reply in (Reply(404), Reply(404, errors(15050, "Unknown route"))):
        answer_all(raw, reply)
        with pytest.raises(TimeTrackUnrecognizedError) as err:
            await check_user(raw_client, "anna")
        assert not isinstance(err.value, TimeTrackUserNotFoundError)
        assert not isinstance(err.value, TRANSIENT_ERRORS)


async def test_a_bare_404_known_to_the_directory_is_not_proof(
    raw: RawServer, raw_client: TimeTrackClient
) -> None:
    raw.json("GET", "users", [ANNA])
    with pytest.raises(TimeTrackUnrecognizedError) as err:
        await check_user(raw_client, "anna")
    assert isinstance(err.value.__cause__, TimeTrackNotFoundError)


async def test_a_captive_portal(raw: RawServer, raw_client: TimeTrackClient) -> None:
    """HTML in a 200: no proof either way, and transient (try again later)."""
    answer_all(raw, PORTAL)
    with pytest.raises(TimeTrackInvalidResponseError) as err:
        await check_user(raw_client, "anna")
    assert isinstance(err.value, TRANSIENT_ERRORS)
    assert "Wi-Fi" not in str(err.value)


@pytest.mark.parametrize(
    "body",
    [
        {"status": "ok", "version": "1.2.3"},
        {"hello": "world"},
        [1, 2, 3],
        '"pong"',
    ],
)
async def test_a_json_server_of_another_shape(
    raw: RawServer, raw_client: TimeTrackClient, body: Any
) -> None:
    answer_all(raw, Reply(200, body))
    with pytest.raises(TimeTrackUnrecognizedError) as err:
        await check_user(raw_client, "anna")
    assert not isinstance(err.value, TRANSIENT_ERRORS)
    assert raw_client.observations.endpoints["project_timer"].recognised is False


@pytest.mark.parametrize(
    "reply",
    [
        Reply(401, errors(15000, "Invalid API key", status=401)),
        Reply(403, "<html>Forbidden</html>", content_type="text/html"),
        Reply(200, '{"success": false, "errors": [{"status": 401}]}'),
    ],
)
async def test_a_wrong_key(
    raw: RawServer, raw_client: TimeTrackClient, reply: Reply
) -> None:
    answer_all(raw, reply)
    with pytest.raises(TimeTrackAuthenticationError):
        await check_user(raw_client, "anna")


@pytest.mark.parametrize(
    ("timer", "error"),
    [
        (Reply(500, errors(1, status=500)), TimeTrackServerError),
        (PORTAL, TimeTrackInvalidResponseError),
        (Reply(200, '{"username": "anna"}'), TimeTrackUnrecognizedError),
    ],
)
async def test_one_timer_failing_fails_the_proof(
    raw: RawServer,
    raw_client: TimeTrackClient,
    timer: Reply,
    error: type[TimeTrackError],
) -> None:
    raw.reply("GET", TIMER, timer)
    raw.json("GET", ATTENDANCE, {})
    raw.json("GET", "users", [ANNA])
    with pytest.raises(error):
        await check_user(raw_client, "anna")


async def test_programming_errors_are_not_swallowed(
    raw_client: TimeTrackClient,
) -> None:
    with pytest.raises(ValueError, match="non-empty"):
        await check_user(raw_client, " ")

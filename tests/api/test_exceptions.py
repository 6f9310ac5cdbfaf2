"""The exception hierarchy and its messages."""

import pytest

from custom_components.timetrack.api import (
    TRANSIENT_ERRORS,
    TimeTrackAuthenticationError,
    TimeTrackConnectionError,
    TimeTrackError,
    TimeTrackInvalidResponseError,
    TimeTrackNotFoundError,
    TimeTrackRateLimitError,
    TimeTrackRequestError,
    TimeTrackServerError,
    TimeTrackTimeoutError,
    TimeTrackUnrecognizedError,
    TimeTrackUserNotFoundError,
)


@pytest.mark.parametrize(
    ("error", "parents"),
    [
        (TimeTrackConnectionError, (TimeTrackError,)),
        (TimeTrackTimeoutError, (TimeTrackConnectionError, TimeTrackError)),
        (TimeTrackAuthenticationError, (TimeTrackError,)),
        (TimeTrackRequestError, (TimeTrackError,)),
        (TimeTrackNotFoundError, (TimeTrackRequestError, TimeTrackError)),
        (
            TimeTrackUserNotFoundError,
            (TimeTrackNotFoundError, TimeTrackRequestError, TimeTrackError),
        ),
        (TimeTrackRateLimitError, (TimeTrackError,)),
        (TimeTrackServerError, (TimeTrackError,)),
        (TimeTrackInvalidResponseError, (TimeTrackServerError, TimeTrackError)),
        (TimeTrackUnrecognizedError, (TimeTrackError,)),
    ],
)
def test_hierarchy(
    error: type[Exception], parents: tuple[type[Exception], ...]
) -> None:
    for parent in parents:
        assert issubclass(error, parent)
    assert issubclass(error, Exception)


def test_request_error_message_and_attributes() -> None:
    err = TimeTrackRequestError(409, code=15010, title="Running", detail="timer is on")
    assert (err.status, err.code, err.title, err.detail) == (
        409,
        15010,
        "Running",
        "timer is on",
    )
    assert str(err) == (
        "TimeTrack refused the request (HTTP 409, code 15010): Running - timer is on"
    )
    assert str(TimeTrackRequestError()) == "TimeTrack refused the request"
    assert str(TimeTrackNotFoundError(404, detail="gone")) == (
        "TimeTrack found nothing there (HTTP 404): gone"
    )
    assert str(TimeTrackUserNotFoundError(404, code=15020, title="X", detail="X")) == (
        "TimeTrack user not found (HTTP 404, code 15020): X"
    )


def test_other_messages() -> None:
    assert str(TimeTrackAuthenticationError(401)) == (
        "TimeTrack refused the API credentials (HTTP 401)"
    )
    assert str(TimeTrackServerError(500)) == "TimeTrack server error (HTTP 500)"
    assert str(TimeTrackInvalidResponseError(200)) == (
        "TimeTrack sent an invalid response (HTTP 200)"
    )
    assert str(TimeTrackInvalidResponseError(200, message="Bad JSON")) == (
        "Bad JSON (HTTP 200)"
    )
    limited = TimeTrackRateLimitError(12.4)
    assert limited.retry_after == 12.4
    assert str(limited) == "TimeTrack rate limit reached, retry after 12 s"
    unknown = TimeTrackRateLimitError()
    assert unknown.retry_after is None
    assert str(unknown) == "TimeTrack rate limit reached"


def test_unrecognized_is_its_own_kind() -> None:
    """JSON of an unknown shape is neither a server fault nor a refusal."""
    assert not issubclass(TimeTrackUnrecognizedError, TimeTrackServerError)
    assert not issubclass(TimeTrackUnrecognizedError, TimeTrackRequestError)
    assert str(TimeTrackUnrecognizedError()) == (
        "TimeTrack answered in a way this integration does not recognise"
    )
    err = TimeTrackUnrecognizedError(message="tasks: a list of other things")
    assert str(err) == "tasks: a list of other things"
    assert err.status is None


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (TimeTrackConnectionError(), True),
        (TimeTrackTimeoutError(), True),
        (TimeTrackServerError(500), True),
        (TimeTrackInvalidResponseError(200), True),
        (TimeTrackRateLimitError(5), True),
        (TimeTrackAuthenticationError(401), False),
        (TimeTrackRequestError(400), False),
        (TimeTrackNotFoundError(404), False),
        (TimeTrackUserNotFoundError(404), False),
        (TimeTrackUnrecognizedError(), False),
    ],
)
def test_transient_errors(error: TimeTrackError, transient: bool) -> None:
    assert isinstance(error, TRANSIENT_ERRORS) is transient


def test_connection_messages() -> None:
    assert str(TimeTrackConnectionError()) == "TimeTrack could not be reached"
    assert str(TimeTrackConnectionError("GET tasks: refused")) == "GET tasks: refused"
    assert str(TimeTrackTimeoutError()) == "TimeTrack did not answer in time"
    assert TimeTrackConnectionError("x").status is None
    assert TimeTrackRateLimitError().status == 429

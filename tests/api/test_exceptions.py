"""The exception hierarchy and its messages."""

import pytest

from custom_components.timetrack.api import (
    TimeTrackAuthenticationError,
    TimeTrackConnectionError,
    TimeTrackError,
    TimeTrackInvalidResponseError,
    TimeTrackNotFoundError,
    TimeTrackRateLimitError,
    TimeTrackRequestError,
    TimeTrackServerError,
    TimeTrackTimeoutError,
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

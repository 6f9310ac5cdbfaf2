"""Exceptions raised by the TimeTrack API client.

None of these ever carries the API key or secret: the client redacts both
from any server text before it builds an exception.
"""

__all__ = [
    "TimeTrackAuthenticationError",
    "TimeTrackConnectionError",
    "TimeTrackError",
    "TimeTrackInvalidResponseError",
    "TimeTrackNotFoundError",
    "TimeTrackRateLimitError",
    "TimeTrackRequestError",
    "TimeTrackServerError",
    "TimeTrackTimeoutError",
    "TimeTrackUserNotFoundError",
]


class TimeTrackError(Exception):
    """Base class of every error of the TimeTrack API client."""


class TimeTrackConnectionError(TimeTrackError):
    """The service could not be reached (DNS, refused, reset, dropped)."""


class TimeTrackTimeoutError(TimeTrackConnectionError):
    """A request took longer than the client's request timeout."""


def _describe(
    lead: str,
    status: int | None,
    code: int | None,
    title: str | None,
    detail: str | None,
) -> str:
    """Build a readable one-line message from an API error."""
    facts = []
    if status is not None:
        facts.append(f"HTTP {status}")
    if code is not None:
        facts.append(f"code {code}")
    text = lead
    if facts:
        text += f" ({', '.join(facts)})"
    parts = [part for part in (title, detail) if part]
    if len(parts) == 2 and parts[0] == parts[1]:  # noqa: PLR2004
        parts = parts[:1]
    if parts:
        text += ": " + " - ".join(parts)
    return text


class _ApiErrorMixin:
    """Attributes shared by errors that carry the API's ``errors`` body."""

    status: int | None
    code: int | None
    title: str | None
    detail: str | None


class TimeTrackAuthenticationError(_ApiErrorMixin, TimeTrackError):
    """The API key or secret was refused (HTTP 401 or 403)."""

    def __init__(
        self,
        status: int | None = None,
        *,
        code: int | None = None,
        title: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Initialise from the HTTP status and the API's error fields."""
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        super().__init__(
            _describe(
                "TimeTrack refused the API credentials", status, code, title, detail
            )
        )


class TimeTrackRequestError(_ApiErrorMixin, TimeTrackError):
    """The service refused a request (HTTP 4xx other than 401/403/429).

    ``status`` is the HTTP status; ``code``, ``title`` and ``detail`` come from
    the first entry of the API's ``errors`` body when there is one.
    """

    _lead = "TimeTrack refused the request"

    def __init__(
        self,
        status: int | None = None,
        *,
        code: int | None = None,
        title: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Initialise from the HTTP status and the API's error fields."""
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        super().__init__(_describe(self._lead, status, code, title, detail))


class TimeTrackNotFoundError(TimeTrackRequestError):
    """The resource or route does not exist (HTTP 404)."""

    _lead = "TimeTrack found nothing there"


class TimeTrackUserNotFoundError(TimeTrackNotFoundError):
    """The named user does not exist in the account."""

    _lead = "TimeTrack user not found"


class TimeTrackRateLimitError(TimeTrackError):
    """Too many requests (HTTP 429), or a request made while held after one.

    ``retry_after`` is the number of seconds to wait, when known.
    """

    def __init__(self, retry_after: float | None = None) -> None:
        """Initialise with the seconds left until requests may be sent again."""
        self.retry_after = retry_after
        if retry_after is None:
            message = "TimeTrack rate limit reached"
        else:
            message = f"TimeTrack rate limit reached, retry after {retry_after:.0f} s"
        super().__init__(message)


class TimeTrackServerError(TimeTrackError):
    """The service failed (HTTP 5xx), whatever the body (HTML included).

    ``status`` is the HTTP status. The body itself is never part of the message.
    """

    _lead = "TimeTrack server error"

    def __init__(
        self,
        status: int | None = None,
        *,
        message: str | None = None,
        code: int | None = None,
        title: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Initialise from the HTTP status and, if any, the API's error fields."""
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        super().__init__(_describe(message or self._lead, status, code, title, detail))


class TimeTrackInvalidResponseError(TimeTrackServerError):
    """The answer could not be understood (malformed JSON, wrong shape)."""

    _lead = "TimeTrack sent an invalid response"

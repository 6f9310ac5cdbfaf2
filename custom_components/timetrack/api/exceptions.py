"""Exceptions raised by the TimeTrack API client.

None of them ever carries the API key or secret: the client redacts both from
any text the server sent before it builds an exception.
"""

__all__ = [
    "TRANSIENT_ERRORS",
    "TimeTrackAuthenticationError",
    "TimeTrackConnectionError",
    "TimeTrackError",
    "TimeTrackInvalidResponseError",
    "TimeTrackNotFoundError",
    "TimeTrackRateLimitError",
    "TimeTrackRequestError",
    "TimeTrackServerError",
    "TimeTrackTimeoutError",
    "TimeTrackUnrecognizedError",
    "TimeTrackUserNotFoundError",
]


class TimeTrackError(Exception):
    """Base class of every error of the TimeTrack API client.

    ``status`` is the HTTP status (or the one an error body names); ``code``,
    ``title`` and ``detail`` come from TimeTrack's error body when it has one.
    """

    lead = "TimeTrack error"

    def __init__(
        self,
        status: int | None = None,
        *,
        message: str | None = None,
        code: int | None = None,
        title: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Describe the error from the HTTP status and the body's error fields."""
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        super().__init__(_describe(message or self.lead, status, code, title, detail))


def _describe(
    lead: str,
    status: int | None,
    code: int | None,
    title: str | None,
    detail: str | None,
) -> str:
    """One readable line: lead (HTTP status, code): title - detail."""
    facts = []
    if status is not None:
        facts.append(f"HTTP {status}")
    if code is not None:
        facts.append(f"code {code}")
    text = f"{lead} ({', '.join(facts)})" if facts else lead
    parts = list(dict.fromkeys(part for part in (title, detail) if part))
    return f"{text}: {' - '.join(parts)}" if parts else text


class TimeTrackConnectionError(TimeTrackError):
    """The service could not be reached (DNS, refused, reset, dropped)."""

    lead = "TimeTrack could not be reached"

    def __init__(self, message: str | None = None) -> None:
        """Describe what failed on the way to TimeTrack."""
        super().__init__(message=message)


class TimeTrackTimeoutError(TimeTrackConnectionError):
    """A request took longer than the client's request timeout."""

    lead = "TimeTrack did not answer in time"


class TimeTrackAuthenticationError(TimeTrackError):
    """The API key or secret was refused (HTTP 401 or 403)."""

    lead = "TimeTrack refused the API credentials"


class TimeTrackRequestError(TimeTrackError):
    """The service refused a request (HTTP 4xx other than 401/403/429)."""

    lead = "TimeTrack refused the request"


class TimeTrackNotFoundError(TimeTrackRequestError):
    """The resource or route does not exist (HTTP 404)."""

    lead = "TimeTrack found nothing there"


class TimeTrackUserNotFoundError(TimeTrackNotFoundError):
    """The named user does not exist in the account."""

    lead = "TimeTrack user not found"


class TimeTrackRateLimitError(TimeTrackError):
    """Too many requests (HTTP 429), or a request made while held after one.

    ``retry_after`` is the number of seconds to wait, when known.
    """

    def __init__(self, retry_after: float | None = None) -> None:
        """Say how long to wait, when known."""
        self.retry_after = retry_after
        message = "TimeTrack rate limit reached"
        if retry_after is not None:
            message += f", retry after {retry_after:.0f} s"
        super().__init__(message=message)
        self.status = 429


class TimeTrackServerError(TimeTrackError):
    """The service failed (HTTP 5xx), whatever the body (HTML included)."""

    lead = "TimeTrack server error"


class TimeTrackInvalidResponseError(TimeTrackServerError):
    """A success whose body is not JSON at all: cut off, or a page of HTML.

    Like a server error this is taken as transient: a captive portal or a
    proxy answered in TimeTrack's place.
    """

    lead = "TimeTrack sent an invalid response"


class TimeTrackUnrecognizedError(TimeTrackError):
    """JSON of a shape this client does not know, where it expected TimeTrack's.

    Never guessed around: the caller surfaces it (the entity goes unavailable,
    a kept action is dropped), and diagnostics show the shape that was seen.
    """

    lead = "TimeTrack answered in a way this integration does not recognise"


# Faults after which the same request may well succeed later.
TRANSIENT_ERRORS: tuple[type[TimeTrackError], ...] = (
    TimeTrackConnectionError,
    TimeTrackServerError,
    TimeTrackRateLimitError,
)

"""The one way a request reaches TimeTrack, and the choices made on the way.

Authentication headers, the timeout, the hold after a 429, decoding, turning
an error answer into an exception, and the documented alternatives the
service may need (reads by POST, the project timer's other route, lists that
refuse paging: paging.py), each tried once and then remembered.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
import logging
import math
import time
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

import aiohttp

from . import dialect
from .exceptions import (
    TimeTrackConnectionError,
    TimeTrackError,
    TimeTrackInvalidResponseError,
    TimeTrackNotFoundError,
    TimeTrackRateLimitError,
    TimeTrackRequestError,
    TimeTrackTimeoutError,
    TimeTrackUnrecognizedError,
)
from .observations import Observations
from .timestamps import encode_timestamp

__all__ = ["Rows", "Transport", "normalize_url", "require_text"]

_LOGGER = logging.getLogger(__package__)

API_PATH: Final = "/api/v2/ext/"
HEADER_API_KEY: Final = "X-TimeTrack-Api-Key"
HEADER_API_SECRET: Final = "X-TimeTrack-Api-Secret"  # noqa: S105
# The documented route, and the one a stored copy of the docs writes.
PROJECT_TIMER_PATH: Final = "timers/project_timer"
PROJECT_TIMER_LEGACY_PATH: Final = "project_timer"

_REDACTED = "**REDACTED**"

type Rows = list[Mapping[str, Any]]


def require_text(value: str, name: str) -> str:
    """`value`, which must be non-empty text."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be non-empty text")
    return value


def normalize_url(url: str) -> str:
    """The account's base URL without trailing slash or API path."""
    text = require_text(url, "url").strip()
    if "://" not in text:
        text = f"https://{text}"
    parts = urlsplit(text)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ValueError("url must be an http(s) URL of the TimeTrack account")
    path = parts.path.rstrip("/").removesuffix(API_PATH.rstrip("/"))
    return urlunsplit((parts.scheme.lower(), parts.netloc, path, "", ""))


# Seconds to wait after a 429 that does not say how long.
DEFAULT_RETRY_AFTER: Final = 60.0


def _retry_after(value: str | None) -> float:
    """Seconds from a Retry-After header (seconds or an HTTP date)."""
    text = (value or "").strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except TypeError, ValueError, IndexError:
            return DEFAULT_RETRY_AFTER
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else DEFAULT_RETRY_AFTER


def _decode(raw: bytes) -> tuple[str, Any]:
    """What kind of body came ("json", "none", "html", "text"), and its JSON."""
    try:
        payload = dialect.decode_json(raw)
    except ValueError:
        return ("html" if raw.lstrip()[:1] == b"<" else "text"), None
    return ("none" if payload is dialect.EMPTY else "json"), payload


# Rows asked for a page of a list (paging.py).
DEFAULT_PAGE_SIZE: Final = 200


class Transport:
    """Requests to one account, with its credentials, time zone and choices."""

    def __init__(
        self,
        url: str,
        api_key: str,
        api_secret: str,
        *,
        session: aiohttp.ClientSession | None,
        time_zone: tzinfo,
        request_timeout: float,
    ) -> None:
        """Talk to the account at `url`."""
        self.url = normalize_url(url)
        self._secrets = (
            require_text(api_key, "api_key"),
            require_text(api_secret, "api_secret"),
        )
        if not isinstance(request_timeout, int | float) or not request_timeout > 0:
            raise ValueError("request_timeout must be a positive number of seconds")
        self.time_zone = time_zone
        self.request_timeout = float(request_timeout)
        self.page_size = DEFAULT_PAGE_SIZE
        self.observations = Observations()
        self.session = session
        self.owns_session = False
        self._headers: Final = {
            HEADER_API_KEY: api_key,
            HEADER_API_SECRET: api_secret,
            "Accept": "application/json",
        }
        self.clock: Callable[[], float] = time.monotonic
        self.hold_until: float | None = None

    def held_for(self) -> float | None:
        """Seconds left of the hold after a 429, or None."""
        if self.hold_until is not None and self.clock() >= self.hold_until:
            self.hold_until = None
        return None if self.hold_until is None else self.hold_until - self.clock()

    async def request(
        self,
        method: str,
        path: str,
        *,
        endpoint: str,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> Any:
        """Send one request; its JSON, or dialect.EMPTY when it has no body."""
        if (held := self.held_for()) is not None:
            raise TimeTrackRateLimitError(retry_after=held)
        if self.session is None:
            self.session = aiohttp.ClientSession()
            self.owns_session = True
        try:
            async with (
                asyncio.timeout(self.request_timeout),
                self.session.request(
                    method,
                    f"{self.url}{API_PATH}{path}",
                    params=params,
                    json=body,
                    headers=self._headers,
                    raise_for_status=False,
                ) as response,
            ):
                status, raw = response.status, await response.read()
                retry_after = response.headers.get("Retry-After")
        except TimeoutError as err:
            raise TimeTrackTimeoutError(
                f"No answer within {self.request_timeout:g} s ({method} {endpoint})"
            ) from err
        except (aiohttp.ClientError, OSError) as err:
            reason = self.redact(str(err) or type(err).__name__)
            raise TimeTrackConnectionError(f"{method} {endpoint}: {reason}") from err
        content, payload = _decode(raw)
        fields = dialect.read_error_body(payload) if content == "json" else None
        code = fields.code if fields is not None else None
        self.observations.saw(endpoint, method, status, content, payload, code=code)
        _LOGGER.debug("%s %s -> HTTP %s (%s)", method, endpoint, status, content)
        if 300 <= status < 400:  # noqa: PLR2004
            raise TimeTrackInvalidResponseError(
                status, message=f"TimeTrack answered {endpoint} with a redirect"
            )
        if status >= 400 or fields is not None:  # noqa: PLR2004
            raise self._error(status, fields, retry_after)
        if content not in {"json", "none"}:
            raise TimeTrackInvalidResponseError(
                status, message=f"TimeTrack answered {endpoint} with {content}"
            )
        return payload

    def _error(
        self, status: int, fields: dialect.ErrorFields | None, retry_after: str | None
    ) -> TimeTrackError:
        """The exception for an error answer, its texts redacted."""
        if fields is not None:
            fields = dialect.ErrorFields(
                status=fields.status,
                code=fields.code,
                title=self.redact(fields.title),
                detail=self.redact(fields.detail),
            )
        if status == 429 or (fields is not None and fields.status == 429):  # noqa: PLR2004
            seconds = _retry_after(retry_after)
            self.hold_until = max(self.hold_until or 0.0, self.clock() + seconds)
            return TimeTrackRateLimitError(retry_after=seconds)
        return dialect.error_from_status(status, fields)

    def redact[T: (str, str | None)](self, text: T) -> T:
        """Text the server sent, without the key or secret, cut to a sane length."""
        if text is None:
            return text
        for secret in self._secrets:
            text = text.replace(secret, _REDACTED)
        if len(text) > 300:  # noqa: PLR2004 - enough for any message
            return text[:299] + "…"
        return text

    async def read(self, endpoint: str, path: str, params: Mapping[str, str]) -> Any:
        """A read: GET, or POST with ``{}`` once the route answered 405 to GET."""
        if path in self.observations.reads_by_post:
            return await self.request(
                "POST", path, endpoint=endpoint, params=params, body={}
            )
        try:
            return await self.request("GET", path, endpoint=endpoint, params=params)
        except TimeTrackRequestError as err:
            if err.status != 405:  # noqa: PLR2004
                raise
        _LOGGER.debug("%s answered 405 to GET: reading it by POST", endpoint)
        answer = await self.request(
            "POST", path, endpoint=endpoint, params=params, body={}
        )
        self.observations.reads_by_post.add(path)
        return answer

    async def on_project_timer[T](self, call: Callable[[str], Awaitable[T]]) -> T:
        """Call the project timer's route, finding on first use which one exists.

        The documented route is ``timers/project_timer``; a stored copy of the
        docs writes ``project_timer``. A 404 that may mean "no such route" is
        tried once on the other; the first route that answers is kept.
        """
        if (known := self.observations.project_timer_path) is not None:
            return await call(known)
        try:
            result = await call(PROJECT_TIMER_PATH)
        except TimeTrackNotFoundError as err:
            if not dialect.is_route_miss(err):
                self.observations.project_timer_path = PROJECT_TIMER_PATH
                raise
            return await self._on_legacy_route(call, err)
        except TimeTrackRequestError:
            self.observations.project_timer_path = PROJECT_TIMER_PATH
            raise
        self.observations.project_timer_path = PROJECT_TIMER_PATH
        return result

    async def _on_legacy_route[T](
        self, call: Callable[[str], Awaitable[T]], miss: TimeTrackNotFoundError
    ) -> T:
        try:
            result = await call(PROJECT_TIMER_LEGACY_PATH)
        except TimeTrackNotFoundError as err:
            if dialect.is_route_miss(err):
                raise miss from None
            self.observations.project_timer_path = PROJECT_TIMER_LEGACY_PATH
            raise
        except TimeTrackRequestError:
            self.observations.project_timer_path = PROJECT_TIMER_LEGACY_PATH
            raise
        self.observations.project_timer_path = PROJECT_TIMER_LEGACY_PATH
        return result

    def parse[T](self, endpoint: str, parse: Callable[[], T]) -> T:
        """Read an answer, noting whether it was one of the known forms."""
        try:
            result = parse()
        except TimeTrackUnrecognizedError as err:
            self.observations.recognised(endpoint, recognised=False)
            raise TimeTrackUnrecognizedError(message=f"{endpoint}: {err}") from err
        self.observations.recognised(endpoint, recognised=True)
        return result

    def timestamp(self, value: datetime | None) -> str:
        """`value` (default: now) as the service's local wall-clock timestamp."""
        value = datetime.now(self.time_zone) if value is None else value
        return encode_timestamp(value, self.time_zone)

    async def close(self) -> None:
        """Close the session, if this transport created it."""
        if self.session is not None and self.owns_session:
            await self.session.close()
            self.session = None

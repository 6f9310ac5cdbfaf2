"""Asynchronous client for the TimeTrack REST API."""

import asyncio
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, date, datetime, tzinfo
from email.utils import parsedate_to_datetime
import json
import logging
import math
import re
import time
from typing import TYPE_CHECKING, Any, Final, Self
from urllib.parse import urlsplit, urlunsplit

import aiohttp

from .const import (
    API_PATH,
    ATTENDANCE_TIMER_PATH,
    DEFAULT_PAGE_SIZE,
    DEFAULT_REQUEST_TIMEOUT,
    DEFAULT_RETRY_AFTER,
    ERROR_CODE_UNKNOWN_ROUTE,
    ERROR_CODE_USER_NOT_FOUND,
    HEADER_API_KEY,
    HEADER_API_SECRET,
    MAX_PAGES,
    PROJECT_TIMER_LEGACY_PATH,
    PROJECT_TIMER_PATH,
)
from .exceptions import (
    TimeTrackAuthenticationError,
    TimeTrackConnectionError,
    TimeTrackInvalidResponseError,
    TimeTrackNotFoundError,
    TimeTrackRateLimitError,
    TimeTrackRequestError,
    TimeTrackServerError,
    TimeTrackTimeoutError,
    TimeTrackUserNotFoundError,
)
from .models import (
    ATTENDANCE_TIMER_FIELDS,
    PROJECT_TIMER_FIELDS,
    AttendanceTimer,
    Client,
    Project,
    ProjectTimer,
    Task,
    User,
    WorkReportDay,
)
from .timestamps import encode_date, encode_timestamp

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["TimeTrackClient"]

_LOGGER = logging.getLogger(__package__)

_REDACTED: Final = "**REDACTED**"
_MAX_ERROR_TEXT: Final = 300
_MAX_UNWRAP_DEPTH: Final = 3
_GENERIC_WRAPPERS: Final = ("data", "items", "results", "result", "content", "records")
_USER_UNKNOWN_PATTERNS: Final = (
    re.compile(
        r"\b(?:unknown|no such|invalid|non-?existent|nonexisting)\s+user",
        re.IGNORECASE,
    ),
    re.compile(
        r"\buser(?:name)?\b[^.;:]{0,60}?\b(?:not found|unknown|does not exist|"
        r"doesn't exist|not exist)",
        re.IGNORECASE,
    ),
)
_ROUTE_PATTERN: Final = re.compile(r"\b(?:route|endpoint|path|url)\b", re.IGNORECASE)

type _Json = Any


def _require_aware(value: datetime, name: str) -> None:
    """Raise ValueError when ``value`` is naive."""
    if value.tzinfo is None or value.utcoffset() is None:
        msg = f"{name} must be a timezone-aware datetime"
        raise ValueError(msg)


def _require_text(value: str, name: str) -> str:
    """Raise ValueError unless ``value`` is non-empty text."""
    if not isinstance(value, str) or not value.strip():
        msg = f"{name} must be non-empty text"
        raise ValueError(msg)
    return value


def _normalize_url(url: str) -> str:
    """Return the account base URL without trailing slash or API path."""
    text = _require_text(url, "url").strip()
    if "://" not in text:
        text = f"https://{text}"
    parts = urlsplit(text)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        msg = "url must be an http(s) URL of the TimeTrack account"
        raise ValueError(msg)
    path = parts.path.rstrip("/")
    api = API_PATH.rstrip("/")
    if path.endswith(api):
        path = path.removesuffix(api)
    return urlunsplit((parts.scheme.lower(), parts.netloc, path, "", ""))


def _parse_retry_after(value: str | None) -> float:
    """Parse a Retry-After header (seconds or HTTP-date) into seconds."""
    if not value or not value.strip():
        return DEFAULT_RETRY_AFTER
    text = value.strip()
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
    if not math.isfinite(seconds):
        return DEFAULT_RETRY_AFTER
    return max(0.0, seconds)


def _says_user_unknown(*texts: str | None) -> bool:
    """Whether an error's title or detail says the user does not exist."""
    return any(
        pattern.search(text)
        for text in texts
        if text
        for pattern in _USER_UNKNOWN_PATTERNS
    )


def _is_route_miss(err: TimeTrackNotFoundError) -> bool:
    """Whether a 404 looks like "no such route" rather than "no such thing"."""
    if isinstance(err, TimeTrackUserNotFoundError):
        return False
    if err.code == ERROR_CODE_UNKNOWN_ROUTE:
        return True
    if err.code is None and err.title is None and err.detail is None:
        return True
    return any(text and _ROUTE_PATTERN.search(text) for text in (err.title, err.detail))


def _unwrap_item(
    payload: _Json,
    fields: Collection[str],
    wrappers: tuple[str, ...],
    *,
    prefer_open: bool = False,
    depth: int = 0,
) -> Mapping[str, Any] | None:
    """Find the single object in an answer, or None when it holds none.

    Accepts the object itself, an object wrapping it (``data`` and similar
    keys) and a list of objects (the open one, or else the last one, wins).
    An object holding none of ``fields`` counts as "nothing".
    """
    if payload is None or depth > _MAX_UNWRAP_DEPTH:
        return None
    if isinstance(payload, list):
        items = [item for item in payload if isinstance(item, Mapping) and item]
        if prefer_open:
            open_items = [
                item
                for item in items
                if item.get("from") is not None and item.get("to") in (None, "")
            ]
            items = open_items or items
        for item in reversed(items):
            found = _unwrap_item(item, fields, wrappers, depth=depth + 1)
            if found is not None:
                return found
        return None
    if not isinstance(payload, Mapping):
        msg = f"expected a JSON object, got {type(payload).__name__}"
        raise TimeTrackInvalidResponseError(200, message=msg)
    if any(key in payload for key in fields):
        return payload
    for key in (*wrappers, *_GENERIC_WRAPPERS):
        inner = payload.get(key)
        if isinstance(inner, Mapping | list):
            return _unwrap_item(
                inner, fields, wrappers, prefer_open=prefer_open, depth=depth + 1
            )
    return None


def _extract_rows(
    payload: _Json,
    names: tuple[str, ...],
    item_keys: Collection[str],
    depth: int = 0,
) -> list[Mapping[str, Any]]:
    """Find the list of objects in a list answer.

    Accepts a bare array, an object holding the array under the resource
    name or a generic key (``data``, ``items``, ``results``, ...), an object
    whose only array is the list, and a single object.
    """
    if payload is None:
        return []
    if isinstance(payload, list):
        return [item for item in payload if isinstance(item, Mapping)]
    if isinstance(payload, Mapping) and depth <= _MAX_UNWRAP_DEPTH:
        for key in (*names, *_GENERIC_WRAPPERS):
            inner = payload.get(key)
            if isinstance(inner, list | Mapping):
                return _extract_rows(inner, names, item_keys, depth + 1)
        if any(key in payload for key in item_keys):
            return [payload]
        arrays = [value for value in payload.values() if isinstance(value, list)]
        if len(arrays) == 1:
            return _extract_rows(arrays[0], names, item_keys, depth + 1)
        if not payload:
            return []
    msg = "the list answer holds no list"
    raise TimeTrackInvalidResponseError(200, message=msg)


class TimeTrackClient:
    """Client for one TimeTrack account.

    One API key drives the timers of every user of the account; each call
    names the user. Use as an async context manager, or call :meth:`close`.
    A session passed in is never closed by the client.

    After an HTTP 429 the client holds every request until the Retry-After
    has passed: requests made meanwhile raise :class:`TimeTrackRateLimitError`
    at once without being sent.
    """

    def __init__(
        self,
        url: str,
        api_key: str,
        api_secret: str,
        *,
        session: aiohttp.ClientSession | None = None,
        time_zone: tzinfo = UTC,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
    ) -> None:
        """Initialise the client.

        ``url`` is the account base URL, e.g.
        ``https://acme.timetrackenterprise.com``. ``time_zone`` is the zone
        whose wall clock the service speaks. ``request_timeout`` bounds each
        request, in seconds.
        """
        self._url = _normalize_url(url)
        self._base = self._url + API_PATH
        self._api_key = _require_text(api_key, "api_key")
        self._api_secret = _require_text(api_secret, "api_secret")
        if not isinstance(request_timeout, int | float) or not request_timeout > 0:
            msg = "request_timeout must be a positive number of seconds"
            raise ValueError(msg)
        self.time_zone: tzinfo = time_zone
        self.request_timeout: float = float(request_timeout)
        self.page_size: int = DEFAULT_PAGE_SIZE
        self._session = session
        self._close_session = False
        self._headers: Final = {
            HEADER_API_KEY: self._api_key,
            HEADER_API_SECRET: self._api_secret,
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        self._clock: Callable[[], float] = time.monotonic
        self._hold_until: float | None = None
        self._project_timer_path = PROJECT_TIMER_PATH
        self._project_timer_path_known = False

    def __repr__(self) -> str:
        """Return a representation without the API key or secret."""
        return f"{type(self).__name__}(url={self._url!r}, time_zone={self.time_zone!r})"

    @property
    def url(self) -> str:
        """The account base URL."""
        return self._url

    @property
    def rate_limited_until(self) -> float | None:
        """Monotonic deadline of the current rate-limit hold, or None."""
        if self._hold_until is not None and self._clock() >= self._hold_until:
            self._hold_until = None
        return self._hold_until

    async def close(self) -> None:
        """Close the session, if the client created it."""
        if self._session is not None and self._close_session:
            await self._session.close()
            self._session = None
            self._close_session = False

    async def __aenter__(self) -> Self:
        """Enter the async context."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Leave the async context, closing an owned session."""
        await self.close()

    # ------------------------------------------------------------------ HTTP

    def _redact(self, text: str) -> str:
        """Remove the API key and secret from text the server sent."""
        for secret in (self._api_key, self._api_secret):
            text = text.replace(secret, _REDACTED)
        if len(text) > _MAX_ERROR_TEXT:
            text = text[: _MAX_ERROR_TEXT - 1] + "…"
        return text

    def _check_hold(self) -> None:
        """Raise while a rate-limit hold is in force."""
        if self._hold_until is None:
            return
        remaining = self._hold_until - self._clock()
        if remaining > 0:
            _LOGGER.debug("Rate limited, request not sent (%.0f s left)", remaining)
            raise TimeTrackRateLimitError(retry_after=remaining)
        self._hold_until = None

    def _start_hold(self, seconds: float) -> None:
        """Hold every request for ``seconds``."""
        deadline = self._clock() + seconds
        if self._hold_until is None or deadline > self._hold_until:
            self._hold_until = deadline

    def _get_session(self) -> aiohttp.ClientSession:
        """Return the session, creating an owned one on first use."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
            self._close_session = True
        return self._session

    def _error_fields(self, body: bytes) -> tuple[int | None, str | None, str | None]:
        """Read code, title and detail from an error body, if it is JSON."""
        try:
            payload = json.loads(body.decode("utf-8-sig"))
        except ValueError:
            return None, None, None
        if not isinstance(payload, Mapping):
            return None, None, None
        error: Any = payload
        errors = payload.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], Mapping):
            error = errors[0]
        elif isinstance(payload.get("error"), Mapping):
            error = payload["error"]
        elif isinstance(payload.get("error"), str):
            return None, None, self._redact(payload["error"])
        code = error.get("code")
        if isinstance(code, str) and code.strip().isdigit():
            code = int(code)
        if not isinstance(code, int) or isinstance(code, bool):
            code = None
        title = error.get("title")
        detail = error.get("detail", error.get("message"))
        return (
            code,
            self._redact(title) if isinstance(title, str) and title else None,
            self._redact(detail) if isinstance(detail, str) and detail else None,
        )

    def _raise_for_status(
        self, status: int, body: bytes, headers: Mapping[str, str]
    ) -> None:
        """Turn an unsuccessful answer into the matching exception."""
        if status == 429:  # noqa: PLR2004
            retry_after = _parse_retry_after(headers.get("Retry-After"))
            self._start_hold(retry_after)
            _LOGGER.debug("Rate limited by TimeTrack for %.0f s", retry_after)
            raise TimeTrackRateLimitError(retry_after=retry_after)
        code, title, detail = self._error_fields(body)
        if status in {401, 403}:
            raise TimeTrackAuthenticationError(
                status, code=code, title=title, detail=detail
            )
        if status == 404:  # noqa: PLR2004
            if code == ERROR_CODE_USER_NOT_FOUND or _says_user_unknown(title, detail):
                raise TimeTrackUserNotFoundError(
                    status, code=code, title=title, detail=detail
                )
            raise TimeTrackNotFoundError(status, code=code, title=title, detail=detail)
        if 400 <= status < 500:  # noqa: PLR2004
            raise TimeTrackRequestError(status, code=code, title=title, detail=detail)
        if status >= 500:  # noqa: PLR2004
            raise TimeTrackServerError(status, code=code, title=title, detail=detail)
        raise TimeTrackInvalidResponseError(
            status, message="TimeTrack answered with an unexpected status"
        )

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> _Json:
        """Send one request and return its decoded JSON (None when empty)."""
        self._check_hold()
        session = self._get_session()
        url = self._base + path
        try:
            async with asyncio.timeout(self.request_timeout):
                async with session.request(
                    method,
                    url,
                    params=params,
                    json=body,
                    headers=self._headers,
                    timeout=aiohttp.ClientTimeout(total=self.request_timeout),
                    raise_for_status=False,
                ) as response:
                    status = response.status
                    headers = dict(response.headers)
                    raw = await response.read()
        except TimeoutError as err:
            msg = (
                f"Timeout after {self.request_timeout:g} s waiting for TimeTrack"
                f" ({method} {path})"
            )
            raise TimeTrackTimeoutError(msg) from err
        except (aiohttp.ClientError, OSError) as err:
            msg = (
                f"Error communicating with TimeTrack ({method} {path}):"
                f" {self._redact(str(err) or type(err).__name__)}"
            )
            raise TimeTrackConnectionError(msg) from err

        _LOGGER.debug("%s %s -> HTTP %s (%d bytes)", method, path, status, len(raw))
        if not 200 <= status < 300:  # noqa: PLR2004
            self._raise_for_status(status, raw, headers)
        if status == 204 or not raw.strip():  # noqa: PLR2004
            return None
        try:
            return json.loads(raw.decode("utf-8-sig"))
        except ValueError as err:
            raise TimeTrackInvalidResponseError(
                status, message="TimeTrack sent a response that is not valid JSON"
            ) from err

    async def _project_timer_request(
        self,
        method: str,
        action: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> _Json:
        """Send a project timer request, finding the route on first use.

        The documented route is ``timers/project_timer``; one copy of the
        docs writes ``project_timer``. Until one of them has answered, a 404
        that looks like a missing route is retried once on the other.
        """
        path = self._project_timer_path
        try:
            result = await self._request(
                method, path + action, params=params, body=body
            )
        except TimeTrackNotFoundError as err:
            if self._project_timer_path_known or not _is_route_miss(err):
                self._project_timer_path_known = True
                raise
            other = (
                PROJECT_TIMER_LEGACY_PATH
                if path == PROJECT_TIMER_PATH
                else PROJECT_TIMER_PATH
            )
            _LOGGER.debug("No route at %s%s, trying %s", path, action, other)
            try:
                result = await self._request(
                    method, other + action, params=params, body=body
                )
            except TimeTrackNotFoundError as other_err:
                self._project_timer_path_known = True
                if _is_route_miss(other_err):
                    raise err from None
                self._project_timer_path = other
                raise
            except TimeTrackRequestError:
                self._project_timer_path = other
                self._project_timer_path_known = True
                raise
            self._project_timer_path = other
            self._project_timer_path_known = True
            return result
        except TimeTrackRequestError:
            self._project_timer_path_known = True
            raise
        self._project_timer_path_known = True
        return result

    def _timestamp(self, value: datetime | None, name: str) -> str:
        """Encode ``value`` (default: now) as the service's local timestamp."""
        if value is None:
            value = datetime.now(self.time_zone)
        _require_aware(value, name)
        return encode_timestamp(value, self.time_zone)

    async def _get_rows(
        self,
        path: str,
        names: tuple[str, ...],
        item_keys: Collection[str],
        params: Mapping[str, str] | None = None,
    ) -> list[Mapping[str, Any]]:
        """Fetch every page of a list resource."""
        rows: list[Mapping[str, Any]] = []
        previous: list[Mapping[str, Any]] | None = None
        limit = max(1, self.page_size)
        for page_number in range(MAX_PAGES):
            query = {
                **(params or {}),
                "page_number": str(page_number),
                "limit": str(limit),
            }
            page = _extract_rows(
                await self._request("GET", path, params=query), names, item_keys
            )
            if page == previous:
                break  # the service ignores paging
            rows.extend(page)
            if len(page) < limit:
                break
            previous = page
        return rows

    # ------------------------------------------------------- project timer

    async def get_project_timer(
        self, username: str, now: datetime | None = None
    ) -> ProjectTimer:
        """Return the user's project timer (stopped when there is none).

        Raises TimeTrackUserNotFoundError when the user does not exist.
        """
        _require_text(username, "username")
        params = {"username": username, "date": self._timestamp(now, "now")}
        try:
            payload = await self._project_timer_request("GET", "", params=params)
        except TimeTrackNotFoundError as err:
            if isinstance(err, TimeTrackUserNotFoundError):
                raise
            return ProjectTimer.idle(username)
        item = _unwrap_item(
            payload, PROJECT_TIMER_FIELDS, ("projectTimer", "project_timer", "timer")
        )
        if item is None:
            return ProjectTimer.idle(username)
        return ProjectTimer.from_api(item, self.time_zone, username=username)

    async def _project_timer_action(
        self, action: str, body: dict[str, Any], username: str
    ) -> ProjectTimer | None:
        """Post a project timer action; None when the answer holds no timer."""
        payload = await self._project_timer_request("POST", f"/{action}", body=body)
        item = _unwrap_item(
            payload, PROJECT_TIMER_FIELDS, ("projectTimer", "project_timer", "timer")
        )
        if item is None:
            return None
        return ProjectTimer.from_api(item, self.time_zone, username=username)

    async def start_project_timer(
        self,
        username: str,
        *,
        client_name: str,
        project_name: str,
        task_name: str | None = None,
        note: str | None = None,
        at: datetime | None = None,
    ) -> ProjectTimer | None:
        """Start the user's project timer on a client's project.

        Returns the timer the service answered with, or None when it answered
        without one (HTTP 204 or an empty body).
        """
        _require_text(username, "username")
        _require_text(client_name, "client_name")
        _require_text(project_name, "project_name")
        body: dict[str, Any] = {
            "date": self._timestamp(at, "at"),
            "username": username,
            "clientName": client_name,
            "projectName": project_name,
        }
        if task_name is not None:
            body["taskName"] = task_name
        if note is not None:
            body["note"] = note
        return await self._project_timer_action("start", body, username)

    async def _simple_project_action(
        self, action: str, username: str, at: datetime | None
    ) -> ProjectTimer | None:
        """Post pause, resume or stop."""
        _require_text(username, "username")
        body = {"date": self._timestamp(at, "at"), "username": username}
        return await self._project_timer_action(action, body, username)

    async def pause_project_timer(
        self, username: str, *, at: datetime | None = None
    ) -> ProjectTimer | None:
        """Pause the user's project timer (start a break)."""
        return await self._simple_project_action("pause", username, at)

    async def resume_project_timer(
        self, username: str, *, at: datetime | None = None
    ) -> ProjectTimer | None:
        """Resume the user's paused project timer (end the break)."""
        return await self._simple_project_action("resume", username, at)

    async def stop_project_timer(
        self, username: str, *, at: datetime | None = None
    ) -> ProjectTimer | None:
        """Stop the user's project timer."""
        return await self._simple_project_action("stop", username, at)

    # ---------------------------------------------------- attendance timer

    async def get_attendance_timer(
        self, username: str, now: datetime | None = None
    ) -> AttendanceTimer:
        """Return the user's attendance entry (clocked out when none is open).

        Raises TimeTrackUserNotFoundError when the user does not exist.
        """
        _require_text(username, "username")
        params = {"username": username, "date": self._timestamp(now, "now")}
        try:
            payload = await self._request("GET", ATTENDANCE_TIMER_PATH, params=params)
        except TimeTrackNotFoundError as err:
            if isinstance(err, TimeTrackUserNotFoundError):
                raise
            return AttendanceTimer.clocked_out(username)
        item = _unwrap_item(
            payload,
            ATTENDANCE_TIMER_FIELDS,
            ("attendanceTimer", "attendance_timer", "attendance", "timer"),
            prefer_open=True,
        )
        if item is None:
            return AttendanceTimer.clocked_out(username)
        return AttendanceTimer.from_api(item, self.time_zone, username=username)

    async def _attendance_action(
        self, action: str, username: str, at: datetime | None
    ) -> AttendanceTimer | None:
        """Post clock in or clock out; None when the answer holds no entry."""
        _require_text(username, "username")
        body = {"date": self._timestamp(at, "at"), "username": username}
        payload = await self._request(
            "POST", f"{ATTENDANCE_TIMER_PATH}/{action}", body=body
        )
        item = _unwrap_item(
            payload,
            ATTENDANCE_TIMER_FIELDS,
            ("attendanceTimer", "attendance_timer", "attendance", "timer"),
            prefer_open=action == "start",
        )
        if item is None:
            return None
        return AttendanceTimer.from_api(item, self.time_zone, username=username)

    async def clock_in(
        self, username: str, *, at: datetime | None = None
    ) -> AttendanceTimer | None:
        """Clock the user in (start the attendance timer)."""
        return await self._attendance_action("start", username, at)

    async def clock_out(
        self, username: str, *, at: datetime | None = None
    ) -> AttendanceTimer | None:
        """Clock the user out (stop the attendance timer)."""
        return await self._attendance_action("stop", username, at)

    # --------------------------------------------------------------- lists

    async def get_users(self, username: str | None = None) -> list[User]:
        """Return the account's users, optionally filtered by username."""
        params = {"username": username} if username else None
        rows = await self._get_rows(
            "users", ("users",), ("username", "firstName", "lastName"), params
        )
        users = [User.from_api(row, self.time_zone) for row in rows]
        return [user for user in users if user.username]

    async def get_user(self, username: str) -> User:
        """Return one user; raises TimeTrackUserNotFoundError if absent."""
        _require_text(username, "username")
        users = await self.get_users(username)
        for user in users:
            if user.username == username:
                return user
        for user in users:
            if user.username.casefold() == username.casefold():
                return user
        raise TimeTrackUserNotFoundError(
            404,
            title="User not found",
            detail=f"no user named {username!r}",
        )

    async def get_clients(self) -> list[Client]:
        """Return the account's clients."""
        rows = await self._get_rows("clients", ("clients",), ("ID", "name", "color"))
        return [Client.from_api(row, self.time_zone) for row in rows]

    async def get_projects(self) -> list[Project]:
        """Return the account's projects (of every client)."""
        rows = await self._get_rows(
            "projects", ("projects",), ("ID", "projectName", "clientName")
        )
        return [Project.from_api(row, self.time_zone) for row in rows]

    async def get_tasks(self) -> list[Task]:
        """Return the account's tasks."""
        rows = await self._get_rows("tasks", ("tasks",), ("ID", "name", "hourRate"))
        return [Task.from_api(row, self.time_zone) for row in rows]

    async def get_work_reports(
        self, username: str, start: date, end: date
    ) -> list[WorkReportDay]:
        """Return the user's work report rows from ``start`` to ``end``."""
        _require_text(username, "username")
        if isinstance(start, datetime) or isinstance(end, datetime):
            msg = "start and end must be dates, not datetimes"
            raise TypeError(msg)
        if start > end:
            msg = "start must not be after end"
            raise ValueError(msg)
        params = {
            "username": username,
            "from": encode_date(start),
            "to": encode_date(end),
        }
        rows = await self._get_rows(
            "work_reports",
            ("work_reports", "workReports", "reports"),
            ("workDate",),
            params,
        )
        days: list[WorkReportDay] = []
        for row in rows:
            try:
                days.append(WorkReportDay.from_api(row, self.time_zone))
            except ValueError:
                _LOGGER.debug("Skipping a work report row without a readable date")
        return days

"""Asynchronous client for the TimeTrack REST API: one short method per call."""

from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any, Final, Self

import aiohttp

from . import dialect
from .exceptions import (
    TimeTrackNotFoundError,
    TimeTrackUnrecognizedError,
    TimeTrackUserNotFoundError,
)
from .lists import ListReads
from .models import (
    ATTENDANCE_TIMER_FIELDS,
    PROJECT_TIMER_FIELDS,
    AttendanceTimer,
    ProjectTimer,
    TimerState,
)
from .observations import Observations
from .transport import Transport, require_text

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["TimeTrackClient"]


ATTENDANCE_TIMER_PATH: Final = "attendance_timer"
DEFAULT_REQUEST_TIMEOUT: Final = 10.0

_PROJECT_TIMER_NAMES: Final = ("projectTimer", "project_timer", "timer")
_ATTENDANCE_NAMES: Final = ("attendanceTimer", "attendance_timer", "attendance")
# The project timer's state after each action succeeded.
_AFTER: Final = {
    "start": TimerState.RUNNING,
    "pause": TimerState.PAUSED,
    "resume": TimerState.RUNNING,
    "stop": TimerState.STOPPED,
}


class TimeTrackClient(ListReads):
    """Client for one TimeTrack account.

    One API key drives the timers of every user of the account; each call
    names the user. After an HTTP 429 every request is held until the
    Retry-After has passed (raising TimeTrackRateLimitError without being
    sent). A session passed in is never closed by the client.
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
        """Talk to the account at `url`, in `time_zone`'s wall clock."""
        self._transport = Transport(
            url,
            api_key,
            api_secret,
            session=session,
            time_zone=time_zone,
            request_timeout=request_timeout,
        )

    def __repr__(self) -> str:
        """A representation without the API key or secret."""
        return f"{type(self).__name__}(url={self.url!r}, time_zone={self.time_zone!r})"

    @property
    def url(self) -> str:
        """The account's base URL."""
        return self._transport.url

    @property
    def time_zone(self) -> tzinfo:
        """The zone whose wall clock TimeTrack speaks."""
        return self._transport.time_zone

    @time_zone.setter
    def time_zone(self, value: tzinfo) -> None:
        self._transport.time_zone = value

    @property
    def observations(self) -> Observations:
        """What the client saw of the service (for diagnostics)."""
        return self._transport.observations

    @property
    def rate_limited_for(self) -> float | None:
        """Seconds left of the hold after a 429, or None."""
        return self._transport.held_for()

    async def close(self) -> None:
        """Close the session, if the client created it."""
        await self._transport.close()

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

    # ------------------------------------------------------- project timer

    async def get_project_timer(
        self, username: str, now: datetime | None = None
    ) -> ProjectTimer:
        """The user's project timer; stopped when TimeTrack says there is none.

        Raises TimeTrackUserNotFoundError for an unknown user, and
        TimeTrackNotFoundError for a 404 that does not say what is missing.
        """
        params = self._who_when(username, now)
        return await self._read_timer(
            "project_timer",
            lambda: self._transport.on_project_timer(
                lambda path: self._transport.read("project_timer", path, params)
            ),
            (PROJECT_TIMER_FIELDS, _PROJECT_TIMER_NAMES),
            username=username,
            idle=ProjectTimer.idle(username),
            build=lambda found: ProjectTimer.from_api(
                found, self.time_zone, username=username
            ),
        )

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
        """Start the timer on a client's project; the timer, or None without one."""
        body = self._who_when(username, at) | {
            "clientName": require_text(client_name, "client_name"),
            "projectName": require_text(project_name, "project_name"),
        }
        if task_name is not None:
            body["taskName"] = task_name
        if note is not None:
            body["note"] = note
        return await self._project_action("start", body)

    async def pause_project_timer(
        self, username: str, *, at: datetime | None = None
    ) -> ProjectTimer | None:
        """Pause the running timer (start a break)."""
        return await self._project_action("pause", self._who_when(username, at))

    async def resume_project_timer(
        self, username: str, *, at: datetime | None = None
    ) -> ProjectTimer | None:
        """Resume the paused timer (end the break)."""
        return await self._project_action("resume", self._who_when(username, at))

    async def stop_project_timer(
        self, username: str, *, at: datetime | None = None
    ) -> ProjectTimer | None:
        """Stop the timer."""
        return await self._project_action("stop", self._who_when(username, at))

    async def _project_action(
        self, action: str, body: dict[str, str]
    ) -> ProjectTimer | None:
        endpoint = f"project_timer/{action}"
        payload = await self._transport.on_project_timer(
            lambda path: self._transport.request(
                "POST", f"{path}/{action}", endpoint=endpoint, body=body
            )
        )
        return self._action_answer(
            endpoint,
            payload,
            ProjectTimer,
            (PROJECT_TIMER_FIELDS, _PROJECT_TIMER_NAMES),
            username=body["username"],
            agrees=lambda part: ProjectTimer.state_in(part) in {None, _AFTER[action]},
        )

    # ---------------------------------------------------- attendance timer

    async def get_attendance_timer(
        self, username: str, now: datetime | None = None
    ) -> AttendanceTimer:
        """The user's attendance: the open entry, else clocked out."""
        params = self._who_when(username, now)
        return await self._read_timer(
            "attendance_timer",
            lambda: self._transport.read(
                "attendance_timer", ATTENDANCE_TIMER_PATH, params
            ),
            (ATTENDANCE_TIMER_FIELDS, _ATTENDANCE_NAMES),
            username=username,
            idle=AttendanceTimer.clocked_out(username),
            build=lambda found: AttendanceTimer.from_api(
                found, self.time_zone, username=username
            ),
        )

    async def _read_timer[T](
        self,
        endpoint: str,
        read: Callable[[], Awaitable[Any]],
        fields_and_names: tuple[frozenset[str], tuple[str, ...]],
        *,
        username: str,
        idle: T,
        build: Callable[[Mapping[str, Any]], T],
    ) -> T:
        """A timer read: the timer, or `idle` when TimeTrack says there is none."""
        try:
            payload = await read()
        except TimeTrackNotFoundError as err:
            return self._none_or_raise(endpoint, err, idle)

        def parse() -> T:
            found = dialect.find_object(payload, *fields_and_names, owner=username)
            return idle if found is None else build(found)

        return self._transport.parse(endpoint, parse)

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

    async def _attendance_action(
        self, action: str, username: str, at: datetime | None
    ) -> AttendanceTimer | None:
        endpoint = f"attendance_timer/{action}"
        payload = await self._transport.request(
            "POST",
            f"{ATTENDANCE_TIMER_PATH}/{action}",
            endpoint=endpoint,
            body=self._who_when(username, at),
        )
        return self._action_answer(
            endpoint,
            payload,
            AttendanceTimer,
            (ATTENDANCE_TIMER_FIELDS, _ATTENDANCE_NAMES),
            username=username,
            agrees=lambda part: (
                AttendanceTimer.open_in(part) in {None, action == "start"}
            ),
        )

    def _action_answer[T: (ProjectTimer, AttendanceTimer)](
        self,
        endpoint: str,
        payload: Any,
        model: type[T],
        fields_and_names: tuple[frozenset[str], tuple[str, ...]],
        *,
        username: str,
        agrees: Callable[[Mapping[str, Any]], bool],
    ) -> T | None:
        """The timer an action answered with; None when it only said "done".

        A part of the timer is no timer, but it must not contradict the
        action (a stop answered with a running timer is not "done").
        """

        def parse() -> T | None:
            found = self._answered(payload, *fields_and_names, username)
            if found is None:
                return None
            if not model.is_complete(found):
                if not agrees(found):
                    raise TimeTrackUnrecognizedError(
                        message="an answer contradicting the action"
                    )
                return None
            return model.from_api(found, self.time_zone, username=username)

        return self._transport.parse(endpoint, parse)

    # ------------------------------------------------------------- helpers

    def _who_when(self, username: str, at: datetime | None) -> dict[str, str]:
        return {
            "username": require_text(username, "username"),
            "date": self._transport.timestamp(at),
        }

    def _none_or_raise[T](
        self, endpoint: str, err: TimeTrackNotFoundError, idle: T
    ) -> T:
        """A 404 that is TimeTrack's error about the timer itself means "none"."""
        if isinstance(err, TimeTrackUserNotFoundError) or dialect.is_route_miss(err):
            self.observations.recognised(endpoint, recognised=not dialect.is_bare(err))
            raise err
        self.observations.recognised(endpoint, recognised=True)
        return idle

    @staticmethod
    def _answered(
        payload: Any, fields: frozenset[str], names: tuple[str, ...], username: str
    ) -> Mapping[str, Any] | None:
        """The object an action answered with; None for an acknowledgement."""
        if dialect.is_acknowledgement(payload):
            return None
        return dialect.find_object(payload, fields, names, owner=username)

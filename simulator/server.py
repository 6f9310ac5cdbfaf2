"""The :class:`Simulator`: serves one simulated account over HTTP and steers it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Self
from zoneinfo import ZoneInfo

from aiohttp import web

from .app import build_app
from .data import DEMO_API_KEY, DEMO_API_SECRET
from .dialect import DEFAULT_DIALECT, Dialect
from .endpoints import EndpointFault, EndpointFaults, EndpointKind
from .faults import Fault, FaultQueue
from .history import seed_history
from .state import State

if TYPE_CHECKING:
    from datetime import date, datetime
    import logging

    from .recording import RecordedRequest

__all__ = ["Simulator"]

#: Seconds given to requests in flight when the simulator stops or goes down.
SHUTDOWN_TIMEOUT = 0.25


class Simulator:
    """A local TimeTrack API: seeded demo data, timers, fault injection, request log."""

    def __init__(self, extra_users: int = 0) -> None:
        """Seed the demo account (plus ``extra_users`` generated users); not started."""
        self.state = State(extra_users)
        self.faults = FaultQueue()
        self.endpoint_faults = EndpointFaults()
        #: How answers are written where the API docs are silent.
        self.dialect: Dialect = DEFAULT_DIALECT
        #: The account's time zone: the UTC offsets of ``timestamps="offset"``.
        self.time_zone: ZoneInfo = ZoneInfo("Europe/Vienna")
        self.api_key: str = DEMO_API_KEY
        self.api_secret: str = DEMO_API_SECRET
        self.host: str = "127.0.0.1"
        self.port: int = 0
        self.url: str = ""
        #: ``GET users`` answers 404 (feature unavailable) when False.
        self.users_endpoint_available: bool = True
        #: ``GET work_reports`` answers 404 (feature unavailable) when False.
        self.work_reports_available: bool = True
        self.access_log: logging.Logger | None = None
        self._requests: list[RecordedRequest] = []
        self._runner: web.AppRunner | None = None
        self._started = False

    # -- lifecycle ----------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on ``host:port`` (0: any free port); answer the base URL."""
        if self._started:
            raise RuntimeError("simulator already started")
        await self._listen(host, port)
        self._started = True
        return self.url

    async def stop(self) -> None:
        """Stop listening and close every connection. The state is kept."""
        self._started = False
        await self.go_down()

    async def go_down(self) -> None:
        """Stop listening (new connections are refused) and close open ones."""
        runner, self._runner = self._runner, None
        self.endpoint_faults.release_hanging()
        if runner is not None:
            await runner.cleanup()

    async def come_back(self) -> None:
        """Listen again on the same host and port, with the state kept."""
        if not self._started:
            raise RuntimeError("simulator was never started")
        if self._runner is None:
            await self._listen(self.host, self.port)

    @property
    def running(self) -> bool:
        """Whether the simulator is listening now."""
        return self._runner is not None

    async def _listen(self, host: str, port: int) -> None:
        runner = web.AppRunner(
            build_app(self),
            access_log=self.access_log,
            handle_signals=False,
            shutdown_timeout=SHUTDOWN_TIMEOUT,
        )
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.host = host
        self.port = int(runner.addresses[0][1])
        self.url = f"http://{host}:{self.port}"

    async def __aenter__(self) -> Self:
        """Start on 127.0.0.1 and any free port."""
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Stop."""
        await self.stop()

    # -- request log --------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every API request received, in order of arrival (a copy of the log)."""
        return list(self._requests)

    def record(self, request: RecordedRequest) -> None:
        """Append a request to the log (the application calls this)."""
        self._requests.append(request)

    def clear_requests(self) -> None:
        """Empty the request log."""
        self._requests.clear()

    def requests_to(
        self, suffix: str, method: str | None = None
    ) -> list[RecordedRequest]:
        """The recorded requests whose path ends with ``suffix`` (and of ``method``)."""
        return [
            entry
            for entry in self._requests
            if entry.path.endswith(suffix)
            and (method is None or entry.method == method.upper())
        ]

    # -- dialect and switches -----------------------------------------------

    @property
    def empty_action_responses(self) -> bool:
        """Whether successful actions answer 204 (``action_answer="no_content"``)."""
        return self.dialect.action_answer == "no_content"

    @empty_action_responses.setter
    def empty_action_responses(self, empty: bool) -> None:
        if empty:
            self.dialect = replace(self.dialect, action_answer="no_content")
        elif self.empty_action_responses:
            self.dialect = replace(self.dialect, action_answer="timer")

    # -- faults -------------------------------------------------------------

    @property
    def latency(self) -> float:
        """Seconds added to every API request."""
        return self.faults.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("latency must be >= 0")
        self.faults.latency = seconds

    def fail_next(
        self,
        count: int = 1,
        status: int = 500,
        *,
        html: bool = False,
        retry_after: int | None = None,
    ) -> None:
        """The next ``count`` API requests answer ``status`` without being applied."""
        self.faults.add(Fault("fail", status, html, retry_after), count)

    def rate_limit_next(self, count: int = 1, retry_after: int | None = 30) -> None:
        """The next ``count`` API requests answer 429 (Retry-After unless None)."""
        self.faults.add(Fault("rate_limit", 429, retry_after=retry_after), count)

    def drop_next(self, count: int = 1) -> None:
        """The next ``count`` API requests get their connection closed, unapplied."""
        self.faults.add(Fault("drop"), count)

    def malformed_next(self, count: int = 1) -> None:
        """The next ``count`` API requests answer 200 with cut-off JSON, unapplied."""
        self.faults.add(Fault("malformed", 200), count)

    def apply_then_drop_next(self, count: int = 1) -> None:
        """The next ``count`` API requests are applied, then their answer is lost."""
        self.faults.add(Fault("apply_then_drop"), count)

    def reset_faults(self) -> None:
        """Forget queued faults and set the latency back to 0."""
        self.faults.reset()

    def break_endpoint(
        self,
        name: str,
        kind: EndpointKind = "fail",
        status: int = 500,
        html: bool = True,
    ) -> None:
        """Break endpoint ``name`` until it is repaired; ValueError on bad values."""
        self.endpoint_faults.break_endpoint(name, EndpointFault(kind, status, html))

    def repair_endpoint(self, name: str) -> None:
        """Make endpoint ``name`` work again (requests hanging on it are answered)."""
        self.endpoint_faults.repair(name)

    def repair_all_endpoints(self) -> None:
        """Make every endpoint work again."""
        self.endpoint_faults.repair_all()

    # -- state --------------------------------------------------------------

    def act(
        self, username: str, action: str, at: datetime, **fields: Any
    ) -> dict[str, Any]:
        """Apply an action as the phone/web app would; SimulatorError on refusal.

        Answers the whole object as the default dialect writes it.
        """
        return self.state.act(username, action, at, fields).to_json()

    def project_timer(self, username: str) -> dict[str, Any]:
        """What ``GET timers/project_timer`` would answer for the user."""
        return self.state.project_timer_json(username)

    def attendance_timer(self, username: str) -> dict[str, Any]:
        """What ``GET attendance_timer`` would answer for the user."""
        return self.state.attendance_timer_json(username)

    def add_user(
        self, username: str, first_name: str = "", last_name: str = "", **kw: Any
    ) -> dict[str, Any]:
        """Add a user (kw: email, admin, team_lead, language, personal_number)."""
        return self.state.add_user(username, first_name, last_name, **kw)

    def remove_user(self, username: str) -> None:
        """Remove a user; later requests naming them answer 404 (15020)."""
        self.state.remove_user(username)

    def set_project_enabled(
        self, client_name: str, project_name: str, enabled: bool
    ) -> None:
        """Enable or disable a project; starting a disabled one answers 404 (15030)."""
        self.state.set_project_enabled(client_name, project_name, enabled)

    def add_absence(  # noqa: PLR0917 - positional, as the project asked for
        self,
        username: str,
        start: date,
        end: date,
        type_name: str = "Vacation",
        type_id: int = 1,
        status: int = 1,
        *,
        day_segment: str = "full",
    ) -> dict[str, Any]:
        """Store an absence (whole days, inclusive); answer its ``absences`` row."""
        return self.state.add_absence(
            username,
            start,
            end,
            type_name=type_name,
            type_id=type_id,
            status=status,
            day_segment=day_segment,
        ).to_json()

    def seed_history(self, today: date, weeks: int = 3) -> None:
        """Give the demo users past work on the weekdays of ``weeks`` weeks past."""
        seed_history(self.state, today, weeks)

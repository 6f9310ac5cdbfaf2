"""Small helpers of the API client tests.

A client with the demo credentials, the client's calls listed for the tests
that try each one, and a project timer started in the simulator as the phone
app would.
"""

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from custom_components.timetrack.api import TimeTrackClient
from simulator import DEMO_API_KEY, DEMO_API_SECRET, Simulator

type Call = Callable[[], Awaitable[object]]


def demo_client(url: str, **options: Any) -> TimeTrackClient:
    """A client of ``url`` with the demo account's credentials."""
    return TimeTrackClient(url, DEMO_API_KEY, DEMO_API_SECRET, **options)


def timer_calls(api: TimeTrackClient, username: str, at: datetime) -> list[Call]:
    """Every timer read and action of the client: one user, one moment."""
    return [
        lambda: api.get_project_timer(username, at),
        lambda: api.get_attendance_timer(username, at),
        lambda: api.start_project_timer(
            username, client_name="ACME", project_name="Website", at=at
        ),
        lambda: api.pause_project_timer(username, at=at),
        lambda: api.resume_project_timer(username, at=at),
        lambda: api.stop_project_timer(username, at=at),
        lambda: api.clock_in(username, at=at),
        lambda: api.clock_out(username, at=at),
    ]


def list_calls(api: TimeTrackClient, username: str, day: date) -> list[Call]:
    """Every list read of the client; the user's lists for one day."""
    return [
        api.get_users,
        api.get_clients,
        api.get_projects,
        api.get_tasks,
        lambda: api.get_work_reports(username, day, day),
        lambda: api.get_attendances(username, day, day),
        lambda: api.get_project_time_entries(username, day, day),
        lambda: api.get_absences(username, day, day),
    ]


def start_in_app(
    sim: Simulator,
    username: str,
    at: datetime,
    client: str,
    project: str,
    **fields: Any,
) -> None:
    """Start a project timer in the simulator as the phone app would."""
    sim.act(
        username,
        "project_timer/start",
        at,
        clientName=client,
        projectName=project,
        **fields,
    )

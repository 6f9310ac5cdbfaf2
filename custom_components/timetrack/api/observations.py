"""What the client saw of the service, and the choices it made from it.

Nobody on this project has met the real TimeTrack: these notes (per endpoint,
the last answer's status and shape, never its values, and whether it was
recognised; and which of the documented alternatives the client settled on)
are what a first user's diagnostics teach us about it.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .dialect import shape_of

__all__ = ["Observation", "Observations"]


@dataclass(slots=True)
class Observation:
    """The last answer of one endpoint."""

    method: str
    status: int
    content: str
    shape: Any
    # The last answer that held something: every user's timer is read from
    # one endpoint, and an idle user's empty answer says little.
    fullest_shape: Any = None
    # The code of an error answer in TimeTrack's form (15020, say).
    code: int | None = None
    recognised: bool | None = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def as_dict(self) -> dict[str, Any]:
        """A plain form for diagnostics."""
        return {
            "method": self.method,
            "status": self.status,
            "content": self.content,
            "shape": self.shape,
            "fullest_shape": self.fullest_shape,
            "code": self.code,
            "recognised": self.recognised,
            "at": self.at.isoformat(timespec="seconds"),
        }


@dataclass(slots=True)
class Observations:
    """Every endpoint's last answer, and the client's choices."""

    endpoints: dict[str, Observation] = field(default_factory=dict)
    reads_by_post: set[str] = field(default_factory=set)
    # How each list's pages are asked for, once found (paging.py).
    list_paging: dict[str, str] = field(default_factory=dict)
    # The `limit` asked of lists refusing the client's own (paging.py).
    list_limit: dict[str, int] = field(default_factory=dict)
    project_timer_path: str | None = None

    def saw(
        self,
        endpoint: str,
        method: str,
        status: int,
        content: str,
        payload: Any,
        *,
        code: int | None = None,
    ) -> None:
        """Note an answer; whether it was recognised is told by `recognised`."""
        shape = shape_of(payload) if content == "json" else None
        before = self.endpoints.get(endpoint)
        fuller = isinstance(shape, dict) and bool(shape)
        fullest = shape if fuller else (before.fullest_shape if before else None)
        self.endpoints[endpoint] = Observation(
            method, status, content, shape, fullest, code
        )

    def recognised(self, endpoint: str, *, recognised: bool) -> None:
        """Say whether the endpoint's last answer was one of the known forms."""
        if (seen := self.endpoints.get(endpoint)) is not None:
            seen.recognised = recognised

    def as_dict(self) -> dict[str, Any]:
        """A plain form for diagnostics."""
        return {
            "choices": {
                "project_timer_path": self.project_timer_path,
                "reads_by_post": sorted(self.reads_by_post),
                "list_paging": dict(sorted(self.list_paging.items())),
                "list_limit": dict(sorted(self.list_limit.items())),
            },
            "endpoints": {
                name: seen.as_dict() for name, seen in sorted(self.endpoints.items())
            },
        }

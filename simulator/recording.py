"""The request log: what the simulator received, without any header."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["RecordedRequest"]


@dataclass
class RecordedRequest:
    """One API request, recorded when it arrives; ``status`` is filled in once answered.

    ``status`` is 0 while the request is in flight, and stays 0 when the
    connection was dropped. ``fault`` names the injected fault it met, if any.
    Headers (and so the API key and secret) are never recorded.
    """

    method: str
    path: str
    query: dict[str, str]
    body: Any
    status: int = 0
    fault: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The entry as ``GET /_simulator/requests`` writes it."""
        return asdict(self)

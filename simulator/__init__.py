"""A local simulator of the TimeTrack REST API (``/api/v2/ext/``).

See ``simulator/README.md`` for how to run it and for every choice made where
the public API documentation is silent.
"""

from .data import DEMO_ACCOUNT, DEMO_API_KEY, DEMO_API_SECRET
from .errors import SimulatorError
from .recording import RecordedRequest
from .server import Simulator
from .state import ACTIONS

__all__ = [
    "ACTIONS",
    "DEMO_ACCOUNT",
    "DEMO_API_KEY",
    "DEMO_API_SECRET",
    "RecordedRequest",
    "Simulator",
    "SimulatorError",
]

"""Asynchronous client for the TimeTrack REST API.

This package depends on the standard library and aiohttp only; it imports
nothing from Home Assistant and can be used on its own. It exports the
client, and every exception, model and list row of its modules.
"""

from . import exceptions, models, observations, records, timestamps
from .client import TimeTrackClient
from .exceptions import *  # noqa: F403
from .models import *  # noqa: F403
from .observations import *  # noqa: F403
from .records import *  # noqa: F403
from .timestamps import *  # noqa: F403

__all__ = ["TimeTrackClient"]
__all__ += exceptions.__all__
__all__ += models.__all__
__all__ += observations.__all__
__all__ += records.__all__
__all__ += timestamps.__all__

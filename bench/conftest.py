"""Fixtures of the benchmark: Home Assistant's test harness, tuned to time things."""

from __future__ import annotations

import pytest

# Imported before the `hass` fixture runs, so that this project's
# custom_components package wins over the test plugin's own.
import custom_components.timetrack  # noqa: F401


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_db_url: str, enable_custom_integrations: None
) -> None:
    """Let Home Assistant load this project's integration.

    The recorder's database URL comes first: a measurement that sets the
    recorder up (`recorder_mock`) needs it before Home Assistant starts.
    """


@pytest.fixture(autouse=True)
def allow_local_sockets(socket_enabled: None) -> None:
    """Let the integration reach the simulator on 127.0.0.1."""


@pytest.fixture(autouse=True)
async def enable_event_loop_debug() -> None:
    """Keep the event loop out of debug mode, as Home Assistant runs it.

    The test plugin turns debug mode on for every test; its bookkeeping would
    be charged to the integration's timings.
    """

"""The smoke runner's own tests: plain functions, no Home Assistant instance."""

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override tests/conftest.py's: these tests need no `hass` fixture."""

"""Fixtures of the integration's tests, beside tests/conftest.py's."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
import shutil
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import Credentials
from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    CLIENT_ID,
    MockConfigEntry,
    MockUser,
)
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
from syrupy.assertion import SnapshotAssertion

from simulator import Simulator

from .actions_support import Home
from .blueprint_support import (
    BLUEPRINT_DIR,
    AddAutomations,
    Day,
    assert_runs_ended_well,
    capture_notify,
    set_up_automations,
)
from .entity_support import (
    WINTER_MORNING,
    PlatformSnapshot,
    Prepare,
    async_setup,
    platform_entities,
)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots in Home Assistant's format, under ./snapshots/."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture
def frozen_at() -> datetime:
    """When `frozen` freezes the clock (override in a module for another time)."""
    return WINTER_MORNING


@pytest.fixture
def frozen(
    freezer: FrozenDateTimeFactory, frozen_at: datetime
) -> FrozenDateTimeFactory:
    """Time frozen at `frozen_at` before the account is set up."""
    freezer.move_to(frozen_at)
    return freezer


@pytest.fixture
def prepare(
    frozen: FrozenDateTimeFactory,
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    frozen_at: datetime,
) -> Prepare:
    """Apply anna's phone-app actions, each (action, "HH:MM:SS" on the day of
    `frozen_at`[, fields]), then set the account up (so that its cache knows
    them), with an empty request log."""

    async def prepare_account(*acts: tuple[Any, ...]) -> MockConfigEntry:
        for action, clock, *fields in acts:
            moment = datetime.fromisoformat(f"{frozen_at.date()}T{clock}")
            simulator.act("anna", action, moment, **(fields[0] if fields else {}))
        assert await async_setup(hass, config_entry)
        simulator.clear_requests()
        return config_entry

    return prepare_account


@pytest.fixture
async def account(prepare: Prepare) -> MockConfigEntry:
    """The account set up at `frozen_at`, with an empty request log."""
    return await prepare()


@pytest.fixture
def home(
    hass: HomeAssistant,
    simulator: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> Home:
    """The account entry on the simulator, in Home Assistant (see `Home`)."""
    return Home(hass, simulator, config_entry, freezer)


@pytest.fixture
def platform_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    config_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> PlatformSnapshot:
    """Match each of the account's entities of a platform with its snapshots
    (registry entry and state); their ids."""

    def match(domain: str) -> list[str]:
        entities = platform_entities(hass, entity_registry, config_entry, domain)
        for entity, state in entities:
            assert entity == snapshot(name=f"{entity.entity_id}-entry")
            assert state == snapshot(name=f"{entity.entity_id}-state")
        return [entity.entity_id for entity, _ in entities]

    return match


@pytest.fixture
async def notices(hass: HomeAssistant) -> AsyncIterator[dict[str, Any]]:
    """The persistent notifications shown, kept up to date as the frontend's."""
    await async_setup_component(hass, "persistent_notification", {})
    shown: dict[str, Any] = {}

    @callback
    def updated(kind: persistent_notification.UpdateType, changed: dict) -> None:
        if kind is persistent_notification.UpdateType.REMOVED:
            for notification_id in changed:
                shown.pop(notification_id, None)
        else:
            shown.update(changed)

    unsubscribe = persistent_notification.async_register_callback(hass, updated)
    yield shown
    unsubscribe()


@pytest.fixture
def config_dir(hass: HomeAssistant, tmp_path: Path) -> Iterator[Path]:
    """A configuration directory holding this project's blueprints."""
    shutil.copytree(BLUEPRINT_DIR, tmp_path / "blueprints" / "automation" / "timetrack")
    original = hass.config.config_dir
    hass.config.config_dir = str(tmp_path)
    yield tmp_path
    hass.config.config_dir = original


@pytest.fixture
async def add_automations(
    hass: HomeAssistant,
    config_dir: Path,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
    hass_admin_credential: Credentials,
) -> AsyncIterator[AddAutomations]:
    """Set automations up as configuration.yaml would (see `set_up_automations`).

    At the end of the test, every run of each must have ended without an
    error (see `assert_runs_ended_well`).
    """
    item_ids: list[str] = []

    async def add(*automations: dict[str, Any]) -> None:
        await set_up_automations(hass, config_dir, *automations)
        item_ids.extend(automation["id"] for automation in automations)

    yield add
    if item_ids:
        # A fresh login: the clock has moved on since the test began.
        refresh_token = await hass.auth.async_create_refresh_token(
            hass_admin_user, CLIENT_ID, credential=hass_admin_credential
        )
        client = await hass_ws_client(
            hass, hass.auth.async_create_access_token(refresh_token)
        )
        await assert_runs_ended_well(client, item_ids)
        # Detach the triggers (and stop waiting runs) before Home Assistant stops.
        await hass.services.async_call(
            "automation", "turn_off", {"entity_id": "all"}, blocking=True
        )


@pytest.fixture
def day(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    notifications: list[ServiceCall],
) -> Day:
    """Anna's day (see `Day`)."""
    return Day(hass, freezer, simulator, notifications)


@pytest.fixture
def notifications(hass: HomeAssistant) -> list[ServiceCall]:
    """Calls of Anna's phone's notify action (a stand-in for the Companion app)."""
    return capture_notify(hass, "mobile_app_annas_phone")

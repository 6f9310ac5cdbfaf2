"""The temporary configuration directory Home Assistant runs from.

It holds a copy of the integration (a copy, not a link: Home Assistant writes
`__pycache__` beside the modules it imports, and a run must not change the
repository), the project's sentence files for the built-in conversation agent,
a minimal `configuration.yaml`, and `.storage/http` binding 127.0.0.1.
"""

from __future__ import annotations

import json
from pathlib import Path
import shutil

from .processes import ROOT

DOMAIN = "timetrack"

# The least this run needs beside what Home Assistant always loads (frontend,
# person, ... are set up regardless; see DEFAULT_INTEGRATIONS in bootstrap.py).
CONFIGURATION = """\
# Written by scripts/smoke for one run.
api:
config:
conversation:
onboarding:
websocket_api:
logger:
  default: info
  logs:
    custom_components.timetrack: debug
"""

# Appended to a module of the copied integration by --break-integration, to
# show that the log check catches each kind of fault.
BREAKAGES: dict[str, tuple[str, str]] = {
    # An entity whose state raises: Home Assistant logs the traceback.
    "state": (
        "sensor.py",
        """

# --- scripts/smoke --break-integration state ---
from homeassistant.components.sensor import SensorEntity as _SmokeSensorEntity


def _smoke_broken_value(self: object) -> None:
    raise RuntimeError("broken on purpose by scripts/smoke --break-integration")


for _smoke_class in list(globals().values()):
    if (
        isinstance(_smoke_class, type)
        and issubclass(_smoke_class, _SmokeSensorEntity)
        and _smoke_class.__module__ == __name__
    ):
        _smoke_class.native_value = property(_smoke_broken_value)
""",
    ),
    # Every action logs a warning (and still works).
    "warning": (
        "__init__.py",
        """

# --- scripts/smoke --break-integration warning ---
import logging as _smoke_logging

from homeassistant.core import ServiceRegistry as _SmokeServiceRegistry

_smoke_register = _SmokeServiceRegistry.async_register


def _smoke_async_register(self, domain, service, handler, *args, **kwargs):
    if domain == "timetrack":
        original = handler

        async def handler(call):
            _smoke_logging.getLogger(__name__).warning(
                "Action %s called (broken on purpose by scripts/smoke)", call.service
            )
            return await original(call)

    return _smoke_register(self, domain, service, handler, *args, **kwargs)


_SmokeServiceRegistry.async_register = _smoke_async_register
""",
    ),
}


def http_storage(port: int) -> dict[str, object]:
    """`.storage/http`: listen on 127.0.0.1:`port` only (see scripts/develop)."""
    stable = {
        "server_host": ["127.0.0.1"],
        "server_port": port,
        "cors_allowed_origins": [],
        "login_attempts_threshold": -1,
        "ip_ban_enabled": False,
        "ssl_profile": "modern",
        "use_x_frame_options": True,
        "created_at": "2026-01-01T00:00:00+00:00",
        "error": None,
        "error_message": None,
    }
    data = {"stable": stable, "pending": None, "yaml_migration_done": True}
    return {"version": 2, "minor_version": 2, "key": "http", "data": data}


def prepare(config: Path, port: int, breakage: str | None = None) -> None:
    """Fill the empty directory `config` for a run on 127.0.0.1:`port`."""
    shutil.copytree(
        ROOT / "custom_components" / DOMAIN,
        config / "custom_components" / DOMAIN,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    sentences = ROOT / "custom_sentences"
    if sentences.is_dir():
        shutil.copytree(sentences, config / "custom_sentences")
    (config / "configuration.yaml").write_text(CONFIGURATION, encoding="utf-8")
    storage = config / ".storage"
    storage.mkdir()
    (storage / "http").write_text(json.dumps(http_storage(port), indent=2))
    (storage / "http").chmod(0o600)
    if breakage is not None:
        module, code = BREAKAGES[breakage]
        path = config / "custom_components" / DOMAIN / module
        path.write_text(path.read_text(encoding="utf-8") + code, encoding="utf-8")

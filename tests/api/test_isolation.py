"""The API package stands alone: no Home Assistant, relative imports only."""

import ast
from pathlib import Path
import subprocess
import sys

import custom_components.timetrack.api as api_package

PACKAGE = Path(api_package.__file__).parent
ALLOWED_THIRD_PARTY = {"aiohttp"}


def _python_files() -> list[Path]:
    files = sorted(PACKAGE.glob("*.py"))
    assert {path.name for path in files} >= {
        "__init__.py",
        "client.py",
        "dialect.py",
        "exceptions.py",
        "models.py",
        "observations.py",
        "proof.py",
        "records.py",
        "timestamps.py",
        "transport.py",
        "values.py",
    }
    return files


def test_package_is_typed() -> None:
    assert (PACKAGE / "py.typed").is_file()


def test_no_home_assistant_and_only_relative_own_imports() -> None:
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    assert node.level == 1, f"{path.name}: import leaves the package"
                    continue
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                top = module.partition(".")[0]
                assert top != "homeassistant", f"{path.name} imports {module}"
                assert top != "custom_components", f"{path.name} imports {module}"
                assert top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY, (
                    f"{path.name} imports {module}"
                )


LOADER = """
import importlib.util
import sys

path = sys.argv[1]
spec = importlib.util.spec_from_file_location(
    "standalone_timetrack_api", path + "/__init__.py",
    submodule_search_locations=[path],
)
module = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = module
spec.loader.exec_module(module)
for name in module.__all__:
    getattr(module, name)
from datetime import UTC
client = module.TimeTrackClient("https://acme.timetrackenterprise.com", "k", "s")
assert repr(client).startswith("TimeTrackClient(")
assert module.decode_timestamp("2024-01-01T00:00:00.000Z", UTC).year == 2024
loaded = sorted(
    name for name in sys.modules
    if name.partition(".")[0] in {"homeassistant", "custom_components"}
)
assert not loaded, loaded
print("standalone ok", len(module.__all__))
"""


def test_loads_as_a_standalone_top_level_package() -> None:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-I", "-c", LOADER, str(PACKAGE)],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("standalone ok")

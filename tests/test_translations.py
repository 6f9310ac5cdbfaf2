"""The translations: complete in English and German, and every key used exists."""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any

import yaml

from custom_components.timetrack import history, speech_de, speech_en

PACKAGE = Path(__file__).parent.parent / "custom_components" / "timetrack"
TRANSLATIONS = PACKAGE / "translations"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _load(language: str) -> dict[str, Any]:
    return json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))


def _leaves(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    leaves: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            leaves |= _leaves(value, path)
        else:
            leaves[path] = value
    return leaves


PLATFORMS = ("sensor", "switch", "select", "button", "event", "calendar")


def _python_sources() -> str:
    """The code that raises translated errors: all but the entity platforms."""
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in PACKAGE.rglob("*.py")
        if path.stem not in PLATFORMS
    )


def test_english_and_german_have_the_same_keys_and_placeholders() -> None:
    english = _leaves(_load("en"))
    german = _leaves(_load("de"))
    assert english.keys() == german.keys()
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(text)) == set(
            PLACEHOLDER.findall(german[key])
        ), key
        assert german[key].strip(), key


def test_no_strings_json_nor_references() -> None:
    assert not (PACKAGE / "strings.json").exists()
    for language in ("en", "de"):
        assert "[%key:" not in (TRANSLATIONS / f"{language}.json").read_text()


def test_every_exception_and_issue_key_used_in_code_is_translated() -> None:
    english = _load("en")
    used = set(re.findall(r'translation_key="(\w+)"', _python_sources()))
    used |= set(re.findall(r'refusal\(\s*"(\w+)"', _python_sources()))
    known = set(english["exceptions"]) | set(english["issues"])
    assert used, "no translation keys found: the scan is broken"
    assert used <= known, used - known


def test_every_refusal_of_the_actions_is_translated() -> None:
    english = _load("en")["exceptions"]
    source = (PACKAGE / "timer_action.py").read_text()
    refusals = set(re.findall(r'return "(\w+)"', source))
    assert refusals
    assert refusals <= set(english), refusals - set(english)


def test_every_reason_for_dropping_or_failing_an_action_is_translated() -> None:
    english = _load("en")["exceptions"]
    sources = "\n".join(
        (PACKAGE / name).read_text() for name in ("replay.py", "runner.py")
    )
    reasons = set(
        re.findall(r'(?:RefusedError|_error|_async_drop)\([^"]*"(\w+)"', sources)
    )
    reasons |= set(re.findall(r'return "(\w+)", \{', sources))
    assert {"time_too_old", "kept_failing", "user_not_found", "auth_failed"} <= reasons
    assert reasons <= set(english), reasons - set(english)


def test_every_optional_list_has_its_repair_issue() -> None:
    features = set(
        re.findall(
            r'OptionalCoordinator\(\s*hass,\s*entry,\s*"(\w+)"',
            (PACKAGE / "catalog.py").read_text(),
        )
    )
    features |= set(
        re.findall(r'"(work_reports)"', (PACKAGE / "reports.py").read_text())
    )
    assert features == {"projects", "tasks", "users", "work_reports"}
    for language in ("en", "de"):
        issues = _load(language)["issues"]
        for feature in features:
            assert set(issues[f"{feature}_unavailable"]) == {"title", "description"}


def test_spoken_answers_have_the_same_keys_and_placeholders_in_each_language() -> None:
    english, german = speech_en.TEXTS, speech_de.TEXTS
    assert english.keys() == german.keys()
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(german[key]))
        assert german[key].strip(), key
    assert speech_en.CLIENT_SEPARATORS
    assert speech_de.CLIENT_SEPARATORS


def test_every_entity_translation_key_is_translated() -> None:
    english = _load("en")["entity"]
    icons = json.loads((PACKAGE / "icons.json").read_text())["entity"]
    sources = {
        platform: (PACKAGE / f"{platform}.py").read_text() for platform in PLATFORMS
    }
    for platform, source in sources.items():
        keys = set(re.findall(r'translation_key="(\w+)"', source))
        assert keys, platform
        assert keys <= set(english[platform]), (platform, keys - set(english[platform]))
        assert keys <= set(icons[platform]), (platform, keys - set(icons[platform]))


def test_every_action_and_field_is_translated() -> None:
    services = yaml.safe_load((PACKAGE / "services.yaml").read_text())
    icons = json.loads((PACKAGE / "icons.json").read_text())["services"]
    for language in ("en", "de"):
        translated = _load(language)["services"]
        assert set(translated) == set(services)
        for name, service in services.items():
            assert translated[name]["name"]
            assert translated[name]["description"]
            assert set(translated[name]["fields"]) == set(service["fields"]), name
    assert set(icons) == set(services)


def test_every_list_of_the_history_has_its_repair_issue() -> None:
    """The calendar's and the statistics' lists (history.py) each say what fails."""
    names = set(history.MISSING)
    assert names == {"attendances", "project_time_entries", "absences", "work_reports"}
    for language in ("en", "de"):
        issues = _load(language)["issues"]
        for name in names:
            assert set(issues[f"history_{name}_unavailable"]) == {
                "title",
                "description",
            }


def test_every_text_of_the_calendar_and_statistics_is_translated() -> None:
    """The events' words and the statistics' names, kept with the messages."""
    sources = {
        name: (PACKAGE / f"{name}.py").read_text()
        for name in ("calendar_events", "statistics")
    }
    keys = {
        f"calendar_{key}"
        for key in re.findall(r'texts\.get\(\s*"(\w+)"', sources["calendar_events"])
    }
    keys |= {"calendar_running", "calendar_paused"}
    keys |= {f"calendar_status_{status}" for status in ("0", "1", "2", "unknown")}
    keys |= set(re.findall(r'"(statistic_\w+)"', sources["statistics"]))
    assert len(keys) == 14
    for language in ("en", "de"):
        exceptions = _load(language)["exceptions"]
        assert keys <= set(exceptions), keys - set(exceptions)

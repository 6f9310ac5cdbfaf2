"""The smoke run's log check, on lines as Home Assistant 2026.11 writes them.

The wordings come from the installed Home Assistant: the frame helper
(homeassistant/helpers/frame.py), the deprecation helper
(homeassistant/helpers/deprecation.py), the loader's custom-integration
warning, and entity errors as a broken copy of the integration produced them
in a real smoke run (`scripts/smoke --break-integration state`).
"""

from __future__ import annotations

import ast

import pytest

from smoke import config, logcheck

T = "2026-12-01 11:08:48.690+00:00"
ISSUES = "https://github.com/timetrack-homeassistant/timetrack/issues"


def lines(text: str) -> list[str]:
    """The test's log text as the lines of a file."""
    return text.strip("\n").splitlines()


def reasons(text: str) -> list[str]:
    """The reasons of every problem the check finds in `text`."""
    return [problem.reason for problem in logcheck.find_problems(lines(text))]


# --- what fails ---------------------------------------------------------------


def test_warning_from_the_integrations_logger_fails() -> None:
    log = f"{T} WARNING (MainThread) [custom_components.timetrack] Refused: odd answer"
    assert reasons(log) == ["WARNING from the integration's logger"]


@pytest.mark.parametrize(
    "logger", ["custom_components.timetrack.coordinator", "custom_components.timetrack"]
)
@pytest.mark.parametrize("level", ["WARNING", "ERROR", "CRITICAL"])
def test_any_level_from_warning_up_of_any_own_logger_fails(
    logger: str, level: str
) -> None:
    log = f"{T} {level} (MainThread) [{logger}] Something happened"
    assert reasons(log) == [f"{level} from the integration's logger"]


def test_an_action_that_logs_a_warning_fails() -> None:
    # What `scripts/smoke --break-integration warning` made the integration log.
    log = (
        f"{T} WARNING (MainThread) [custom_components.timetrack] Action "
        "start_project_timer called (broken on purpose by scripts/smoke)"
    )
    assert len(logcheck.find_problems(lines(log))) == 1


ENTITY_STATE_RAISES = f"""
{T} INFO (MainThread) [homeassistant.helpers.entity_registry] Registered new sensor.timetrack entity: sensor.anna_berger_project_timer
{T} ERROR (MainThread) [homeassistant.components.sensor] Error adding entity sensor.anna_berger_project_timer for domain sensor with platform timetrack
Traceback (most recent call last):
  File "/srv/venv/lib/python3.14/site-packages/homeassistant/helpers/entity_platform.py", line 733, in _async_add_entities
    await self._async_add_entity(
        entity, False, entity_registry, config_subentry_id
    )
  File "/srv/venv/lib/python3.14/site-packages/homeassistant/helpers/entity.py", line 1109, in _stringify_state
    if (state := self.state) is None:
                 ^^^^^^^^^^
  File "/srv/venv/lib/python3.14/site-packages/homeassistant/components/sensor/entity.py", line 532, in state
    value = self.native_value
            ^^^^^^^^^^^^^^^^^
  File "/config/custom_components/timetrack/sensor.py", line 200, in native_value
    return self.entity_description.value_fn(self.user_state, self.coordinator.now())
KeyError: 'anna'
{T} INFO (MainThread) [homeassistant.components.switch] Setting up timetrack.switch
"""  # noqa: E501


def test_an_entity_whose_state_raises_fails() -> None:
    problems = logcheck.find_problems(lines(ENTITY_STATE_RAISES))
    assert [problem.reason for problem in problems] == ["ERROR naming the integration"]
    problem = problems[0]
    assert problem.record.line_number == 2
    assert problem.record.logger == "homeassistant.components.sensor"
    # The traceback belongs to the record; the next record starts anew.
    assert problem.record.continuation[-1] == "KeyError: 'anna'"
    assert "line 2: ERROR naming the integration" in problem.describe()


def test_a_traceback_that_only_names_the_integration_in_a_path_fails() -> None:
    # A state write failing in a coordinator listener: Home Assistant's loop
    # logs it; only a frame of the traceback is the integration's.
    log = f"""
{T} ERROR (MainThread) [homeassistant] Error doing job: Exception in callback DataUpdateCoordinator.async_update_listeners()
Traceback (most recent call last):
  File "/usr/lib/python3.14/asyncio/events.py", line 94, in _run
    self._context.run(self._callback, *self._args)
  File "/srv/venv/lib/python3.14/site-packages/homeassistant/helpers/update_coordinator.py", line 214, in async_update_listeners
    update_callback()
  File "/config/custom_components/timetrack/sensor.py", line 221, in _handle_coordinator_update
    self._schedule_tick()
ValueError: naive datetime
"""  # noqa: E501
    assert reasons(log) == ["ERROR naming the integration"]


REPORTED = "deprecation or frame report naming the integration"


@pytest.mark.parametrize(
    "log",
    [
        pytest.param(
            # report_usage(..., integration_domain=...), as config_entries.py
            # does for async_update_reload_and_abort with an update listener.
            f"{T} WARNING (MainThread) [homeassistant.helpers.frame] Detected that "
            "custom integration 'timetrack' has an update listener and should use "
            "it for scheduling a reload. This will stop working in Home Assistant "
            f"2026.12.0, please create a bug report at {ISSUES}",
            id="a_frame_report_naming_the_integration",
        ),
        pytest.param(
            f"{T} WARNING (MainThread) [homeassistant.helpers.frame] Detected that "
            "custom integration 'timetrack' sets an invalid entity ID: 'Sensor.X' at "
            "custom_components/timetrack/sensor.py, line 12: self.entity_id = x. "
            f"This will stop working in Home Assistant 2027.2.0, please create a bug "
            f"report at {ISSUES}",
            id="a_frame_report_from_a_stack_frame",
        ),
        pytest.param(
            # deprecation._print_deprecation_warning_internal_impl, custom
            # integration.
            f"{T} WARNING (MainThread) [homeassistant.helpers.sun] The deprecated "
            "function get_astral_location was called from timetrack. It will be "
            "removed in HA Core 2027.7. Use get_location instead, please report it "
            "to the author of the 'timetrack' custom integration",
            id="a_deprecated_function_report",
        ),
        pytest.param(
            f"{T} WARNING (MainThread) [py.warnings] "
            "/config/custom_components/timetrack/api/client.py:88: DeprecationWarning: "
            "'asyncio.iscoroutinefunction' is deprecated and slated for removal in "
            "Python 3.16; use inspect.iscoroutinefunction() instead\n"
            "  if asyncio.iscoroutinefunction(callback):",
            id="a_python_deprecation_warning_in_the_log",
        ),
    ],
)
def test_deprecation_and_frame_reports_fail(log: str) -> None:
    assert reasons(log) == [REPORTED]


@pytest.mark.parametrize("level", ["DEBUG", "INFO"])
def test_a_frame_report_below_warning_fails_too(level: str) -> None:
    # report_usage takes a `level`; a quiet report is still a future break.
    log = (
        f"{T} {level} (MainThread) [homeassistant.helpers.frame] Detected that "
        "custom integration 'timetrack' calls a soon removed helper. Please "
        f"create a bug report at {ISSUES}"
    )
    assert reasons(log) == [REPORTED]


def test_a_deprecated_entity_member_report_fails() -> None:
    # deprecation.migrate_deprecated_entity_members logs with the class's module.
    log = (
        f"{T} WARNING (MainThread) [custom_components.timetrack.sensor] "
        "custom_components.timetrack.sensor::TimeTrackSensor provides the "
        "deprecated unit_of_measurement, this will stop working in Home Assistant "
        "2027.4, use native_unit_of_measurement instead, please report it to the "
        "author of the 'timetrack' custom integration"
    )
    assert len(reasons(log)) == 1


def test_a_raw_deprecation_warning_on_stderr_fails() -> None:
    # Before Home Assistant captures warnings, Python prints them to stderr;
    # such a line starts a record of its own, even amid a logged record.
    log = f"""
{T} INFO (MainThread) [homeassistant.setup] Setting up timetrack
/config/custom_components/timetrack/api/client.py:88: DeprecationWarning: 'asyncio.iscoroutinefunction' is deprecated
  if asyncio.iscoroutinefunction(callback):
{T} INFO (MainThread) [homeassistant.setup] Setup of domain timetrack took 0.03 seconds
"""  # noqa: E501
    problems = logcheck.find_problems(lines(log))
    assert [problem.record.line_number for problem in problems] == [2]
    assert problems[0].record.continuation == (
        "  if asyncio.iscoroutinefunction(callback):",
    )


# --- what passes --------------------------------------------------------------

EXPECTED_START = f"""
{T} WARNING (MainThread) [homeassistant.bootstrap] Skipping pip installation of required modules. This may cause issues
{T} WARNING (SyncWorker_0) [homeassistant.loader] We found a custom integration timetrack which has not been tested by Home Assistant. This component might cause stability problems, be sure to disable it if you experience issues with Home Assistant
{T} WARNING (MainThread) [aiohttp_fast_zlib] zlib_ng and isal are not available, falling back to zlib, performance will be degraded.
{T} ERROR (MainThread) [haffmpeg.core] FFmpeg fails [Errno 2] No such file or directory: 'ffmpeg'
{T} INFO (MainThread) [homeassistant.setup] Setting up timetrack
{T} INFO (MainThread) [homeassistant.components.sensor] Setting up timetrack.sensor
{T} INFO (MainThread) [homeassistant.helpers.entity_registry] Registered new sensor.timetrack entity: sensor.anna_berger_project_timer
{T} DEBUG (MainThread) [custom_components.timetrack.api] GET timers/project_timer -> HTTP 200 (2 bytes)
{T} DEBUG (MainThread) [custom_components.timetrack] Finished fetching TimeTrack 127.0.0.1:32923 data in 0.009 seconds (success: True)
{T} INFO (MainThread) [homeassistant.helpers.intent] Triggering intent handler <StatusIntentHandler - TimeTrackStatus>
/srv/venv/lib/python3.14/site-packages/backoff/_async.py:11: DeprecationWarning: 'asyncio.iscoroutinefunction' is deprecated and slated for removal in Python 3.16; use inspect.iscoroutinefunction() instead
{T} ERROR (MainThread) [homeassistant.components.radio_browser] Setup of config entry 'Radio Browser' for radio_browser integration cancelled
Traceback (most recent call last):
  File "/srv/venv/lib/python3.14/site-packages/radios/radio_browser.py", line 403, in _request
    await sleep(delay)
asyncio.exceptions.CancelledError: Home Assistant is stopping
"""  # noqa: E501


def test_the_custom_integration_warning_and_other_integrations_pass() -> None:
    # "We found a custom integration timetrack which has not been tested by
    # Home Assistant" is logged for every custom integration at every start:
    # expected, not the integration's fault. Other integrations' warnings and
    # errors, and this integration's debug and info lines, are not ours.
    assert logcheck.find_problems(lines(EXPECTED_START)) == []


def test_the_custom_integration_warning_from_another_logger_is_not_excused() -> None:
    log = (
        f"{T} WARNING (MainThread) [custom_components.timetrack] We found a "
        "custom integration timetrack which has not been tested by Home Assistant."
    )
    assert len(reasons(log)) == 1


def test_a_frame_report_about_another_integration_passes() -> None:
    log = (
        f"{T} WARNING (MainThread) [homeassistant.helpers.frame] Detected that "
        "custom integration 'hacs' calls async_track_state_change. This will stop "
        "working in Home Assistant 2027.1, please create a bug report at "
        "https://github.com/hacs/integration/issues"
    )
    assert reasons(log) == []


def test_words_containing_the_domain_are_not_the_domain() -> None:
    log = (
        f"{T} WARNING (MainThread) [homeassistant.components.http] Login attempt "
        "from acme.timetrackenterprise.com for class TimeTrackSensor"
    )
    assert reasons(log) == []


def test_the_integrations_own_debug_words_are_its_own() -> None:
    log = (
        f"{T} DEBUG (MainThread) [custom_components.timetrack.outbox] Action "
        "clock_in of timetrack user anna is deprecated by a later clock_out"
    )
    assert reasons(log) == []


def test_an_empty_log_has_no_problems() -> None:
    assert logcheck.find_problems([]) == []


# --- parsing --------------------------------------------------------------------


def test_records_keep_their_continuation_lines() -> None:
    log = lines(ENTITY_STATE_RAISES)
    records = logcheck.parse_records(log)
    assert [(record.line_number, record.level) for record in records] == [
        (1, "INFO"),
        (2, "ERROR"),
        (len(log), "INFO"),
    ]
    assert len(records[1].continuation) == len(log) - 3
    assert records[1].continuation[0] == "Traceback (most recent call last):"


def test_output_before_the_first_record_is_a_record_of_its_own() -> None:
    log = (
        "Traceback (most recent call last):\n"
        '  File "/config/custom_components/timetrack/__init__.py", line 1\n'
        "SyntaxError: invalid syntax\n"
        f"{T} INFO (MainThread) [homeassistant.setup] Setting up http"
    )
    problems = logcheck.find_problems(lines(log))
    assert [problem.reason for problem in problems] == [
        "output outside the log that names the integration"
    ]


def test_notable_lists_warnings_and_above() -> None:
    notable = logcheck.notable(lines(EXPECTED_START))
    assert [record.level for record in notable] == [
        "WARNING",
        "WARNING",
        "WARNING",
        "ERROR",
        "",
        "ERROR",
    ]


def test_long_records_are_shortened_when_described() -> None:
    problem = logcheck.find_problems(lines(ENTITY_STATE_RAISES))[0]
    described = problem.describe(max_lines=4).splitlines()
    assert len(described) == 5  # the reason, 2 first lines, "...", the last line
    assert described[-2].strip() == "..."
    assert described[-1].strip() == "KeyError: 'anna'"
    assert len(problem.describe(max_lines=1).splitlines()) == 2


# --- the breakages of --break-integration ---------------------------------------


@pytest.mark.parametrize("kind", sorted(config.BREAKAGES))
def test_each_breakage_is_valid_python_for_its_module(kind: str) -> None:
    module, code = config.BREAKAGES[kind]
    source = (config.ROOT / "custom_components" / "timetrack" / module).read_text()
    ast.parse(source + code)

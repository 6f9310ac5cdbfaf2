"""The TimeTrack intents, handled as a voice assistant or an LLM agent calls them.

Every test drives the intent through Home Assistant's intent helper against the
simulator and checks what the user hears and what changed in TimeTrack.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import intent
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.timetrack.intent import async_setup_intents
from simulator import Simulator

from .actions_support import action_bodies
from .entity_support import ANNA_AND_BEN, async_advance, async_setup, device_id
from .voice_support import EARLY, INTENTS, MEHRERE, SEVERAL, VOICE_TESTS

pytestmark = VOICE_TESTS


async def handle(
    hass: HomeAssistant,
    intent_type: str,
    language: str = "en",
    **slots: str,
) -> intent.IntentResponse:
    """Handle a TimeTrack intent as an assistant would."""
    return await intent.async_handle(
        hass,
        "test",
        intent_type,
        {name: {"value": value} for name, value in slots.items()},
        language=language,
    )


def speech(response: intent.IntentResponse) -> str:
    """What the user hears."""
    text: str = response.speech["plain"]["speech"]
    return text


def assert_error(response: intent.IntentResponse, text: str) -> None:
    """The intent failed, saying `text`."""
    assert response.response_type is intent.IntentResponseType.ERROR
    assert response.error_code is intent.IntentResponseErrorCode.FAILED_TO_HANDLE
    assert speech(response) == text


async def test_start_pause_resume_stop_in_english(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """A day on one project, told in English at local times."""
    response = await handle(hass, "TimeTrackStartTimer", project="mobile app")
    assert speech(response) == "Started Mobile App for ACME at 9:02."
    assert response.response_type is intent.IntentResponseType.ACTION_DONE
    device = device_id(hass, setup_integration, "anna")
    assert [(t.type, t.name, t.id) for t in response.success_results] == [
        (intent.IntentResponseTargetType.DEVICE, "Anna Berger", device)
    ]
    assert action_bodies(simulator, "project_timer/start") == [
        {
            "username": "anna",
            "date": "2026-03-10T09:02:00.000Z",
            "clientName": "ACME",
            "projectName": "Mobile App",
        }
    ]
    assert simulator.project_timer("anna")["playing"] is True
    assert hass.states.get("sensor.anna_berger_project_timer").state == "running"

    await async_advance(hass, freezer, timedelta(hours=3, minutes=28, seconds=40))
    response = await handle(hass, "TimeTrackPauseTimer")
    assert speech(response) == "Paused Mobile App at 12:30."
    assert simulator.project_timer("anna")["paused"] is True
    assert [
        body["date"] for body in action_bodies(simulator, "project_timer/pause")
    ] == ["2026-03-10T12:30:40.000Z"]

    await async_advance(hass, freezer, timedelta(minutes=30))
    response = await handle(hass, "TimeTrackResumeTimer")
    assert speech(response) == "Resumed Mobile App."
    assert simulator.project_timer("anna")["playing"] is True

    await async_advance(hass, freezer, timedelta(hours=1, minutes=1))
    response = await handle(hass, "TimeTrackStopTimer")
    # 3:28:40 before the break and 1:01 after it.
    assert speech(response) == "Stopped Mobile App after 4 hours 29 minutes."
    timer = simulator.project_timer("anna")
    assert timer["stopped"] is True
    assert timer["workedSeconds"] == 4 * 3600 + 29 * 60 + 40
    assert hass.states.get("sensor.anna_berger_project_timer").state == "stopped"


async def test_start_pause_resume_stop_in_german(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """The same day in German; singular hour and minute."""
    response = await handle(
        hass, "TimeTrackStartTimer", "de-AT", project="Website", client="globex"
    )
    assert speech(response) == "Website für Globex um 9:02 gestartet."
    assert action_bodies(simulator, "project_timer/start")[0]["clientName"] == "Globex"

    await async_advance(hass, freezer, timedelta(hours=1, minutes=1))
    response = await handle(hass, "TimeTrackPauseTimer", "de")
    assert speech(response) == "Website um 10:03 pausiert."

    await async_advance(hass, freezer, timedelta(minutes=5))
    response = await handle(hass, "TimeTrackResumeTimer", "de")
    assert speech(response) == "Website fortgesetzt."

    await async_advance(hass, freezer, timedelta(minutes=1))
    response = await handle(hass, "TimeTrackStopTimer", "de")
    assert speech(response) == "Website nach 1 Stunde 2 Minuten gestoppt."
    assert simulator.project_timer("anna")["stopped"] is True


async def test_start_reads_project_for_client(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """A spoken "Website for ACME" (one wildcard in the sentence) names both."""
    response = await handle(hass, "TimeTrackStartTimer", project="Website for ACME")
    assert speech(response) == "Started Website for ACME at 9:02."
    response = await handle(
        hass, "TimeTrackStartTimer", "de", project="Website für Globex"
    )
    assert speech(response) == (
        "Website nach 0 Minuten gestoppt. Website für Globex um 9:02 gestartet."
    )
    assert [
        (body["clientName"], body["projectName"])
        for body in action_bodies(simulator, "project_timer/start")
    ] == [("ACME", "Website"), ("Globex", "Website")]
    # The select's label works too ("Client / Project", as an LLM may copy it).
    await async_advance(hass, freezer, timedelta(minutes=61))
    response = await handle(hass, "TimeTrackStartTimer", project="Initech / Support")
    assert speech(response) == (
        "Stopped Website after 1 hour 1 minute. Started Support for Initech at 10:03."
    )
    assert simulator.project_timer("anna")["clientName"] == "Initech"


async def test_start_the_running_project_again(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """Starting the project that already runs changes nothing and says so."""
    await handle(hass, "TimeTrackStartTimer", project="Intranet")
    await async_advance(hass, freezer, timedelta(minutes=20))
    simulator.clear_requests()
    response = await handle(hass, "TimeTrackStartTimer", project="intranet")
    assert speech(response) == (
        "The timer is already running on Intranet for Globex since 9:02."
    )
    await handle(hass, "TimeTrackPauseTimer")
    response = await handle(hass, "TimeTrackStartTimer", "de", project="Intranet")
    assert speech(response) == (
        "Intranet für Globex ist bereits gestartet; der Timer ist pausiert."
    )
    assert action_bodies(simulator, "project_timer/start") == []
    assert action_bodies(simulator, "project_timer/stop") == []
    assert len(action_bodies(simulator, "project_timer/pause")) == 1


@pytest.mark.freeze_time(EARLY)
async def test_clock_in_and_out(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """Attendance in both languages, with the time worked."""
    response = await handle(hass, "TimeTrackClockIn")
    assert speech(response) == "Clocked in at 8:58."
    assert simulator.attendance_timer("anna")["to"] is None
    assert hass.states.get("switch.anna_berger_attendance").state == "on"

    await async_advance(hass, freezer, timedelta(hours=8, minutes=7, seconds=30))
    response = await handle(hass, "TimeTrackClockOut")
    assert speech(response) == "Clocked out at 17:05 after 8 hours 7 minutes."
    entry = simulator.attendance_timer("anna")
    assert entry["to"] == "2026-03-10T17:05:30.000Z"
    assert entry["workedMinutes"] == 8 * 60 + 7
    assert hass.states.get("switch.anna_berger_attendance").state == "off"

    await async_advance(hass, freezer, timedelta(minutes=10))
    response = await handle(hass, "TimeTrackClockIn", "de")
    assert speech(response) == "Um 17:15 eingestempelt."
    await async_advance(hass, freezer, timedelta(hours=1, minutes=1))
    response = await handle(hass, "TimeTrackClockOut", "de")
    assert speech(response) == "Um 18:16 nach 1 Stunde 1 Minute ausgestempelt."
    assert len(action_bodies(simulator, "attendance_timer/start")) == 2
    assert len(action_bodies(simulator, "attendance_timer/stop")) == 2


@pytest.mark.freeze_time(EARLY)
async def test_status(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """How long today, from the work reports plus the running attendance."""
    response = await handle(hass, "TimeTrackStatus")
    assert (
        speech(response) == "You have not worked today yet. Your timer is not running."
    )
    assert response.response_type is intent.IntentResponseType.QUERY_ANSWER

    await handle(hass, "TimeTrackClockIn")
    await async_advance(hass, freezer, timedelta(hours=1))
    await handle(hass, "TimeTrackClockOut")
    # The next poll reads the work reports with the finished hour.
    await async_advance(hass, freezer, timedelta(minutes=1))
    await handle(hass, "TimeTrackClockIn")
    await handle(hass, "TimeTrackStartTimer", project="Website", client="ACME")
    await async_advance(hass, freezer, timedelta(hours=5, minutes=12, seconds=59))
    simulator.clear_requests()

    response = await handle(hass, "TimeTrackStatus")
    assert speech(response) == (
        "You have worked 6 hours 12 minutes today. "
        "Your timer is running on Website for ACME."
    )
    response = await handle(hass, "TimeTrackStatus", "de")
    assert speech(response) == (
        "Du hast heute 6 Stunden 12 Minuten gearbeitet. "
        "Dein Timer läuft auf Website für ACME."
    )
    # A question is answered from what Home Assistant knows: no request.
    assert simulator.requests == []
    await handle(hass, "TimeTrackPauseTimer")
    response = await handle(hass, "TimeTrackStatus")
    assert speech(response).endswith("Your timer on Website for ACME is paused.")
    response = await handle(hass, "TimeTrackStatus", "de")
    assert speech(response).endswith("Dein Timer auf Website für ACME ist pausiert.")


async def test_status_without_work_reports(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    config_entry: MockConfigEntry,
) -> None:
    """Without work reports, today's time is the attendance entry's."""
    simulator.work_reports_available = False
    # Clocked in yesterday 22:00, out 23:30: that is not today's work.
    simulator.act("anna", "attendance_timer/start", datetime(2026, 3, 9, 22, 0))
    simulator.act("anna", "attendance_timer/stop", datetime(2026, 3, 9, 23, 30))
    assert await async_setup(hass, config_entry)

    response = await handle(hass, "TimeTrackStatus")
    assert (
        speech(response) == "You have not worked today yet. Your timer is not running."
    )

    await handle(hass, "TimeTrackClockIn")
    await async_advance(hass, freezer, timedelta(hours=2, minutes=1))
    response = await handle(hass, "TimeTrackStatus", "de")
    assert speech(response) == (
        "Du hast heute 2 Stunden 1 Minute gearbeitet. Dein Timer läuft nicht."
    )


@pytest.mark.freeze_time(datetime.fromisoformat("2026-03-10T01:30:00+01:00"))
async def test_status_counts_a_night_shift_from_midnight(
    hass: HomeAssistant, simulator: Simulator, config_entry: MockConfigEntry
) -> None:
    """Clocked in since yesterday and no work reports: today starts at midnight."""
    simulator.work_reports_available = False
    simulator.act("anna", "attendance_timer/start", datetime(2026, 3, 9, 22, 0))
    assert await async_setup(hass, config_entry)
    response = await handle(hass, "TimeTrackStatus")
    assert speech(response) == (
        "You have worked 1 hour 30 minutes today. Your timer is not running."
    )


async def test_errors_are_spoken(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """Refusals are answered in the request's language; nothing is sent."""
    assert_error(
        await handle(hass, "TimeTrackStartTimer", project="Moon Base"),
        "There is no project called Moon Base in TimeTrack.",
    )
    assert_error(
        await handle(hass, "TimeTrackStartTimer", "de", project="Moon Base"),
        "In TimeTrack gibt es kein Projekt Moon Base.",
    )
    assert_error(
        await handle(hass, "TimeTrackStartTimer", project="Intranet", client="ACME"),
        "ACME has no project called Intranet.",
    )
    assert_error(
        await handle(hass, "TimeTrackStartTimer", project="Website"),
        "Several clients have a project called Website: ACME, Globex. "
        "Please say the client too.",
    )
    assert_error(
        await handle(hass, "TimeTrackStartTimer", "de", project="Website"),
        "Mehrere Kunden haben ein Projekt Website: ACME, Globex. "
        "Bitte nenne auch den Kunden.",
    )
    # Disabled projects cannot be started.
    assert_error(
        await handle(hass, "TimeTrackStartTimer", project="Legacy"),
        "There is no project called Legacy in TimeTrack.",
    )
    assert_error(
        await handle(hass, "TimeTrackPauseTimer"), "Your timer is not running."
    )
    assert_error(
        await handle(hass, "TimeTrackPauseTimer", "de"), "Dein Timer läuft nicht."
    )
    assert_error(
        await handle(hass, "TimeTrackResumeTimer"), "Your timer is not paused."
    )
    assert_error(
        await handle(hass, "TimeTrackStopTimer", "de"),
        "Dein Timer ist bereits gestoppt.",
    )
    assert_error(await handle(hass, "TimeTrackClockOut"), "You are not clocked in.")
    await handle(hass, "TimeTrackClockIn")
    assert_error(
        await handle(hass, "TimeTrackClockIn", "de"), "Du bist bereits eingestempelt."
    )
    assert_error(
        await handle(hass, "TimeTrackClockIn", user="ben"),
        "There is no TimeTrack user called ben.",
    )
    for action in ("start", "pause", "resume", "stop"):
        assert action_bodies(simulator, f"project_timer/{action}") == []
    assert len(action_bodies(simulator, "attendance_timer/start")) == 1


async def test_a_refusal_after_a_change_in_the_app(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """A timer stopped in the phone app: TimeTrack's refusal is told plainly."""
    await handle(hass, "TimeTrackStartTimer", project="Support")
    await async_advance(hass, freezer, timedelta(minutes=10))
    simulator.act("anna", "project_timer/stop", datetime(2026, 3, 10, 9, 12))
    simulator.clear_requests()
    assert_error(
        await handle(hass, "TimeTrackPauseTimer", "de"), "Dein Timer läuft nicht."
    )
    assert [r.status for r in simulator.requests_to("project_timer/pause")] == [409]
    assert simulator.project_timer("anna")["stopped"] is True
    assert hass.states.get("sensor.anna_berger_project_timer").state == "stopped"


async def test_failures_are_spoken(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """TimeTrack's own failures are told with the integration's translations."""
    simulator.fail_next(1, status=401)
    assert_error(
        await handle(hass, "TimeTrackClockIn", "de"),
        "TimeTrack hat den API-Schlüssel abgelehnt. "
        "Erneuere ihn auf der Seite der Integration.",
    )
    simulator.fail_next(1, status=400)
    assert_error(
        await handle(hass, "TimeTrackClockIn"),
        "TimeTrack refused the action: injected failure",
    )
    assert simulator.attendance_timer("anna") == {}


# Clocked in this very minute: nothing worked yet, and no word of the outbox.
STATUS_CLOCKED_IN = {
    "en": "You have not worked today yet. Your timer is not running.",
    "de": "Du hast heute noch nicht gearbeitet. Dein Timer läuft nicht.",
}


@pytest.mark.parametrize(
    ("fault", "language", "said"),
    [
        (
            lambda sim: sim.fail_next(1, status=500),
            "de",
            (
                "Um 9:02 eingestempelt. TimeTrack ist gerade nicht erreichbar; "
                "das wird gesendet, sobald es wieder antwortet."
            ),
        ),
        (
            lambda sim: sim.rate_limit_next(retry_after=30),
            "en",
            (
                "Clocked in at 9:02. TimeTrack cannot be reached right now; "
                "this is sent as soon as it answers again."
            ),
        ),
    ],
    ids=["500_de", "429_en"],
)
async def test_kept_action_is_spoken_as_done_later(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    simulator: Simulator,
    fault: Any,
    language: str,
    said: str,
) -> None:
    """TimeTrack failing: the action is kept, and the answer says it is sent later."""
    fault(simulator)
    response = await handle(hass, "TimeTrackClockIn", language)
    assert response.response_type is intent.IntentResponseType.ACTION_DONE
    assert speech(response) == said
    assert simulator.attendance_timer("anna") == {}
    # The status tells the state the kept action leads to, without the note.
    status = await handle(hass, "TimeTrackStatus", language)
    assert speech(status) == STATUS_CLOCKED_IN[language]

    await async_advance(hass, freezer, timedelta(seconds=30))
    assert [
        body["date"] for body in action_bodies(simulator, "attendance_timer/start")
    ] == [
        "2026-03-10T09:02:00.000Z",
        "2026-03-10T09:02:00.000Z",
    ]
    assert simulator.attendance_timer("anna")["from"] == "2026-03-10T09:02:00.000Z"
    # Sent: the next action is answered plainly again.
    said_now = speech(await handle(hass, "TimeTrackClockOut", language))
    assert "TimeTrack" not in said_now


async def test_unavailable_user(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    setup_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """A user TimeTrack no longer knows: the status says so."""
    simulator.remove_user("anna")
    await async_advance(hass, freezer, timedelta(minutes=1))
    assert_error(
        await handle(hass, "TimeTrackStatus"),
        "The timers of anna are not available right now.",
    )
    assert_error(
        await handle(hass, "TimeTrackStatus", "de"),
        "Die Timer von anna sind gerade nicht verfügbar.",
    )


async def test_no_account(hass: HomeAssistant) -> None:
    """Without a loaded account the intents exist and say so."""
    await async_setup_intents(hass)
    assert_error(
        await handle(hass, "TimeTrackClockIn"), "No TimeTrack account is set up."
    )
    assert_error(
        await handle(hass, "TimeTrackStatus", "de"),
        "Es ist kein TimeTrack-Konto eingerichtet.",
    )


async def test_intents_are_registered_once(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The intent integration calls async_setup_intents again: nothing changes."""
    before = {h.intent_type: h for h in intent.async_get(hass)}
    await async_setup_intents(hass)
    after = {h.intent_type: h for h in intent.async_get(hass)}
    assert after == before
    assert {t for t in after if t.startswith("TimeTrack")} == INTENTS
    assert "is being overwritten" not in caplog.text


class TestSeveralUsers:
    """Anna and Ben are tracked: a request must say whose timer."""

    pytestmark = ANNA_AND_BEN

    async def test_user_required(
        self,
        hass: HomeAssistant,
        freezer: FrozenDateTimeFactory,
        setup_integration: MockConfigEntry,
        simulator: Simulator,
    ) -> None:
        """Without a name the intent asks for one, in both languages."""
        assert_error(
            await handle(hass, "TimeTrackClockIn"),
            SEVERAL,
        )
        assert_error(
            await handle(hass, "TimeTrackStartTimer", "de", project="Intranet"),
            MEHRERE,
        )
        assert_error(
            await handle(hass, "TimeTrackClockIn", user="Zoe"),
            "There is no TimeTrack user called Zoe.",
        )
        assert simulator.requests_to("attendance_timer/start", "POST") == []
        assert simulator.requests_to("project_timer/start", "POST") == []

    async def test_user_by_name(
        self,
        hass: HomeAssistant,
        freezer: FrozenDateTimeFactory,
        setup_integration: MockConfigEntry,
        simulator: Simulator,
    ) -> None:
        """A username, a full name or a first name picks the user."""
        response = await handle(hass, "TimeTrackClockIn", user="BEN HOFER")
        assert speech(response) == "Clocked in at 9:02."
        assert simulator.attendance_timer("ben")["to"] is None
        assert simulator.attendance_timer("anna") == {}
        assert response.success_results[0].name == "Ben Hofer"

        response = await handle(
            hass, "TimeTrackStartTimer", project="Intranet", user="anna"
        )
        assert speech(response) == "Started Intranet for Globex at 9:02."
        assert simulator.project_timer("anna")["projectName"] == "Intranet"

        # "start Mobile App for Ben": the user after the project.
        response = await handle(
            hass, "TimeTrackStartTimer", project="Mobile App for Ben"
        )
        assert speech(response) == "Started Mobile App for ACME at 9:02."
        assert simulator.project_timer("ben")["projectName"] == "Mobile App"
        # "… Website for ACME for Ben": client and user.
        await async_advance(hass, freezer, timedelta(minutes=1))
        response = await handle(
            hass, "TimeTrackStartTimer", "de", project="Website für ACME für Ben"
        )
        assert speech(response) == (
            "Mobile App nach 1 Minute gestoppt. Website für ACME um 9:03 gestartet."
        )
        assert simulator.project_timer("ben")["projectName"] == "Website"
        assert simulator.project_timer("anna")["projectName"] == "Intranet"

        await async_advance(hass, freezer, timedelta(hours=1))
        response = await handle(hass, "TimeTrackStatus", user="Ben")
        assert speech(response) == (
            "Ben Hofer has worked 1 hour 1 minute today. "
            "The timer of Ben Hofer is running on Website for ACME."
        )
        response = await handle(hass, "TimeTrackStatus", "de", user="anna berger")
        assert speech(response) == (
            "Anna Berger hat heute noch nicht gearbeitet. "
            "Der Timer von Anna Berger läuft auf Intranet für Globex."
        )
        assert_error(
            await handle(hass, "TimeTrackResumeTimer", "de", user="Anna"),
            "Der Timer von Anna Berger ist nicht pausiert.",
        )
        assert_error(
            await handle(hass, "TimeTrackClockIn", user="Ben"),
            "Ben Hofer is already clocked in.",
        )


class TestSameFirstName:
    """Eva Bauer and Eva Koch: a first name alone is not enough."""

    @pytest.fixture(autouse=True)
    def two_evas(self, simulator: Simulator) -> None:
        """Two users with the same first name in TimeTrack."""
        simulator.add_user("ebauer", "Eva", "Bauer")
        simulator.add_user("ekoch", "Eva", "Koch")

    pytestmark = pytest.mark.users("ebauer", "ekoch")

    async def test_first_name(
        self,
        hass: HomeAssistant,
        setup_integration: MockConfigEntry,
        simulator: Simulator,
    ) -> None:
        """ "Eva" is ambiguous; "Eva Koch" and "ekoch" are not."""
        assert_error(
            await handle(hass, "TimeTrackClockIn", "de", user="eva"),
            "Mehrere TimeTrack-Benutzer heißen eva. Bitte nenne den vollen Namen.",
        )
        assert_error(
            await handle(hass, "TimeTrackClockIn", user="Eva"),
            "Several TimeTrack users are called Eva. Please say the full name.",
        )
        assert simulator.requests_to("attendance_timer/start", "POST") == []
        response = await handle(hass, "TimeTrackClockIn", user="Eva  Koch")
        assert speech(response) == "Clocked in at 9:02."
        assert simulator.attendance_timer("ekoch")["to"] is None
        assert simulator.attendance_timer("ebauer") == {}

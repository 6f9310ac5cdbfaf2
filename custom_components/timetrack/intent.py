"""Voice intents: start, pause, resume and stop the timer, clock in and out, status.

The handlers serve Home Assistant's built-in conversation agent (with the
sentences in custom_sentences/<language>/timetrack.yaml) and, through llm.py,
LLM-based agents as tools. Every answer is spoken in the request's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, override

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, intent
import voluptuous as vol

from .api import TimerState
from .entity import device_identifier
from .people import Person, RefusedError, find_people, pick_person
from .reports import worked_today_seconds
from .speech import Speech
from .spoken_projects import project_and_client, resolvable, splits
from .timer_action import TimerAction

INTENT_START_TIMER: Final = "TimeTrackStartTimer"
INTENT_PAUSE_TIMER: Final = "TimeTrackPauseTimer"
INTENT_RESUME_TIMER: Final = "TimeTrackResumeTimer"
INTENT_STOP_TIMER: Final = "TimeTrackStopTimer"
INTENT_CLOCK_IN: Final = "TimeTrackClockIn"
INTENT_CLOCK_OUT: Final = "TimeTrackClockOut"
INTENT_STATUS: Final = "TimeTrackStatus"

SLOT_PROJECT: Final = "project"
SLOT_CLIENT: Final = "client"
SLOT_USER: Final = "user"

# The entity domains this integration creates: agents only offer the intents
# while one of them is exposed.
ENTITY_DOMAINS: Final = frozenset({"button", "event", "select", "sensor", "switch"})

USER_SLOT: Final = {
    vol.Optional(
        SLOT_USER,
        description=(
            "Whose timers: a TimeTrack username or full name. Leave it out for "
            "the person speaking; needed only for someone else."
        ),
    ): intent.non_empty_string
}


async def async_setup_intents(hass: HomeAssistant) -> None:
    """Register the TimeTrack intent handlers, once.

    Both the integration's async_setup and Home Assistant's intent integration
    (which calls async_setup_intents of every loaded integration's intent.py)
    call this; the second call finds the handlers registered and does nothing.
    """
    registered = {
        handler.intent_type
        for handler in intent.async_get(hass)
        if isinstance(handler, TimeTrackIntentHandler)
    }
    for handler in (
        StartTimerIntentHandler(),
        ActionIntentHandler(
            INTENT_PAUSE_TIMER,
            TimerAction.PAUSE,
            "Pauses the user's running TimeTrack project timer (starts a break).",
        ),
        ActionIntentHandler(
            INTENT_RESUME_TIMER,
            TimerAction.RESUME,
            "Resumes the user's paused TimeTrack project timer (ends the break).",
        ),
        ActionIntentHandler(
            INTENT_STOP_TIMER,
            TimerAction.STOP,
            "Stops the user's TimeTrack project timer and saves the time entry.",
        ),
        ActionIntentHandler(
            INTENT_CLOCK_IN,
            TimerAction.CLOCK_IN,
            "Clocks the user in: starts their TimeTrack attendance (working time).",
        ),
        ActionIntentHandler(
            INTENT_CLOCK_OUT,
            TimerAction.CLOCK_OUT,
            "Clocks the user out: ends their TimeTrack attendance (working time).",
        ),
        StatusIntentHandler(),
    ):
        if handler.intent_type not in registered:
            intent.async_register(hass, handler)


@dataclass(frozen=True, slots=True)
class Request:
    """A request to act on: whom for, its slots, the language, the response."""

    person: Person
    slots: dict[str, Any]
    speech: Speech
    response: intent.IntentResponse


def _slot(slots: dict[str, Any], name: str) -> str | None:
    """A text slot's value, stripped; None when missing or blank."""
    if (slot := slots.get(name)) is None:
        return None
    value = str(slot["value"]).strip()
    return value or None


class TimeTrackIntentHandler(intent.IntentHandler):
    """A TimeTrack intent: picks the user, acts, and says what happened."""

    # Whether the intent takes an action (which TimeTrack may not take yet).
    acts = True

    def __init__(self) -> None:
        """Offer the intent while one of the integration's entities is exposed."""
        self.platforms = set(ENTITY_DOMAINS)

    @property
    @override
    def slot_schema(self) -> dict[Any, Any] | None:
        """The optional user slot."""
        return dict(USER_SLOT)

    @override
    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Handle the intent; refusals and failures are spoken, not raised."""
        speech = Speech.for_language(intent_obj.language)
        slots = self.async_validate_slots(intent_obj.slots)
        response = intent_obj.create_response()
        person: Person | None = None
        try:
            person, slots = self.person(intent_obj, slots, speech)
            text = await self.async_act(Request(person, slots, speech, response))
        except RefusedError as err:
            response.async_set_error(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                speech.say(err.key, **err.values),
            )
            return response
        except HomeAssistantError as err:
            response.async_set_error(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
                await speech.async_error(
                    intent_obj.hass, err, person.spoken_name if person else None
                ),
            )
            return response
        if self.acts and person.account.timers.pending(person.username):
            # Kept in the outbox: say that TimeTrack has not recorded it yet.
            text = f"{text} {speech.say('kept')}"
        response.async_set_speech(text)
        response.async_set_results([_target(intent_obj.hass, person)])
        return response

    def person(
        self, intent_obj: intent.Intent, slots: dict[str, Any], speech: Speech
    ) -> tuple[Person, dict[str, Any]]:
        """The user the request concerns, and the slots left to act on.

        Without a name, the Home Assistant user who speaks picks the tracked
        user linked to their person (when several are tracked).
        """
        person = pick_person(
            intent_obj.hass, _slot(slots, SLOT_USER), intent_obj.context.user_id
        )
        return person, slots

    async def async_act(self, request: Request) -> str:
        """Carry out the request; what to say."""
        raise NotImplementedError


def _target(hass: HomeAssistant, person: Person) -> intent.IntentResponseTarget:
    """The user's device, as the response's target."""
    entry = person.account.timers.config_entry
    device = (
        dr.async_get(hass).async_get_device_by_identifier(
            device_identifier(entry.unique_id, person.username), entry.entry_id
        )
        if entry is not None
        else None
    )
    return intent.IntentResponseTarget(
        type=intent.IntentResponseTargetType.DEVICE,
        name=person.display_name,
        id=device.id if device else None,
    )


class StartTimerIntentHandler(TimeTrackIntentHandler):
    """Start the project timer on a project."""

    intent_type = INTENT_START_TIMER
    description = (
        "Starts the user's TimeTrack project timer on a project (a timer running "
        "on another project is stopped first)."
    )

    @property
    @override
    def slot_schema(self) -> dict[Any, Any] | None:
        """Project, optional client, optional user."""
        return {
            vol.Required(
                SLOT_PROJECT, description="The project's name, such as Website."
            ): intent.non_empty_string,
            vol.Optional(
                SLOT_CLIENT,
                description=(
                    "The project's client. Needed only when several clients have "
                    "a project of that name."
                ),
            ): intent.non_empty_string,
            **USER_SLOT,
        }

    @override
    def person(
        self, intent_obj: intent.Intent, slots: dict[str, Any], speech: Speech
    ) -> tuple[Person, dict[str, Any]]:
        """The user; "start Website for Ben" may name them after the project."""
        text = _slot(slots, SLOT_PROJECT)
        if (
            text
            and _slot(slots, SLOT_USER) is None
            and _slot(slots, SLOT_CLIENT) is None
        ):
            for left, right in splits(text, speech.client_separators):
                people = find_people(intent_obj.hass, right)
                if len(people) == 1 and not resolvable(
                    people[0].account.catalog, text, speech.client_separators
                ):
                    return people[0], {**slots, SLOT_PROJECT: {"value": left}}
        return super().person(intent_obj, slots, speech)

    @override
    async def async_act(self, request: Request) -> str:
        """Start the project; mention a timer that had to be stopped first."""
        person, slots, speech = request.person, request.slots, request.speech
        account = person.account
        name, client = project_and_client(
            account.catalog,
            _slot(slots, SLOT_PROJECT) or "",
            _slot(slots, SLOT_CLIENT),
            speech.client_separators,
        )
        project = await account.catalog.async_resolve_project(name, client)
        state = person.state()
        before = state.project_timer
        moment = account.timers.now()
        if state.is_running_on(project.client_name, project.name, None):
            label = speech.project(project.name, project.client_name)
            if before.state is TimerState.PAUSED:
                return speech.say("already_paused", project=label)
            return speech.say(
                "already_running",
                project=label,
                time=speech.time(before.started_at or moment),
            )
        state = await account.timers.runner.async_start(person.username, project)
        timer = state.project_timer
        said = speech.say(
            "started",
            project=speech.project(
                timer.project_name or project.name,
                timer.client_name or project.client_name,
            ),
            time=speech.time(timer.started_at or moment),
        )
        if before.state is TimerState.STOPPED:
            return said
        stopped = speech.say(
            "stopped",
            project=speech.project(before.project_name),
            duration=speech.duration(before.worked_seconds_at(moment)),
        )
        return f"{stopped} {said}"


class ActionIntentHandler(TimeTrackIntentHandler):
    """Pause, resume or stop the project timer, or clock in or out."""

    def __init__(self, intent_type: str, action: TimerAction, description: str) -> None:
        """Handle `intent_type` by carrying out `action`."""
        super().__init__()
        self.intent_type = intent_type
        self.action = action
        self.description = description

    @override
    async def async_act(self, request: Request) -> str:
        """Carry out the action; say when it happened and how long it lasted."""
        person, speech = request.person, request.speech
        timers = person.account.timers
        before = person.state()
        moment = timers.now()
        state = await timers.runner.async_act(person.username, self.action)
        timer = state.project_timer
        project = speech.project(
            timer.project_name or before.project_timer.project_name
        )
        match self.action:
            case TimerAction.PAUSE:
                return speech.say("paused", project=project, time=speech.time(moment))
            case TimerAction.RESUME:
                return speech.say("resumed", project=project)
            case TimerAction.STOP:
                worked = timer.worked_seconds or before.project_timer.worked_seconds_at(
                    moment
                )
                return speech.say(
                    "stopped", project=project, duration=speech.duration(worked)
                )
            case TimerAction.CLOCK_IN:
                started = state.attendance.started_at or moment
                return speech.say("clocked_in", time=speech.time(started))
            case TimerAction.CLOCK_OUT:
                attendance = state.attendance
                ended = attendance.ended_at or moment
                return speech.say(
                    "clocked_out",
                    time=speech.time(ended),
                    duration=speech.duration(attendance.worked_seconds_at(ended)),
                )
        raise NotImplementedError


class StatusIntentHandler(TimeTrackIntentHandler):
    """How long the user worked today, and what their timer does."""

    intent_type = INTENT_STATUS
    acts = False
    description = (
        "Tells how long the user has worked today (attendance) and what their "
        "TimeTrack project timer is doing."
    )

    @override
    async def async_act(self, request: Request) -> str:
        """Today's worked time and the project timer's state."""
        person, speech, response = request.person, request.speech, request.response
        response.response_type = intent.IntentResponseType.QUERY_ANSWER
        state = person.state()
        now = person.account.timers.now()
        work = (person.account.reports.data or {}).get(person.username)
        worked = worked_today_seconds(state.attendance, work, now)
        name = person.spoken_name
        if worked > 0:
            said = speech.personal("worked", name, duration=speech.duration(worked))
        else:
            said = speech.personal("not_worked", name)
        timer = state.project_timer
        project = speech.project(timer.project_name, timer.client_name)
        match timer.state:
            case TimerState.RUNNING:
                timer_said = speech.personal("running", name, project=project)
            case TimerState.PAUSED:
                timer_said = speech.personal("paused", name, project=project)
            case _:
                timer_said = speech.personal("timer_not_running", name)
        return f"{said} {timer_said}"

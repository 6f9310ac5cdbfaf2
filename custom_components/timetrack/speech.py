"""What TimeTrack says by voice, in English and German."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import translation
from homeassistant.util import dt as dt_util

from .const import DOMAIN

ENGLISH: Final = "en"
GERMAN: Final = "de"

# The coordinator's refusals that voice answers word for the speaker ("you")
# or for a named person. Other errors are spoken as the integration's
# translated exception messages.
PERSONAL_REFUSALS: Final = frozenset(
    {
        "timer_not_running",
        "timer_not_paused",
        "timer_not_started",
        "already_clocked_in",
        "not_clocked_in",
    }
)

TEXTS: Final[dict[str, dict[str, str]]] = {
    ENGLISH: {
        "hour": "1 hour",
        "hours": "{count} hours",
        "minute": "1 minute",
        "minutes": "{count} minutes",
        "project_of_client": "{project} for {client}",
        "started": "Started {project} at {time}.",
        "already_running": "The timer is already running on {project} since {time}.",
        "already_paused": "{project} is already started; the timer is paused.",
        "paused": "Paused {project} at {time}.",
        "resumed": "Resumed {project}.",
        "stopped": "Stopped {project} after {duration}.",
        "clocked_in": "Clocked in at {time}.",
        "clocked_out": "Clocked out at {time} after {duration}.",
        "worked_you": "You have worked {duration} today.",
        "worked_named": "{name} has worked {duration} today.",
        "not_worked_you": "You have not worked today yet.",
        "not_worked_named": "{name} has not worked today yet.",
        "running_you": "Your timer is running on {project}.",
        "running_named": "The timer of {name} is running on {project}.",
        "paused_you": "Your timer on {project} is paused.",
        "paused_named": "The timer of {name} on {project} is paused.",
        "timer_not_running_you": "Your timer is not running.",
        "timer_not_running_named": "The timer of {name} is not running.",
        "timer_not_paused_you": "Your timer is not paused.",
        "timer_not_paused_named": "The timer of {name} is not paused.",
        "timer_not_started_you": "Your timer is already stopped.",
        "timer_not_started_named": "The timer of {name} is already stopped.",
        "already_clocked_in_you": "You are already clocked in.",
        "already_clocked_in_named": "{name} is already clocked in.",
        "not_clocked_in_you": "You are not clocked in.",
        "not_clocked_in_named": "{name} is not clocked in.",
        "unknown_project": "There is no project called {project} in TimeTrack.",
        "unknown_project_of_client": "{client} has no project called {project}.",
        "ambiguous_project": (
            "Several clients have a project called {project}: {clients}. "
            "Please say the client too."
        ),
        "no_users": "No TimeTrack account is set up.",
        "several_users": (
            "Several people are tracked in TimeTrack. Please say whose timer it is."
        ),
        "unknown_user": "There is no TimeTrack user called {user}.",
        "ambiguous_user": (
            "Several TimeTrack users are called {user}. Please say the full name."
        ),
        "failed": "TimeTrack could not do that: {error}",
        "kept": (
            "TimeTrack cannot be reached right now; "
            "this is sent as soon as it answers again."
        ),
    },
    GERMAN: {
        "hour": "1 Stunde",
        "hours": "{count} Stunden",
        "minute": "1 Minute",
        "minutes": "{count} Minuten",
        "project_of_client": "{project} für {client}",
        "started": "{project} um {time} gestartet.",
        "already_running": "Der Timer läuft bereits seit {time} auf {project}.",
        "already_paused": "{project} ist bereits gestartet; der Timer ist pausiert.",
        "paused": "{project} um {time} pausiert.",
        "resumed": "{project} fortgesetzt.",
        "stopped": "{project} nach {duration} gestoppt.",
        "clocked_in": "Um {time} eingestempelt.",
        "clocked_out": "Um {time} nach {duration} ausgestempelt.",
        "worked_you": "Du hast heute {duration} gearbeitet.",
        "worked_named": "{name} hat heute {duration} gearbeitet.",
        "not_worked_you": "Du hast heute noch nicht gearbeitet.",
        "not_worked_named": "{name} hat heute noch nicht gearbeitet.",
        "running_you": "Dein Timer läuft auf {project}.",
        "running_named": "Der Timer von {name} läuft auf {project}.",
        "paused_you": "Dein Timer auf {project} ist pausiert.",
        "paused_named": "Der Timer von {name} auf {project} ist pausiert.",
        "timer_not_running_you": "Dein Timer läuft nicht.",
        "timer_not_running_named": "Der Timer von {name} läuft nicht.",
        "timer_not_paused_you": "Dein Timer ist nicht pausiert.",
        "timer_not_paused_named": "Der Timer von {name} ist nicht pausiert.",
        "timer_not_started_you": "Dein Timer ist bereits gestoppt.",
        "timer_not_started_named": "Der Timer von {name} ist bereits gestoppt.",
        "already_clocked_in_you": "Du bist bereits eingestempelt.",
        "already_clocked_in_named": "{name} ist bereits eingestempelt.",
        "not_clocked_in_you": "Du bist nicht eingestempelt.",
        "not_clocked_in_named": "{name} ist nicht eingestempelt.",
        "unknown_project": "In TimeTrack gibt es kein Projekt {project}.",
        "unknown_project_of_client": "{client} hat kein Projekt {project}.",
        "ambiguous_project": (
            "Mehrere Kunden haben ein Projekt {project}: {clients}. "
            "Bitte nenne auch den Kunden."
        ),
        "no_users": "Es ist kein TimeTrack-Konto eingerichtet.",
        "several_users": (
            "In TimeTrack werden mehrere Personen erfasst. "
            "Bitte sag, wessen Timer gemeint ist."
        ),
        "unknown_user": "Es gibt keinen TimeTrack-Benutzer namens {user}.",
        "ambiguous_user": (
            "Mehrere TimeTrack-Benutzer heißen {user}. Bitte nenne den vollen Namen."
        ),
        "failed": "TimeTrack konnte das nicht ausführen: {error}",
        "kept": (
            "TimeTrack ist gerade nicht erreichbar; "
            "das wird gesendet, sobald es wieder antwortet."
        ),
    },
}

# Words that join a project and its client in a spoken request
# ("start Website for ACME"), per language.
CLIENT_SEPARATORS: Final[dict[str, tuple[str, ...]]] = {
    ENGLISH: (" for ", " of ", " at "),
    GERMAN: (" für ", " von ", " bei "),
}


def speech_language(language: str | None) -> str:
    """The language to answer in: German for "de…", English otherwise."""
    if language and language.casefold().startswith(GERMAN):
        return GERMAN
    return ENGLISH


@dataclass(frozen=True, slots=True)
class Speech:
    """Sentences in one language."""

    language: str

    @classmethod
    def for_language(cls, language: str | None) -> Speech:
        """The speech for a request's language."""
        return cls(speech_language(language))

    def say(self, key: str, **values: object) -> str:
        """The sentence `key`, filled in."""
        return TEXTS[self.language][key].format(**values)

    def personal(self, key: str, name: str | None, **values: object) -> str:
        """A sentence about "you", or about `name` when the person was named."""
        if name is None:
            return self.say(f"{key}_you", **values)
        return self.say(f"{key}_named", name=name, **values)

    @property
    def client_separators(self) -> tuple[str, ...]:
        """Words that join a project and its client."""
        return CLIENT_SEPARATORS[self.language]

    def project(self, project: str | None, client: str | None = None) -> str:
        """A project, with its client when known: "Website for ACME"."""
        name = project or "-"
        if not client:
            return name
        return self.say("project_of_client", project=name, client=client)

    def time(self, moment: datetime) -> str:
        """A time of day in Home Assistant's time zone: "9:02", "17:05"."""
        local = dt_util.as_local(moment)
        return f"{local.hour}:{local.minute:02d}"

    def duration(self, seconds: int) -> str:
        """Whole hours and minutes: "3 hours 12 minutes", "1 Stunde"."""
        hours, minutes = divmod(max(0, seconds) // 60, 60)
        parts: list[str] = []
        if hours:
            parts.append(self._count("hour", hours))
        if minutes or not hours:
            parts.append(self._count("minute", minutes))
        return " ".join(parts)

    def _count(self, unit: str, count: int) -> str:
        return self.say(unit if count == 1 else f"{unit}s", count=count)

    async def async_error(
        self, hass: HomeAssistant, err: HomeAssistantError, name: str | None
    ) -> str:
        """What to say when the coordinator refused or failed an action."""
        key = err.translation_key
        placeholders = dict(err.translation_placeholders or {})
        if err.translation_domain != DOMAIN or key is None:
            return self.say("failed", error=str(err) or type(err).__name__)
        if key in PERSONAL_REFUSALS:
            return self.personal(key, name)
        if key == "unknown_project":
            client = placeholders.get("client")
            if client and client != "-":
                return self.say(
                    "unknown_project_of_client",
                    project=placeholders.get("project", "-"),
                    client=client,
                )
            return self.say("unknown_project", project=placeholders.get("project"))
        if key == "ambiguous_project":
            return self.say("ambiguous_project", **placeholders)
        messages = await translation.async_get_translations(
            hass, self.language, "exceptions", {DOMAIN}
        )
        message = messages.get(f"component.{DOMAIN}.exceptions.{key}.message")
        if message is None:
            return self.say("failed", error=str(err) or key)
        try:
            return message.format(**placeholders)
        except KeyError, IndexError, ValueError:
            return message

"""What TimeTrack says by voice: one module per language, the same keys in each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import translation
from homeassistant.util import dt as dt_util

from . import speech_de, speech_en
from .const import DOMAIN

ENGLISH: Final = "en"
GERMAN: Final = "de"

TEXTS: Final = {ENGLISH: speech_en.TEXTS, GERMAN: speech_de.TEXTS}
CLIENT_SEPARATORS: Final = {
    ENGLISH: speech_en.CLIENT_SEPARATORS,
    GERMAN: speech_de.CLIENT_SEPARATORS,
}

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

"""What the integration tells people: refusals and notifications, translated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.translation import async_get_translations

from .const import DOMAIN

_PREFIX: Final = f"component.{DOMAIN}.exceptions."
_SUFFIX: Final = ".message"


async def async_messages(hass: HomeAssistant) -> dict[str, str]:
    """Every translated message in Home Assistant's language, by its key."""
    translations = await async_get_translations(
        hass, hass.config.language, "exceptions", {DOMAIN}
    )
    return {
        key.removeprefix(_PREFIX).removesuffix(_SUFFIX): text
        for key, text in translations.items()
        if key.startswith(_PREFIX) and key.endswith(_SUFFIX)
    }


async def async_message(
    hass: HomeAssistant, key: str, placeholders: dict[str, str] | None = None
) -> str:
    """The translated message of exception `key`, with its placeholders filled in."""
    translations = await async_get_translations(
        hass, hass.config.language, "exceptions", {DOMAIN}
    )
    return fill(translations.get(f"{_PREFIX}{key}{_SUFFIX}", key), placeholders or {})


def fill(text: str, placeholders: Mapping[str, object]) -> str:
    """`text` with each `{name}` replaced by its placeholder's value."""
    for name, value in placeholders.items():
        text = text.replace(f"{{{name}}}", str(value))
    return text


def refusal(key: str, **placeholders: str) -> ServiceValidationError:
    """A translated refusal of bad input or of an action that makes no sense."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )

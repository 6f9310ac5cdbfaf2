"""What the integration tells people: refusals and notifications, translated."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.translation import async_get_translations

from .const import DOMAIN


async def async_message(
    hass: HomeAssistant, key: str, placeholders: dict[str, str] | None = None
) -> str:
    """The translated message of exception `key`, with its placeholders filled in."""
    translations = await async_get_translations(
        hass, hass.config.language, "exceptions", {DOMAIN}
    )
    text = translations.get(f"component.{DOMAIN}.exceptions.{key}.message", key)
    for name, value in (placeholders or {}).items():
        text = text.replace(f"{{{name}}}", value)
    return text


def refusal(key: str, **placeholders: str) -> ServiceValidationError:
    """A translated refusal of bad input or of an action that makes no sense."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )

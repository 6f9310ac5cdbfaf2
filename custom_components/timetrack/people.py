"""Who a spoken request is about: the one named, the speaker, or the only one."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.core import HomeAssistant

from .data import TimeTrackData
from .entries import default_user, tracked_users
from .model import UserState


class RefusedError(Exception):
    """A request that cannot be carried out, with the sentence that says why."""

    def __init__(self, key: str, **values: object) -> None:
        """Refuse with the sentence `key` of the speech modules."""
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True, slots=True)
class Person:
    """A tracked user, and whether the request named them."""

    account: TimeTrackData
    username: str
    named: bool

    @property
    def display_name(self) -> str:
        """The user's full name, or the username."""
        return self.account.catalog.display_name(self.username)

    @property
    def spoken_name(self) -> str | None:
        """The name to speak of the user; None to speak to "you"."""
        return self.display_name if self.named else None

    def state(self) -> UserState:
        """What the user's entities show."""
        return self.account.timers.view(self.username)


def _normalize(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_people(hass: HomeAssistant, spoken: str) -> list[Person]:
    """Tracked users called `spoken`: username or full name, else first name."""
    wanted = _normalize(spoken)
    tracked = tracked_users(hass)
    exact = [
        Person(account, username, named=True)
        for account, username in tracked
        if wanted
        in (_normalize(username), _normalize(account.catalog.display_name(username)))
    ]
    if exact:
        return exact
    return [
        Person(account, username, named=True)
        for account, username in tracked
        if (person := account.catalog.person(username)) is not None
        and person.first_name
        and _normalize(person.first_name) == wanted
    ]


def pick_person(
    hass: HomeAssistant, spoken: str | None, user_id: str | None = None
) -> Person:
    """The one tracked user a request concerns.

    The user named; else the only one tracked; else the one linked to the
    person of the Home Assistant user `user_id` who makes the request.
    """
    if spoken is not None:
        found = find_people(hass, spoken)
        if not found:
            raise RefusedError("unknown_user", user=spoken)
        if len(found) > 1:
            raise RefusedError("ambiguous_user", user=spoken)
        return found[0]
    tracked = tracked_users(hass)
    if not tracked:
        raise RefusedError("no_users")
    if (default := default_user(tracked, hass, user_id)) is None:
        raise RefusedError("several_users")
    account, username = default
    return Person(account, username, named=False)

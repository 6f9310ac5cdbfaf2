"""Who is speaking: a tracked user linked to a Home Assistant person.

Anna and Ben are tracked, each linked to the person of their own Home
Assistant user; Clara has a Home Assistant user and a person, but no tracked
user is linked to it. Requests come as each of them: over the websocket API
with their own access token (the real built-in agent with the shipped
sentence files), through the LLM tools, and as action calls.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.auth.models import RefreshToken, User
from homeassistant.components import person as person_component
from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntryState,
)
from homeassistant.const import CONF_USERNAME
from homeassistant.core import Context, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import llm
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import CLIENT_ID, MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.timetrack.const import CONF_PERSON, DOMAIN, SUBENTRY_TYPE_USER
from simulator import Simulator
from tests.conftest import simulator_entry, user_subentry

from .entity_support import async_advance
from .voice_support import (
    MEHRERE,
    SEVERAL,
    VOICE_TESTS,
    call_tool,
    install_sentences,
    llm_context,
    set_up_components,
    spoken,
)

pytestmark = VOICE_TESTS
# Home Assistant users and their persons (person.anna, person.ben, person.clara).
SPEAKERS = ("anna", "ben", "clara")


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """A config directory of the test's own, with the sentence files installed."""
    return install_sentences(hass_tmp_config_dir)


@pytest.fixture
def links() -> dict[str, str]:
    """Tracked username → linked person (override for other links)."""
    return {"anna": "person.anna", "ben": "person.ben"}


@pytest.fixture
def config_entry(simulator: Simulator, links: dict[str, str]) -> MockConfigEntry:
    """Anna and Ben tracked, linked to the persons of `links`."""
    subentries = []
    for username in ("anna", "ben"):
        subentry = user_subentry(username)
        if username in links:
            subentry["data"] = {CONF_USERNAME: username, CONF_PERSON: links[username]}
        subentries.append(subentry)
    return simulator_entry(simulator.url, subentries)


@pytest.fixture
async def speakers(hass: HomeAssistant) -> dict[str, User]:
    """Home Assistant users Anna, Ben and Clara, each with a person of their own."""
    assert await async_setup_component(hass, "person", {})
    users: dict[str, User] = {}
    for name in SPEAKERS:
        user = await hass.auth.async_create_user(
            name.capitalize(), group_ids=[GROUP_ID_USER]
        )
        await person_component.async_create_person(
            hass, name.capitalize(), user_id=user.id
        )
        users[name] = user
    await hass.async_block_till_done()
    for name, user in users.items():
        state = hass.states.get(f"person.{name}")
        assert state is not None
        assert state.attributes["user_id"] == user.id
    return users


@pytest.fixture
async def agent(
    hass: HomeAssistant, setup_integration: MockConfigEntry, speakers: dict[str, User]
) -> None:
    """The built-in conversation agent, beside the account and the persons."""
    await set_up_components(hass, "conversation", "intent")


class Speaker:
    """One Home Assistant user speaking to Assist over the websocket API.

    Each request opens a connection of its own: moving the frozen clock on
    closes idle ones.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        hass_ws_client: WebSocketGenerator,
        refresh_token: RefreshToken | None = None,
    ) -> None:
        """Speak as the refresh token's user (the admin when None)."""
        self.hass = hass
        self.connect = hass_ws_client
        self.refresh_token = refresh_token

    async def ask(self, text: str, language: str = "en") -> dict[str, Any]:
        """The agent's response to `text`."""
        if self.refresh_token is None:
            client = await self.connect(self.hass)
        else:
            # A fresh access token: the clock moves past their 30 minutes.
            token = self.hass.auth.async_create_access_token(self.refresh_token)
            client = await self.connect(self.hass, token)
        await client.send_json_auto_id(
            {
                "type": "conversation/process",
                "text": text,
                "language": language,
                "agent_id": "conversation.home_assistant",
            }
        )
        answer = await client.receive_json()
        await client.close()
        assert answer["success"], answer
        response: dict[str, Any] = answer["result"]["response"]
        return response

    async def say(self, text: str, language: str = "en") -> str:
        """What the agent answers to `text`."""
        response = await self.ask(text, language)
        spoken: str = response["speech"]["plain"]["speech"]
        return spoken


@pytest.fixture
async def voices(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    agent: None,
    speakers: dict[str, User],
) -> dict[str, Speaker]:
    """A speaker per Home Assistant user, logged in with their own token."""
    connected: dict[str, Speaker] = {}
    for name, user in speakers.items():
        refresh_token = await hass.auth.async_create_refresh_token(user, CLIENT_ID)
        connected[name] = Speaker(hass, hass_ws_client, refresh_token)
    return connected


def clocked_in(simulator: Simulator, username: str) -> bool:
    """Whether the simulator has the user clocked in."""
    return bool(simulator.attendance_timer(username)) and (
        simulator.attendance_timer(username)["to"] is None
    )


def subentry_of(entry: MockConfigEntry, username: str) -> Any:
    """The tracked user's subentry."""
    [subentry] = [s for s in entry.subentries.values() if s.unique_id == username]
    return subentry


async def test_conversation_acts_for_the_speaker(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    voices: dict[str, Speaker],
    simulator: Simulator,
) -> None:
    """Each linked speaker clocks in, starts and asks for themselves."""
    anna, ben = voices["anna"], voices["ben"]
    response = await anna.ask("clock me in")
    assert response["response_type"] == "action_done"
    assert response["data"]["success"][0]["name"] == "Anna Berger"
    assert response["speech"]["plain"]["speech"] == "Clocked in at 9:02."
    assert clocked_in(simulator, "anna")
    assert not clocked_in(simulator, "ben")
    assert hass.states.get("switch.anna_berger_attendance").state == "on"
    assert hass.states.get("switch.ben_hofer_attendance").state == "off"

    await async_advance(hass, freezer, timedelta(minutes=30))
    assert await ben.say("clock me in") == "Clocked in at 9:32."
    assert clocked_in(simulator, "ben")
    assert await ben.say("start Intranet") == "Started Intranet for Globex at 9:32."
    assert simulator.project_timer("ben")["projectName"] == "Intranet"
    assert not simulator.project_timer("anna")

    await async_advance(hass, freezer, timedelta(minutes=15))
    assert await anna.say("How long have I worked today?") == (
        "You have worked 45 minutes today. Your timer is not running."
    )
    assert await ben.say("how long have I worked today") == (
        "You have worked 15 minutes today. "
        "Your timer is running on Intranet for Globex."
    )
    assert await ben.say("pause my timer") == "Paused Intranet at 9:47."
    assert simulator.project_timer("ben")["playing"] is False


async def test_conversation_in_german(
    hass: HomeAssistant, voices: dict[str, Speaker], simulator: Simulator
) -> None:
    """Auf Deutsch: „stempel mich ein“ stempelt die Sprechende ein."""
    assert await voices["ben"].say("stempel mich ein", "de") == "Um 9:02 eingestempelt."
    assert clocked_in(simulator, "ben")
    assert not clocked_in(simulator, "anna")
    assert await voices["anna"].say("stemple mich ein", "de") == (
        "Um 9:02 eingestempelt."
    )
    assert clocked_in(simulator, "anna")
    assert await voices["ben"].say("wie lange habe ich heute gearbeitet", "de") == (
        "Du hast heute noch nicht gearbeitet. Dein Timer läuft nicht."
    )
    assert await voices["clara"].say("stempel mich aus", "de") == MEHRERE
    assert clocked_in(simulator, "anna")
    assert clocked_in(simulator, "ben")


async def test_naming_someone_else_still_works(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    voices: dict[str, Speaker],
    simulator: Simulator,
) -> None:
    """Anna names Ben: the request is Ben's, and spoken of by name."""
    anna = voices["anna"]
    assert await anna.say("clock in Ben") == "Clocked in at 9:02."
    assert clocked_in(simulator, "ben")
    assert not clocked_in(simulator, "anna")
    assert await anna.say("start Intranet for Ben") == (
        "Started Intranet for Globex at 9:02."
    )
    assert simulator.project_timer("ben")["projectName"] == "Intranet"
    await async_advance(hass, freezer, timedelta(minutes=10))
    assert await anna.say("how long has Ben worked today") == (
        "Ben Hofer has worked 10 minutes today. "
        "The timer of Ben Hofer is running on Intranet for Globex."
    )
    assert await anna.say("stempel Ben aus", "de") == (
        "Um 9:12 nach 10 Minuten ausgestempelt."
    )
    assert not clocked_in(simulator, "ben")
    # Ben may name himself too.
    assert await voices["ben"].say("clock in Ben Hofer") == "Clocked in at 9:12."


async def test_unlinked_speaker_is_asked(
    hass: HomeAssistant, voices: dict[str, Speaker], simulator: Simulator
) -> None:
    """Clara's person is linked to no tracked user: she is asked whom she means."""
    simulator.clear_requests()
    response = await voices["clara"].ask("clock me in")
    assert response["response_type"] == "error"
    assert response["speech"]["plain"]["speech"] == SEVERAL
    assert await voices["clara"].say("how long have I worked today?") == SEVERAL
    assert simulator.requests_to("attendance_timer/start", "POST") == []
    # Naming someone works for her as for anyone.
    assert await voices["clara"].say("clock in Anna") == "Clocked in at 9:02."
    assert clocked_in(simulator, "anna")


async def test_speaker_without_person_is_asked(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    agent: None,
    simulator: Simulator,
) -> None:
    """The admin (a user with no person at all) is asked too."""
    admin = Speaker(hass, hass_ws_client)
    assert await admin.say("clock me in") == SEVERAL
    assert await admin.say("stempel mich ein", "de") == MEHRERE
    assert not clocked_in(simulator, "anna")
    assert not clocked_in(simulator, "ben")


@pytest.mark.parametrize("links", [{"anna": "person.anna", "ben": "person.anna"}])
async def test_person_linked_to_two_users_is_asked(
    hass: HomeAssistant, voices: dict[str, Speaker], simulator: Simulator
) -> None:
    """One person linked to both tracked users: which one is not clear."""
    assert await voices["anna"].say("clock me in") == SEVERAL
    assert not clocked_in(simulator, "anna")
    assert not clocked_in(simulator, "ben")


async def test_deleted_person_is_no_link(
    hass: HomeAssistant, voices: dict[str, Speaker], simulator: Simulator
) -> None:
    """A linked person that no longer exists links nobody."""
    collection = hass.data[person_component.DOMAIN][1]
    [ben_person] = [item for item in collection.async_items() if item["name"] == "Ben"]
    await collection.async_delete_item(ben_person["id"])
    await hass.async_block_till_done()
    assert hass.states.get("person.ben") is None
    assert await voices["ben"].say("clock me in") == SEVERAL
    assert await voices["anna"].say("clock me in") == "Clocked in at 9:02."
    assert clocked_in(simulator, "anna")


# The LLM tools: the LLM context carries the speaker's Home Assistant user.


@pytest.fixture
async def assist(
    hass: HomeAssistant, setup_integration: MockConfigEntry, speakers: dict[str, User]
) -> None:
    """The llm integration (the Assist API) beside the account and persons."""
    await set_up_components(hass, "llm")


async def assist_api(
    hass: HomeAssistant, user: User | None, language: str = "en"
) -> llm.APIInstance:
    """The Assist API as an agent gets it for a request of `user`."""
    return await llm.async_get_api(
        hass, llm.LLM_API_ASSIST, llm_context(language, user)
    )


async def test_llm_tools_act_for_the_speaker(
    hass: HomeAssistant,
    assist: None,
    speakers: dict[str, User],
    simulator: Simulator,
) -> None:
    """Each linked user's tool call is their own; the prompt says who speaks."""
    api = await assist_api(hass, speakers["ben"])
    assert (
        "The person speaking is Ben Hofer: leave `user` out of the TimeTrack tools "
        "to act for them" in api.api_prompt
    )
    result = await call_tool(api, "TimeTrackClockIn")
    assert spoken(result) == "Clocked in at 9:02."
    assert result.data["data"]["success"][0]["name"] == "Ben Hofer"
    assert clocked_in(simulator, "ben")
    assert not clocked_in(simulator, "anna")

    api = await assist_api(hass, speakers["anna"], "de")
    assert "The person speaking is Anna Berger" in api.api_prompt
    result = await call_tool(api, "TimeTrackClockIn")
    assert spoken(result) == "Um 9:02 eingestempelt."
    assert clocked_in(simulator, "anna")
    result = await call_tool(api, "TimeTrackStartTimer", project="Mobile App")
    assert spoken(result) == ("Mobile App für ACME um 9:02 gestartet.")
    assert simulator.project_timer("anna")["projectName"] == "Mobile App"
    result = await call_tool(api, "TimeTrackStatus")
    assert spoken(result) == (
        "Du hast heute noch nicht gearbeitet. Dein Timer läuft auf Mobile App für ACME."
    )
    # Naming the other one acts for them.
    result = await call_tool(api, "TimeTrackClockOut", user="Ben")
    assert spoken(result) == ("Um 9:02 nach 0 Minuten ausgestempelt.")
    assert not clocked_in(simulator, "ben")
    assert clocked_in(simulator, "anna")


@pytest.mark.parametrize("speaker", ["clara", None])
async def test_llm_tools_ask_an_unlinked_speaker(
    hass: HomeAssistant,
    assist: None,
    speakers: dict[str, User],
    simulator: Simulator,
    speaker: str | None,
) -> None:
    """Clara (a person linked to nobody) or an agent with no user is asked."""
    api = await assist_api(hass, speakers[speaker] if speaker else None)
    assert "The person speaking" not in api.api_prompt
    assert (
        "TimeTrack tracks the working time of several people: Anna Berger, "
        "Ben Hofer. Pass the person's name as `user` to the TimeTrack tools."
        in api.api_prompt
    )
    result = await call_tool(api, "TimeTrackClockIn")
    assert spoken(result) == SEVERAL
    assert not clocked_in(simulator, "anna")
    assert not clocked_in(simulator, "ben")


# Actions without a target.


async def test_action_without_target_acts_for_the_caller(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    speakers: dict[str, User],
    simulator: Simulator,
) -> None:
    """A linked caller's call without target is theirs; a target still wins."""
    response = await hass.services.async_call(
        DOMAIN,
        "clock_in",
        {},
        blocking=True,
        context=Context(user_id=speakers["ben"].id),
        return_response=True,
    )
    assert response is not None
    assert response["attendance"]["clocked_in"] is True
    assert clocked_in(simulator, "ben")
    assert not clocked_in(simulator, "anna")

    await hass.services.async_call(
        DOMAIN,
        "clock_in",
        {"entity_id": "switch.anna_berger_attendance"},
        blocking=True,
        context=Context(user_id=speakers["ben"].id),
    )
    assert clocked_in(simulator, "anna")

    await hass.services.async_call(
        DOMAIN,
        "start_project_timer",
        {"project": "Mobile App"},
        blocking=True,
        context=Context(user_id=speakers["anna"].id),
    )
    assert simulator.project_timer("anna")["projectName"] == "Mobile App"
    assert not simulator.project_timer("ben")


@pytest.mark.parametrize("speaker", ["clara", None])
async def test_action_without_target_from_an_unlinked_caller(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    speakers: dict[str, User],
    simulator: Simulator,
    speaker: str | None,
) -> None:
    """Clara, or an automation (no user), must still name a target."""
    user_id = speakers[speaker].id if speaker else None
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "clock_in", {}, blocking=True, context=Context(user_id=user_id)
        )
    assert err.value.translation_key == "target_required"
    assert not clocked_in(simulator, "anna")
    assert not clocked_in(simulator, "ben")


# Setting the link: the subentry flow and its reconfigure step.


async def reconfigure(
    hass: HomeAssistant, entry: MockConfigEntry, username: str
) -> Any:
    """Open the reconfigure step of the tracked user's subentry."""
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_TYPE_USER),
        context={
            "source": SOURCE_RECONFIGURE,
            "subentry_id": subentry_of(entry, username).subentry_id,
        },
    )


def suggested(result: Any, key: str) -> Any:
    """The value a form suggests for `key`."""
    for marker in result["data_schema"].schema:
        if marker == key:
            return (marker.description or {}).get("suggested_value")
    raise AssertionError(f"{key} is not in the form")


@pytest.mark.parametrize("links", [{"anna": "person.anna"}])
async def test_reconfigure_sets_changes_and_clears_the_link(
    hass: HomeAssistant,
    voices: dict[str, Speaker],
    setup_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """The link changes at once, without reloading the entry."""
    entry = setup_integration
    runtime_data = entry.runtime_data
    assert await voices["ben"].say("clock me in") == SEVERAL

    # Set: Ben is linked to his person.
    result = await reconfigure(hass, entry, "ben")
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert result["description_placeholders"] == {"name": "Ben Hofer"}
    assert suggested(result, CONF_PERSON) is None
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_PERSON: "person.ben"}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    ben = subentry_of(entry, "ben")
    assert ben.data == {CONF_USERNAME: "ben", CONF_PERSON: "person.ben"}
    assert ben.title == "Ben Hofer"
    assert await voices["ben"].say("clock me in") == "Clocked in at 9:02."
    assert clocked_in(simulator, "ben")

    # Change: Anna's tracked user goes to Clara's person.
    result = await reconfigure(hass, entry, "anna")
    assert suggested(result, CONF_PERSON) == "person.anna"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_PERSON: "person.clara"}
    )
    await hass.async_block_till_done()
    assert result["reason"] == "reconfigure_successful"
    assert subentry_of(entry, "anna").data == {
        CONF_USERNAME: "anna",
        CONF_PERSON: "person.clara",
    }
    assert await voices["anna"].say("clock me in") == SEVERAL
    assert await voices["clara"].say("clock me in") == "Clocked in at 9:02."
    assert clocked_in(simulator, "anna")

    # Clear: an empty form removes the link.
    result = await reconfigure(hass, entry, "ben")
    assert suggested(result, CONF_PERSON) == "person.ben"
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], {})
    await hass.async_block_till_done()
    assert result["reason"] == "reconfigure_successful"
    assert subentry_of(entry, "ben").data == {CONF_USERNAME: "ben"}
    assert await voices["ben"].say("clock me out") == SEVERAL
    assert clocked_in(simulator, "ben")

    # None of this reloaded the entry.
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data is runtime_data
    assert len(simulator.requests_to("projects", "GET")) == 1


@pytest.mark.parametrize("links", [{}])
async def test_add_user_with_a_person(
    hass: HomeAssistant,
    voices: dict[str, Speaker],
    setup_integration: MockConfigEntry,
    simulator: Simulator,
) -> None:
    """Tracking Clara with her person: she is tracked and linked at once."""
    entry = setup_integration
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_TYPE_USER), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert {str(key) for key in result["data_schema"].schema} == {
        CONF_USERNAME,
        CONF_PERSON,
    }
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_USERNAME: "clara", CONF_PERSON: "person.clara"}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Clara Novak"
    assert result["data"] == {CONF_USERNAME: "clara", CONF_PERSON: "person.clara"}
    assert subentry_of(entry, "clara").data == result["data"]
    # A new tracked user reloads the entry, as before.
    assert entry.state is ConfigEntryState.LOADED
    assert set(entry.runtime_data.usernames) == {"anna", "ben", "clara"}

    assert await voices["clara"].say("clock me in") == "Clocked in at 9:02."
    assert clocked_in(simulator, "clara")
    assert await voices["anna"].say("clock me in") == SEVERAL
    assert not clocked_in(simulator, "anna")


async def test_reconfigure_while_the_entry_is_not_loaded(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    speakers: dict[str, User],
    simulator: Simulator,
) -> None:
    """The link is data only: it can be changed while the account is not set up."""
    config_entry.add_to_hass(hass)
    assert config_entry.state is ConfigEntryState.NOT_LOADED
    result = await reconfigure(hass, config_entry, "anna")
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_PERSON: "person.clara"}
    )
    assert result["reason"] == "reconfigure_successful"
    assert subentry_of(config_entry, "anna").data[CONF_PERSON] == "person.clara"
    assert config_entry.state is ConfigEntryState.NOT_LOADED
    assert simulator.requests == []

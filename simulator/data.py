"""Account data (users, clients, projects, tasks) and the seeded demo account."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, cast

from .errors import NOT_FOUND_OR_DISABLED, USER_NOT_FOUND, SimulatorError

__all__ = [
    "DEMO_ACCOUNT",
    "DEMO_API_KEY",
    "DEMO_API_SECRET",
    "Account",
    "ApiRecord",
    "Client",
    "Project",
    "Task",
    "User",
    "seed_account",
]

DEMO_ACCOUNT = "demo"
DEMO_API_KEY = "sim-demo-api-key-7f3c9a1e"
DEMO_API_SECRET = "sim-demo-api-secret-4b8d2e6f"


class ApiRecord:
    """Master data that the API writes field by field, in order.

    Each field under its camelCase name (``id`` as ``ID``), or as :attr:`renamed`.
    """

    #: The fields the API names otherwise.
    renamed: ClassVar[dict[str, str]] = {}

    def to_json(self) -> dict[str, Any]:
        """The object as the API writes it."""
        written: dict[str, Any] = {}
        for item in fields(cast("Any", self)):
            head, *tail = item.name.split("_")
            camel = "ID" if item.name == "id" else head + "".join(map(str.title, tail))
            written[self.renamed.get(item.name, camel)] = getattr(self, item.name)
        return written


@dataclass
class User(ApiRecord):
    """A user of the account, as listed by ``GET users``."""

    id: int
    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    admin: bool = False
    team_lead: bool = False
    language: str = "en"
    personal_number: str = ""


@dataclass
class Client(ApiRecord):
    """A client (customer), as listed by ``GET clients``."""

    id: int
    name: str
    enabled: bool = True
    color: str = "#607d8b"
    notes: str = ""


@dataclass
class Project(ApiRecord):
    """A project of one client, as listed by ``GET projects``."""

    renamed: ClassVar[dict[str, str]] = {
        "name": "projectName",
        "enabled": "projectEnabled",
    }

    id: int
    name: str
    client_name: str
    enabled: bool = True
    notes: str = ""
    hour_rate: float = 0.0
    time_estimated: int = 0
    budget_estimated: float = 0.0


@dataclass
class Task(ApiRecord):
    """A task, usable with any project, as listed by ``GET tasks``."""

    id: int
    name: str
    hour_rate: float = 0.0


@dataclass
class Account:
    """The account's master data. Users are keyed by username, in creation order."""

    name: str
    users: dict[str, User] = field(default_factory=dict)
    clients: list[Client] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)

    def next_user_id(self) -> int:
        """The ID a new user gets."""
        return max((user.id for user in self.users.values()), default=0) + 1

    def user(self, username: str) -> User:
        """The user, or a 404 refusal (code 15020)."""
        user = self.users.get(username)
        if user is None:
            raise SimulatorError(
                404, USER_NOT_FOUND, "User not found", f"no user {username!r}"
            )
        return user

    def add_user(
        self, username: str, first_name: str = "", last_name: str = "", **kw: Any
    ) -> User:
        """Add a user; ``kw``: email, admin, team_lead, language, personal_number.

        ValueError if it exists or is empty, TypeError on an unknown field.
        """
        if not username:
            raise ValueError("username must not be empty")
        if username in self.users:
            raise ValueError(f"user {username!r} exists")
        extra: dict[str, Any] = {}
        for key, value in kw.items():
            if key not in _USER_FIELDS:
                raise TypeError(f"unknown user field {key!r}")
            extra[_USER_FIELDS[key]] = value
        extra.setdefault("email", f"{username}@demo.example")
        user = User(
            id=self.next_user_id(),
            username=username,
            first_name=first_name,
            last_name=last_name,
            **extra,
        )
        self.users[username] = user
        return user

    def find_project(self, client_name: str, project_name: str) -> Project:
        """The project of that client, enabled or not, or a 404 refusal (15030)."""
        for project in self.projects:
            if project.client_name == client_name and project.name == project_name:
                return project
        raise SimulatorError(
            404,
            NOT_FOUND_OR_DISABLED,
            "Project not found",
            f"no project {project_name!r} of client {client_name!r}",
        )


_USER_FIELDS = {
    "email": "email",
    "admin": "admin",
    "team_lead": "team_lead",
    "teamLead": "team_lead",
    "language": "language",
    "personal_number": "personal_number",
    "personalNumber": "personal_number",
}


_DEMO_USERS = (
    ("anna", "Anna", "Berger", "de", True, True),
    ("ben", "Ben", "Hofer", "en", False, False),
    ("clara", "Clara", "Novak", "de", False, False),
    ("david", "David", "Steiner", "en", False, False),
)
_DEMO_CLIENTS = (("ACME", "#e53935"), ("Globex", "#1e88e5"), ("Initech", "#43a047"))
_DEMO_PROJECTS = (
    ("Website", "ACME", True, 95.0),
    ("Website", "Globex", True, 90.0),
    ("Mobile App", "ACME", True, 110.0),
    ("Intranet", "Globex", True, 85.0),
    ("Support", "Initech", True, 70.0),
    ("Legacy", "Initech", False, 60.0),
)
_DEMO_TASKS = (
    ("Development", 100.0),
    ("Design", 90.0),
    ("Meeting", 80.0),
    ("Support", 70.0),
)


def seed_account(extra_users: int = 0) -> Account:
    """The deterministic demo account, plus ``extra_users`` generated users."""
    if extra_users < 0:
        raise ValueError("extra_users must be >= 0")
    account = Account(name=DEMO_ACCOUNT)
    for number, (username, first, last, language, admin, lead) in enumerate(
        _DEMO_USERS, 1
    ):
        account.users[username] = User(
            id=number,
            username=username,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{last.lower()}@demo.example",
            admin=admin,
            team_lead=lead,
            language=language,
            personal_number=f"P{number:04d}",
        )
    for number in range(1, extra_users + 1):
        username = f"user{number:03d}"
        account.users[username] = User(
            id=account.next_user_id(),
            username=username,
            first_name="User",
            last_name=f"{number:03d}",
            email=f"{username}@demo.example",
            language="en",
            personal_number=f"G{number:04d}",
        )
    for number, (name, color) in enumerate(_DEMO_CLIENTS, 1):
        account.clients.append(Client(id=number, name=name, color=color))
    for number, (name, client, enabled, rate) in enumerate(_DEMO_PROJECTS, 1):
        account.projects.append(
            Project(
                id=number,
                name=name,
                client_name=client,
                enabled=enabled,
                hour_rate=rate,
            )
        )
    for number, (name, rate) in enumerate(_DEMO_TASKS, 1):
        account.tasks.append(Task(id=number, name=name, hour_rate=rate))
    return account

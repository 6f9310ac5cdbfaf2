"""What TimeTrack says by voice in English."""

from typing import Final

# Words that join a project and its client ("start Website for ACME").
CLIENT_SEPARATORS: Final[tuple[str, ...]] = (" for ", " of ", " at ")

TEXTS: Final[dict[str, str]] = {
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
}

"""Was TimeTrack auf Deutsch sagt (what TimeTrack says by voice in German)."""

from typing import Final

TEXTS: Final[dict[str, str]] = {
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
}

# Words that join a project and its client ("starte Website für ACME").
CLIENT_SEPARATORS: Final[tuple[str, ...]] = (" für ", " von ", " bei ")

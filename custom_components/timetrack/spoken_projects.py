"""Reading a spoken project: "Website", "Website for ACME", "ACME / Website"."""

from __future__ import annotations

from .catalog import Catalog


def splits(text: str, separators: tuple[str, ...]) -> list[tuple[str, str]]:
    """Ways to read `text` as "<project> <separator> <client>", last split first."""
    folded = text.casefold()
    found: list[tuple[int, str, str]] = []
    for separator in separators:
        start = folded.find(separator)
        while start > 0:
            left = text[:start].strip()
            right = text[start + len(separator) :].strip()
            if left and right:
                found.append((start, left, right))
            start = folded.find(separator, start + 1)
    return [(left, right) for _, left, right in sorted(found, reverse=True)]


def project_and_client(
    catalog: Catalog, text: str, client: str | None, separators: tuple[str, ...]
) -> tuple[str, str | None]:
    """The project's name and client, reading "Website for ACME" as both."""
    if client is not None or catalog.find_projects(text, None):
        return text, client
    if (labelled := catalog.find_label(text)) is not None:
        return labelled.name, labelled.client_name
    for left, right in splits(text, separators):
        if catalog.find_projects(left, right):
            return left, right
    return text, client


def resolvable(catalog: Catalog, text: str, separators: tuple[str, ...]) -> bool:
    """Whether `text` names a known project (with or without its client)."""
    name, client = project_and_client(catalog, text, None, separators)
    return bool(catalog.find_projects(name, client))

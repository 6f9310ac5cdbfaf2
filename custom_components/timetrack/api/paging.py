"""Every row of a list, page by page, whichever way the service pages.

The docs page lists with ``page_number`` (from 0) and ``limit`` (default 50);
a third-party client sends ``page`` instead, perhaps counting from 1. So the
first page is asked for without ``page`` (any of these paging schemes then
answers the first page), and a later page as ``page_number=n&page=n``. Where
that repeats the first page, ``page`` counts from 1: ``page=n+1`` is asked
instead, and remembered for the list. A list that refuses paging (400) is read
whole, and remembered; one that ignores it ends at the first repeated page.

A page shorter than asked ends the list, unless it holds exactly the docs'
default of 50 rows: a service that does not read ``limit`` pages by 50.
"""

from collections.abc import Mapping
from functools import partial
from typing import Final

from . import dialect
from .exceptions import TimeTrackRequestError
from .transport import Rows, Transport

__all__ = ["DOCUMENTED_LIMIT", "MAX_PAGES", "every_row"]

DOCUMENTED_LIMIT: Final = 50
# Pages at the most: a list of 100,000 rows at 200 a page.
MAX_PAGES: Final = 500


async def every_row(
    transport: Transport, endpoint: str, params: Mapping[str, str]
) -> Rows:
    """Every row of the list at `endpoint` that `params` asks for."""
    seen = transport.observations
    if endpoint in seen.lists_without_paging:
        return await _rows(transport, endpoint, params)
    try:
        first = await _page(transport, endpoint, params, page_number=0, page=None)
    except TimeTrackRequestError as err:
        if err.status != 400:  # noqa: PLR2004
            raise
        rows = await _rows(transport, endpoint, params)
        seen.lists_without_paging.add(endpoint)
        return rows
    rows = list(first)
    size = transport.page_size
    if len(first) == DOCUMENTED_LIMIT < size:
        size = DOCUMENTED_LIMIT
    previous = first
    for number in range(1, MAX_PAGES):
        if len(previous) < size:
            break
        from_one = endpoint in seen.lists_paged_from_one
        found = await _page(
            transport,
            endpoint,
            params,
            page_number=number,
            page=number + 1 if from_one else number,
        )
        if number == 1 and not from_one and found == first:
            found = await _page(
                transport, endpoint, params, page_number=number, page=number + 1
            )
            if found and found != first:
                seen.lists_paged_from_one.add(endpoint)
        if not found or found == previous:
            break
        rows.extend(found)
        previous = found
    return rows


async def _page(
    transport: Transport,
    endpoint: str,
    params: Mapping[str, str],
    *,
    page_number: int,
    page: int | None,
) -> Rows:
    query = {**params, "page_number": str(page_number)}
    if page is not None:
        query["page"] = str(page)
    query["limit"] = str(transport.page_size)
    return await _rows(transport, endpoint, query)


async def _rows(transport: Transport, endpoint: str, query: Mapping[str, str]) -> Rows:
    payload = await transport.read(endpoint, endpoint, query)
    return transport.parse(endpoint, partial(dialect.find_rows, payload, (endpoint,)))

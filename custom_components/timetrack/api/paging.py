"""Every row of a list, page by page, whichever way the service pages.

The docs page lists with ``page_number`` (from 0) and ``limit`` (default 50);
a third-party client sends ``page`` instead, perhaps counting from 1. The
first page is asked for with ``limit`` alone: every one of these ways gives
its first page then. Only when a second page is needed is the way to ask for
it found: ``page_number``, else ``page`` from 0, else ``page`` from 1, each
tried until one answers rows not read yet (a 400 to it counts as no). The way
found is kept for the list. A list that refuses ``limit`` (400) is read whole
from then on.

A page shorter than asked ends the list, unless it is a first page of exactly
the docs' default of 50 rows: a service that does not read ``limit`` pages by
50. Rows are told apart by their id, else by their content: a page holding
no row not read yet ends the list.
"""

from collections.abc import Mapping
from enum import StrEnum
from functools import partial
from http import HTTPStatus
import json
import logging
from typing import Any, Final

from . import dialect
from .exceptions import TimeTrackRequestError
from .transport import Rows, Transport

__all__ = ["DOCUMENTED_LIMIT", "MAX_PAGES", "Paging", "every_row"]

_LOGGER = logging.getLogger(__package__)

DOCUMENTED_LIMIT: Final = 50
# Pages at the most: 100,000 rows at 200 a page, 25,000 at 50.
MAX_PAGES: Final = 500


class Paging(StrEnum):
    """How a list's later pages are asked for, once found (diagnostics show it)."""

    PAGE_NUMBER = "page_number"  # page_number=n, from 0, as documented
    PAGE = "page"  # page=n, from 0
    PAGE_FROM_1 = "page_from_1"  # page=n+1
    WHOLE = "whole"  # no paging at all: the list refused `limit`


_LATER_PAGES: Final = (Paging.PAGE_NUMBER, Paging.PAGE, Paging.PAGE_FROM_1)


async def every_row(
    transport: Transport, endpoint: str, params: Mapping[str, str]
) -> Rows:
    """Every row of the list at `endpoint` that `params` asks for."""
    read = _ListRead(transport, endpoint, params)
    await read.all()
    return read.rows


class _ListRead:
    """One read of a whole list: the rows so far, and how to ask for more."""

    def __init__(
        self, transport: Transport, endpoint: str, params: Mapping[str, str]
    ) -> None:
        self._transport = transport
        self._endpoint = endpoint
        self._params = params
        self._known = transport.observations.list_paging
        self._size = transport.page_size
        self._keys: set[str] = set()
        self.rows: Rows = []

    async def all(self) -> None:
        """Read every page."""
        if self._known.get(self._endpoint) == Paging.WHOLE:
            self._keep(await self._ask({}))
            return
        try:
            first = await self._ask({"limit": str(self._size)})
        except TimeTrackRequestError as err:
            if err.status != HTTPStatus.BAD_REQUEST:
                raise
            self._keep(await self._ask({}))
            self._known[self._endpoint] = Paging.WHOLE
            return
        self._keep(first)
        full = self._size
        if len(first) == DOCUMENTED_LIMIT < full:
            full = DOCUMENTED_LIMIT
        if len(first) < full:
            return
        paging, page = await self._second_page()
        number = 1
        while paging is not None and self._keep(page) and len(page) >= full:
            number += 1
            if number == MAX_PAGES:
                _LOGGER.warning(
                    "%s: stopped after %s pages (%s rows)",
                    self._endpoint,
                    number,
                    len(self.rows),
                )
                return
            page = await self._ask(self._query(paging, number))

    async def _second_page(self) -> tuple[Paging | None, Rows]:
        """The way to ask for later pages, and the second page asked that way.

        None when there is no second page: the list ended, or no way of asking
        gives other rows (a list that ignores paging gave all it has).
        """
        known = self._known.get(self._endpoint)
        ways = (Paging(known),) if known is not None else _LATER_PAGES
        refusals: list[TimeTrackRequestError] = []
        for paging in ways:
            try:
                page = await self._ask(self._query(paging, 1))
            except TimeTrackRequestError as err:
                if err.status != HTTPStatus.BAD_REQUEST:
                    raise
                refusals.append(err)
                continue
            if not page:
                return None, []
            if not self._keys.issuperset(map(_key, page)):
                self._known[self._endpoint] = paging
                return paging, page
        if len(refusals) == len(ways):
            # Refused every way of asking for more: the rest cannot be read.
            raise refusals[-1]
        return None, []

    def _query(self, paging: Paging, number: int) -> dict[str, str]:
        limit = str(self._size)
        match paging:
            case Paging.PAGE_NUMBER:
                return {"page_number": str(number), "limit": limit}
            case Paging.PAGE:
                return {"page": str(number), "limit": limit}
            case Paging.PAGE_FROM_1:
                return {"page": str(number + 1), "limit": limit}
            case Paging.WHOLE:
                return {}

    def _keep(self, page: Rows) -> bool:
        """Keep the page's rows not read yet; whether there were any."""
        before = len(self.rows)
        for row in page:
            key = _key(row)
            if key not in self._keys:
                self._keys.add(key)
                self.rows.append(row)
        return len(self.rows) > before

    async def _ask(self, paging: Mapping[str, str]) -> Rows:
        endpoint = self._endpoint
        payload = await self._transport.read(
            endpoint, endpoint, {**self._params, **paging}
        )
        return self._transport.parse(
            endpoint, partial(dialect.find_rows, payload, (endpoint,))
        )


def _key(row: Mapping[str, Any]) -> str:
    """What tells a row from the others: its id, else all it holds."""
    ident = row.get("ID", row.get("id"))
    if isinstance(ident, int | str) and not isinstance(ident, bool):
        return f"id:{ident}"
    return json.dumps(row, sort_keys=True, default=str)

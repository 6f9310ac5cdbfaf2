"""Every row of a list, page by page, whichever way the service pages.

The docs page lists with ``page_number`` (from 0) and ``limit`` (default 50);
a third-party client sends ``page`` instead, perhaps counting from 1. The
first page is asked for with ``limit`` alone: every one of these ways gives
its first page then. A later page is asked for the way kept for the list,
else by ``page_number``, else by ``page`` from 0, else from 1: the first way
whose page is mostly rows not read yet is the next page, and is kept. A 400
counts as "not this way"; a 404 or no rows ends the list, and so does no way
giving new rows (a list that ignores paging gave all it has). A list that
refuses every way is an error, never a shorter list. A list refusing the
``limit`` asked is asked the docs' default of 50 from then on, and one
refusing that too is read whole.

A page shorter than asked ends the list, unless it is a first page of exactly
the docs' default of 50 rows: a service that does not read ``limit`` pages by
50. Rows are told apart by their id, else by their content; a row read on an
earlier page is not read again.
"""

from collections.abc import Mapping
from enum import StrEnum
from functools import partial
from http import HTTPStatus
import json
import logging
from typing import Any, Final

from . import dialect
from .exceptions import TimeTrackNotFoundError, TimeTrackRequestError
from .transport import Rows, Transport
from .values import pick

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


# Each way of asking for a later page: the parameter, and the first page's number.
_LATER_PAGES: Final = {
    Paging.PAGE_NUMBER: ("page_number", 0),
    Paging.PAGE: ("page", 0),
    Paging.PAGE_FROM_1: ("page", 1),
}


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
        self._limits = transport.observations.list_limit
        self._size = self._limits.get(endpoint, transport.page_size)
        self._seen: set[str] = set()
        self.rows: Rows = []

    async def all(self) -> None:
        """Read every page."""
        if self._known.get(self._endpoint) == Paging.WHOLE:
            self.rows = await self._ask({})
            return
        page = await self._first_page()
        if page is None:
            return
        full = self._size
        if len(page) == DOCUMENTED_LIMIT < full:
            full = DOCUMENTED_LIMIT
        self._take(page)
        number = 1
        while len(page) >= full:
            if number == MAX_PAGES:
                _LOGGER.warning(
                    "%s: stopped after %s pages (%s rows)",
                    self._endpoint,
                    number,
                    len(self.rows),
                )
                return
            page = await self._page(number)
            self._take(page)
            number += 1

    async def _first_page(self) -> Rows | None:
        """The first page, by the largest `limit` the list takes.

        A list refusing `limit` (400) is asked by the docs' default; refusing
        that too, it is read whole (None).
        """
        for size in dict.fromkeys((self._size, DOCUMENTED_LIMIT)):
            try:
                page = await self._ask({"limit": str(size)})
            except TimeTrackRequestError as err:
                if err.status != HTTPStatus.BAD_REQUEST:
                    raise
                continue
            if size != self._size:
                self._size = self._limits[self._endpoint] = size
            return page
        self.rows = await self._ask({})
        self._known[self._endpoint] = Paging.WHOLE
        return None

    async def _page(self, number: int) -> Rows:
        """Page `number` (from 0), asked the way that gives it; [] past the end."""
        kept = self._known.get(self._endpoint)
        ways = sorted(_LATER_PAGES, key=lambda way: way != kept)  # the kept one first
        refusals: list[TimeTrackRequestError] = []
        for way in ways:
            try:
                page = await self._ask_later(way, number)
            except TimeTrackRequestError as err:
                if err.status != HTTPStatus.BAD_REQUEST:
                    raise
                refusals.append(err)
                continue
            if not page:
                return []
            if self._mostly_new(page):
                self._known[self._endpoint] = way
                return page
        if len(refusals) == len(ways):
            # No way of asking for the rest works: they cannot be read.
            raise refusals[-1]
        return []

    async def _ask_later(self, way: Paging, number: int) -> Rows:
        """Page `number` asked `way`; a 404 says there is no such page."""
        name, first = _LATER_PAGES[way]
        try:
            return await self._ask(
                {name: str(first + number), "limit": str(self._size)}
            )
        except TimeTrackNotFoundError:
            return []

    def _mostly_new(self, page: Rows) -> bool:
        new = sum(_key(row) not in self._seen for row in page)
        return 2 * new >= len(page)

    def _take(self, page: Rows) -> None:
        """Keep the page's rows not read on an earlier page."""
        keys = [_key(row) for row in page]
        self.rows.extend(
            row for row, key in zip(page, keys, strict=True) if key not in self._seen
        )
        self._seen.update(keys)

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
    ident = pick(row, "ID", "id", "Id")
    if isinstance(ident, int | str) and not isinstance(ident, bool):
        return f"id:{ident}"
    return json.dumps(row, sort_keys=True, default=str)

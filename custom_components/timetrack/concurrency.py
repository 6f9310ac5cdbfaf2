"""Running requests side by side."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable


async def run_all[T](calls: Iterable[Awaitable[T]]) -> list[T]:
    """Run `calls` concurrently; their results, in order.

    The first one to fail cancels the others, which then change nothing
    after the failure, and its exception is raised as it is.
    """
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(_awaited(call)) for call in calls]
    except ExceptionGroup as group_error:
        raise group_error.exceptions[0] from None
    return [task.result() for task in tasks]


async def _awaited[T](call: Awaitable[T]) -> T:
    return await call


async def run_pair[A, B](first: Awaitable[A], second: Awaitable[B]) -> tuple[A, B]:
    """Run two calls concurrently, as `run_all` does; both results."""
    try:
        async with asyncio.TaskGroup() as group:
            one = group.create_task(_awaited(first))
            two = group.create_task(_awaited(second))
    except ExceptionGroup as group_error:
        raise group_error.exceptions[0] from None
    return one.result(), two.result()

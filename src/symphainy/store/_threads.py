"""Thread work that a cancellation must not abandon halfway (opening and closing a store)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


async def to_thread_to_the_end(work: Callable[[], T]) -> T:
    """Run `work` in a thread and wait for it to finish even if cancelled meanwhile.

    `asyncio.to_thread` alone cannot stop its thread: a cancelled caller walks away while the
    work goes on, so a store cancelled while opening kept threads nobody would stop, and one
    cancelled while closing never reached the steps after the interrupted one. Here the caller
    waits for the work, then re-raises the cancellation it received.
    """
    future = asyncio.ensure_future(asyncio.to_thread(work))
    cancelled = False
    while not future.done():
        try:
            # `wait` neither cancels `future` when we are cancelled nor raises its error.
            await asyncio.wait((future,))
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        # The cancellation wins, with the work's error (if any) as its cause: never lost.
        raise asyncio.CancelledError from (None if future.cancelled() else future.exception())
    return future.result()

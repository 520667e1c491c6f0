"""The relay's idle wait: woken by a commit, timed out by the poll interval, stopped by shutdown."""

import asyncio

from returners_platform.messaging.relay import wait_woken


async def test_a_wakeup_ends_the_wait_early() -> None:
    wakeup = asyncio.Event()
    asyncio.get_running_loop().call_soon(wakeup.set)
    async with asyncio.timeout(5):  # long before the wait's own hour is up
        assert await wait_woken(wakeup, 3600.0) is True


async def test_without_a_wakeup_the_wait_times_out() -> None:
    assert await wait_woken(asyncio.Event(), 0.01) is False


async def test_a_shutdown_in_the_same_moment_as_a_wakeup_still_stops_the_waiter() -> None:
    wakeup, waiting = asyncio.Event(), asyncio.Event()

    async def relay_loop() -> None:  # the relay's shape: wait, publish, wait again
        while True:
            wakeup.clear()
            waiting.set()
            await wait_woken(wakeup, 30.0)

    task = asyncio.create_task(relay_loop())
    await waiting.wait()
    wakeup.set()  # a commit's NOTIFY ...
    task.cancel()  # ... and the service stopping, handled in one turn of the loop
    done, _ = await asyncio.wait([task], timeout=5)
    task.cancel()
    assert done, "the waiting loop ignored its cancellation"
    assert task.cancelled()

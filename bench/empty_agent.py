"""faust's own ceiling, for ``bench.reporting_replay``: an agent that reads and does nothing.

Run by the benchmark as ``python -m bench.empty_agent`` with the reporting worker's settings
in the environment (as ``reporting.worker`` gets them, with an app id - its consumer group -
of its own) and ``BENCH_EMPTY_AGENT``, a JSON document: the topics' end offsets, the mode
and the result file. The app is the reporting worker's own (``create_stream_app``: the same
broker, consumer and stream buffer settings, memory store, web off) with its projections
agent replaced by one that only notes each event's position, concurrency 1, over the same
topics from offset zero:

- ``iterate``: ``async for event in stream.events()``, one event at a time;
- ``take_events``: the projections' shape, ``stream.take_events(max, within=...)`` batches
  with the same batch settings, nothing done with a batch.

When every partition is read to its end offset the agent writes the result file (when the
first and the last event arrived, by the wall clock, and how many) and the benchmark stops
the worker.
"""

import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

import faust

from reporting.config import Settings
from reporting.stream.app import create_stream_app
from reporting.stream.kafka_io import event_topic_names

ENVIRONMENT = "BENCH_EMPTY_AGENT"


def create_app(settings: Settings, config: dict[str, Any]) -> faust.App:
    """The reporting worker's app, its agent replaced by one that does nothing."""
    batch_max, within = settings.batch_max_events, settings.batch_within_seconds
    app = create_stream_app(settings)
    app.agents.clear()  # the projections agent: never started
    topic = app.topic(
        *event_topic_names(settings),
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
    )
    ends: dict[tuple[str, int], int] = {
        (t, int(p)): int(end) for t, p, end in config["ends"] if int(end) > 0
    }
    result = Path(config["result_file"])
    seen: dict[tuple[str, int], int] = {}
    progress = {"events": 0, "first": 0.0}

    def note(message: Any) -> None:
        if not progress["events"]:
            progress["first"] = time.time()
        progress["events"] += 1
        seen[(message.topic, message.partition)] = message.offset + 1

    def finished() -> bool:
        if all(seen.get(tp, 0) >= end for tp, end in ends.items()) and not result.exists():
            result.write_text(
                json.dumps(
                    {"events": progress["events"], "first": progress["first"], "last": time.time()}
                )
            )
            return True
        return False

    if config["mode"] == "take_events":

        @app.agent(topic, name="empty", concurrency=1)
        async def empty_batches(stream: Any) -> None:
            async for events in stream.take_events(batch_max, within=within):
                for event in events:
                    note(event.message)
                finished()

    else:

        @app.agent(topic, name="empty", concurrency=1)
        async def empty(stream: Any) -> None:
            async for event in stream.events():
                note(event.message)
                if seen.get((event.message.topic, event.message.partition), 0) >= ends.get(
                    (event.message.topic, event.message.partition), 0
                ):
                    finished()

    return app


def main() -> None:
    config = json.loads(os.environ[ENVIRONMENT])
    settings = Settings()
    settings.faust_datadir().mkdir(parents=True, exist_ok=True)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    app = create_app(settings, config)
    worker = faust.Worker(app, loop=loop, loglevel="warning", redirect_stdouts=False)
    worker.execute_from_commandline()


if __name__ == "__main__":
    main()

"""``consumed_positions``: the last offset applied per (topic, partition).

Written in the same transaction as the read-model change it records, so a record at
or below its partition's position has already been applied and is skipped.
"""

from collections.abc import Iterable, Mapping

from reporting.store import Connection
from returners_platform.store import many, run

TopicPartition = tuple[str, int]


async def lock(conn: Connection, partitions: Iterable[TopicPartition]) -> dict[TopicPartition, int]:
    """The stored positions of these partitions, locked until the transaction ends."""
    keys = sorted(set(partitions))
    locked = await many(
        conn,
        _position,
        'SELECT topic, partition, "offset" FROM consumed_positions'
        " WHERE (topic, partition) IN (SELECT * FROM unnest($1::text[], $2::int[]))"
        " ORDER BY topic, partition FOR UPDATE",
        [t for t, _ in keys],
        [p for _, p in keys],
    )
    return dict(locked)


async def advance(conn: Connection, positions: Mapping[TopicPartition, int]) -> None:
    if not positions:
        return
    keys = sorted(positions)
    await run(
        conn,
        'INSERT INTO consumed_positions (topic, partition, "offset")'
        " SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])"
        ' ON CONFLICT (topic, partition) DO UPDATE SET "offset" = GREATEST('
        ' consumed_positions."offset", EXCLUDED."offset"), updated_at = now()',
        [t for t, _ in keys],
        [p for _, p in keys],
        [positions[k] for k in keys],
    )


async def stored(conn: Connection, topics: Iterable[str]) -> dict[TopicPartition, int]:
    positions = await many(
        conn,
        _position,
        'SELECT topic, partition, "offset" FROM consumed_positions WHERE topic = ANY($1::text[])',
        list(topics),
    )
    return dict(positions)


def _position(topic: str, partition: int, offset: int) -> tuple[TopicPartition, int]:
    return (topic, partition), offset

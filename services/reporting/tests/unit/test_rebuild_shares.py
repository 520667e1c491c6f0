"""How a rebuild splits the log between its processes: by partition number, when that keeps
every key's records with one process."""

from reporting.projection.replay import Share, split_alike

BOUNDS = [
    ("returners.applications", 0, 0, 10),
    ("returners.applications", 1, 0, 12),
    ("returners.applications", 2, 0, 9),
    ("returners.placements", 0, 0, 7),
    ("returners.placements", 1, 0, 0),
    ("returners.placements", 2, 0, 5),
]


def test_each_worker_takes_the_same_partition_numbers_of_every_topic() -> None:
    shares = [Share(index, 2).of(BOUNDS) for index in range(2)]

    assert [[(t, p) for t, p, *_ in share] for share in shares] == [
        [
            ("returners.applications", 0),
            ("returners.applications", 2),
            ("returners.placements", 0),
            ("returners.placements", 2),
        ],
        [("returners.applications", 1), ("returners.placements", 1)],
    ]


def test_the_shares_hold_every_partition_once() -> None:
    shares = [Share(index, 3).of(BOUNDS) for index in range(3)]

    assert sorted(b for share in shares for b in share) == sorted(BOUNDS)


def test_topics_with_as_many_partitions_each_can_be_split_by_partition_number() -> None:
    assert split_alike(BOUNDS)


def test_topics_with_different_partition_counts_cannot() -> None:
    """A key's partition is its hash modulo the topic's count: partition 3 of a six-partition
    topic holds keys of partition 0 of a three-partition one."""
    six = [("returners.councils", p, 0, 1) for p in range(6)]

    assert not split_alike(BOUNDS + six)

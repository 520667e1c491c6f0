"""The relay's partitioner puts every key where aiokafka's default partitioner does: a key's
partition is what keeps its events in order, so the cheaper hash must never move one."""

import uuid

from aiokafka.partitioner import DefaultPartitioner
from aiokafka.partitioner import murmur2 as aiokafka_murmur2
from hypothesis import given, settings
from hypothesis import strategies as st

from returners_platform.messaging.partitioner import murmur2, partition_for

aiokafka_partition = DefaultPartitioner()


@settings(max_examples=2000)
@given(st.binary(max_size=300))
def test_murmur2_is_aiokafkas_for_any_bytes(key: bytes) -> None:
    assert murmur2(key) == aiokafka_murmur2(key)


@settings(max_examples=2000)
@given(st.binary(max_size=100), st.integers(min_value=1, max_value=1000))
def test_a_key_goes_to_the_partition_aiokafka_would_choose(key: bytes, count: int) -> None:
    partitions = list(range(count))
    assert partition_for(key, partitions, partitions) == aiokafka_partition(
        key, partitions, partitions
    )


@settings(max_examples=500)
@given(st.uuids(), st.integers(min_value=1, max_value=64))
def test_an_aggregate_id_goes_where_it_always_went(aggregate_id: uuid.UUID, count: int) -> None:
    key, partitions = str(aggregate_id).encode(), list(range(count))
    assert partition_for(key, partitions, []) == aiokafka_partition(key, partitions, [])


def test_known_answers_from_the_java_client() -> None:
    # org.apache.kafka.common.utils.UtilsTest#testMurmur2 (the signed ints, as unsigned)
    cases = {
        b"21": -973932308,
        b"foobar": -790332482,
        b"a-little-bit-long-string": -985981536,
        b"a-little-bit-longer-string": -1486304829,
        b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971,
        b"abc": 479470107,
    }
    assert {key: murmur2(key) for key in cases} == {
        key: expected & 0xFFFFFFFF for key, expected in cases.items()
    }


def test_without_a_key_any_partition_with_a_leader() -> None:
    assert {partition_for(None, [0, 1, 2], [2]) for _ in range(20)} == {2}
    assert partition_for(None, [0, 1, 2], []) in {0, 1, 2}

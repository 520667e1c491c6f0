from returners_cli.stack.kafka import kafka_cluster_id


def test_a_cluster_id_is_22_url_safe_characters_never_starting_with_a_dash() -> None:
    ids = {kafka_cluster_id() for _ in range(5000)}
    assert len(ids) == 5000
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)

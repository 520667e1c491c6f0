"""Real Kafka and Postgres on this machine, without Docker: used by `make up` and by tests."""

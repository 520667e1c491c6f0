"""Pytest fixtures giving every test suite real Kafka and Postgres."""

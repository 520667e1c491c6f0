"""Applying Kafka records to the read models, exactly once per position."""

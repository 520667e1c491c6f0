"""Reliable messaging: transactional outbox + relay, idempotent consumer, dead letters."""

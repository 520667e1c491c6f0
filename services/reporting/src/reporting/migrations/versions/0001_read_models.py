"""Facts, read models and consumed positions of the reporting service.

Reporting publishes nothing and dedupes by Kafka position, so it has no outbox or
processed_events table: ``consumed_positions`` is written in the same transaction as
every read-model change."""

from returners_platform.service.migrations import sql_revision

revision = "0001"
down_revision = None

upgrade, downgrade = sql_revision(__file__)

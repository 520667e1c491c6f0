"""Errors that mean a dependency (Postgres or Kafka) is unreachable, not that the work is wrong.

Consumers retry these without limit instead of dead-lettering; HTTP answers 503 with
Retry-After so that clients try again.
"""

import asyncpg
from aiokafka.errors import KafkaError

INFRASTRUCTURE_ERRORS: tuple[type[Exception], ...] = (
    ConnectionError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.CannotConnectNowError,
    # A transaction under way when Postgres shuts down (fast) or crashes ends with these.
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
    KafkaError,
)

"""All SQL of the reporting service: which table each fact and read model lives in.

- ``positions``: ``consumed_positions`` (topic, partition, offset applied last);
- ``applications``: ``application_facts`` and the read models derived from them,
  ``application_outcomes``, ``offer_outcomes`` and ``placement_outcomes``;
- ``directory``: ``programmes``, ``councils``, ``vacancies``, ``delivery_failures``,
  ``sign_in_requests``;
- ``reports``: the read-only queries behind the API, the dashboard and the gauges.
"""

from returners_platform.messaging.unit_of_work import Connection

__all__ = ["READ_MODEL_TABLES", "Connection"]  # every query takes a connection of its own
# or one borrowed from a pool (reporting publishes nothing: it has no unit of work)

# Every table the projections write, emptied by a rebuild (positions included).
READ_MODEL_TABLES: tuple[str, ...] = (
    "consumed_positions",
    "application_facts",
    "application_outcomes",
    "offer_outcomes",
    "placement_outcomes",
    "programmes",
    "councils",
    "vacancies",
    "delivery_failures",
    "sign_in_requests",
)

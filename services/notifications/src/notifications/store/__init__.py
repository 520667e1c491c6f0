"""All SQL of the notifications service, one module per group of tables.

- ``subscriptions``: council webhook subscriptions (secrets encrypted);
- ``deliveries``: every webhook and email to send, its attempts, dead letters;
- ``directory``: what routing and wording need to know — which council offered which
  application a placement, council names, programme titles.

Plus ``outbox`` and ``processed_events`` for messaging.
"""

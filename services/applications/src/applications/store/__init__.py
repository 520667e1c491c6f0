"""All SQL of the applications service, one module per kind of fact; each hands back small
frozen dataclasses, never rows.

Tables: ``programmes`` (copies of programme.published), ``applications``,
``applicant_contacts`` (the personal data), ``offers``, ``timeline_entries``,
``idempotency_keys``; plus ``outbox`` and ``processed_events`` for messaging.
"""

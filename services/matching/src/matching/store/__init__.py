"""All SQL of the matching service, one module per table it owns.

Tables: ``programmes`` (definitions as published), ``councils`` and ``council_keys``
(hashes only), ``vacancies``, ``applicants`` (eligibility inputs and decisions, no contact
data), ``offers``; plus ``outbox`` and ``processed_events`` for messaging.
"""

"""All SQL of the selection service, one module per kind of fact; each hands back frozen
dataclasses, never rows.

Tables: ``programmes`` (selection rules, from programme.published), ``candidates`` (one per
application: its stage, scores and result), ``assessment_results``, ``interview_slots``,
``bookings``, ``assessors`` (key hashes), ``conflicts``, ``panel_scores`` (with the panel's
feedback, the only personal data here); plus ``outbox`` and ``processed_events``.
"""

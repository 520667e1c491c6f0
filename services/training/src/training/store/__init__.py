"""All SQL of the training service, one module per kind of fact; each hands back frozen
dataclasses, never rows.

Tables: ``programmes`` (retention periods, from programme.published), ``offers`` (an offer's
terms and its acceptance), ``placements`` (one per accepted offer, with the mentor's name),
``conditions`` (each condition's current status), ``reference_answers`` (each referee's
outcome, by application and reference), ``hour_entries`` (never updated but for
erasing a note; corrections supersede), ``providers`` (training providers' key hashes); plus
``outbox`` and ``processed_events``.
"""

DROP TABLE hour_entries, reference_answers, conditions, placements, offers, providers, programmes;

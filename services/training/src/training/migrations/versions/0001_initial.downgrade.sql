DROP TABLE hour_entries, conditions, placements, offers, providers, programmes;

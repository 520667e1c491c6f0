ALTER TABLE applicants DROP COLUMN selection_rank, DROP COLUMN selected_at, DROP COLUMN released_at;

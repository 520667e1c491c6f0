ALTER TABLE application_outcomes DROP COLUMN invited, DROP COLUMN assessed, DROP COLUMN interviewed, DROP COLUMN selection, DROP COLUMN selection_reasons;

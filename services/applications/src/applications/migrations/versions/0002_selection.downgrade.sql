ALTER TABLE applications DROP COLUMN selection;

ALTER TABLE applications ADD COLUMN selection jsonb;

ALTER TABLE programmes ADD COLUMN retention jsonb;

ALTER TABLE programmes ADD COLUMN eligibility jsonb;

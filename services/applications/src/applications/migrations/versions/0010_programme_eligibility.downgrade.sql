ALTER TABLE programmes DROP COLUMN eligibility;

ALTER TABLE programmes DROP COLUMN reasons;

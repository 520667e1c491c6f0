ALTER TABLE programmes DROP COLUMN retention;

-- Referees given without an organisation or a description get empty text for them.
UPDATE referees SET organisation = '' WHERE organisation IS NULL;
UPDATE referees SET described_relationship = '' WHERE described_relationship IS NULL;
ALTER TABLE referees ALTER COLUMN organisation SET NOT NULL;
ALTER TABLE referees ALTER COLUMN described_relationship SET NOT NULL;
ALTER TABLE referees RENAME COLUMN described_relationship TO relationship;

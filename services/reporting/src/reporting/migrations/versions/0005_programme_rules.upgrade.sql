-- The reason codes of the rules the programme applies, comma-separated in the vocabulary's
-- order; null for a programme recorded before (it applies social work's seven).
ALTER TABLE programmes ADD COLUMN reasons text;

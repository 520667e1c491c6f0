-- The decision as last reported (null: none reported). Every report before this revision
-- was of a restoration.
ALTER TABLE placements ADD COLUMN reregistration_decision text;
UPDATE placements SET reregistration_decision = 'restored'
    WHERE reregistration_reported_at IS NOT NULL;

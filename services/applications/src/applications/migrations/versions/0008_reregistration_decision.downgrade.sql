ALTER TABLE placements DROP COLUMN reregistration_decision;

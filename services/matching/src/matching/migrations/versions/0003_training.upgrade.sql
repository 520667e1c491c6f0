-- withdrawal_reason: why matching withdrew an accepted offer (conditions_not_met), null for an
-- applicant's own withdrawal. placement_*: the returner left the placement the offer opened;
-- the offer keeps its place (a slot is not re-offered mid-placement).
ALTER TABLE offers
    ADD COLUMN withdrawal_reason text,
    ADD COLUMN placement_withdrawn_at timestamptz,
    ADD COLUMN placement_withdrawal_reason text;

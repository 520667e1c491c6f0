ALTER TABLE offers
    DROP COLUMN withdrawal_reason,
    DROP COLUMN placement_withdrawn_at,
    DROP COLUMN placement_withdrawal_reason;

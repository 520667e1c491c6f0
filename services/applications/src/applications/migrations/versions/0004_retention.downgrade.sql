DROP INDEX applications_erase_after;
ALTER TABLE applications
    DROP COLUMN erase_after,
    DROP COLUMN retention_purpose,
    DROP COLUMN erasure_reason;

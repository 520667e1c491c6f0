ALTER TABLE applications
    ADD COLUMN erase_after timestamptz,
    ADD COLUMN retention_purpose text,
    ADD COLUMN erasure_reason text;
CREATE INDEX applications_erase_after ON applications (erase_after)
    WHERE erased_at IS NULL AND erase_after IS NOT NULL;
UPDATE applications a
    SET selection = a.selection || jsonb_build_object('decided_at', t.at)
    FROM (SELECT application_id, max(at) AS at FROM timeline_entries
          WHERE type = 'selection_decided' GROUP BY application_id) t
    WHERE t.application_id = a.application_id AND a.selection ? 'outcome';

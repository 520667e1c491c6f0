"""Retention: when each application's personal data is due to be erased (the programme's
retention period from its result, withdrawal or hire), and why it was erased.

The selection state gains the time of the result (``decided_at``), taken for earlier rows
from their timeline."""

from returners_platform.service.migrations import sql_revision

revision = "0004"
down_revision = "0003"

upgrade, downgrade = sql_revision(
    upgrade="""
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
        """,
    downgrade="""
        DROP INDEX applications_erase_after;
        ALTER TABLE applications
            DROP COLUMN erase_after,
            DROP COLUMN retention_purpose,
            DROP COLUMN erasure_reason;
        """,
)

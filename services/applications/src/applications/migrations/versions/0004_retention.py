"""Retention: when each application's personal data is due to be erased (the programme's
retention period from its result, withdrawal or hire), and why it was erased.

The selection state gains the time of the result (``decided_at``), taken for earlier rows
from their timeline."""

from returners_platform.service.migrations import sql_revision

revision = "0004"
down_revision = "0003"

upgrade, downgrade = sql_revision(__file__)

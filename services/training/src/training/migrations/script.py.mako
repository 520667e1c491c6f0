"""${message}"""

from returners_platform.service.migrations import sql_revision

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}

# The SQL is in the two files beside this one, named for it: <name>.upgrade.sql and
# <name>.downgrade.sql (write them; the revision does not load without them).
upgrade, downgrade = sql_revision(__file__)

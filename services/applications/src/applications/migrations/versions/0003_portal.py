"""What the applicant portal needs: drafts, sign-in links and applicant sessions.

- ``drafts``: an application answered a part at a time (personal data: the answers and the
  address to send a link to come back to); deleted when sent, discarded or expired.
- ``sign_in_links``: one row per request for a one-time link, for an application or a
  draft, or for nobody (an address we do not know gets the same answer and no email). The
  link's token exists only when notifications sends it (``token_hash`` is its hash).
- ``applicant_sessions``: what a used link (or a draft's creation, or a sent draft) gives
  the portal instead of an access token: short-lived, revoked on sign-out, stored hashed.
"""

from returners_platform.service.migrations import sql_revision

revision = "0003"
down_revision = "0002"

upgrade, downgrade = sql_revision(__file__)

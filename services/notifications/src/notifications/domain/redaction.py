"""Error text fit to leave the service as a metric label (and from there reach dashboards).

The senders already describe failures without personal data (an SMTP error keeps the
exception type and our own words, never the server's, which can quote the recipient). A
label is read by anyone who can read ``/metrics``, so the exported text is cleaned again
whatever wrote it: every word holding an ``@`` (an address, or credentials in a URL) is
replaced, unprintable characters and runs of whitespace become one space, and the text is
cut short.
"""

import re

REDACTED = "<redacted>"
LABEL_LIMIT = 160

_HOLDS_AT = re.compile(r"\S*@\S*")
_WHITESPACE = re.compile(r"\s+")


def exportable_error(error: str, limit: int = LABEL_LIMIT) -> str:
    """``error`` with nothing address-like in it, on one line, at most ``limit`` characters."""
    printable = "".join(ch if ch.isprintable() else " " for ch in error)
    text = _WHITESPACE.sub(" ", _HOLDS_AT.sub(REDACTED, printable)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

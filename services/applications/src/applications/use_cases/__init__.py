"""What applicants (and operations staff) can do: each use case runs in one transaction (the
request's unit of work), with its events in the outbox, and hands back dataclasses."""
